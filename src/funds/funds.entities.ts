import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { ProjectEntity } from '../projects/project.entity';
import { RegionEntity } from '../regions/region.entity';

/** 批次: how a fund document was issued (提前下达, 正式下达, 追加). */
export enum FundBatch {
  ADVANCE = 'ADVANCE',
  REGULAR = 'REGULAR',
  SUPPLEMENT = 'SUPPLEMENT',
}

/** Whether a ledger record counts: ACTIVE, or CANCELLED (with date and reason; the row stays). */
export enum FundRecordStatus {
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
}

/** Why a project could be funded (ProjectQueriesService.requireFundable's basis). */
export enum FundingBasis {
  IN_LIBRARY = 'IN_LIBRARY',
  EXCEPTION = 'EXCEPTION',
  RULE_OFF = 'RULE_OFF',
}

/**
 * 指标文件: a fund document of one level and channel for one year, received by a district
 * (`region_code`), possibly issued under a parent document of a higher level (the chain
 * province → city → district, 豫财农 → 郑财预 → 区). `committed` is what its active child documents
 * and active allocations take (kept by a trigger of the migration); CHECKs keep it within `amount`.
 */
@Entity({ name: 'fund_documents' })
@Check('fund_documents_amount_check', '"amount" > 0')
@Check('fund_documents_committed_check', '"committed" >= 0 AND "committed" <= "amount"')
@Index('fund_documents_issuer_year_number_key', ['issuer', 'year', 'documentNumber'], { unique: true, where: "status = 'ACTIVE'" })
@Index('fund_documents_year_level_idx', ['year', 'level'])
export class FundDocumentEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The district that receives the money: region scope and the feed read it. */
  @Index('fund_documents_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** 文号, e.g. 豫财农〔2018〕12号: unique per issuer and year among active documents. */
  @Column({ name: 'document_number', type: 'varchar', length: 100 })
  documentNumber: string;

  /** 发文单位, e.g. 河南省财政厅. */
  @Column({ type: 'varchar', length: 100 })
  issuer: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn: string;

  @Column({ type: 'smallint' })
  year: number;

  /** A code of funds.levels as of the issue date (中央, 省, 市, 区). */
  @Column({ type: 'varchar', length: 20 })
  level: string;

  /** The level's position in funds.levels as of the issue date (0 = the highest): a child's is greater than its parent's. */
  @Column({ name: 'level_rank', type: 'smallint' })
  levelRank: number;

  /** A code of funds.channels as of the issue date (资金渠道). */
  @Index('fund_documents_channel_idx')
  @Column({ type: 'varchar', length: 40 })
  channel: string;

  @Column({ type: 'enum', enum: FundBatch, enumName: 'fund_batch' })
  batch: FundBatch;

  /** The higher level's document this one passes on (null: the top of its chain). */
  @Index('fund_documents_parent_id_idx')
  @ForeignKey(() => FundDocumentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  amount: string;

  /** Sum of the active child documents and active allocations (maintained by the trigger fund_documents_commit). */
  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0 })
  committed: string;

  /** 政府收支分类科目 (支出功能分类): 3, 5 or 7 digits (类, 款, 项), e.g. 2130599. */
  @Column({ name: 'function_code', type: 'varchar', length: 7 })
  functionCode: string;

  @Index('fund_documents_status_idx')
  @Column({ type: 'enum', enum: FundRecordStatus, enumName: 'fund_record_status', default: FundRecordStatus.ACTIVE })
  status: FundRecordStatus;

  @Column({ name: 'cancelled_on', type: 'date', nullable: true })
  cancelledOn: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;
}

/** The regions a factor allocation run shares among: the towns or the villages of its parent region. */
export enum FactorAllocationLevel {
  TOWN = 'TOWN',
  VILLAGE = 'VILLAGE',
}

/**
 * 因素分配测算: one computed factor allocation of an amount (a document's, or one given) among the
 * towns or villages of a parent region for a year, with every input it used (`inputs`: factors,
 * values, weights with their parameter source and status, the formula and rounding rule). Runs are
 * never changed: running again stores the next `runNumber` for the same year, parent and level.
 */
