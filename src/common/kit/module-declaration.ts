import type { EntitySchema } from 'typeorm';
import type { Permission, Role } from '../access/permissions';
import type { PersonalDataSubject } from '../access/personal-data';
import type { ProtectedField } from '../protection/protected-field';
import type { ReadDeclaration } from '../graphql/compiled-read';
import type { Env } from '../../config/app-config';
import { settingDefault } from '../../config/app-config';

/** A TypeORM entity class (or schema) that a module owns. */
export type EntityDeclaration = Function | EntitySchema;

/** What a permission allows, who holds it, and whether a role holding it needs a second administrator's approval. */
export interface PermissionDeclaration {
  /**
   * What the permission allows, in English with the Chinese term where there is one: the GraphQL
   * `Permission` enum value's description (what an administrator reads when granting roles or
   * scoping an API key).
   */
  description: string;
  /** The roles that hold the permission. */
  roles: readonly Role[];
  /**
   * Separation of duties (三员分立): a role holding this permission is given to an account only
   * when a second administrator approves (role_grants), never by an administrator to itself.
   */
  secondParty?: boolean;
}

/**
 * A module's permissions: names (`<module>.<verb>`, lower camel case around the dot) with what
 * they allow and the roles that hold them. Returns its argument with the names as literal types,
 * for the module's augmentation of `PermissionNames` (see src/common/access/permissions.ts):
 *
 *   export const REGIONS_PERMISSIONS = definePermissions({
 *     'regions.manage': { description: 'Rename regions and load division lists (行政区划).', roles: [Role.DISTRICT_ADMIN] },
 *   });
 *   declare module '../common/access/permissions' {
 *     interface PermissionNames extends NamesOf<typeof REGIONS_PERMISSIONS> {}
 *   }
 */
export function definePermissions<const T extends Readonly<Record<string, PermissionDeclaration>>>(permissions: T): T {
  for (const name of Object.keys(permissions)) {
    if (!PERMISSION_NAME.test(name)) throw new Error(`permission name ${name} is not <module>.<verb> in lower camel case (e.g. households.read)`);
  }
  return permissions;
}

