import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { currentScope } from '../common/request-scope/request-scope';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { ApiKeysRepository } from './api-keys.repository';
import { SIGN_IN_AUDIT } from './identity.audited';
import { IdentityErrors } from './identity.errors';
import { PasswordHasher, passwordProblem } from './password-hasher';
import { Principals } from './principals';
import { PrincipalCache } from './principal-cache';
import { SignInThrottle } from './sign-in-throttle';
import { TokensRepository } from './tokens.repository';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';
import { VerifiedTokens } from './verified-tokens';

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: UserEntity;
}

interface AccessClaims {
  sub: string;
  /** The sign-in (auth_sessions.id). */
  sid?: string;
  typ: 'access';
  iat: number;
  exp: number;
}

export const API_KEY_HEADER = 'x-api-key';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Sign-in, tokens and API keys at the door. Access tokens are short-lived JWTs (HS256); refresh
 * tokens are random, stored hashed, and rotate on every use; a replayed refresh token revokes
 * its whole family (one sign-in, a row of auth_sessions that every access token names as `sid`:
 * ending it ends its access tokens too). Wrong passwords slow sign-in down (SignInThrottle);
 * no account is locked.
 */
@Injectable()
export class AuthService {
  /** A real hash of nothing: unknown usernames cost the same time as wrong passwords. */
  private readonly dummyHash: Promise<string>;
  /** Signatures already checked (verified-tokens.ts): expiry still checked on every use. */
  private readonly verified = new VerifiedTokens<AccessClaims>();

