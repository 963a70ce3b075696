/**
 * Calendar dates (LocalDate: a `YYYY-MM-DD` string, no time zone) and China Standard Time, in one
 * place. The plan's days are Beijing days: "today" is the date in China Standard Time (UTC+8, no
 * daylight saving) whatever zone the server runs in, so a child registered just after midnight in
 * Beijing is not "born in the future", a notice period ends on the right day, and a daily job runs
 * at its local hour. Every module takes its dates from here.
 */

/** China Standard Time's offset from UTC (UTC+8, no daylight saving). */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A `YYYY-MM-DD` string naming a real day (not 2018-02-30) of the proleptic Gregorian calendar, as
 * Date reads it. Checked by its characters, with no Date and no string made: an import checks
 * every date cell with it (issue #12; a Date and its ISO text per call were 1.3 % of an import's
 * time).
 */
export function isLocalDate(value: string): boolean {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The number written by the ASCII digits value[at, at + n), or -1 when one is not a digit. */
function digitsAt(value: string, at: number, n: number): number {
  let out = 0;
  for (let i = at; i < at + n; i++) {
    const c = value.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    out = out * 10 + c;
  }
  return out;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether `year` has a 29 February (proleptic Gregorian calendar). */
export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The days of `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** The last day `todayInChina` answered and the instants it spans, [from, until). */
let lastDay: { value: string; from: number; until: number } | undefined;

/**
 * Today (or the day of `now`) as a LocalDate in China Standard Time. Called per member on a page
 * (`age`), so the day last answered is kept with its bounds and answered again for any instant
 * within them (issue #12): no Date and no string built per call, and the answer is the same as
 * computing it afresh, at any instant.
 */
export function todayInChina(now?: Date): string {
  const t = now ? now.getTime() : Date.now();
  if (lastDay && t >= lastDay.from && t < lastDay.until) return lastDay.value;
  const shifted = t + CHINA_UTC_OFFSET_MS;
  const value = new Date(shifted).toISOString().slice(0, 10);
  const from = Math.floor(shifted / DAY_MS) * DAY_MS - CHINA_UTC_OFFSET_MS;
  lastDay = { value, from, until: from + DAY_MS };
  return value;
}

/** An instant as people in China read it: `2018-03-01 16:05（北京时间）`, for pages and board texts. */
export function chinaDateTime(at: Date | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(t)) throw new RangeError(`not an instant: ${String(at)}`);
  const iso = new Date(t + CHINA_UTC_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}（北京时间）`;
}

function toUtc(date: string): number {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`not a LocalDate: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** `date` plus `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (0 for the same day; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}

/** The last day of a year, 'YYYY-12-31'. */
export function yearEnd(year: number): string {
  return `${String(year).padStart(4, '0')}-12-31`;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The calendar quarter of a date, 1–4 (January–March is 1). */
export function quarterOf(date: string): number {
  return Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
}

/** Full years of age on `on`, the birthday itself included. */
export function ageOn(birthDate: string, on: string): number {
  let age = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (on.slice(5) < birthDate.slice(5)) age -= 1;
  return age;
}

/** The same day `years` years earlier (29 February falls back to the 28th). */
export function yearsBefore(date: string, years: number): string {
  const y = String(Number(date.slice(0, 4)) - years).padStart(4, '0');
  const candidate = `${y}${date.slice(4)}`;
  return isLocalDate(candidate) ? candidate : `${y}-02-28`;
}

/** A month as the API writes it: YYYY-MM. */
export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first and last day of a month (YYYY-MM). */
export function monthBounds(month: string): { start: string; end: string } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  const [y, mo] = [Number(m[1]), Number(m[2])];
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(days).padStart(2, '0')}` };
}
