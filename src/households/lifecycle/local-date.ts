/**
 * Calendar arithmetic on LocalDate strings (YYYY-MM-DD), without time zones. "Today" is the
 * server's date in China Standard Time (UTC+8, no daylight saving): the procedure's real-time
 * rules (the public notice) and the default effective date of events use it.
 */
import { todayInChina } from '../registry-validation';
import { LifecycleErrors } from './lifecycle.errors';

export { ageOn, todayInChina } from '../registry-validation';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(date: string): number {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`not a LocalDate: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** `date` plus `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * 86_400_000).toISOString().slice(0, 10);
}

export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The effective date given, or today; never in the future. */
export function effectiveDate(given: string | null | undefined, field = 'input.effectiveOn'): string {
  const today = todayInChina();
  const on = given ?? today;
  if (on > today) throw LifecycleErrors.dateInFuture(field);
  return on;
}
