import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ForeignKey } from '../database/foreign-key';
import { NoticeEntity } from '../disclosure/notice.entity';
import { HouseholdEntity } from '../households/household.entity';
import { RegionEntity } from '../regions/region.entity';
import { ProjectEntity, ProjectStage } from './project.entity';

/** The level a funding line comes from (RULES.md funds.levels, plus OTHER: the households', the collective's, society's). */
export enum FundingLevel {
  CENTRAL = 'CENTRAL',
  PROVINCIAL = 'PROVINCIAL',
  MUNICIPAL = 'MUNICIPAL',
  DISTRICT = 'DISTRICT',
  OTHER = 'OTHER',
}

/**
 * 筹资方式: one line of a project's funding plan. Part of the project (replaced with it, deleted
 * with it); `region_code` is the project's, for the feed.
 */
@Entity({ name: 'project_funding_lines' })
export class ProjectFundingLineEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('project_funding_lines_project_id_idx')
  @ForeignKey(() => ProjectEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Index('project_funding_lines_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'enum', enum: FundingLevel, enumName: 'project_funding_level' })
  level: FundingLevel;

  /** 资金渠道 as written (the funds module will link its allocations). */
  @Column({ type: 'varchar', length: 100 })
  channel: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;
}

/** 绩效目标: an indicator with its target value and unit; the actual value is recorded at acceptance. */
@Entity({ name: 'project_performance_targets' })
export class ProjectPerformanceTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('project_performance_targets_project_id_idx')
  @ForeignKey(() => ProjectEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Index('project_performance_targets_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'varchar', length: 200 })
  indicator: string;

  @Column({ name: 'target_value', type: 'numeric', precision: 14, scale: 2 })
  targetValue: string;

  @Column({ type: 'varchar', length: 20 })
  unit: string;

  @Column({ name: 'actual_value', type: 'numeric', precision: 14, scale: 2, nullable: true })
  actualValue: string | null;
}

/** A household the project benefits (受益户), named by the project. */
@Entity({ name: 'project_beneficiaries' })
@Index('project_beneficiaries_project_household_key', ['projectId', 'householdId'], { unique: true })
export class ProjectBeneficiaryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => ProjectEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Index('project_beneficiaries_household_id_idx')
  @ForeignKey(() => HouseholdEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'household_id', type: 'uuid' })
  householdId: string;

  /** The project's region (scope and the feed read the project's, not the household's). */
  @Index('project_beneficiaries_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;
}

/** One step of a project's procedure: what was done, from which stage to which, when, by whom, on what evidence. */
@Entity({ name: 'project_events' })
@Index('project_events_project_date_idx', ['projectId', 'effectiveOn'])
export class ProjectEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => ProjectEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Index('project_events_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** The procedure's action (PROJECT_PROCEDURE), or OBJECTION for an objection that sent the project back. */
  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ name: 'from_stage', type: 'enum', enum: ProjectStage, enumName: 'project_stage', nullable: true })
  fromStage: ProjectStage | null;

  @Column({ name: 'to_stage', type: 'enum', enum: ProjectStage, enumName: 'project_stage' })
  toStage: ProjectStage;

  @Index('project_events_effective_on_idx')
  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 100, nullable: true })
  actorName: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  /** The notice this step published (a notice stage), as the disclosure module knows it. */
  @Index('project_events_notice_id_idx')
  @ForeignKey(() => NoticeEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'notice_id', type: 'uuid', nullable: true })
  noticeId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
