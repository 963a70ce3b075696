/**
 * The arithmetic of a factor allocation run (因素分配法), exact: decimals are read as bigint
 * fractions, shares are kept as reduced fractions, amounts are integers of fen. No floats.
 *
 *   share_i = Σ_f weight_f × value_{f,i} / Σ_j value_{f,j}
 *   amount_i = floor(total × share_i) fen, then the fen left over (total − Σ floors, fewer than the
 *   number of regions) go one each to the regions with the largest remainders
 *   (total × share_i − floor), ties broken by region code ascending (largest-remainder method).
 * The amounts then sum exactly to the total.
 */

/** A fraction num/den with den > 0, reduced. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

const DECIMAL = /^\d+(\.\d+)?$/;

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function fraction(num: bigint, den: bigint): Fraction {
  if (den === 0n) throw new Error('zero denominator');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

/** A non-negative decimal string ("0.25", "1234") as an exact fraction; null when it is not one. */
export function parseDecimal(text: string): Fraction | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const [int, frac = ''] = t.split('.');
  return fraction(BigInt(int + frac), 10n ** BigInt(frac.length));
}

export function add(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function mul(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.num, a.den * b.den);
}

export const ZERO: Fraction = { num: 0n, den: 1n };
export const ONE: Fraction = { num: 1n, den: 1n };

export function isOne(f: Fraction): boolean {
  return f.num === f.den;
}

export function formatFraction(f: Fraction): string {
  return `${f.num}/${f.den}`;
}

/** One factor of a run: its weight and the value of every region (decimal strings). */
export interface FactorInput {
  factor: string;
  weight: string;
  values: ReadonlyMap<string, string>;
}

export interface ShareLine {
  regionCode: string;
  share: Fraction;
  /** What the region gets, in fen. */
  fen: bigint;
  /** The fen given by the largest-remainder step (0 or 1). */
  remainderFen: bigint;
}

/** Why a run cannot be computed (the service turns each into a coded error). */
export type ShareProblem =
  | { kind: 'WEIGHTS_NOT_ONE'; sum: Fraction }
  | { kind: 'BAD_NUMBER'; factor: string; regionCode: string | null; text: string }
  | { kind: 'VALUE_MISSING'; factor: string; regionCode: string }
  | { kind: 'FACTOR_SUM_ZERO'; factor: string }
  | { kind: 'NO_REGIONS' };

export class ShareError extends Error {
  constructor(readonly problem: ShareProblem) {
    super(problem.kind);
  }
}

/** The shares of `regionCodes` under `factors` (every region must have a value of every factor). */
export function computeShares(regionCodes: readonly string[], factors: readonly FactorInput[]): Map<string, Fraction> {
  if (!regionCodes.length) throw new ShareError({ kind: 'NO_REGIONS' });
  let weightSum = ZERO;
  const parsed = factors.map((f) => {
    const weight = parseDecimal(f.weight);
    if (!weight) throw new ShareError({ kind: 'BAD_NUMBER', factor: f.factor, regionCode: null, text: f.weight });
    weightSum = add(weightSum, weight);
    return { ...f, weight };
  });
  if (!isOne(weightSum)) throw new ShareError({ kind: 'WEIGHTS_NOT_ONE', sum: weightSum });
  const shares = new Map<string, Fraction>(regionCodes.map((c) => [c, ZERO]));
  for (const f of parsed) {
    const values = new Map<string, Fraction>();
    let sum = ZERO;
    for (const code of regionCodes) {
      const text = f.values.get(code);
      if (text === undefined) throw new ShareError({ kind: 'VALUE_MISSING', factor: f.factor, regionCode: code });
      const v = parseDecimal(text);
      if (!v) throw new ShareError({ kind: 'BAD_NUMBER', factor: f.factor, regionCode: code, text });
      values.set(code, v);
      sum = add(sum, v);
    }
    if (sum.num === 0n) throw new ShareError({ kind: 'FACTOR_SUM_ZERO', factor: f.factor });
    for (const code of regionCodes) {
      const v = values.get(code)!;
      shares.set(code, add(shares.get(code)!, mul(f.weight, fraction(v.num * sum.den, v.den * sum.num))));
    }
  }
  return shares;
}

/**
 * `totalFen` split by `shares` (which sum to 1): floors, then the leftover fen one each by the
 * largest remainder, ties by region code ascending. Lines in region code order.
 */
export function apportion(totalFen: bigint, shares: ReadonlyMap<string, Fraction>): ShareLine[] {
  const lines = [...shares.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([regionCode, share]) => {
      const exactNum = totalFen * share.num;
      const fen = exactNum / share.den;
      // The remainder as a fraction rem/den of a fen; compared by cross-multiplication.
      return { regionCode, share, fen, remainderFen: 0n, rem: fraction(exactNum - fen * share.den, share.den) };
    });
  let left = totalFen - lines.reduce((s, l) => s + l.fen, 0n);
  const order = [...lines].sort((a, b) => {
    const d = b.rem.num * a.rem.den - a.rem.num * b.rem.den;
    if (d !== 0n) return d > 0n ? 1 : -1;
    return a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : 0;
  });
  for (const l of order) {
    if (left <= 0n) break;
    l.fen += 1n;
    l.remainderFen = 1n;
    left -= 1n;
  }
  return lines.map(({ rem: _rem, ...l }) => l);
}
