import { AccessPolicy } from './common/access/access-policy';
import { Permission, Role } from './common/access/permissions';
import { APP_DECLARATIONS } from './app.modules';

/**
 * Roles and their permissions, merged from the modules' declarations: the one table that says who
 * may do what. The AppModule provides it as the AccessPolicy to the modules below it.
 */
export const ACCESS_POLICY = new AccessPolicy(
  APP_DECLARATIONS.rolePermissions,
  APP_DECLARATIONS.secondPartyPermissions,
  APP_DECLARATIONS.revealReadPermission,
  Role.INTEGRATION,
);

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = ACCESS_POLICY.rolePermissions;
export const INTEGRATION_SCOPES: readonly Permission[] = ACCESS_POLICY.integrationScopes;
export const SECOND_PARTY_PERMISSIONS: readonly Permission[] = ACCESS_POLICY.secondPartyPermissions;

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return ACCESS_POLICY.permissionsOf(roles);
}

export function needsSecondParty(role: Role): boolean {
  return ACCESS_POLICY.needsSecondParty(role);
}
