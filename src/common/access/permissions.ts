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
const READ_REGISTRY: readonly Permission[] = ['households.read', 'assistance.read'];

/**
 * The registry's procedure runs bottom-up: the village proposes (and keeps its records current),
 * the town reviews, the district approves. Sector departments and supervisors read.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  [Role.DISTRICT_ADMIN]: ['account.self', 'regions.manage', 'users.read', 'users.manage', 'jobs.read'],
  // Keys carry only integration scopes their creator holds: the district office, which holds them all, issues them.
  [Role.DISTRICT_OFFICER]: ['account.self', 'users.read', 'personalData.unmask', ...READ_REGISTRY, 'households.write', 'households.approve', 'povertyLines.manage', 'assistance.write', 'exchange.import', 'exchange.export', 'exchange.feed', 'webhooks.manage', 'apiKeys.manage', 'jobs.read'],
  [Role.TOWN_OFFICER]: ['account.self', 'personalData.unmask', ...READ_REGISTRY, 'households.write', 'households.review', 'assistance.write', 'exchange.import', 'exchange.export'],
  [Role.VILLAGE_OFFICER]: ['account.self', 'personalData.unmask', ...READ_REGISTRY, 'households.write', 'households.propose', 'assistance.write', 'exchange.import', 'exchange.export'],
  [Role.SECTOR_OFFICER]: ['account.self', ...READ_REGISTRY],
  [Role.SUPERVISOR]: ['account.self', ...READ_REGISTRY],
  [Role.AUDITOR]: ['account.self', 'audit.read', 'users.read'],
  // The provincial platform and departments' systems, through API keys: bulk exchange and the change feed.
  [Role.INTEGRATION]: [...READ_REGISTRY, 'exchange.import', 'exchange.export', 'exchange.feed', 'webhooks.manage'],
};

/**
 * What an API key may carry at most: the integration role's permissions (reading the registry,
 * exchange and the change feed), and of those only what its creator holds, checked when it is
 * created and again at every use.
 */
export const INTEGRATION_SCOPES: readonly Permission[] = ROLE_PERMISSIONS[Role.INTEGRATION];

/**
 * Separation of duties for accounts: a role holding any of these (reading the audit trail,
 * unmasking personal data, a step of the registry's procedure, managing accounts) is given only
 * when a second administrator approves what the first asked (role_grants), never by an
 * administrator to itself. The operator's paths (BOOTSTRAP_ADMIN_*, admin:create, the demo seed)
 * grant directly.
 */
export const SECOND_PARTY_PERMISSIONS: readonly Permission[] = [
  'audit.read',
  'personalData.unmask',
  'households.propose',
  'households.review',
  'households.approve',
  'users.manage',
];

export function needsSecondParty(role: Role): boolean {
  return (ROLE_PERMISSIONS[role] ?? []).some((p) => SECOND_PARTY_PERMISSIONS.includes(p));
}

/** Roles once each, in the order of the Role enum: how they are stored, shown and compared. */
export function canonicalRoles(roles: readonly Role[]): Role[] {
  const order = Object.values(Role);
  return [...new Set(roles)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}
