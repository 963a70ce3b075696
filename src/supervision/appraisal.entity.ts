import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { HelperEntity, VillageAssignmentEntity } from '../assistance/assistance.entities';
import { RegionEntity } from '../regions/region.entity';

/** What a round appraises (issue #20: towns, departments, work teams, first secretaries, helpers). */
export enum AppraisalTargetKind {
  /** 乡镇: a town region. */
  TOWN = 'TOWN',
  /** 行业部门: a sector department. */
  DEPARTMENT = 'DEPARTMENT',
  /** 驻村工作队: a village's resident work team. */
  WORK_TEAM = 'WORK_TEAM',
  /** 第一书记: a first secretary's term in a village. */
  FIRST_SECRETARY = 'FIRST_SECRETARY',
  /** 帮扶责任人: a helper. */
  HELPER = 'HELPER',
}

/** Units get a grade of supervision.appraisal_unit_grades, persons one of supervision.appraisal_person_grades. */
export const PERSON_TARGETS: ReadonlySet<AppraisalTargetKind> = new Set([AppraisalTargetKind.FIRST_SECRETARY, AppraisalTargetKind.HELPER]);

/** Where an appraisal entry stands (draft → submitted → approved). */
export enum AppraisalStage {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
}

/** A consequence of a unit's grade that is followed up (RULES.md §9, supervision.appraisal_unit_grades: 一般 → 约谈; 差 → 限期整改). */
export enum AppraisalConsequence {
  /** 约谈 */
  ADMONITION_TALK = 'ADMONITION_TALK',
  /** 限期整改 */
  RECTIFICATION_BY_DEADLINE = 'RECTIFICATION_BY_DEADLINE',
}

/** 考核轮次: the appraisal of one kind of target for a year, by the appraisal body of a region. */
@Entity({ name: 'supervision_appraisal_rounds' })
@Index('supervision_appraisal_rounds_key', ['regionCode', 'year', 'targetKind'], { unique: true })
export class AppraisalRoundEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ name: 'target_kind', type: 'enum', enum: AppraisalTargetKind, enumName: 'supervision_appraisal_target_kind' })
  targetKind: AppraisalTargetKind;

  /** The appraisal body's region: every target lies within it. */
  @Index('supervision_appraisal_rounds_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;
}

/** The weights an entry's total was computed with: supervision.appraisal_weights as of the round's year end. */
export interface AppraisalWeightsUsed {
  daily: string;
  annual: string;
  thirdParty: string;
  parameterId: string;
  asOf: string;
  scopeCode: string | null;
  status: string;
  source: string | null;
}

/**
 * 考核结果: one target of a round, its three sub-scores (0–100, two decimals), the weighted total
 * computed from the weights in force (never typed), the grade entered by the appraisal body and
 * its finalisation (draft → submitted → approved, the approver not the submitter).
 */
