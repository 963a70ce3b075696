import { registerEnumType } from '@nestjs/graphql';
import type { Permission } from './permissions';

/**
 * The GraphQL `Permission` enum: `REGIONS_MANAGE` ↔ `regions.manage`. Its values are the
 * permissions the modules declare, so the object starts empty and the app floor fills it once
 * from the merged declarations (`definePermissionEnum` in src/app.modules.ts) before the schema is
 * built; fields that list permissions (`Viewer.permissions`, `ApiKey.scopes`, `createApiKey`'s
 * `scopes`) refer to it with `() => [PermissionEnum]`, which Nest resolves when it builds the
 * schema. Values are the permission names, so resolvers return and receive `Permission` strings.
 */
export const PermissionEnum: Record<string, Permission> = {};

const valuesMap: Record<string, { description: string }> = {};

registerEnumType(PermissionEnum, {
  name: 'Permission',
  description: 'A permission (权限): what an operation requires. Roles grant sets of them; an API key carries some as scopes.',
  valuesMap,
});

/** The GraphQL name of a permission: `povertyLines.manage` → `POVERTY_LINES_MANAGE`. */
export function graphqlPermissionName(p: string): string {
  return p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace('.', '_').toUpperCase();
}

/**
 * Fills the enum from the merged declarations, before the schema is built: by the app floor at
 * load, and again by an app that plugs in more modules (AppModule.forRoot's `modules`), which
 * adds their permissions. A name is never given another value.
 */
export function definePermissionEnum(permissions: readonly { name: Permission; description: string }[]): void {
  const names = permissions.map((p) => graphqlPermissionName(p.name));
  if (new Set(names).size !== names.length) throw new Error('two permissions have the same GraphQL name');
  for (const p of permissions) {
    const name = graphqlPermissionName(p.name);
    if (PermissionEnum[name] !== undefined && PermissionEnum[name] !== p.name) throw new Error(`GraphQL permission ${name} is already ${PermissionEnum[name]}`);
    PermissionEnum[name] = p.name;
    valuesMap[name] = { description: p.description };
  }
}

/** The number of permissions the app declares (0 before the app floor has defined the enum). */
export function permissionCount(): number {
  return Object.keys(PermissionEnum).length;
}
