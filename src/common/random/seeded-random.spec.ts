import { newSeed, sampleOf, SeededRandom } from './seeded-random';

describe('SeededRandom (xoshiro128**)', () => {
  it('gives the reference implementation’s outputs for a raw state', () => {
    // Outputs of Blackman and Vigna's xoshiro128starstar.c from the state {1, 2, 3, 4}.
    const r = SeededRandom.fromState([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, () => r.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('seeds from the text through SHA-256: the same text the same stream, another text another', () => {
    const a = new SeededRandom('督查〔2018〕3号');
    const b = new SeededRandom('督查〔2018〕3号');
    const c = new SeededRandom('督查〔2018〕4号');
    const xs = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('keeps a seed’s stream fixed across versions (a recorded sample redraws the same)', () => {
    // SHA-256("shangjie") begins 8e649660 61d742be 5f876e71 25e4fa7c: the state; the outputs are the
    // reference C code's from that state. A change here changes every recorded sample.
    const r = new SeededRandom('shangjie');
    expect(Array.from({ length: 4 }, () => r.nextUint32())).toEqual([1801303828, 2724750200, 4058674796, 313033861]);
  });

  it('below(n) stays in [0, n), covers it, and refuses a bad n', () => {
    const r = new SeededRandom('below');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.below(7);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(7);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.below(1)).toBe(0);
    expect(() => r.below(0)).toThrow(RangeError);
    expect(() => r.below(1.5)).toThrow(RangeError);
  });
});

describe('sampleOf', () => {
  const population = Array.from({ length: 50 }, (_, i) => `h${String(i).padStart(2, '0')}`);

  it('draws k distinct items of the population, the same for the same seed', () => {
    const s1 = sampleOf(population, 10, new SeededRandom('s'));
    expect(s1).toHaveLength(10);
    expect(new Set(s1).size).toBe(10);
    for (const x of s1) expect(population).toContain(x);
    expect(sampleOf(population, 10, new SeededRandom('s'))).toEqual(s1);
    expect(sampleOf(population, 10, new SeededRandom('t'))).not.toEqual(s1);
  });

  it('draws the whole population when k equals its size, none for 0, and refuses k beyond it', () => {
    expect([...sampleOf(population, 50, new SeededRandom('all'))].sort()).toEqual(population);
    expect(sampleOf(population, 0, new SeededRandom('none'))).toEqual([]);
    expect(() => sampleOf(population, 51, new SeededRandom('over'))).toThrow(RangeError);
    expect(() => sampleOf(population, -1, new SeededRandom('neg'))).toThrow(RangeError);
  });

  it('does not change the population it is given', () => {
    const copy = [...population];
    sampleOf(population, 20, new SeededRandom('pure'));
    expect(population).toEqual(copy);
  });

  it('is roughly uniform: each item of 5 drawn in about 2/5 of 5000 samples of 2', () => {
    const counts = new Map<string, number>();
    const r = new SeededRandom('uniform');
    for (let i = 0; i < 5000; i++) for (const x of sampleOf(['a', 'b', 'c', 'd', 'e'], 2, r)) counts.set(x, (counts.get(x) ?? 0) + 1);
    for (const x of ['a', 'b', 'c', 'd', 'e']) expect(Math.abs(counts.get(x)! - 2000)).toBeLessThan(150);
  });
});

describe('newSeed', () => {
  it('gives 16 hex digits, different each time', () => {
    const a = newSeed();
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(newSeed()).not.toBe(a);
  });
});

