import { HouseholdValidity } from '../households/household.entity';
import { LabourSkill } from '../households/registry-codes';

/**
 * The SQL of an employment year, in one place for the labour register, the targets, the coverage
 * and the comparison with the registry. Named parameters: `:year`; the stable-employment rules add
 * `:stableMinMonths` (employment.stable_min_months) and `:stableCountsPosts`
 * (employment.stable_counts_pwp); set them with stableParams().
 */

/** The labour skills of the labour register (劳动力): ordinary, skilled, and weak or half labour. */
export const LABOUR_SKILLS: readonly LabourSkill[] = ['ORDINARY', 'SKILLED', 'WEAK_OR_PARTIAL'];

/** The member (alias) is on the labour register: a current member with labour (a leaver or the dead is not). */
export function onLabourRegisterSql(m: string): string {
  return `(${m}.active AND ${m}.labour_skill IN (${LABOUR_SKILLS.map((s) => `'${s}'`).join(', ')}))`;
}

/** The member's (alias) months worked in the year by its records: their sum, at most 12. */
export function monthsInYearSql(m: string): string {
  return `LEAST(12, COALESCE((SELECT sum(e.months_worked) FROM employment_records e WHERE e.member_id = ${m}.id AND e.year = :year), 0))::int`;
}

/** The member's (alias) wage income of the year by its records (yuan): Σ months worked × monthly income. */
export function wagesInYearSql(m: string): string {
  return `COALESCE((SELECT sum(e.months_worked * e.monthly_income) FROM employment_records e WHERE e.member_id = ${m}.id AND e.year = :year), 0)::numeric(14,2)`;
}

/**
 * The members of the household (alias) stably employed in the year (稳定就业): current members
 * whose records of the year add up to at least employment.stable_min_months; with
 * employment.stable_counts_pwp false, months in public-welfare posts (channel :postChannel) do not
 * count. One grouped pass over the household's records of the year.
 */
export function stablyEmployedCountSql(h: string): string {
  return `(SELECT count(*) FROM (
      SELECT e.member_id FROM employment_records e JOIN members sm ON sm.id = e.member_id AND sm.active
       WHERE e.household_id = ${h}.id AND e.year = :year AND (:stableCountsPosts OR e.channel <> :postChannel)
       GROUP BY e.member_id HAVING sum(e.months_worked) >= :stableMinMonths) s)::int`;
}

/** The member (alias) is stably employed in the year (see stablyEmployedCountSql). */
export function stablyEmployedSql(m: string): string {
  return `(COALESCE((SELECT sum(e.months_worked) FROM employment_records e WHERE e.member_id = ${m}.id AND e.year = :year AND (:stableCountsPosts OR e.channel <> :postChannel)), 0) >= :stableMinMonths)`;
}

/** The household (alias) has a current member on the labour register. */
export function hasLabourSql(h: string): string {
  return `EXISTS (SELECT 1 FROM members lm WHERE lm.household_id = ${h}.id AND ${onLabourRegisterSql('lm')})`;
}

/** The household (alias) has a member who worked in the year (a record with months above 0). */
export function workedInYearSql(h: string): string {
  return `EXISTS (SELECT 1 FROM employment_records e WHERE e.household_id = ${h}.id AND e.year = :year AND e.months_worked > 0)`;
}

/**
 * The members of the household (alias) working in the year in an enterprise or a public-welfare
 * post (the plan's §16 target for relocated households): current members with a record of the year,
 * months above 0, with a named employer (an implementing entity or the employer's name) or in the
 * public-welfare post channel.
 */
export function enterpriseOrPostCountSql(h: string): string {
  return `(SELECT count(DISTINCT e.member_id) FROM employment_records e JOIN members pm ON pm.id = e.member_id AND pm.active
     WHERE e.household_id = ${h}.id AND e.year = :year AND e.months_worked > 0
       AND (e.employer_entity_id IS NOT NULL OR e.employer_name IS NOT NULL OR e.channel = :postChannel))::int`;
}

/**
 * The holders of the public-welfare post (alias) in the year: distinct members with a record of the
 * post of the year (`:year`), and with `onDate` only those whose record is in force on `:asOf`.
 */
export function postHoldersSql(p: string, onDate: boolean): string {
  const inForce = onDate ? ` AND e.starts_on <= :asOf AND (e.ends_on IS NULL OR e.ends_on >= :asOf)` : '';
  return `(SELECT count(DISTINCT e.member_id) FROM employment_records e WHERE e.post_id = ${p}.id AND e.year = :year${inForce})::int`;
}

/**
 * The poor workers of the workshop (alias) in the year: distinct current members of registered
 * households (on the roll) with a record of the workshop of the year (`:year`), months above 0.
 */
export function workshopPoorWorkersSql(w: string): string {
  return `(SELECT count(DISTINCT e.member_id) FROM employment_records e
      JOIN members wm ON wm.id = e.member_id AND wm.active
      JOIN households wh ON wh.id = e.household_id AND wh.validity = '${HouseholdValidity.ACTIVE}'
     WHERE e.workshop_id = ${w}.id AND e.year = :year AND e.months_worked > 0)::int`;
}