  /** What a kept API key's principal needs checked at every use, by the key's prefix. */
  private readonly apiKeyChecks = new Map<string, { keyId: string; creatorId: string; secretHash: string; expiresAt: number | null }>();
  /** When this process last recorded each key's use. */
  private readonly apiKeyTouched = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly tokens: TokensRepository,
    private readonly apiKeys: ApiKeysRepository,
    private readonly principals: Principals,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly throttle: SignInThrottle,
    private readonly principalCache: PrincipalCache,
  ) {
    this.dummyHash = this.hasher.hash(randomUUID());
  }

  async login(username: string, password: string): Promise<IssuedTokens> {
    const name = username.toLowerCase();
    // Before anything about the account is read: the same for known and unknown usernames.
    const attempt = await this.throttle.begin(name, currentScope()?.clientIp ?? 'unknown');
    const user = await this.users.findByUsernameForAuth(name);
    // An unknown username costs a hash check too, against a real hash of nothing.
    const ok = await this.hasher.verify(password, user ? user.passwordHash : await this.dummyHash);
    if (!user || !ok) {
      if (user) {
        await this.dataSource.transaction((m) => this.audit.fact(m, SIGN_IN_AUDIT, 'auth.loginFailed', user, { failures: attempt.accountFailures }));
      }
      throw IdentityErrors.invalidCredentials();
    }
    if (user.disabled) {
      await this.dataSource.transaction((m) => this.throttle.succeeded(m, attempt));
      throw IdentityErrors.accountDisabled();
    }
    return this.dataSource.transaction(async (m) => {
      await this.throttle.succeeded(m, attempt);
      if (this.hasher.needsRehash(user.passwordHash)) await this.users.rehashPassword(m, user.id, await this.hasher.hash(password));
      const issued = await this.issue(m, user, await this.tokens.createSession(m, user.id));
      await this.audit.fact(m, SIGN_IN_AUDIT, 'auth.login', user);
      return issued;
    });
  }

  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const row = await this.tokens.findByHashForUpdate(m, sha256(refreshToken));
      if (!row || row.revokedAt || row.expiresAt <= new Date()) return { error: IdentityErrors.invalidRefreshToken() };
      if (row.usedAt) {
        // A rotated token came back: someone else holds this sign-in. End all of it.
        await this.tokens.revokeFamily(m, row.familyId);
        // The row carries the account's region, so the officers above it see the alarm too.
        const owner = await this.users.findByIdForAuth(row.userId, m);
        await this.audit.fact(m, SIGN_IN_AUDIT, 'auth.refreshReuse', owner ?? { id: row.userId }, { familyRevoked: true });
        return { error: IdentityErrors.refreshTokenReused() };
      }
      const user = await this.users.findByIdForAuth(row.userId, m);
      if (!user || user.disabled) {
        await this.tokens.revokeFamily(m, row.familyId);
        return { error: user ? IdentityErrors.accountDisabled() : IdentityErrors.invalidRefreshToken() };
      }
      await this.tokens.markUsed(m, row.id);
      return { issued: await this.issue(m, user, row.familyId) };
    });
    // Revocations commit even though the caller gets an error.
    if ('error' in outcome) throw outcome.error;
    return outcome.issued;
  }

  /**
   * Ends sign-ins: every one of the caller with `everywhere`, else the one of the given refresh
   * token, else the one of the access token in use. Returns how many were still open.
   */
  async logout(principal: Principal, refreshToken: string | undefined, everywhere: boolean): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      let revoked = 0;
      if (everywhere || (!refreshToken && !principal.sessionId)) {
        revoked = await this.tokens.revokeAllOfUser(m, principal.id);
      } else if (refreshToken) {
        const row = await this.tokens.findByHashForUpdate(m, sha256(refreshToken));
        if (row && row.userId === principal.id) revoked = await this.tokens.revokeFamily(m, row.familyId);
      } else {
        revoked = await this.tokens.revokeFamily(m, principal.sessionId!);
      }
      await this.audit.fact(m, SIGN_IN_AUDIT, 'auth.logout', principal, { revoked, everywhere });
      return revoked;
    });
  }

  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findByIdForAuth(principal.id);
    if (!user) throw IdentityErrors.userNotFound();
    if (!(await this.hasher.verify(currentPassword, user.passwordHash))) throw IdentityErrors.wrongCurrentPassword();
    const problem = passwordProblem(newPassword, user.username);
    if (problem) throw IdentityErrors.weakPassword('newPassword', problem);
    if (newPassword === currentPassword) throw IdentityErrors.passwordUnchanged();
    const hash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (m) => {
      await this.users.setPassword(m, user.id, hash);
      // Every sign-in ends, this one too: refresh and access tokens stop working at once.
      await this.tokens.revokeAllOfUser(m, user.id);
      await this.audit.fact(m, SIGN_IN_AUDIT, 'auth.changePassword', user, { password: { from: '***', to: '***' } });
    });
  }

  /** The principal behind an access token, or a coded UNAUTHENTICATED error. */
  async principalFromAccessToken(token: string): Promise<Principal> {
    let claims = this.verified.get(token);
    if (claims === 'expired') throw IdentityErrors.invalidToken('TOKEN_EXPIRED');
    if (!claims) {
      try {
        claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
      } catch (e) {
        throw IdentityErrors.invalidToken((e as Error).name === 'TokenExpiredError' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID');
      }
      this.verified.set(token, claims);
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !UUID.test(claims.sub)) throw IdentityErrors.invalidToken('TOKEN_INVALID');
    // Tokens from before sign-ins were recorded carry no session: sign in again.
    if (typeof claims.sid !== 'string' || !UUID.test(claims.sid)) throw IdentityErrors.invalidToken('TOKEN_INVALID');
    const kept = this.principalCache.get(claims.sub, claims.sid);
    if (kept) return kept;
    const ticket = this.principalCache.ticket(claims.sub);
    const found = await this.users.findForAccessToken(claims.sub, claims.sid);
    if (!found) throw IdentityErrors.invalidToken('TOKEN_INVALID');
    if (found.user.disabled) throw IdentityErrors.accountDisabled();
    if (!found.sessionOpen) throw IdentityErrors.invalidToken('TOKEN_REVOKED');
    const principal = await this.principals.ofUser(found.user, claims.sid, found.region);
    if (!principal) throw IdentityErrors.invalidToken('TOKEN_INVALID');
    this.principalCache.put(claims.sub, claims.sid, ticket, principal);
    return principal;
  }

  /**
   * The principal of an API key, or INVALID_API_KEY. The secret and the expiry are checked at
   * every use; the key, its creator's account and permissions as they are now — read from the
   * database, or kept by the PrincipalCache under the creator's account while nothing of them
   * changed (a change of the key or of its creator notifies).
   */
  async principalFromApiKey(presented: string): Promise<Principal> {
    const match = /^jzfp_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(presented);
    if (!match) throw IdentityErrors.invalidApiKey();
    const [, prefix, secret] = match as unknown as [string, string, string];
    const known = this.apiKeyChecks.get(prefix);
    const kept = known && this.principalCache.get(known.creatorId, `key:${prefix}`);
    if (known && kept) {
      if (!safeEqualHex(known.secretHash, sha256(secret)) || (known.expiresAt !== null && known.expiresAt <= Date.now())) throw IdentityErrors.invalidApiKey();
      this.touchApiKey(known.keyId);
      return kept;
    }
    const ticket = this.principalCache.ticket();
    const key = await this.apiKeys.findByPrefixForAuth(prefix);
    if (!key || !safeEqualHex(key.secretHash, sha256(secret))) throw IdentityErrors.invalidApiKey();
    if (key.revokedAt || (key.expiresAt && key.expiresAt <= new Date())) throw IdentityErrors.invalidApiKey();
    // Checked at every read: the creator's account and permissions as they are now.
    const creator = key.createdBy ? await this.users.findByIdForAuth(key.createdBy) : null;
    const principal = await this.principals.ofApiKey(key, creator);
    if (!principal) throw IdentityErrors.invalidApiKey();
    if (key.createdBy && this.principalCache.active) {
      if (this.apiKeyChecks.size >= MAX_KEPT_API_KEYS) this.apiKeyChecks.clear();
      this.apiKeyChecks.set(prefix, { keyId: key.id, creatorId: key.createdBy, secretHash: key.secretHash, expiresAt: key.expiresAt ? key.expiresAt.getTime() : null });
      this.principalCache.put(key.createdBy, `key:${prefix}`, ticket, principal);
    }
    this.touchApiKey(key.id);
    return principal;
  }

  /** Records a key's last use, at most once a minute per key from this process (the column's own granularity). */
  private touchApiKey(keyId: string): void {
    const now = Date.now();
    if ((this.apiKeyTouched.get(keyId) ?? 0) > now - 60_000) return;
    if (this.apiKeyTouched.size >= MAX_KEPT_API_KEYS) this.apiKeyTouched.clear();
    this.apiKeyTouched.set(keyId, now);
    void this.apiKeys.touch(keyId).catch(() => undefined);
  }

  /** Tokens of one sign-in: `familyId` is its auth_sessions id, carried by the access token as `sid`. */
  private async issue(m: EntityManager, user: UserEntity, familyId: string): Promise<IssuedTokens> {
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid: familyId, typ: 'access' }, { expiresIn: ttl, algorithm: 'HS256', jwtid: randomUUID() });
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.auth.refreshTokenTtlDays * 86_400_000);
    await this.tokens.insert(m, { userId: user.id, familyId, tokenHash: sha256(refreshToken), expiresAt: refreshTokenExpiresAt });
    return { accessToken, accessTokenExpiresAt: new Date(Date.now() + ttl * 1000), refreshToken, refreshTokenExpiresAt, user };
  }
}

/** API keys whose checks and last use this process keeps (far more than a district issues). */
const MAX_KEPT_API_KEYS = 10_000;

function safeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