@Entity({ name: 'supervision_appraisal_entries' })
@Index('supervision_appraisal_entries_target_key', ['roundId', 'targetKey'], { unique: true })
@Index('supervision_appraisal_entries_ranking_idx', ['roundId', 'totalKey'])
@Check('supervision_appraisal_entries_scores', `(daily_score IS NULL OR daily_score BETWEEN 0 AND 100) AND (annual_score IS NULL OR annual_score BETWEEN 0 AND 100) AND (third_party_score IS NULL OR third_party_score BETWEEN 0 AND 100)`)
export class AppraisalEntryEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('supervision_appraisal_entries_round_id_idx')
  @ForeignKey(() => AppraisalRoundEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  /** The round's region (the appraisal body writes by it; the change feed's region). */
  @Index('supervision_appraisal_entries_round_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'round_region_code', type: 'varchar', length: 12, collation: 'C' })
  roundRegionCode: string;

  /** The target's place (the town, the village of a work team or first secretary, the helper's region, the round's region for a department): readers see it by this. */
  @Index('supervision_appraisal_entries_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ name: 'target_kind', type: 'enum', enum: AppraisalTargetKind, enumName: 'supervision_appraisal_target_kind' })
  targetKind: AppraisalTargetKind;

  /** The target once per round: the region code, the sector, the assignment or the helper id. */
  @Column({ name: 'target_key', type: 'varchar', length: 64 })
  targetKey: string;

  /** A town (TOWN) or a village (WORK_TEAM). */
  @Index('supervision_appraisal_entries_target_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'target_region_code', type: 'varchar', length: 12, collation: 'C', nullable: true })
  targetRegionCode: string | null;

  /** DEPARTMENT: the sector (Sector). */
  @Column({ name: 'target_sector', type: 'varchar', length: 40, nullable: true })
  targetSector: string | null;

  /** FIRST_SECRETARY: the village assignment (assistance). */
  @Index('supervision_appraisal_entries_target_assignment_id_idx')
  @ForeignKey(() => VillageAssignmentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'target_assignment_id', type: 'uuid', nullable: true })
  targetAssignmentId: string | null;

  /** HELPER: the helper (assistance). */
  @Index('supervision_appraisal_entries_target_helper_id_idx')
  @ForeignKey(() => HelperEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'target_helper_id', type: 'uuid', nullable: true })
  targetHelperId: string | null;

  /** The target's name when entered (region name, sector label, person's name). */
  @Column({ name: 'target_name', type: 'varchar', length: 100 })
  targetName: string;

  /** 日常督查 */
  @Column({ name: 'daily_score', type: 'numeric', precision: 5, scale: 2, nullable: true })
  dailyScore: string | null;

  /** 年度核查 */
  @Column({ name: 'annual_score', type: 'numeric', precision: 5, scale: 2, nullable: true })
  annualScore: string | null;

  /** 第三方评估 */
  @Column({ name: 'third_party_score', type: 'numeric', precision: 5, scale: 2, nullable: true })
  thirdPartyScore: string | null;

  /** Σ weight × sub-score, exact (4 decimals); null until the three sub-scores are in. */
  @Column({ type: 'numeric', precision: 7, scale: 4, nullable: true })
  total: string | null;

  /** The total in ten-thousandths (the ranking's keyset key); -1 without a total. */
  @Column({ name: 'total_key', type: 'int', default: -1 })
  totalKey: number;

  @Column({ type: 'jsonb', nullable: true })
  weights: AppraisalWeightsUsed | null;

  /** A code of the unit or person grades in force at the round's year end. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  grade: string | null;

  /** 一般 → no award (不得评优), from the grade. */
  @Column({ name: 'award_excluded', type: 'boolean', default: false })
  awardExcluded: boolean;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Index('supervision_appraisal_entries_stage_idx')
  @Column({ type: 'enum', enum: AppraisalStage, enumName: 'supervision_appraisal_stage', default: AppraisalStage.DRAFT })
  stage: AppraisalStage;

  @Column({ name: 'last_step_on', type: 'date' })
  lastStepOn: string;

  /** The account that submitted it: it may not approve it. */
  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ name: 'submitted_by_name', type: 'varchar', length: 100, nullable: true })
  submittedByName: string | null;

  @Column({ name: 'submitted_on', type: 'date', nullable: true })
  submittedOn: string | null;

  @Column({ name: 'approved_by_name', type: 'varchar', length: 100, nullable: true })
  approvedByName: string | null;

  @Column({ name: 'approved_on', type: 'date', nullable: true })
  approvedOn: string | null;

  /** Why it was last returned to the draft. */
  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason: string | null;
}

export enum AppraisalFollowUpStatus {
  PENDING = 'PENDING',
  DONE = 'DONE',
}

/** 考核结果运用: a consequence of an approved grade to carry out (约谈, 限期整改), recorded when done. */
@Entity({ name: 'supervision_appraisal_follow_ups' })
@Index('supervision_appraisal_follow_ups_key', ['entryId', 'consequence'], { unique: true })
export class AppraisalFollowUpEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('supervision_appraisal_follow_ups_entry_id_idx')
  @ForeignKey(() => AppraisalEntryEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'entry_id', type: 'uuid' })
  entryId: string;

  /** The round (the change feed's root). */
  @Index('supervision_appraisal_follow_ups_round_id_idx')
  @ForeignKey(() => AppraisalRoundEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  /** The round's region (the appraisal body writes by it; the change feed's region). */
  @Index('supervision_appraisal_follow_ups_round_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'round_region_code', type: 'varchar', length: 12, collation: 'C' })
  roundRegionCode: string;

  /** The entry's place. */
  @Index('supervision_appraisal_follow_ups_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'enum', enum: AppraisalConsequence, enumName: 'supervision_appraisal_consequence' })
  consequence: AppraisalConsequence;

  @Column({ type: 'enum', enum: AppraisalFollowUpStatus, enumName: 'supervision_appraisal_follow_up_status', default: AppraisalFollowUpStatus.PENDING })
  status: AppraisalFollowUpStatus;

  @Column({ name: 'done_on', type: 'date', nullable: true })
  doneOn: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}

/** 驻村考勤: a day a work team member or first secretary was in the village (one row per person and day). */
@Entity({ name: 'supervision_work_team_attendance' })
@Index('supervision_work_team_attendance_key', ['assignmentId', 'attendedOn'], { unique: true })
@Index('supervision_work_team_attendance_village_day_idx', ['regionCode', 'attendedOn'])
export class WorkTeamAttendanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('supervision_work_team_attendance_assignment_id_idx')
  @ForeignKey(() => VillageAssignmentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  /** The village (the assignment's). */
  @Index('supervision_work_team_attendance_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ name: 'attended_on', type: 'date' })
  attendedOn: string;

  @Column({ name: 'recorded_by_name', type: 'varchar', length: 100, nullable: true })
  recordedByName: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
