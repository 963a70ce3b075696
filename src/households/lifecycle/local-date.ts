/**
 * The lifecycle's one date rule of its own: an event's effective date defaults to today (in China
 * Standard Time) and is never in the future. Calendar arithmetic is the kit's
 * (src/common/dates/local-date.ts).
 */
import { todayInChina } from '../../common/dates/local-date';
import { LifecycleErrors } from './lifecycle.errors';

/** The effective date given, or today; never in the future. */
export function effectiveDate(given: string | null | undefined, field = 'input.effectiveOn'): string {
  const today = todayInChina();
  const on = given ?? today;
  if (on > today) throw LifecycleErrors.dateInFuture(field);
  return on;
}
