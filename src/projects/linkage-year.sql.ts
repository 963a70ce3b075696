/**
 * The SQL of a linkage's year, in one place for the payment check, the arrears list, the entity
 * reconciliation and the household income comparison. Parameters: `:yearStart` and `:yearEnd`
 * (YYYY-MM-DD of the calendar year) and `:year`; set them with yearParams().
 */
export function yearParams(year: number): { year: number; yearStart: string; yearEnd: string } {
  return { year, yearStart: `${year}-01-01`, yearEnd: `${year}-12-31` };
}

const YEAR_START = 'CAST(:yearStart AS date)';
const YEAR_END = 'CAST(:yearEnd AS date)';

/** The linkage (alias `l`) is in force on some day of the year. */
export const LINKAGE_ACTIVE_IN_YEAR = `(l.starts_on <= ${YEAR_END} AND (l.ends_on IS NULL OR l.ends_on >= ${YEAR_START}))`;

/**
 * What is due for the year (yuan, rounded to the fen): the amount agreed per year for the days of
 * the year the linkage is in force, pro rata (a linkage from 1 July owes half a year's amount).
 */
export const LINKAGE_DUE_IN_YEAR = `GREATEST(round(l.agreed_amount_per_year
  * (LEAST(COALESCE(l.ends_on, ${YEAR_END}), ${YEAR_END}) - GREATEST(l.starts_on, ${YEAR_START}) + 1)::numeric
  / (${YEAR_END} - ${YEAR_START} + 1), 2), 0)::numeric(14,2)`;

/** What was paid for the year under the linkage (reversals included, so net). */
export const LINKAGE_PAID_IN_YEAR = `COALESCE((SELECT sum(p.amount) FROM benefit_linkage_payments p WHERE p.linkage_id = l.id AND p.year = :year), 0)::numeric(14,2)`;

/**
 * The linkage income of the year of a set of households beside the registry's income of that year
 * (one row a household, every amount as text so that no float touches money): what their linkages
 * paid, by the income component each feeds, and what the registry records in that component (0
 * when no income is recorded for the year). `disagreements` names the components where the
 * registry records less than was paid (PROPERTY compares property income with property and
 * asset-income dividends together: the dividend is part of property income). `households` is SQL
 * answering one column of household ids (one id: `SELECT CAST(:householdId AS uuid)`); the
 * payments are aggregated in one pass over the set, not once per household.
 */
export function linkageIncomeRowsSql(households: string): string {
  const paid = (component: string) => `COALESCE(sum(p.amount) FILTER (WHERE l.income_component = '${component}'), 0)::numeric(14,2)`;
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
        COALESCE(hi.wages, 0) AS wages, COALESCE(hi.production_business, 0) AS production_business,
        COALESCE(hi.property, 0) AS property, COALESCE(hi.asset_income_dividend, 0) AS asset_income_dividend
      FROM (
        SELECT k.household_id, ${paid('WAGE')} AS paid_wage, ${paid('PRODUCTION_BUSINESS')} AS paid_production_business,
          ${paid('PROPERTY')} AS paid_property, ${paid('ASSET_INCOME_DIVIDEND')} AS paid_asset_income_dividend
        FROM (${households}) k(household_id)
        LEFT JOIN benefit_linkage_payments p ON p.household_id = k.household_id AND p.year = :year
        LEFT JOIN benefit_linkages l ON l.id = p.linkage_id
        GROUP BY k.household_id
      ) pay
      LEFT JOIN household_incomes hi ON hi.household_id = pay.household_id AND hi.year = :year
    ) x`;
}

/**
 * The households (SQL answering their ids) paid more under their linkages in the year than the
 * registry records: the figures computed once for every household paid in the year (a hash
 * aggregate over the year's payments), not once per candidate household.
 */
export const HOUSEHOLDS_WITH_LINKAGE_INCOME_DISAGREEMENT = `(SELECT d."householdId" FROM (${linkageIncomeRowsSql(
  'SELECT DISTINCT household_id FROM benefit_linkage_payments WHERE year = :year',
)}) d WHERE cardinality(d.disagreements) > 0)`;
