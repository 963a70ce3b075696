/**
 * Today's date (YYYY-MM-DD) in China Standard Time (UTC+8, no daylight saving): the default
 * "as of" of assistance queries and the latest date a visit can be logged for.
 */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
