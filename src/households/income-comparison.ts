import { DataSource } from 'typeorm';
import { applyRegionScope, applyWithin } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { HouseholdEntity } from './household.entity';
import { HOUSEHOLD_SORTS, HouseholdSort } from './households.repository';

/**
 * Amounts paid to households compared with the registry's income of a year, by the income
 * component they feed — for any module that pays households (benefit linkages, fund payments by
 * roster) and never writes into the registry. A module gives SQL answering its paid rows
 * `(household_id uuid, component text, amount numeric)` for the year (`:year`, `:yearStart`,
 * `:yearEnd` as yearParams() sets them; reversals as negative rows, so the sums are net); the
 * components are the registry's WAGE, PRODUCTION_BUSINESS, PROPERTY and ASSET_INCOME_DIVIDEND.
 */
export function yearParams(year: number): { year: number; yearStart: string; yearEnd: string } {
  return { year, yearStart: `${year}-01-01`, yearEnd: `${year}-12-31` };
}

/** One household's paid amounts of a year by component beside the registry's (every amount as text). */
export interface IncomeComparisonRow {
  householdId: string;
  paidWage: string;
  paidProductionBusiness: string;
  paidProperty: string;
  paidAssetIncomeDividend: string;
  registryRecorded: boolean;
  registryWages: string;
  registryProductionBusiness: string;
  registryProperty: string;
  registryAssetIncomeDividend: string;
  disagreements: string[];
}

/**
 * One row a household of `households` (SQL answering one column of household ids; one id:
 * `SELECT CAST(:householdId AS uuid)`): what `paid` paid it in the year, by component, and what the
 * registry records in that component (0 when no income is recorded for the year). `disagreements`
 * names the components where the registry records less than was paid (PROPERTY compares property
 * income with property and asset-income dividends together: the dividend is part of property
 * income). The paid rows are aggregated in one pass over the set, not once per household.
 */
export function incomeComparisonRowsSql(households: string, paid: string): string {
  const sum = (component: string) => `COALESCE(sum(pr.amount) FILTER (WHERE pr.component = '${component}'), 0)::numeric(14,2)`;
  return `SELECT x.household_id AS "householdId",
      x.paid_wage::text AS "paidWage", x.paid_production_business::text AS "paidProductionBusiness",
      x.paid_property::text AS "paidProperty", x.paid_asset_income_dividend::text AS "paidAssetIncomeDividend",
      x.recorded AS "registryRecorded", x.wages::text AS "registryWages", x.production_business::text AS "registryProductionBusiness",
      x.property::text AS "registryProperty", x.asset_income_dividend::text AS "registryAssetIncomeDividend",
      array_remove(ARRAY[
        CASE WHEN x.paid_wage > x.wages THEN 'WAGE' END,
        CASE WHEN x.paid_production_business > x.production_business THEN 'PRODUCTION_BUSINESS' END,
        CASE WHEN x.paid_property + x.paid_asset_income_dividend > x.property THEN 'PROPERTY' END,
        CASE WHEN x.paid_asset_income_dividend > x.asset_income_dividend THEN 'ASSET_INCOME_DIVIDEND' END
      ]::text[], NULL) AS disagreements
    FROM (
      SELECT pay.*, hi.household_id IS NOT NULL AS recorded,
        COALESCE(hi.wages, 0)::numeric(14,2) AS wages, COALESCE(hi.production_business, 0)::numeric(14,2) AS production_business,
        COALESCE(hi.property, 0)::numeric(14,2) AS property, COALESCE(hi.asset_income_dividend, 0)::numeric(14,2) AS asset_income_dividend
      FROM (
        SELECT k.household_id, ${sum('WAGE')} AS paid_wage, ${sum('PRODUCTION_BUSINESS')} AS paid_production_business,
          ${sum('PROPERTY')} AS paid_property, ${sum('ASSET_INCOME_DIVIDEND')} AS paid_asset_income_dividend
        FROM (${households}) k(household_id)
        LEFT JOIN (${paid}) pr(household_id, component, amount) ON pr.household_id = k.household_id
        GROUP BY k.household_id
      ) pay
      LEFT JOIN household_incomes hi ON hi.household_id = pay.household_id AND hi.year = :year
    ) x`;
}

/** The households (SQL answering their ids) `paid` paid more in the year than the registry records: computed once over every household paid. */
export function householdsDisagreeingSql(paid: string): string {
  return `(SELECT d."householdId" FROM (${incomeComparisonRowsSql(`SELECT DISTINCT p.household_id FROM (${paid}) p(household_id, component, amount)`, paid)}) d WHERE cardinality(d.disagreements) > 0)`;
}

/** One household's comparison of the year. */
export async function householdIncomeComparison(dataSource: DataSource, paid: string, householdId: string, year: number): Promise<IncomeComparisonRow> {
  const row = await dataSource
    .createQueryBuilder()
    .select('d.*')
    .from(`(${incomeComparisonRowsSql('SELECT CAST(:householdId AS uuid)', paid)})`, 'd')
    .setParameters({ householdId, ...yearParams(year) })
    .getRawOne<IncomeComparisonRow>();
  return row!;
}

/**
 * The caller's households (in the subtree) that `paid` paid more in the year than the registry
 * records for that year, by household number, with the figures of each. The registry's incomes
 * are never written from here: the list is for the village to correct one or the other.
 */
export async function incomeDisagreements(
  dataSource: DataSource,
  paid: string,
  principal: Principal,
  filter: { year: number; withinPrefix?: string },
  args: ConnectionArgs,
  withTotalCount: boolean,
): Promise<Connection<HouseholdEntity> & { figures: Map<HouseholdEntity, IncomeComparisonRow> }> {
  const qb = applyRegionScope(dataSource.manager.getRepository(HouseholdEntity).createQueryBuilder('h'), 'h.region_code', principal);
  applyWithin(qb, 'h.region_code', filter.withinPrefix);
  qb.setParameters(yearParams(filter.year)).andWhere(`h.id IN ${householdsDisagreeingSql(paid)}`);
  const { nested, ...page } = await paginate(qb, args, HOUSEHOLD_SORTS[HouseholdSort.HOUSEHOLD_NUMBER], {
    withTotalCount,
    nested: { income: `(SELECT row_to_json(d) FROM (${incomeComparisonRowsSql('SELECT h.id', paid)}) d)` },
  });
  const figures = new Map<HouseholdEntity, IncomeComparisonRow>();
  for (const [h, v] of nested ?? []) figures.set(h, v.income as IncomeComparisonRow);
  return { ...page, figures };
}
