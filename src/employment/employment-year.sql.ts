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

/** The records (alias `e`) whose months count for stable employment (稳定就业): with employment.stable_counts_pwp false, not the post channel. */
const COUNTS_FOR_STABLE = `(:stableCountsPosts OR e.channel <> :postChannel)`;

/** A record (alias `e`) of work in an enterprise or a public-welfare post (the plan's §16 target for relocated households). */
const ENTERPRISE_OR_POST = `(e.months_worked > 0 AND (e.employer_entity_id IS NOT NULL OR e.employer_name IS NOT NULL OR e.channel = :postChannel))`;

/**
 * Each member's year by its records, one grouped pass over the year's records (a derived table to
 * join on `member_id`): `worked` (a record with months above 0), `stable` (months counting for
 * stable employment add up to employment.stable_min_months), `enterprise_or_post`.
 */
export function memberYearSql(): string {
  return `(SELECT e.member_id,
        bool_or(e.months_worked > 0) AS worked,
        COALESCE(sum(e.months_worked) FILTER (WHERE ${COUNTS_FOR_STABLE}), 0) >= :stableMinMonths AS stable,
        bool_or(${ENTERPRISE_OR_POST}) AS enterprise_or_post
      FROM employment_records e WHERE e.year = :year GROUP BY e.member_id)`;
}

/**
 * Each household's year by its current members (a derived table to join on `household_id`): how
 * many are on the labour register (`labour`), stably employed (`stable`), in an enterprise or a post
 * (`enterprise_or_post`). One pass over the members with memberYearSql. A member counts for the
 * household it belongs to now, with all its records of the year (as the member's own figures do).
 */
export function householdYearSql(): string {
  return `(SELECT m.household_id,
        count(*) FILTER (WHERE ${onLabourRegisterSql('m')})::int AS labour,
        count(*) FILTER (WHERE y.stable)::int AS stable,
        count(*) FILTER (WHERE y.enterprise_or_post)::int AS enterprise_or_post
      FROM members m LEFT JOIN ${memberYearSql()} y ON y.member_id = m.id
     WHERE m.active GROUP BY m.household_id)`;
}

/** The member (alias) is stably employed in the year: its months counting for it, summed (an index lookup per member). */
export function stablyEmployedSql(m: string): string {
  return `(COALESCE((SELECT sum(e.months_worked) FROM employment_records e WHERE e.member_id = ${m}.id AND e.year = :year AND ${COUNTS_FOR_STABLE}), 0) >= :stableMinMonths)`;
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
 * employed in the year (as householdYearSql counts them), per household: a list's page stops after
 * its rows. Never true for a target of 0 or less.
 */
export function fewerStablyEmployedSql(h: string, target: string): string {
  return `((SELECT count(*) FROM members sm WHERE sm.household_id = ${h}.id AND sm.active AND ${stablyEmployedSql('sm')}) < ${target})`;
}

/** The household (alias) has fewer than `target` (a named parameter) current members in an enterprise or a post in the year (as householdYearSql counts them). */
export function fewerEnterpriseOrPostSql(h: string, target: string): string {
  return `((SELECT count(*) FROM members pm WHERE pm.household_id = ${h}.id AND pm.active
      AND EXISTS (SELECT 1 FROM employment_records e WHERE e.member_id = pm.id AND e.year = :year AND ${ENTERPRISE_OR_POST})) < ${target})`;
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
