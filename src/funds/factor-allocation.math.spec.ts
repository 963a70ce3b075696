import { apportion, computeShares, formatFraction, fraction, parseDecimal, ShareError } from './factor-allocation.math';

const values = (o: Record<string, string>) => new Map(Object.entries(o));
const sum = (lines: { fen: bigint }[]) => lines.reduce((s, l) => s + l.fen, 0n);

describe('factor allocation arithmetic', () => {
  it('reads decimals exactly', () => {
    expect(parseDecimal('0.25')).toEqual(fraction(1n, 4n));
    expect(parseDecimal('12')).toEqual(fraction(12n, 1n));
    expect(parseDecimal('-1')).toBeNull();
    expect(parseDecimal('1e3')).toBeNull();
  });

  it('weights the factors: share = Σ w × v / Σ v', () => {
    const shares = computeShares(['A', 'B'], [
      { factor: 'pop', weight: '0.5', values: values({ A: '1', B: '3' }) },
      { factor: 'task', weight: '0.5', values: values({ A: '1', B: '1' }) },
    ]);
    // A: 0.5 × 1/4 + 0.5 × 1/2 = 3/8; B: 0.5 × 3/4 + 0.5 × 1/2 = 5/8.
    expect(formatFraction(shares.get('A')!)).toBe('3/8');
    expect(formatFraction(shares.get('B')!)).toBe('5/8');
  });

  it('sums exactly to the amount, the leftover fen to the largest remainders', () => {
    const shares = computeShares(['A', 'B', 'C'], [{ factor: 'pop', weight: '1', values: values({ A: '1', B: '1', C: '1' }) }]);
    const lines = apportion(100n, shares);
    expect(sum(lines)).toBe(100n);
    // 33.33… each: one fen left, all remainders equal: the lowest region code takes it.
    expect(lines.map((l) => [l.regionCode, l.fen, l.remainderFen])).toEqual([
      ['A', 34n, 1n],
      ['B', 33n, 0n],
      ['C', 33n, 0n],
    ]);
  });

  it('breaks ties by region code, not by input order', () => {
    const shares = computeShares(['Z', 'M', 'B'], [{ factor: 'pop', weight: '1', values: values({ Z: '1', M: '1', B: '1' }) }]);
    const lines = apportion(200n, shares);
    expect(lines.map((l) => [l.regionCode, l.fen])).toEqual([
      ['B', 67n],
      ['M', 67n],
      ['Z', 66n],
    ]);
  });

  it('gives the leftover to the largest remainder before a lower code', () => {
    // shares 0.1, 0.2, 0.7 of 1.01 yuan (101 fen): 10.1, 20.2, 70.7 → floors 10, 20, 70, one left → C (0.7).
    const shares = computeShares(['A', 'B', 'C'], [{ factor: 'pop', weight: '1', values: values({ A: '1', B: '2', C: '7' }) }]);
    const lines = apportion(101n, shares);
    expect(lines.map((l) => l.fen)).toEqual([10n, 20n, 71n]);
  });

  it('sums exactly over many awkward shares', () => {
    const codes = Array.from({ length: 37 }, (_, i) => `R${String(i).padStart(2, '0')}`);
    const v1 = values(Object.fromEntries(codes.map((c, i) => [c, String((i * 7919) % 1013 + 1)])));
    const v2 = values(Object.fromEntries(codes.map((c, i) => [c, `${i % 5}.${i % 3}`])));
    const shares = computeShares(codes, [
      { factor: 'a', weight: '0.3', values: v1 },
      { factor: 'b', weight: '0.7', values: v2 },
    ]);
    for (const total of [1n, 36n, 99999999n, 123456789012n]) {
      const lines = apportion(total, shares);
      expect(sum(lines)).toBe(total);
      expect(lines.filter((l) => l.remainderFen === 1n).length).toBeLessThan(codes.length);
    }
  });

  it('refuses a factor whose values sum to 0, a missing value and weights not summing to 1', () => {
    const problem = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as ShareError).problem;
      }
      return null;
    };
    expect(problem(() => computeShares(['A', 'B'], [{ factor: 'task', weight: '1', values: values({ A: '0', B: '0.00' }) }]))).toEqual({ kind: 'FACTOR_SUM_ZERO', factor: 'task' });
    expect(problem(() => computeShares(['A', 'B'], [{ factor: 'task', weight: '1', values: values({ A: '1' }) }]))).toEqual({ kind: 'VALUE_MISSING', factor: 'task', regionCode: 'B' });
    expect(
      problem(() =>
        computeShares(['A'], [
          { factor: 'a', weight: '0.25', values: values({ A: '1' }) },
          { factor: 'b', weight: '0.5', values: values({ A: '1' }) },
        ]),
      ),
    ).toEqual({ kind: 'WEIGHTS_NOT_ONE', sum: fraction(3n, 4n) });
  });
});
