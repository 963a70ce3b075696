import type { Permission, Role } from './permissions';
import type { PersonalDataSubject } from './personal-data';

/**
 * Who may do what, as merged from the modules' declarations by the app floor
 * (`src/app.permissions.ts`, from each module's `*.declaration.ts`). Lower floors (identity
 * building principals, the personal-data registry) get it injected: the class is the Nest token,
 * provided by the AppModule. They never import the table itself, which names every module.
 */
export class AccessPolicy {
  /**
   * What an API key may carry at most: the integration role's permissions (reading the registry,
   * exchange and the change feed), and of those only what its creator holds, checked when it is
   * created and again at every use.
   */
  readonly integrationScopes: readonly Permission[];

  constructor(
    readonly rolePermissions: Readonly<Record<Role, readonly Permission[]>>,
    /**
     * Separation of duties for accounts: a role holding any of these (reading the audit trail,
     * unmasking personal data, a step of the registry's procedure, managing accounts) is given only
     * when a second administrator approves what the first asked (role_grants), never by an
     * administrator to itself. The operator's paths (BOOTSTRAP_ADMIN_*, admin:create, the demo
     * seed) grant directly.
     */
    readonly secondPartyPermissions: readonly Permission[],
    /** Revealing a value needs the permission to read its record as well as `personalData.unmask`. */
    private readonly revealRead: Readonly<Record<PersonalDataSubject, Permission>>,
    integrationRole: Role,
  ) {
    this.integrationScopes = rolePermissions[integrationRole];
  }

  permissionsOf(roles: readonly Role[]): Set<Permission> {
    return new Set(roles.flatMap((r) => this.rolePermissions[r] ?? []));
  }

  needsSecondParty(role: Role): boolean {
    return (this.rolePermissions[role] ?? []).some((p) => this.secondPartyPermissions.includes(p));
  }

  /** The permission to read the record of a protected value (undefined: no module declares the subject). */
  revealReadPermission(subject: PersonalDataSubject): Permission | undefined {
    return this.revealRead[subject];
  }
}