@Entity({ name: 'fund_allocation_runs' })
@Check('fund_allocation_runs_amount_check', '"amount" > 0')
@Index('fund_allocation_runs_year_parent_level_number_key', ['year', 'parentRegionCode', 'level', 'runNumber'], { unique: true })
export class FundAllocationRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'smallint' })
  year: number;

  /** The district (or town) whose towns (or villages) share the amount: region scope reads it. */
  @Index('fund_allocation_runs_parent_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'parent_region_code', type: 'varchar', length: 12, collation: 'C' })
  parentRegionCode: string;

  @Column({ type: 'enum', enum: FactorAllocationLevel, enumName: 'factor_allocation_level' })
  level: FactorAllocationLevel;

  /** 1, 2, … per year, parent and level: a re-run is the next version. */
  @Column({ name: 'run_number', type: 'int' })
  runNumber: number;

  /** The fund document whose amount was shared (null: an amount given directly). */
  @Index('fund_allocation_runs_document_id_idx')
  @ForeignKey(() => FundDocumentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  amount: string;

  /** The run's inputs and explanation (see FactorAllocationInputs in factor-allocation.service.ts). */
  @Column({ type: 'jsonb' })
  inputs: Record<string, unknown>;

  /** Who ran it (the account id). */
  @Column({ name: 'run_by', type: 'varchar', length: 100 })
  runBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * 资金分配: part of a document's money given to a town, a village or the district itself, on a
 * date, for a purpose. Level, channel and year are the document's (用途不变、渠道不乱).
 * `committed` is what its active project fundings take (trigger fund_allocations_commit).
 */
@Entity({ name: 'fund_allocations' })
@Check('fund_allocations_amount_check', '"amount" > 0')
@Check('fund_allocations_committed_check', '"committed" >= 0 AND "committed" <= "amount"')
@Index('fund_allocations_year_region_idx', ['year', 'regionCode'])
@Index('fund_allocations_run_region_key', ['runId', 'regionCode'], { unique: true })
export class FundAllocationEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('fund_allocations_document_id_idx')
  @ForeignKey(() => FundDocumentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  /** The town, village or district that receives it: region scope and the feed read it. */
  @Index('fund_allocations_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'varchar', length: 20 })
  level: string;

  @Column({ type: 'varchar', length: 40 })
  channel: string;

  @Column({ name: 'allocated_on', type: 'date' })
  allocatedOn: string;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  /** Sum of the active project fundings (maintained by the trigger fund_allocations_commit). */
  @Column({ type: 'numeric', precision: 12, scale: 2, default: 0 })
  committed: string;

  @Index('fund_allocations_status_idx')
  @Column({ type: 'enum', enum: FundRecordStatus, enumName: 'fund_record_status', default: FundRecordStatus.ACTIVE })
  status: FundRecordStatus;

  @Column({ name: 'cancelled_on', type: 'date', nullable: true })
  cancelledOn: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  /**
   * The factor allocation run it applies (applyFactorAllocationRun: one allocation per line of the
   * run with a non-zero amount); null for an allocation entered by hand. One per run and region.
   */
  @ForeignKey(() => FundAllocationRunEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;
}

/**
 * 项目资金安排: part of an allocation's money given to a project of the allocation's region, on a
 * date. Level, channel and year are the allocation's; `document_id` is the allocation's document
 * (the feed's root and the ledger's chain). Why the project could be funded is kept (`basis`,
 * `exception_reason`). `committed` is what its reimbursements (not rejected) take.
 */
@Entity({ name: 'project_fundings' })
@Check('project_fundings_amount_check', '"amount" > 0')
@Check('project_fundings_committed_check', '"committed" >= 0 AND "committed" <= "amount"')
@Check('project_fundings_exception_check', `("basis" = 'EXCEPTION') = ("exception_reason" IS NOT NULL)`)
@Index('project_fundings_year_region_idx', ['year', 'regionCode'])
export class ProjectFundingEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('project_fundings_allocation_id_idx')
  @ForeignKey(() => FundAllocationEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'allocation_id', type: 'uuid' })
  allocationId: string;

  @Index('project_fundings_document_id_idx')
  @ForeignKey(() => FundDocumentEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Index('project_fundings_project_id_idx')
  @ForeignKey(() => ProjectEntity, { onDelete: 'NO ACTION' })
  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  /** The project's region: region scope and the feed read it. */
  @Index('project_fundings_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'varchar', length: 20 })
  level: string;

  @Column({ type: 'varchar', length: 40 })
  channel: string;

  @Column({ name: 'funded_on', type: 'date' })
  fundedOn: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount: string;

  /** Sum of its reimbursements not rejected (maintained by the trigger fund_reimbursements_commit). */
  @Column({ type: 'numeric', precision: 12, scale: 2, default: 0 })
  committed: string;

  @Column({ type: 'enum', enum: FundingBasis, enumName: 'project_funding_basis' })
  basis: FundingBasis;

  /** Why a project not in the library is funded all the same (原则上: exceptions need a reason). */
  @Column({ name: 'exception_reason', type: 'text', nullable: true })
  exceptionReason: string | null;

  @Index('project_fundings_status_idx')
  @Column({ type: 'enum', enum: FundRecordStatus, enumName: 'fund_record_status', default: FundRecordStatus.ACTIVE })
  status: FundRecordStatus;

  @Column({ name: 'cancelled_on', type: 'date', nullable: true })
  cancelledOn: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;
}
