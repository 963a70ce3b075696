import { defineAudited } from '../audit/audit-descriptor';
import { canonicalRoles } from '../common/access/permissions';
import { auditMaskOf } from '../common/protection/protected-field';
import { ApiKeyEntity } from './api-key.entity';
import { USER_PHONE } from './identity.declaration';
import { RoleGrantEntity } from './role-grant.entity';
import { UserEntity } from './user.entity';

/**
 * How the identity module's entities are recorded in the audit trail (see AuditDescriptor).
 * Password hashes, the phone's ciphertext and blind index and API-key hashes never reach a row
 * (left out here and by DEFAULT_OMIT); the phone is recorded masked.
 */

/** An account as audited: its columns, with the clear phone when known (recorded masked). */
export type UserAuditView = UserEntity & { phone?: string | null };

/** Accounts as administrators change them, and reveals of their phone. */
export const USER_AUDIT = defineAudited({
  entityType: 'User',
  actions: ['users.create', 'users.update', 'personalData.unmask'],
  id: (u: UserAuditView) => u.id,
  region: (u) => u.regionCode,
  // Roles compared as a set (stored rows may predate canonical order).
  view: (u) => ({ ...u, roles: canonicalRoles(u.roles), phone: u.phone ?? null }),
  mask: auditMaskOf([USER_PHONE], USER_PHONE.entity),
  omit: ['passwordHash', 'phoneEnc', 'phoneHash', 'passwordChangedAt'],
});

/**
 * An account as the subject of its sign-ins (facts only): the account, or the principal signed
 * in with it; the rows carry the account's region (a reused refresh token's too: its owner is
 * looked up).
 */
export const SIGN_IN_AUDIT = defineAudited({
  entityType: 'User',
  actions: ['auth.login', 'auth.loginFailed', 'auth.refreshReuse', 'auth.logout', 'auth.changePassword'],
  id: (u: { id: string; regionCode?: string | null }) => u.id,
  region: (u) => u.regionCode,
});

/** A role grant waiting for, or decided by, a second administrator (facts: account, roles, status); the account's region. */
export const ROLE_GRANT_AUDIT = defineAudited({
  entityType: 'RoleGrant',
  actions: ['roleGrants.request', 'roleGrants.approve', 'roleGrants.reject', 'roleGrants.withdraw'],
  id: (g: RoleGrantEntity) => g.id,
  region: (g) => g.user?.regionCode ?? null,
});

/** An integration client's key: never its secret's hash. */
export const API_KEY_AUDIT = defineAudited({
  entityType: 'ApiKey',
  actions: ['apiKeys.create', 'apiKeys.revoke'],
  id: (k: ApiKeyEntity) => k.id,
  region: (k) => k.regionCode,
  omit: ['secretHash'],
});
