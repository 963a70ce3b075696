import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { HouseholdEntity } from './household.entity';
import { ForeignKey } from '../database/foreign-key';
import { TrackedEntity } from '../common/kit/tracked-entity';

const money = { type: 'numeric' as const, precision: 12, scale: 2, default: 0 };

/**
 * A household's income of one year in the national structure: only the components are stored.
 * Transfers, annual income, net income and per-capita net income are always computed from them
 * (household-income.ts; SQL reports use the same formulas), never typed in. Per-capita divides by
 * the household's size as of the end of that year.
 */
@Entity({ name: 'household_incomes' })
export class HouseholdIncomeEntity extends TrackedEntity {
  @ForeignKey(() => HouseholdEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE', along: { regionCode: 'regionCode' } })
  @PrimaryColumn({ name: 'household_id', type: 'uuid' })
  householdId: string;

  @PrimaryColumn({ type: 'smallint' })
  year: number;

  /**
   * The household's village, for the change feed and region scope. Written with the row, as the
   * household's: the foreign key on (household_id, region_code) refuses any other, and carries a
   * move of the household along (ON UPDATE CASCADE; migration
   * InsuranceAndIncomesKeyedWithTheirRoot1796432000000).
   */
  @Index('household_incomes_region_code_idx')
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C' })
  regionCode: string;

  /** 工资性收入 */
  @Column({ ...money })
  wages: string;

  /** 生产经营性收入 */
  @Column({ name: 'production_business', ...money })
  productionBusiness: string;

  /** 财产性收入 (incl. 资产收益扶贫分红) */
  @Column({ ...money })
  property: string;

  /** of which 资产收益扶贫分红 */
  @Column({ name: 'asset_income_dividend', ...money })
  assetIncomeDividend: string;

  // 转移性收入
  @Column({ name: 'transfer_family_planning', ...money })
  transferFamilyPlanning: string;

  @Column({ name: 'transfer_low_income', ...money })
  transferLowIncome: string;

  @Column({ name: 'transfer_extreme_poverty', ...money })
  transferExtremePoverty: string;

  @Column({ name: 'transfer_pension', ...money })
  transferPension: string;

  @Column({ name: 'transfer_ecological', ...money })
  transferEcological: string;

  @Column({ name: 'transfer_other', ...money })
  transferOther: string;

  /** 生产经营性支出 */
  @Column({ name: 'production_costs', ...money })
  productionCosts: string;
}