/** `households.read`, `povertyLines.manage`, `personalData.unmask`. */
const PERMISSION_NAME = /^[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/;

/** The names of a `definePermissions` table as an interface body, for the augmentation of `PermissionNames`. */
export type NamesOf<T> = { readonly [K in keyof T]: true };

/**
 * A policy parameter a module's rules read that docs/RULES.md does not list (an income ceiling, a
 * district's own threshold): the parameter store seeds it NOT_CONFIGURED, with a source saying it
 * is not in RULES.md and which module declared it, so an administrator can then enter a value with
 * the ordinary parameter mutations (versions, history, audit) and the rule answers "not
 * configured" until then. Keys of RULES.md are seeded from it, never declared here.
 */
export interface ParameterDeclaration {
  /** `<module>.<snake_case>`, e.g. `employment.monthly_income_ceiling` (the module's own name first). */
  key: string;
  /** A `ParameterType` of the parameter store (src/parameters/parameter-types.ts), checked when seeded. */
  type: string;
  /** The unit, as RULES.md writes units, e.g. `元/月`. */
  unit: string;
  /** What the value means and which rule reads it (kept as the seeded version's note). */
  description: string;
  /** The scope of the seeded row: '' national (default) or a 12-digit region code. */
  scopeCode?: string;
  /** The first day of the seeded row (default DECLARED_PARAMETER_FROM); open-ended. */
  effectiveFrom?: string;
  /**
   * A value to seed instead of NOT_CONFIGURED, where RULES.md mentions one only in a note (e.g.
   * "watch ages 6–15 unverified") or the module makes a design choice: the value in the type's
   * stored form (checked when seeded), its status (never VERIFIED without a cited document: a
   * design choice is UNVERIFIED, badged wherever used) and the words it was stated in.
   */
  seeded?: DeclaredParameterValue;
}

/** The value a declared parameter is seeded with (ParameterDeclaration.seeded). */
export interface DeclaredParameterValue {
  value: unknown;
  /** A status of the parameter store (ParameterStatus), other than NOT_CONFIGURED. */
  status: 'SEED' | 'VERIFIED' | 'UNVERIFIED';
  /** The value as stated (RULES.md's words, or the design choice's). */
  stated: string;
}

/** The start of a declared parameter's seeded (NOT_CONFIGURED) row unless it names its own. */
export const DECLARED_PARAMETER_FROM = '2014-01-01';

/** A declared parameter as merged: its declaring module, scope and start filled in. */
export interface DeclaredParameter extends Required<Omit<ParameterDeclaration, 'seeded'>> {
  module: string;
  seeded?: DeclaredParameterValue;
}

/**
 * The declared parameters of every module, merged, as the app floor hands them to the parameter
 * store (a provider of the app module, like AccessPolicy): the store seeds them at start.
 */
export class DeclaredParameters {
  constructor(readonly list: readonly DeclaredParameter[]) {}
}

/** An environment setting the module reads: its name (typed against the configuration) and what it does. */
export type SettingsDeclaration = Partial<Record<keyof Env, string>>;

/**
 * What a module brings to the app, in one constant beside its Nest module. The app floor
 * (`src/app.modules.ts`) merges the declarations of every module: the entities handed to the
 * data source and the migration CLI, the role → permission table, the personal-data subjects and
 * the settings list. A module never edits a central list.
 */
export interface ModuleDeclaration {
  /** The module's name, as in the module map of ARCHITECTURE.md. */
  name: string;
  /** The TypeORM entities (tables) the module owns. */
  entities: readonly EntityDeclaration[];
  /**
   * The permissions the module's resolvers require, with what they allow and the roles that hold
   * them (`definePermissions`); the module adds their names to `PermissionNames` by augmentation.
   */
  permissions: Readonly<Record<string, PermissionDeclaration>>;
  /**
   * The protected values of the module's tables (src/common/protection/protected-field.ts): how
   * each is encrypted, indexed, normalised and masked, and which subject reveals it with which
   * read permission (besides `personalData.unmask`). Encryption, answers, audit masks, reveal,
   * export and the demo loader read these declarations.
   */
  protectedFields: readonly ProtectedField[];
  /** The environment settings the module reads (loaded and checked by src/config/app-config.ts). */
  settings: SettingsDeclaration;
  /**
   * The aggregate roots whose changes the module publishes to the change feed (its migration
   * attaches the tables with `attachChangeFeed`), each with what it is and how a consumer reads it
   * by id, e.g. `{ Household: '贫困户 … Read it with households(ids:).' }`.
   */
  feedRoots?: Readonly<Record<string, string>>;
  /** Policy parameters the module's rules read that RULES.md does not list (see ParameterDeclaration). */
  parameters?: readonly ParameterDeclaration[];
  /**
   * How the module's GraphQL object types (and fields it adds to other modules' types) are read by
   * a compiled read, in one SQL statement per list or record (src/common/graphql/compiled-read.ts).
   */
  reads?: readonly ReadDeclaration[];
}

export interface DeclaredSetting {
  name: keyof Env;
  module: string;
  description: string;
  /** The default when unset (undefined: no default, e.g. a key that must be given). */
  default: unknown;
}

/** The declarations of all modules, merged: what the app floor hands to the data source, the access policy and the docs. */
export interface MergedDeclarations {
  modules: readonly string[];
  entities: EntityDeclaration[];
  /** Every permission, in the modules' order, with what it allows. */
  permissions: { name: Permission; description: string; module: string }[];
  /** Every role with its permissions, in the modules' order. */
  rolePermissions: Record<Role, Permission[]>;
  /** Permissions whose holders need a second administrator's approval. */
  secondPartyPermissions: Permission[];
  /** Each personal-data subject with the permission needed to read its record. */
  revealReadPermission: Record<PersonalDataSubject, Permission>;
  /** Every module's protected fields, each declared by one module. */
  protectedFields: ProtectedField[];
  settings: DeclaredSetting[];
  /** The change feed's aggregate roots, each declared by one module. */
  feedRoots: { name: string; description: string; module: string }[];
  /** Which module declared each permission (for the module map and the checks). */
  permissionOwners: Record<Permission, string>;
  /** The policy parameters declared by modules (not in RULES.md), each by one module. */
  parameters: DeclaredParameter[];
  /** The modules' read declarations, in the modules' order (CompiledReads checks each type and field has one owner). */
  reads: ReadDeclaration[];
}

/**
 * Merges the declarations. Throws when two modules (or one, twice) declare the same entity,
 * permission, protected field, personal-data subject or setting, when a permission names an
 * unknown role or has no description, or when a protected field's read permission is declared by
 * no module: each rule has exactly one owner.
 */
export function mergeDeclarations(declarations: readonly ModuleDeclaration[], roles: readonly Role[]): MergedDeclarations {
  const entityOwner = new Map<EntityDeclaration, string>();
  const permissionOwners = {} as Record<Permission, string>;
  const permissions: MergedDeclarations['permissions'] = [];
  const feedRoots: MergedDeclarations['feedRoots'] = [];
  const subjectOwner = new Map<PersonalDataSubject, string>();
  const fieldOwner = new Map<string, string>();
  const protectedFields: ProtectedField[] = [];
  const settingOwner = new Map<keyof Env, string>();
  const rolePermissions = Object.fromEntries(roles.map((r) => [r, [] as Permission[]])) as Record<Role, Permission[]>;
  const revealReadPermission = {} as Record<PersonalDataSubject, Permission>;
  const secondPartyPermissions: Permission[] = [];
  const settings: DeclaredSetting[] = [];
  const parameters: DeclaredParameter[] = [];
  const twice = (what: string, name: string, first: string, second: string): Error =>
    new Error(`${what} ${name} is declared by two modules: ${first} and ${second}`);

  for (const d of declarations) {
    for (const e of d.entities) {
      const owner = entityOwner.get(e);
      if (owner) throw twice('entity', entityName(e), owner, d.name);
      entityOwner.set(e, d.name);
    }
    for (const [p, declared] of Object.entries(d.permissions) as [Permission, PermissionDeclaration][]) {
      if (permissionOwners[p]) throw twice('permission', p, permissionOwners[p], d.name);
      permissionOwners[p] = d.name;
      if (!declared.description?.trim()) throw new Error(`permission ${p} of module ${d.name} has no description`);
      permissions.push({ name: p, description: declared.description, module: d.name });
      for (const role of declared.roles) {
        if (!rolePermissions[role]) throw new Error(`permission ${p} names unknown role ${role}`);
        rolePermissions[role].push(p);
      }
      if (declared.secondParty) secondPartyPermissions.push(p);
    }
    for (const f of d.protectedFields) {
      const name = `${f.entity}.${f.property}`;
      const owner = fieldOwner.get(name);
      if (owner) throw twice('protected field', name, owner, d.name);
      fieldOwner.set(name, d.name);
      const subjectHolder = subjectOwner.get(f.subject);
      if (subjectHolder) throw twice('personal-data subject', f.subject, subjectHolder, d.name);
      subjectOwner.set(f.subject, d.name);
      revealReadPermission[f.subject] = f.readPermission;
      protectedFields.push(f);
    }
    for (const [name, description] of Object.entries(d.feedRoots ?? {})) {
      const owner = feedRoots.find((r) => r.name === name);
      if (owner) throw twice('change-feed root', name, owner.module, d.name);
      feedRoots.push({ name, description, module: d.name });
    }
    for (const [name, description] of Object.entries(d.settings) as [keyof Env, string][]) {
      const owner = settingOwner.get(name);
      if (owner) throw twice('setting', name, owner, d.name);
      settingOwner.set(name, d.name);
      settings.push({ name, module: d.name, description, default: settingDefault(name) });
    }
    for (const p of d.parameters ?? []) {
      const owner = parameters.find((q) => q.key === p.key);
      if (owner) throw twice('parameter', p.key, owner.module, d.name);
      if (!p.key.startsWith(`${d.name}.`) || !PARAMETER_KEY.test(p.key)) throw new Error(`parameter ${p.key} of module ${d.name} is not ${d.name}.<snake_case>`);
      if (!p.description?.trim() || !p.unit?.trim()) throw new Error(`parameter ${p.key} of module ${d.name} has no description or unit`);
      const scopeCode = p.scopeCode ?? '';
      if (scopeCode !== '' && !/^\d{12}$/.test(scopeCode)) throw new Error(`parameter ${p.key} of module ${d.name} has scope ${scopeCode}, not '' or a 12-digit region code`);
      parameters.push({ ...p, scopeCode, effectiveFrom: p.effectiveFrom ?? DECLARED_PARAMETER_FROM, module: d.name });
    }
  }
  for (const f of protectedFields) {
    if (!permissionOwners[f.readPermission]) throw new Error(`protected field ${f.entity}.${f.property} names permission ${f.readPermission}, which no module declares`);
  }
  return {
    modules: declarations.map((d) => d.name),
    entities: [...entityOwner.keys()],
    permissions,
    rolePermissions,
    secondPartyPermissions,
    revealReadPermission,
    protectedFields,
    settings,
    feedRoots,
    permissionOwners,
    parameters,
    reads: declarations.flatMap((d) => d.reads ?? []),
  };
}

/** `employment.monthly_income_ceiling`: the module's name, a dot, lower snake case (dots allowed further on). */
const PARAMETER_KEY = /^[a-z][A-Za-z0-9]*\.[a-z][a-z0-9_.]*$/;

function entityName(e: EntityDeclaration): string {
  return typeof e === 'function' ? e.name : e.options.name;
}
