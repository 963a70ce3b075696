import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TrackedEntity } from '../common/kit/tracked-entity';
import { ForeignKey } from '../database/foreign-key';
import { RegionEntity } from '../regions/region.entity';
import { FactorAllocationLevel, FundAllocationRunEntity } from './funds.entities';

// The run itself lives beside the allocations that name it (fund_allocations.run_id), in funds.entities.ts: one file, no import cycle.
export { FactorAllocationLevel, FundAllocationRunEntity };

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
