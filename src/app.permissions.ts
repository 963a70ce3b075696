import { AccessPolicy } from './common/access/access-policy';
import { Permission, Role } from './common/access/permissions';
import type { MergedDeclarations } from './common/kit/module-declaration';
import { APP_DECLARATIONS } from './app.modules';

/**
 * Roles and their permissions, merged from the modules' declarations: the one table that says who
 * may do what. The AppModule provides it as the AccessPolicy to the modules below it.
 */
export const ACCESS_POLICY = accessPolicyOf(APP_DECLARATIONS);

/** The access policy of merged declarations (the app's, or the app's with plugged modules). */
export function accessPolicyOf(d: MergedDeclarations): AccessPolicy {
  return new AccessPolicy(d.rolePermissions, d.secondPartyPermissions, d.revealReadPermission, Role.INTEGRATION);
}

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = ACCESS_POLICY.rolePermissions;
export const INTEGRATION_SCOPES: readonly Permission[] = ACCESS_POLICY.integrationScopes;
export const SECOND_PARTY_PERMISSIONS: readonly Permission[] = ACCESS_POLICY.secondPartyPermissions;

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return ACCESS_POLICY.permissionsOf(roles);
}

export function needsSecondParty(role: Role): boolean {
  return ACCESS_POLICY.needsSecondParty(role);
}
