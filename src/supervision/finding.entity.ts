import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HouseholdEntity } from '../households/household.entity';
import { InspectionEntity } from './inspection.entity';
import { ProjectEntity } from '../projects/project.entity';
import { RegionEntity } from '../regions/region.entity';

/**
 * Where a finding came from (问题来源). A finding from an inspection may name the inspection record
 * (inspection_id); a hotline case names its finding (supervision_hotline_cases.finding_id);
 * `sourceReference` keeps the source's own number beside them.
 */
export enum FindingSource {
  INSPECTION = 'INSPECTION',
  HOTLINE = 'HOTLINE',
  DISCIPLINE = 'DISCIPLINE',
  SELF_CHECK = 'SELF_CHECK',
  AUDIT = 'AUDIT',
}

/** How grave a finding is (问题性质). */
export enum FindingSeverity {
  GENERAL = 'GENERAL',
  SERIOUS = 'SERIOUS',
  GRAVE = 'GRAVE',
}

/**
 * The stages of a finding (supervision.rectification_states, RULES.md §9): the procedure is
 * SUPERVISION_PROCEDURE (supervision-procedure.ts). Overdue is a flag beside the stage, not a stage.
 */
export enum FindingStage {
  REGISTERED = 'REGISTERED',
  ASSIGNED = 'ASSIGNED',
  RECTIFYING = 'RECTIFYING',
  ACCEPTANCE_REQUESTED = 'ACCEPTANCE_REQUESTED',
  ACCEPTED = 'ACCEPTED',
  CLOSED = 'CLOSED',
  REFERRED = 'REFERRED',
}

/**
 * 督查发现的问题: a problem found by an inspection, the hotline, discipline inspection, a
 * self-check or an audit, tracked to its rectification and closure (销号). The rectification
 * ledger (整改台账) is kept on the row (measures, planned date, result, evidence, acceptance) with
 * its progress notes in supervision_progress_notes.
 */
@Entity({ name: 'supervision_findings' })
// The overdue job looks for open findings past their deadline; the rates read deadlines.
@Index('supervision_findings_stage_deadline_idx', ['stage', 'deadline'])
export class FindingEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The place: a village, a town or the district (what region scope and the feed read). */
  @Index('supervision_findings_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Index('supervision_findings_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId: string | null;

  @Index('supervision_findings_project_id_idx')
  @ForeignKey(() => ProjectEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  @Index('supervision_findings_source_idx')
  @Column({ type: 'enum', enum: FindingSource, enumName: 'supervision_finding_source' })
  source: FindingSource;

  /** The inspection it was found by (source INSPECTION), when recorded as one (supervision_inspections). */
  @Index('supervision_findings_inspection_id_idx')
  @ForeignKey(() => InspectionEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'inspection_id', type: 'uuid', nullable: true })
  inspectionId: string | null;

  /** The source's own reference (inspection number, hotline case number, audit report number). */
  @Column({ name: 'source_reference', type: 'varchar', length: 100, nullable: true })
  sourceReference: string | null;

  @Column({ type: 'text' })
  description: string;

  /** A code of supervision.finding_categories in force on the found date. */
  @Index('supervision_findings_category_idx')
  @Column({ type: 'varchar', length: 100 })
  category: string;

  /** A code of supervision.finding_subitems in force on the found date (the list is incomplete). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  subitem: string | null;

  @Column({ type: 'enum', enum: FindingSeverity, enumName: 'supervision_finding_severity' })
  severity: FindingSeverity;

  @Column({ name: 'lead_unit', type: 'varchar', length: 100 })
  leadUnit: string;

  @Column({ name: 'responsible_unit', type: 'varchar', length: 100 })
  responsibleUnit: string;

  @Column({ name: 'responsible_person', type: 'varchar', length: 50 })
  responsiblePerson: string;

  @Index('supervision_findings_found_on_idx')
  @Column({ name: 'found_on', type: 'date' })
  foundOn: string;

  @Index('supervision_findings_deadline_idx')
  @Column({ type: 'date' })
  deadline: string;

  @Index('supervision_findings_stage_idx')
  @Column({ type: 'enum', enum: FindingStage, enumName: 'supervision_finding_stage', default: FindingStage.REGISTERED })
  stage: FindingStage;

  /** The date of the last step (a step is never dated before it). */
  @Column({ name: 'last_step_on', type: 'date' })
  lastStepOn: string;

  /** The first day past the deadline, set by the daily job when it found the finding not accepted: the overdue flag. */
  @Column({ name: 'overdue_since', type: 'date', nullable: true })
  overdueSince: string | null;

  /** 整改措施 */
  @Column({ name: 'rectification_measures', type: 'text', nullable: true })
  rectificationMeasures: string | null;

  /** 计划完成日期 */
  @Column({ name: 'rectification_planned_on', type: 'date', nullable: true })
  rectificationPlannedOn: string | null;

  /** 整改结果 */
  @Column({ name: 'rectification_result', type: 'text', nullable: true })
  rectificationResult: string | null;

  /** References of the evidence files (佐证材料) of the rectification. */
  @Column({ name: 'rectification_evidence', type: 'text', array: true, default: () => "'{}'" })
  rectificationEvidence: string[];

  /** 验收人 */
  @Column({ name: 'acceptor', type: 'varchar', length: 100, nullable: true })
  acceptor: string | null;

  /** 验收日期: the date of the ACCEPT step. */
  @Index('supervision_findings_accepted_on_idx')
  @Column({ name: 'accepted_on', type: 'date', nullable: true })
  acceptedOn: string | null;

  /** 验收意见 */
  @Column({ name: 'acceptance_opinion', type: 'text', nullable: true })
  acceptanceOpinion: string | null;

  /** 销号日期 */
  @Column({ name: 'closed_on', type: 'date', nullable: true })
  closedOn: string | null;

  /** 移交纪检日期 */
  @Column({ name: 'referred_on', type: 'date', nullable: true })
  referredOn: string | null;

  @Column({ name: 'referral_reason', type: 'text', nullable: true })
  referralReason: string | null;
}

