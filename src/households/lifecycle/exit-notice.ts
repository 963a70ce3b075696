import { addDays } from '../../common/dates/local-date';
/**
 * The public notice (公示) of an approved exit: it starts on the day the district approves (the
 * approval's date, which may be earlier than the day it is entered) and runs `days` days, that
 * day counting as the first. Objections count when they were received within those days,
 * whenever they are recorded; the exit is announced on a date after the last day, and not before
 * the last day has really passed.
 */

export interface ExitNotice {
  days: number;
  startsOn: string;
  endsOn: string;
}

/** The last day of a notice of `days` days (at least 1) starting on `startsOn`. */
export function noticeLastDay(startsOn: string, days: number): string {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`a notice lasts at least one day, not ${days}`);
  return addDays(startsOn, days - 1);
}

/** The notice an approval dated `approvedOn` starts. */
export function noticeFrom(approvedOn: string, days: number): ExitNotice {
  return { days, startsOn: approvedOn, endsOn: noticeLastDay(approvedOn, days) };
}

/** Where a date lies against the notice: before it started, within it, or after its last day. */
export function withinNotice(date: string, notice: Pick<ExitNotice, 'startsOn' | 'endsOn'>): 'BEFORE' | 'WITHIN' | 'AFTER' {
  if (date < notice.startsOn) return 'BEFORE';
  return date > notice.endsOn ? 'AFTER' : 'WITHIN';
}
