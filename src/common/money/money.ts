/**
 * Money, exact: amounts are Decimal strings ("2952.00") as PostgreSQL's numeric returns them,
 * computed as integer cents in BigInt, never as floats. Every module's amounts go through here.
 */

/**
 * An amount as the API takes it for a numeric(12,2) column: not negative, at most 10 integer
 * digits and 2 decimals ("1200", "1200.5", "1200.50").
 */
export const STORED_AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;

/** Whether `text` is a STORED_AMOUNT; with `positive`, also above zero. */
export function isStoredAmount(text: string, options: { positive?: boolean } = {}): boolean {
  return STORED_AMOUNT.test(text) && (!options.positive || toCents(text) > 0n);
}

const AMOUNT = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** Decimal string with at most 2 fraction digits → cents. Throws RangeError on anything else. */
export function toCents(amount: string | number | null | undefined): bigint {
  if (amount == null || amount === '') return 0n;
  const text = typeof amount === 'number' ? amount.toFixed(2) : amount.trim();
  const m = AMOUNT.exec(text);
  if (!m) {
    // numeric(12,2) columns come back as "123.40"; anything with more fraction digits is a bug.
    throw new RangeError(`not an amount with at most 2 decimals: ${String(amount)}`);
  }
  const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** Cents → "1234.50" (always two fraction digits). */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** Exact sum of Decimal strings. */
export function sumAmounts(amounts: readonly (string | null | undefined)[]): string {
  return fromCents(amounts.reduce((acc, a) => acc + toCents(a), 0n));
}

/** a − b, exact. */
export function subtractAmounts(a: string, b: string): string {
  return fromCents(toCents(a) - toCents(b));
}

/** Compares two Decimal strings: −1, 0, 1. */
export function compareAmounts(a: string, b: string): number {
  const d = toCents(a) - toCents(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/**
 * amount ÷ divisor rounded to cents, half away from zero (四舍五入). Null when divisor is 0
 * (a household with no member at year end has no per-capita figure).
 */
export function divideAmount(amount: string, divisor: number): string | null {
  if (!Number.isInteger(divisor) || divisor < 0) throw new RangeError('divisor must be a non-negative integer');
  if (divisor === 0) return null;
  const cents = toCents(amount);
  const d = BigInt(divisor);
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return fromCents(negative ? -q : q);
}

/**
 * part ÷ whole of two non-negative amounts as a ratio with 4 decimals ("0.8000"), in integer
 * arithmetic, rounded half up (四舍五入). Null when whole is 0 (no ratio of nothing).
 */
export function ratioOfAmounts(part: string, whole: string): string | null {
  const d = toCents(whole);
  if (d <= 0n) return null;
  const n = toCents(part) * 10_000n;
  if (n < 0n) throw new RangeError('part must not be negative');
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return `${q / 10_000n}.${(q % 10_000n).toString().padStart(4, '0')}`;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Compares two non-negative decimal strings of any scale exactly (a ratio "0.8000" against a
 * parameter "0.80"): −1, 0, 1. Throws RangeError on anything else.
 */
export function compareDecimals(a: string, b: string): number {
  const ma = DECIMAL.exec(a.trim());
  const mb = DECIMAL.exec(b.trim());
  if (!ma || !mb) throw new RangeError(`not a non-negative decimal: ${!ma ? a : b}`);
  const scale = Math.max((ma[2] ?? '').length, (mb[2] ?? '').length);
  const x = BigInt(ma[1] + (ma[2] ?? '').padEnd(scale, '0'));
  const y = BigInt(mb[1] + (mb[2] ?? '').padEnd(scale, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}
