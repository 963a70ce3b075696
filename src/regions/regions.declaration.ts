import type { ModuleDeclaration } from '../common/kit/module-declaration';
import { Role } from '../common/access/permissions';
import { RegionEntity } from './region.entity';

/** The division tree (行政区划): what the regions module brings to the app (merged in src/app.modules.ts). */
export const REGIONS: ModuleDeclaration = {
  name: 'regions',
  entities: [RegionEntity],
  permissions: {
    'regions.manage': { roles: [Role.DISTRICT_ADMIN] },
  },
  protectedFields: [],
  settings: {},
};
