import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { Role } from '../common/access/permissions';
import { columns, row } from '../common/graphql/compiled-read';
import { RegionEntity } from './region.entity';

/** The permissions of the regions module: what each allows and who holds it. */
export const REGIONS_PERMISSIONS = definePermissions({
  'regions.manage': { description: 'Rename regions and load division lists (行政区划).', roles: [Role.DISTRICT_ADMIN] },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof REGIONS_PERMISSIONS> {}
}

/** The division tree (行政区划): what the regions module brings to the app (merged in src/app.modules.ts). */
export const REGIONS: ModuleDeclaration = {
  name: 'regions',
  entities: [RegionEntity],
  permissions: REGIONS_PERMISSIONS,
  protectedFields: [],
  settings: {},
  reads: [
    {
      type: 'Region',
      entity: RegionEntity,
      fields: {
        ...columns('id', 'code', 'name', 'level', 'parentCode', 'version', 'createdAt', 'updatedAt'),
        parent: row('Region', (r, p) => `regions ${p} WHERE ${p}.code = ${r}.parent_code`),
      },
    },
  ],
};
