import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { ApiKeysRepository } from './api-keys.repository';
import { IdentityErrors } from './identity.errors';
import { PasswordHasher, passwordProblem } from './password-hasher';
import { Principals } from './principals';
import { TokensRepository } from './tokens.repository';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: UserEntity;
}

interface AccessClaims {
  sub: string;
  typ: 'access';
  iat: number;
  exp: number;
}

export const API_KEY_HEADER = 'x-api-key';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Sign-in, tokens and API keys at the door. Access tokens are short-lived JWTs (HS256); refresh
 * tokens are random, stored hashed, and rotate on every use; a replayed refresh token revokes
 * its whole family. Repeated wrong passwords lock the account for a while.
 */
@Injectable()
export class AuthService {
  /** A real hash of nothing: unknown usernames cost the same time as wrong passwords. */
  private dummyHash?: Promise<string>;

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
  ) {}

  async login(username: string, password: string): Promise<IssuedTokens> {
    const user = await this.users.findByUsernameForAuth(username);
    if (!user) {
      await this.hasher.verify(password, await (this.dummyHash ??= this.hasher.hash(randomUUID())));
      throw IdentityErrors.invalidCredentials();
    }
    const now = new Date();
    if (user.lockedUntil && user.lockedUntil > now) throw IdentityErrors.accountLocked(user.lockedUntil);
    const ok = await this.hasher.verify(password, user.passwordHash);
    if (!ok) {
      const failures = user.failedLogins + 1;
      const lock = failures >= this.config.auth.loginMaxFailures;
      const lockedUntil = lock ? new Date(now.getTime() + this.config.auth.loginLockMinutes * 60_000) : null;
      await this.dataSource.transaction(async (m) => {
        await this.users.setLoginState(m, user.id, { failedLogins: lock ? 0 : failures, lockedUntil });
        await this.audit.record(m, [
          {
            operation: lock ? 'auth.lockout' : 'auth.loginFailed',
            entityType: 'User',
            entityId: user.id,
            regionCode: user.regionCode,
            changes: { failures },
          },
        ]);
      });
      if (lock) throw IdentityErrors.accountLocked(lockedUntil!);
      throw IdentityErrors.invalidCredentials();
    }
    if (user.disabled) throw IdentityErrors.accountDisabled();
    return this.dataSource.transaction(async (m) => {
      if (user.failedLogins || user.lockedUntil) await this.users.setLoginState(m, user.id, { failedLogins: 0, lockedUntil: null });
      if (this.hasher.needsRehash(user.passwordHash)) await this.users.setPassword(m, user.id, await this.hasher.hash(password));
      const issued = await this.issue(m, user, randomUUID());
      await this.audit.record(m, [{ operation: 'auth.login', entityType: 'User', entityId: user.id, regionCode: user.regionCode }]);
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
        await this.audit.record(m, [
          { operation: 'auth.refreshReuse', entityType: 'User', entityId: row.userId, changes: { familyRevoked: true } },
        ]);
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

  /** Ends one sign-in (the family of the given refresh token) or every sign-in of the caller. */
  async logout(principal: Principal, refreshToken: string | undefined, everywhere: boolean): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      let revoked = 0;
      if (everywhere || !refreshToken) {
        revoked = await this.tokens.revokeAllOfUser(m, principal.id);
      } else {
        const row = await this.tokens.findByHashForUpdate(m, sha256(refreshToken));
        if (row && row.userId === principal.id) revoked = await this.tokens.revokeFamily(m, row.familyId);
      }
      await this.audit.record(m, [
        { operation: 'auth.logout', entityType: 'User', entityId: principal.id, regionCode: principal.regionCode, changes: { revoked, everywhere } },
      ]);
      return revoked;
    });
  }

  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findByIdForAuth(principal.id);
    if (!user) throw IdentityErrors.userNotFound();
    if (!(await this.hasher.verify(currentPassword, user.passwordHash))) throw IdentityErrors.wrongCurrentPassword();
    const problem = passwordProblem(newPassword, user.username);
    if (problem) throw IdentityErrors.weakPassword('newPassword', problem);
    const hash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (m) => {
      await this.users.setPassword(m, user.id, hash);
      // Every session ends: refresh tokens revoked, access tokens older than now refused.
      await this.tokens.revokeAllOfUser(m, user.id);
      await this.audit.record(m, [
        { operation: 'auth.changePassword', entityType: 'User', entityId: user.id, regionCode: user.regionCode, changes: { password: { from: '***', to: '***' } } },
      ]);
    });
  }

  /** The principal behind an access token, or a coded UNAUTHENTICATED error. */
  async principalFromAccessToken(token: string): Promise<Principal> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch (e) {
      throw IdentityErrors.invalidToken((e as Error).name === 'TokenExpiredError' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID');
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') throw IdentityErrors.invalidToken('TOKEN_INVALID');
    const user = await this.users.findByIdForAuth(claims.sub);
    if (!user) throw IdentityErrors.invalidToken('TOKEN_INVALID');
    if (user.disabled) throw IdentityErrors.accountDisabled();
    // Tokens issued before the last password change are void (JWT iat has 1 s resolution).
    if (claims.iat < Math.floor(user.passwordChangedAt.getTime() / 1000)) throw IdentityErrors.invalidToken('TOKEN_REVOKED');
    const principal = await this.principals.ofUser(user);
    if (!principal) throw IdentityErrors.invalidToken('TOKEN_INVALID');
    return principal;
  }

  async principalFromApiKey(presented: string): Promise<Principal> {
    const match = /^jzfp_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(presented);
    if (!match) throw IdentityErrors.invalidApiKey();
    const key = await this.apiKeys.findByPrefixForAuth(match[1]);
    if (!key || !safeEqualHex(key.secretHash, sha256(match[2]))) throw IdentityErrors.invalidApiKey();
    if (key.revokedAt || (key.expiresAt && key.expiresAt <= new Date())) throw IdentityErrors.invalidApiKey();
    // Re-checked at every use: the creator's account and permissions as they are now.
    const creator = key.createdBy ? await this.users.findByIdForAuth(key.createdBy) : null;
    const principal = await this.principals.ofApiKey(key, creator);
    if (!principal) throw IdentityErrors.invalidApiKey();
    void this.apiKeys.touch(key.id).catch(() => undefined);
    return principal;
  }

  private async issue(m: EntityManager, user: UserEntity, familyId: string): Promise<IssuedTokens> {
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: user.id, typ: 'access' }, { expiresIn: ttl, algorithm: 'HS256', jwtid: randomUUID() });
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.auth.refreshTokenTtlDays * 86_400_000);
    await this.tokens.insert(m, { userId: user.id, familyId, tokenHash: sha256(refreshToken), expiresAt: refreshTokenExpiresAt });
    return { accessToken, accessTokenExpiresAt: new Date(Date.now() + ttl * 1000), refreshToken, refreshTokenExpiresAt, user };
  }
}

function safeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
