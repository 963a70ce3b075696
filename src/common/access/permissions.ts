/**
 * Roles and their permissions: the one place that says who may do what. A resolver names the
 * permission it needs (@RequirePermission); region scope (which rows) is applied separately,
 * in the repositories, from the caller's home region.
 */
export const PERMISSIONS = [
  'account.self',
  'regions.manage',
  'users.read',
  'users.manage',
  'apiKeys.manage',
  'audit.read',
  'personalData.unmask',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export enum Role {
  DISTRICT_ADMIN = 'district_admin',
  DISTRICT_OFFICER = 'district_officer',
  TOWN_OFFICER = 'town_officer',
  VILLAGE_OFFICER = 'village_officer',
  SECTOR_OFFICER = 'sector_officer',
  SUPERVISOR = 'supervisor',
  AUDITOR = 'auditor',
  INTEGRATION = 'integration',
}

/** Sector departments (行业部门) a sector officer belongs to. */
export enum Sector {
  EDUCATION = 'education',
  HEALTH = 'health',
  CIVIL_AFFAIRS = 'civil_affairs',
  DISABLED_FEDERATION = 'disabled_federation',
  HUMAN_RESOURCES = 'human_resources',
  FINANCE = 'finance',
}

/**
 * Separation of duties (三员分立, MLPS level 3): the administrator manages accounts and keys
 * but does not read the audit trail; the auditor reads the audit trail and changes nothing.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.DISTRICT_ADMIN]: ['account.self', 'regions.manage', 'users.read', 'users.manage', 'apiKeys.manage'],
  [Role.DISTRICT_OFFICER]: ['account.self', 'users.read', 'personalData.unmask'],
  [Role.TOWN_OFFICER]: ['account.self', 'personalData.unmask'],
  [Role.VILLAGE_OFFICER]: ['account.self', 'personalData.unmask'],
  [Role.SECTOR_OFFICER]: ['account.self'],
  [Role.SUPERVISOR]: ['account.self'],
  [Role.AUDITOR]: ['account.self', 'audit.read', 'users.read'],
  [Role.INTEGRATION]: [],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}
