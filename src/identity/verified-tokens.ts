/**
 * Access tokens whose signature has been checked, with their claims (issue #12): a client sends
 * the same token with every request for its whole lifetime, and jsonwebtoken's verification
 * (decode, HMAC, JSON, claim checks) was about 4 % of the CPU of a trivial authenticated request.
 * Only tokens that passed verification are kept (a forged or altered token never enters, so the
 * cache holds at most the tokens this service issued and still sees), at most `max`, the oldest
 * dropped first. Expiry is checked on every use as jsonwebtoken checks it; the session, the
 * account and its permissions are still read on every request (UsersRepository.findForAccessToken).
 */
export class VerifiedTokens<Claims extends { exp?: number }> {
  private readonly claims = new Map<string, Claims>();

  constructor(private readonly max = 10_000) {}

  /** The claims of a token verified before, `expired` once its `exp` has passed, else undefined. */
  get(token: string, nowMs = Date.now()): Claims | 'expired' | undefined {
    const claims = this.claims.get(token);
    if (!claims) return undefined;
    // jsonwebtoken: expired when the clock, in whole seconds, has reached `exp`.
    if (typeof claims.exp === 'number' && Math.floor(nowMs / 1000) >= claims.exp) {
      this.claims.delete(token);
      return 'expired';
    }
    return claims;
  }

  set(token: string, claims: Claims): void {
    if (this.claims.size >= this.max) {
      const oldest = this.claims.keys().next();
      if (!oldest.done) this.claims.delete(oldest.value);
    }
    this.claims.set(token, claims);
  }

  get size(): number {
    return this.claims.size;
  }
}
