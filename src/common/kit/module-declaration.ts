import type { EntitySchema } from 'typeorm';
import type { Permission, Role } from '../access/permissions';
import { PERMISSIONS } from '../access/permissions';
import type { PersonalDataSubject } from '../access/personal-data';
import type { ProtectedField } from '../protection/protected-field';
import type { Env } from '../../config/app-config';
import { settingDefault } from '../../config/app-config';

/** A TypeORM entity class (or schema) that a module owns. */
export type EntityDeclaration = Function | EntitySchema;

/** Who holds a permission, and whether a role holding it needs a second administrator's approval. */
export interface PermissionDeclaration {
  /** The roles that hold the permission. */
  roles: readonly Role[];
  /**
   * Separation of duties (三员分立): a role holding this permission is given to an account only
   * when a second administrator approves (role_grants), never by an administrator to itself.
   */
  secondParty?: boolean;
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
   * The permissions the module's resolvers require, with the roles that hold them. The names
   * themselves are the kit's vocabulary (`PERMISSIONS` in common/access/permissions.ts): the
   * GraphQL `Permission` enum and the input validators need them when the classes load.
   */
  permissions: Partial<Record<Permission, PermissionDeclaration>>;
  /**
   * The protected values of the module's tables (src/common/protection/protected-field.ts): how
   * each is encrypted, indexed, normalised and masked, and which subject reveals it with which
   * read permission (besides `personalData.unmask`). Encryption, answers, audit masks, reveal,
   * export and the demo loader read these declarations.
   */
  protectedFields: readonly ProtectedField[];
  /** The environment settings the module reads (loaded and checked by src/config/app-config.ts). */
  settings: SettingsDeclaration;
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
  /** Every role with its permissions, in the order of the kit's PERMISSIONS vocabulary. */
  rolePermissions: Record<Role, Permission[]>;
  /** Permissions whose holders need a second administrator's approval. */
  secondPartyPermissions: Permission[];
  /** Each personal-data subject with the permission needed to read its record. */
  revealReadPermission: Record<PersonalDataSubject, Permission>;
  /** Every module's protected fields, each declared by one module. */
  protectedFields: ProtectedField[];
  settings: DeclaredSetting[];
  /** Which module declared each permission (for the module map and the checks). */
  permissionOwners: Record<Permission, string>;
}

/**
 * Merges the declarations. Throws when two modules (or one, twice) declare the same entity,
 * permission, protected field, personal-data subject or setting, or when a permission of the vocabulary is declared by no
 * module: each rule has exactly one owner.
 */
export function mergeDeclarations(declarations: readonly ModuleDeclaration[], roles: readonly Role[]): MergedDeclarations {
  const entityOwner = new Map<EntityDeclaration, string>();
  const permissionOwners = {} as Record<Permission, string>;
  const subjectOwner = new Map<PersonalDataSubject, string>();
  const fieldOwner = new Map<string, string>();
  const protectedFields: ProtectedField[] = [];
  const settingOwner = new Map<keyof Env, string>();
  const rolePermissions = Object.fromEntries(roles.map((r) => [r, [] as Permission[]])) as Record<Role, Permission[]>;
  const revealReadPermission = {} as Record<PersonalDataSubject, Permission>;
  const secondPartyPermissions: Permission[] = [];
  const settings: DeclaredSetting[] = [];
  const twice = (what: string, name: string, first: string, second: string): Error =>
    new Error(`${what} ${name} is declared by two modules: ${first} and ${second}`);

  for (const d of declarations) {
    for (const e of d.entities) {
      const owner = entityOwner.get(e);
      if (owner) throw twice('entity', entityName(e), owner, d.name);
      entityOwner.set(e, d.name);
    }
    for (const p of Object.keys(d.permissions) as Permission[]) {
      if (!PERMISSIONS.includes(p)) throw new Error(`permission ${p} of module ${d.name} is not in the kit's PERMISSIONS vocabulary`);
      if (permissionOwners[p]) throw twice('permission', p, permissionOwners[p], d.name);
      permissionOwners[p] = d.name;
    }
    for (const f of d.protectedFields) {
      const name = `${f.entity}.${f.property}`;
      const owner = fieldOwner.get(name);
      if (owner) throw twice('protected field', name, owner, d.name);
      fieldOwner.set(name, d.name);
      const subjectHolder = subjectOwner.get(f.subject);
      if (subjectHolder) throw twice('personal-data subject', f.subject, subjectHolder, d.name);
      subjectOwner.set(f.subject, d.name);
      if (!PERMISSIONS.includes(f.readPermission)) throw new Error(`protected field ${name} of module ${d.name} names unknown permission ${f.readPermission}`);
      revealReadPermission[f.subject] = f.readPermission;
      protectedFields.push(f);
    }
    for (const [name, description] of Object.entries(d.settings) as [keyof Env, string][]) {
      const owner = settingOwner.get(name);
      if (owner) throw twice('setting', name, owner, d.name);
      settingOwner.set(name, d.name);
      settings.push({ name, module: d.name, description, default: settingDefault(name) });
    }
  }
  const missing = PERMISSIONS.filter((p) => !permissionOwners[p]);
  if (missing.length) throw new Error(`permissions declared by no module: ${missing.join(', ')}`);

  // The table in the vocabulary's order, whatever the order of the modules.
  const byName = new Map(declarations.flatMap((d) => Object.entries(d.permissions) as [Permission, PermissionDeclaration][]));
  for (const p of PERMISSIONS) {
    const declared = byName.get(p)!;
    for (const role of declared.roles) {
      if (!rolePermissions[role]) throw new Error(`permission ${p} names unknown role ${role}`);
      rolePermissions[role].push(p);
    }
    if (declared.secondParty) secondPartyPermissions.push(p);
  }
  return {
    modules: declarations.map((d) => d.name),
    entities: [...entityOwner.keys()],
    rolePermissions,
    secondPartyPermissions,
    revealReadPermission,
    protectedFields,
    settings,
    permissionOwners,
  };
}

function entityName(e: EntityDeclaration): string {
  return typeof e === 'function' ? e.name : e.options.name;
}
