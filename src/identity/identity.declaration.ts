import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { Role } from '../common/access/permissions';
import { maskPhone } from '../common/crypto/mask';
import type { ProtectedField } from '../common/protection/protected-field';
import { ApiKeyEntity } from './api-key.entity';
import { AuthSessionEntity } from './auth-session.entity';
import { LoginThrottleEntity } from './login-throttle.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RoleGrantEntity } from './role-grant.entity';
import { UserEntity } from './user.entity';

declare module '../common/access/personal-data' {
  interface PersonalDataSubjects {
    USER_PHONE: true;
  }
}

/** Every role of a person (not the integration role of API keys). */
const PERSONS = [Role.DISTRICT_ADMIN, Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.AUDITOR];

/** Blind-index domain of phone numbers (helpers' phones use the same, so one number looks up the same). */
export const PHONE_DOMAIN = 'phone';

/**
 * A phone number column pair (`phone_enc`, `phone_hash`) as a protected field: stored as given,
 * masked as a phone, looked up by its blind index in the one phone domain. Accounts and helpers
 * declare theirs with it.
 */
export function phoneField(f: Pick<ProtectedField, 'entity' | 'table' | 'subject' | 'description' | 'readPermission'>): ProtectedField {
  return {
    ...f,
    property: 'phone',
    encrypted: { property: 'phoneEnc', column: 'phone_enc' },
    blindIndex: { property: 'phoneHash', column: 'phone_hash', domain: PHONE_DOMAIN },
    normalize: (v) => v || null,
    mask: maskPhone,
  };
}

/** An account's phone. */
export const USER_PHONE = phoneField({ entity: 'User', table: 'users', subject: 'USER_PHONE', description: 'An account\'s phone number', readPermission: 'users.read' });

/** The permissions of the identity module: what each allows and who holds it. */
export const IDENTITY_PERMISSIONS = definePermissions({
  'account.self': { description: 'Read and manage your own account: viewer, password, sessions.', roles: PERSONS },
  'users.read': { description: 'Read accounts of your region and below.', roles: [Role.DISTRICT_ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR] },
  'users.manage': { description: 'Create, change and disable accounts; decide role grants.', roles: [Role.DISTRICT_ADMIN], secondParty: true },
  'apiKeys.manage': { description: 'Create and revoke API keys for integration clients.', roles: [Role.DISTRICT_OFFICER] },
  'personalData.unmask': { description: 'Reveal masked personal data in full, with a reason (recorded).', roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER], secondParty: true },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof IDENTITY_PERMISSIONS> {}
}

/**
 * Accounts, sessions, API keys, role grants and revealing personal data: what the identity
 * module brings to the app (merged in src/app.modules.ts).
 *
 * Separation of duties (三员分立, MLPS level 3): the administrator manages accounts but does not
 * read the audit trail; the auditor reads the audit trail and changes nothing. Keys carry only
 * integration scopes their creator holds: the district office, which holds them all, issues them.
 */
export const IDENTITY: ModuleDeclaration = {
  name: 'identity',
  entities: [UserEntity, AuthSessionEntity, RefreshTokenEntity, LoginThrottleEntity, ApiKeyEntity, RoleGrantEntity],
  permissions: IDENTITY_PERMISSIONS,
  protectedFields: [USER_PHONE],
  settings: {
    JWT_SECRET: 'HMAC key of access tokens (32+ characters)',
    ACCESS_TOKEN_TTL_SECONDS: 'lifetime of an access token',
    REFRESH_TOKEN_TTL_DAYS: 'lifetime of a refresh token',
    PRINCIPAL_CACHE_SECONDS: "how long a signed-in caller's principal is kept between requests at most, on a PostgreSQL server while listening to its changes (0: read on every request)",
    PASSWORD_HASH_COST: 'scrypt cost, log2 N (15 = 32 MiB, ~0.2 s); raised costs rehash at next sign-in',
    LOGIN_DELAY_BASE_MS: 'first sign-in delay after the free wrong passwords; each further one doubles it (see Accounts)',
    LOGIN_DELAY_FREE_FAILURES: 'per username and client address: wrong passwords without delay, and the longest delay',
    LOGIN_DELAY_MAX_SECONDS: 'per username and client address: wrong passwords without delay, and the longest delay',
    LOGIN_ACCOUNT_DELAY_FREE_FAILURES: 'per username from any address (gentler: the owner shares it)',
    LOGIN_ACCOUNT_DELAY_MAX_SECONDS: 'per username from any address (gentler: the owner shares it)',
    LOGIN_ADDRESS_DELAY_FREE_FAILURES: 'per client address over every username (counted in memory, per process)',
    LOGIN_ADDRESS_DELAY_MAX_SECONDS: 'per client address over every username (counted in memory, per process)',
    LOGIN_DELAY_FORGET_MINUTES: 'a counter without a wrong password this long starts again from zero',
    LOGIN_RATE_LIMIT_PER_MINUTE: 'sign-in and refresh attempts per minute per address',
    BOOTSTRAP_ADMIN_USERNAME: 'creates the first district administrator at start-up while none exists',
    BOOTSTRAP_ADMIN_PASSWORD: 'creates the first district administrator at start-up while none exists',
    BOOTSTRAP_ADMIN_REGION: 'creates the first district administrator at start-up while none exists',
  },
};
