import { RegionEntity } from '../regions/region.entity';

/**
 * Every TypeORM entity of the service. The data source, the migration CLI and the
 * entities-vs-migrations test all read this one list; a module adds its entities here.
 */
export const ENTITIES = [RegionEntity];