/** One step of a finding's procedure: what was done, from which stage to which, when, by whom, on what evidence. */
@Entity({ name: 'supervision_finding_events' })
@Index('supervision_finding_events_finding_date_idx', ['findingId', 'effectiveOn'])
export class FindingEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => FindingEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'finding_id', type: 'uuid' })
  findingId: string;

  @Index('supervision_finding_events_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** The procedure's action (SUPERVISION_PROCEDURE), REGISTER for the registration, OVERDUE for the job's marking. */
  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ name: 'from_stage', type: 'enum', enum: FindingStage, enumName: 'supervision_finding_stage', nullable: true })
  fromStage: FindingStage | null;

  @Column({ name: 'to_stage', type: 'enum', enum: FindingStage, enumName: 'supervision_finding_stage' })
  toStage: FindingStage;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;

  /** The account that took the step; null for the system (the overdue job). */
  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 100, nullable: true })
  actorName: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  evidence: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A progress note of the rectification ledger (整改进展). */
@Entity({ name: 'supervision_progress_notes' })
@Index('supervision_progress_notes_finding_date_idx', ['findingId', 'notedOn'])
export class ProgressNoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => FindingEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'finding_id', type: 'uuid' })
  findingId: string;

  @Index('supervision_progress_notes_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ name: 'noted_on', type: 'date' })
  notedOn: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  evidence: string[];

  @Column({ name: 'actor_id', type: 'varchar', length: 64 })
  actorId: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 100 })
  actorName: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** 督办函: the supervision letter the daily job issues when a finding first goes overdue (one per finding). */
@Entity({ name: 'supervision_letters' })
export class SupervisionLetterEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('supervision_letters_finding_id_key', { unique: true })
  @ForeignKey(() => FindingEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'finding_id', type: 'uuid' })
  findingId: string;

  @Index('supervision_letters_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** 督办函〔year〕n号, numbered per year of issue. */
  @Index('supervision_letters_number_key', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  number: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn: string;

  /** To whom: the finding's responsible unit when issued. */
  @Column({ name: 'addressed_to', type: 'varchar', length: 100 })
  addressedTo: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * 整改佐证材料: an evidence file of a finding's rectification, uploaded by the responsible side
 * while the ledger is open (ASSIGNED, RECTIFYING), its bytes in PostgreSQL (`content`, read only
 * by the download), its type told by its bytes.
 */
@Entity({ name: 'supervision_evidence_files' })
@Index('supervision_evidence_files_finding_idx', ['findingId', 'createdAt'])
export class EvidenceFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => FindingEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'finding_id', type: 'uuid' })
  findingId: string;

  @Index('supervision_evidence_files_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ name: 'media_type', type: 'varchar', length: 100 })
  mediaType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content?: Buffer;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'uploaded_by_id', type: 'varchar', length: 64 })
  uploadedById: string;

  @Column({ name: 'uploaded_by_name', type: 'varchar', length: 100 })
  uploadedByName: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
