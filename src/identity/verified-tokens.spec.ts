import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  it('answers the claims until the second of exp, then expired (as jsonwebtoken decides)', () => {
    const cache = new VerifiedTokens<{ exp: number }>();
    cache.set('t', { exp: 1_000 });
    expect(cache.get('t', 999_999)).toEqual({ exp: 1_000 });
    expect(cache.get('t', 1_000_000)).toBe('expired');
    // Dropped once expired: the next use verifies the token again (and jsonwebtoken refuses it).
    expect(cache.get('t', 999_999)).toBeUndefined();
  });

  it('never holds more than its maximum, dropping the oldest', () => {
    const cache = new VerifiedTokens<{ exp: number }>(3);
    for (const t of ['a', 'b', 'c', 'd']) cache.set(t, { exp: 2_000_000_000 });
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('d')).toEqual({ exp: 2_000_000_000 });
  });

  it('knows only tokens it was given', () => {
    expect(new VerifiedTokens().get('never-verified')).toBeUndefined();
  });
});
