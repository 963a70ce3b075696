import { sortStringsInPlace } from './sort-strings';

describe('sortStringsInPlace', () => {
  it('sorts as Array.prototype.sort does by default, in place, short and long lists, in any order', () => {
    for (const n of [0, 1, 2, 3, 17, 64, 65, 300]) {
      // Distinct strings mixing ASCII, CJK and astral characters (UTF-16 code unit order, not code point order).
      const base = Array.from({ length: n }, (_, i) => `${String.fromCharCode(0x41 + (i % 7))}${i % 3 ? '户' : '\u{20000}'}${(i * 7919) % 1009}`);
      for (const list of [base, [...base].reverse(), [...base].sort(), [...base].sort().reverse()]) {
        const expected = [...list].sort();
        const copy = [...list];
        expect(sortStringsInPlace(copy)).toBe(copy);
        expect(copy).toEqual(expected);
      }
    }
  });
});
