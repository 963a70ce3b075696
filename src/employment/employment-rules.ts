import { isStoredAmount } from '../common/money/money';
import { WorkPlace } from '../households/registry-codes';
import { EmploymentErrors } from './employment.errors';
import { PHONE } from '../assistance/dto/assistance.inputs';

/**
 * The channel code of employment.channels that is a public-welfare post (公益岗): months in a post
 * count as stable employment only while employment.stable_counts_pwp holds, and a post counts for
 * the relocated households' target (§16). A code of the list (RULES.md §3), not a value.
 */
export const PUBLIC_WELFARE_POST_CHANNEL = '公益岗';

/**
 * The channel code of employment.channels that is a poverty-alleviation workshop (扶贫车间/代加工点,
 * the list's last code): a record naming a workshop must be of this channel. A code of the list
 * (RULES.md §3), not a value.
 */
export const WORKSHOP_CHANNEL = '扶贫车间/代加工点';

/**
 * The code of employment.pwp_eligible that is weak or half labour (弱/半劳动力): a post holder whose
 * registry labour skill is WEAK_OR_PARTIAL is in the eligible group while the list holds it; anyone
 * else is a warning (never a refusal). A code of the list (RULES.md §3), not a value.
 */
export const PWP_ELIGIBLE_WEAK_LABOUR = '弱/半劳动力';

/** The terms of an employment record as entered (GraphQL input, an import row). */
export interface EmploymentTerms {
  year: number;
  channel: string;
  place: WorkPlace;
  employerEntityId?: string | null;
  employerName?: string | null;
  startsOn: string;
  endsOn?: string | null;
  monthsWorked: number;
  monthlyIncome: string;
  overlapReason?: string | null;
  /** The poverty-alleviation workshop worked in (channel WORKSHOP_CHANNEL). */
  workshopId?: string | null;
  /** 联系方式, in clear (stored encrypted: EMPLOYMENT_RECORD_CONTACT_PHONE): a mobile or a landline with its area code. */
  contactPhone?: string | null;
}

/** The calendar months of `year` that the period touches (0 when it lies outside the year). */
export function monthsSpannedInYear(startsOn: string, endsOn: string | null, year: number): number {
  const from = startsOn < `${year}-01-01` ? `${year}-01-01` : startsOn;
  const to = endsOn === null || endsOn > `${year}-12-31` ? `${year}-12-31` : endsOn;
  if (from > to) return 0;
  return Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/**
 * The shapes of a record's terms before any read: months a whole number 0–12, an income with at
 * most 2 decimals (not negative), the end not before the start, the period in the year, and no more
 * months than the period spans in it. Trims the texts; empty texts are null. Throws the coded errors.
 */
export function checkEmploymentTerms(input: EmploymentTerms): Required<EmploymentTerms> {
  if (!Number.isInteger(input.monthsWorked) || input.monthsWorked < 0 || input.monthsWorked > 12) throw EmploymentErrors.invalidMonths();
  if (!isStoredAmount(input.monthlyIncome)) throw EmploymentErrors.invalidAmount('input.monthlyIncome');
  const endsOn = input.endsOn ?? null;
  if (endsOn !== null && endsOn < input.startsOn) throw EmploymentErrors.invalidPeriod('input.endsOn', `结束日期不能早于开始日期 ${input.startsOn} (ends before it starts)`);
  const span = monthsSpannedInYear(input.startsOn, endsOn, input.year);
  if (span === 0) throw EmploymentErrors.outsideYear(input.year);
  if (input.monthsWorked > span) throw EmploymentErrors.monthsOverPeriod(input.monthsWorked, span);
  const text = (v: string | null | undefined) => v?.trim() || null;
  const contactPhone = text(input.contactPhone);
  if (contactPhone !== null && !PHONE.test(contactPhone)) throw EmploymentErrors.invalidPhone();
  return {
    year: input.year,
    channel: input.channel.trim(),
    place: input.place,
    employerEntityId: input.employerEntityId || null,
    employerName: text(input.employerName),
    startsOn: input.startsOn,
    endsOn,
    monthsWorked: input.monthsWorked,
    monthlyIncome: input.monthlyIncome,
    overlapReason: text(input.overlapReason),
    workshopId: input.workshopId || null,
    contactPhone,
  };
}

/** Hours (学时) as entered: a decimal with at most 1 decimal place, positive or (`allowZero`) not negative. */
export function isHours(text: string, allowZero = false): boolean {
  return /^\d{1,5}(\.\d)?$/.test(text) && (allowZero || Number(text) > 0);
}

/**
 * The first day from `from` on which all `places` are held by the records given (the holders of a
 * post over a period), or null: the holders in force are counted at `from` and at each later start.
 */
export function fullOn(holders: readonly { memberId: string; startsOn: string; endsOn: string | null }[], places: number, from: string): string | null {
  const days = [...new Set([from, ...holders.map((h) => h.startsOn).filter((d) => d > from)])].sort();
  for (const day of days) {
    const inForce = new Set(holders.filter((h) => h.startsOn <= day && (h.endsOn === null || h.endsOn >= day)).map((h) => h.memberId));
    if (inForce.size >= places) return day;
  }
  return null;
}
