import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';
import { FindingEntity } from './finding.entity';
import { HotlineCaseEntity } from './hotline.entity';

/** The kind of an accountability case (RULES.md §9 note of supervision.accountability_situations: case types 腐败; 形式主义官僚主义). */
export enum AccountabilityCaseType {
  CORRUPTION = 'CORRUPTION',
  FORMALISM_BUREAUCRATISM = 'FORMALISM_BUREAUCRATISM',
}

/** A person held to account: name, unit, post (cadres named in a case; published with it when the case is published). */
export interface AccountablePerson {
  name: string;
  unit: string;
  post: string | null;
}

/**
 * 问责案件: a case of corruption or of formalism and bureaucratism in poverty alleviation, of a
 * situation of supervision.accountability_situations, with the persons and units held to account,
 * the actions taken (supervision_accountability_actions, codes of supervision.accountability_actions)
 * and its publication (通报). Opened from a finding, from a substantiated hotline case, or standalone.
 */
@Entity({ name: 'supervision_accountability_cases' })
@Index('supervision_accountability_cases_opened_idx', ['openedOn', 'id'])
export class AccountabilityCaseEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The place (a village, a town or the district): the source's place when opened from one. */
  @Index('supervision_accountability_cases_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ name: 'case_type', type: 'enum', enum: AccountabilityCaseType, enumName: 'supervision_accountability_case_type' })
  caseType: AccountabilityCaseType;

  /** A code of supervision.accountability_situations in force on the opened date. */
  @Column({ type: 'varchar', length: 100 })
  situation: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  persons: AccountablePerson[];

  /** Units held to account (单位问责). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  units: string[];

  @Column({ name: 'opened_on', type: 'date' })
  openedOn: string;

  @Index('supervision_accountability_cases_finding_id_idx')
  @ForeignKey(() => FindingEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'finding_id', type: 'uuid', nullable: true })
  findingId: string | null;

  @Index('supervision_accountability_cases_hotline_case_id_idx')
  @ForeignKey(() => HotlineCaseEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'hotline_case_id', type: 'uuid', nullable: true })
  hotlineCaseId: string | null;

  /** 通报: the date published; null while not published. */
  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  /** The publication's reference (通报 document number, media). */
  @Column({ name: 'publication_reference', type: 'varchar', length: 200, nullable: true })
  publicationReference: string | null;
}

/** One action taken in a case (批评教育 … 移送司法), against one of its persons or units. */
@Entity({ name: 'supervision_accountability_actions' })
@Index('supervision_accountability_actions_case_date_idx', ['caseId', 'decidedOn'])
export class AccountabilityActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => AccountabilityCaseEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Index('supervision_accountability_actions_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** A code of supervision.accountability_actions in force on the decided date. */
  @Column({ type: 'varchar', length: 100 })
  action: string;

  /** Whom: a person's name or a unit of the case. */
  @Column({ type: 'varchar', length: 100 })
  subject: string;

  @Column({ name: 'decided_on', type: 'date' })
  decidedOn: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'actor_id', type: 'varchar', length: 64 })
  actorId: string;

  @Column({ name: 'actor_name', type: 'varchar', length: 100 })
  actorName: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
