import { createHash, randomBytes } from 'node:crypto';

/**
 * A seeded pseudo-random generator for reproducible samples (an inspection's sample of towns,
 * villages and households, issue #20): the same seed gives the same sequence on every machine
 * and every version of Node, so a recorded seed redraws the recorded sample.
 *
 * The generator is xoshiro128** (Blackman and Vigna, 2018; public domain), 32-bit words. Its
 * 128-bit state is the first 16 bytes of SHA-256 of the seed text (UTF-8), read as four
 * big-endian words, so any text is a seed and seeds that differ in one character give unrelated
 * streams. It is kept here (a few lines, with its reference outputs in the spec) rather than taken
 * from a library so that no dependency upgrade can change a recorded sample. It is not for
 * secrets: use node:crypto for those.
 */
export class SeededRandom {
  private readonly s = new Uint32Array(4);

  constructor(seed: string) {
    const h = createHash('sha256').update(seed, 'utf8').digest();
    for (let i = 0; i < 4; i++) this.s[i] = h.readUInt32BE(i * 4);
    // The all-zero state is the one state xoshiro never leaves; SHA-256 gives it with probability 2^-128.
    if (!this.s[0] && !this.s[1] && !this.s[2] && !this.s[3]) this.s[0] = 1;
  }

  /** A generator started from a raw state (the reference implementation's test vectors). */
  static fromState(words: readonly [number, number, number, number]): SeededRandom {
    const r = new SeededRandom('');
    words.forEach((w, i) => (r.s[i] = w >>> 0));
    return r;
  }

  /** The next 32-bit unsigned word. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias (rejection of the top remainder). */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`below(n): n must be an integer in [1, 2^32], got ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * A simple random sample of `k` of `items` without replacement, in the order drawn (a partial
 * Fisher–Yates shuffle over a copy). The result depends only on the seed's stream and the order
 * of `items`: give the population in a stable order (by code, by number). `k` larger than the
 * population is the caller's error to report; here it is a RangeError.
 */
export function sampleOf<T>(items: readonly T[], k: number, random: SeededRandom): T[] {
  if (!Number.isInteger(k) || k < 0 || k > items.length) throw new RangeError(`sampleOf: k must be an integer in [0, ${items.length}], got ${k}`);
  const a = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + random.below(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/** A fresh seed (16 hex digits from the system's secure source) for a draw whose caller gave none; record it. */
export function newSeed(): string {
  return randomBytes(8).toString('hex');
}
