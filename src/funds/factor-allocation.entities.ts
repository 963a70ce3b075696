import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';
import { FundDocumentEntity } from './funds.entities';

/** The regions a factor allocation run shares among: the towns or the villages of its parent region. */
export enum FactorAllocationLevel {
  TOWN = 'TOWN',
  VILLAGE = 'VILLAGE',
}

/**
 * 因素数据: the value of one entered factor of funds.allocation_factors (年度脱贫攻坚任务,
 * 扶贫专项工作要求, 绩效评价结果) for one town or village and year. One row per (year, region,
 * factor); corrections change it with its version and an audit row. 建档立卡人口规模 is never
 * entered: a run counts it from the registry.
 */
@Entity({ name: 'fund_factor_values' })
@Check('fund_factor_values_value_check', '"value" >= 0')
@Index('fund_factor_values_year_region_factor_key', ['year', 'regionCode', 'factor'], { unique: true })
export class FundFactorValueEntity extends TrackedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'smallint' })
  year: number;

  /** The town or village (region scope reads it). */
  @Index('fund_factor_values_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** A code of funds.allocation_factors as of the year. */
  @Column({ type: 'varchar', length: 40 })
  factor: string;

  /** The value (a non-negative decimal with up to 4 places: a task count, a score…). */
  @Column({ type: 'numeric', precision: 14, scale: 4 })
  value: string;

  /** Where the figure comes from (文件, 考核结果…). */
  @Column({ type: 'text', nullable: true })
  note: string | null;
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

/** One region's line of a run: its share as an exact fraction and its amount to the fen. */
@Entity({ name: 'fund_allocation_run_lines' })
@Check('fund_allocation_run_lines_amount_check', '"amount" >= 0')
@Index('fund_allocation_run_lines_run_region_key', ['runId', 'regionCode'], { unique: true })
export class FundAllocationRunLineEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => FundAllocationRunEntity, { onDelete: 'CASCADE' })
  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Index('fund_allocation_run_lines_region_code_idx')
  @ForeignKey(() => RegionEntity, { column: 'code', onDelete: 'NO ACTION' })
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** The share's numerator and denominator (a reduced fraction; big integers as text). */
  @Column({ name: 'share_numerator', type: 'text' })
  shareNumerator: string;

  @Column({ name: 'share_denominator', type: 'text' })
  shareDenominator: string;

  @Column({ type: 'numeric', precision: 14, scale: 2 })
  amount: string;

  /** Whether this line received one fen of the remainder (largest-remainder step). */
  @Column({ name: 'remainder_fen', type: 'boolean' })
  remainderFen: boolean;
}

/** The tables of factor allocation, for the funds declaration. */
export const FACTOR_ALLOCATION_ENTITIES = [FundFactorValueEntity, FundAllocationRunEntity, FundAllocationRunLineEntity];
