/**
 * The vocabulary of access: the permission names, the roles and the sectors. A resolver names the
 * permission it needs (@RequirePermission); region scope (which rows) is applied separately,
 * in the repositories, from the caller's home region.
 *
 * Which roles hold a permission is declared by the module that owns it (its `*.declaration.ts`)
 * and merged by the app floor into one table (`src/app.permissions.ts`: ROLE_PERMISSIONS,
 * permissionsOf); lower floors get it injected as the AccessPolicy. The names stay here, in the
 * kit, because the GraphQL `Permission` enum and the input validators need them when the
 * classes load; a new module adds its permission names here and declares their roles itself.
 */
export const PERMISSIONS = [
  'account.self',
  'regions.manage',
  'users.read',
  'users.manage',
  'apiKeys.manage',
  'audit.read',
  'personalData.unmask',
  'households.read',
  'households.write',
  'households.propose',
  'households.review',
  'households.approve',
  'povertyLines.manage',
  'assistance.read',
  'assistance.write',
  'exchange.import',
  'exchange.export',
  'exchange.feed',
  'webhooks.manage',
  'jobs.read',
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

/**
 * Sector departments (行业部门) a sector officer belongs to: a sector officer has exactly one,
 * every other account none. With the region it bounds what a sector officer may write (its
 * sector's records in its region subtree, see region-scope); what it may read is its role's.
 */
export enum Sector {
  /** 教育 */
  EDUCATION = 'education',
  /** 卫健、医保 */
  HEALTH = 'health',
  /** 民政 */
  CIVIL_AFFAIRS = 'civil_affairs',
  /** 残联 */
  DISABLED_FEDERATION = 'disabled_federation',
  /** 人力资源和社会保障 */
  HUMAN_RESOURCES = 'human_resources',
  /** 财政 */
  FINANCE = 'finance',
  /** 农业农村（产业） */
  AGRICULTURE = 'agriculture',
  /** 纪检监察 */
  DISCIPLINE_INSPECTION = 'discipline_inspection',
}

/** Roles once each, in the order of the Role enum: how they are stored, shown and compared. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  const order = Object.values(Role);
  return [...new Set(roles)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
