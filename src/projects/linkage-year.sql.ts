import { yearParams } from '../households/income-comparison';

/**
 * The SQL of a linkage's year, in one place for the payment check, the arrears list, the entity
 * reconciliation and the household income comparison. Parameters: `:yearStart` and `:yearEnd`
 * (YYYY-MM-DD of the calendar year) and `:year`; set them with yearParams().
 */
export { yearParams };

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
 * The paid rows of linkage payments for the year, by the income component each linkage feeds
 * (reversals are negative rows): what the registry's income is compared with
 * (src/households/income-comparison.ts).
 */
export const LINKAGE_INCOME_PAID = `SELECT p.household_id, l.income_component::text, p.amount FROM benefit_linkage_payments p JOIN benefit_linkages l ON l.id = p.linkage_id WHERE p.year = :year`;
