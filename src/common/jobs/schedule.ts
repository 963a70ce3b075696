import { CHINA_UTC_OFFSET_MS } from '../dates/local-date';
import { Recurrence } from './job.entity';

const DAY_MS = 86_400_000;

/** Delay before attempt `failures + 1`: base · 2^(failures − 1), capped at `maxMs`. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(failures, 1) - 1, 40));
}

const DAILY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Checks a recurrence when a schedule is declared (a bad one is a programming error). */
export function validateRecurrence(r: Recurrence): void {
  if ('everyMs' in r) {
    if (!Number.isInteger(r.everyMs) || r.everyMs <= 0) throw new Error(`recurrence everyMs must be a positive integer, got ${r.everyMs}`);
  } else if (!DAILY.test(r.dailyAt)) {
    throw new Error(`recurrence dailyAt must be HH:MM, got ${r.dailyAt}`);
  }
}

/** The next run of a recurring job after `from`: `from` + everyMs, or the next HH:MM in China time. */
export function nextOccurrence(r: Recurrence, from: Date): Date {
  if ('everyMs' in r) return new Date(from.getTime() + r.everyMs);
  const [, hh, mm] = DAILY.exec(r.dailyAt)!;
  const local = from.getTime() + CHINA_UTC_OFFSET_MS;
  const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  let at = midnight + Number(hh) * 3_600_000 + Number(mm) * 60_000;
  if (at <= local) at += DAY_MS;
  return new Date(at - CHINA_UTC_OFFSET_MS);
}
