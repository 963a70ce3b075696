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
 * The members stably employed in the year (稳定就业), one grouped pass over the year's records:
 * `member_id` (and `household_id` with `byHousehold`: a member's records in one household) whose
 * months add up to at least employment.stable_min_months; with employment.stable_counts_pwp false,
 * months in public-welfare posts (channel :postChannel) do not count.
 */
function stableMembersSql(byHousehold: boolean): string {
  const keys = byHousehold ? 'e.household_id, e.member_id' : 'e.member_id';
  return `SELECT ${keys} FROM employment_records e
     WHERE e.year = :year AND (:stableCountsPosts OR e.channel <> :postChannel)
     GROUP BY ${keys} HAVING sum(e.months_worked) >= :stableMinMonths`;
}

/**
 * Each household's current members stably employed in the year (`household_id`, `n`), a derived
 * table to join: one grouped pass, not a subquery per household.
 */
export function stablyEmployedPerHouseholdSql(): string {
  return `(SELECT s.household_id, count(*)::int AS n FROM (${stableMembersSql(true)}) s
      JOIN members sm ON sm.id = s.member_id AND sm.active GROUP BY s.household_id)`;
}

/**
 * Each household's current members working in the year in an enterprise or a public-welfare post
 * (`household_id`, `n`; the plan's §16 target for relocated households): records of the year with
 * months above 0, with a named employer (an implementing entity or the employer's name) or in the
 * public-welfare post channel (:postChannel). A derived table to join.
 */
export function enterpriseOrPostPerHouseholdSql(): string {
  return `(SELECT e.household_id, count(DISTINCT e.member_id)::int AS n FROM employment_records e
      JOIN members pm ON pm.id = e.member_id AND pm.active
     WHERE e.year = :year AND e.months_worked > 0
       AND (e.employer_entity_id IS NOT NULL OR e.employer_name IS NOT NULL OR e.channel = :postChannel)
     GROUP BY e.household_id)`;
}

/** The households with a current member on the labour register (`household_id`), a derived table to join. */
export function labourHouseholdsSql(): string {
  return `(SELECT DISTINCT lm.household_id FROM members lm WHERE ${onLabourRegisterSql('lm')})`;
}

/** The members stably employed in the year (`member_id`), a derived table to join. */
export function stablyEmployedMembersSql(): string {
  return `(${stableMembersSql(false)})`;
}

/** The members who worked in the year (`member_id`: a record with months above 0), a derived table to join. */
export function workedMembersSql(): string {
  return `(SELECT DISTINCT e.member_id FROM employment_records e WHERE e.year = :year AND e.months_worked > 0)`;
}

/** The member (alias) is stably employed in the year (a semi join with stablyEmployedMembersSql). */
export function stablyEmployedSql(m: string): string {
  return `EXISTS (SELECT 1 FROM ${stablyEmployedMembersSql()} se WHERE se.member_id = ${m}.id)`;
}

/** The member (alias) worked in the year: a record of the year with months above 0. */
export function memberWorkedSql(m: string): string {
  return `EXISTS (SELECT 1 FROM employment_records e WHERE e.member_id = ${m}.id AND e.year = :year AND e.months_worked > 0)`;
}

/** The member (alias) is marked as not seeking work. */
export function notSeekingSql(m: string): string {
  return `EXISTS (SELECT 1 FROM labour_not_seeking_marks k WHERE k.member_id = ${m}.id)`;
}

/**
 * The household (alias) has fewer than `target` (a named parameter) current members stably
 * employed in the year: an anti join with the households that reach it (never true for a target
 * of 0 or less).
 */
export function fewerStablyEmployedSql(h: string, target: string): string {
  return `(${target} > 0 AND NOT EXISTS (SELECT 1 FROM ${stablyEmployedPerHouseholdSql()} hs WHERE hs.household_id = ${h}.id AND hs.n >= ${target}))`;
}

/** The household (alias) has fewer than `target` (a named parameter) current members in an enterprise or a post in the year. */
export function fewerEnterpriseOrPostSql(h: string, target: string): string {
  return `(${target} > 0 AND NOT EXISTS (SELECT 1 FROM ${enterpriseOrPostPerHouseholdSql()} hp WHERE hp.household_id = ${h}.id AND hp.n >= ${target}))`;
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
