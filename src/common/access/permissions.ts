/**
 * The vocabulary of access: the permission names, the roles and the sectors. A resolver names the
 * permission it needs (@RequirePermission); region scope (which rows) is applied separately,
 * in the repositories, from the caller's home region.
 *
 * Permission names are open: each module declares its own, with the roles that hold them and
 * what they allow, in its `*.declaration.ts` (`definePermissions`, src/common/kit/module-declaration.ts),
 * and adds them to this interface by module augmentation, so that `Permission` knows every name
 * at compile time and a misspelt name in `@RequirePermission` does not compile:
 *
 *   declare module '../common/access/permissions' {
 *     interface PermissionNames extends NamesOf<typeof HOUSEHOLDS_PERMISSIONS> {}
 *   }
 *
 * The app floor merges the declarations into the one table that says who may do what
 * (src/app.permissions.ts) and into the GraphQL `Permission` enum (permission-enum.ts). No
 * module edits a central list.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules' augmentations
export interface PermissionNames {}

/** A permission name, as declared by some module (e.g. `households.read`). */
export type Permission = Extract<keyof PermissionNames, string>;

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
