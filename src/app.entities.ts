import { APP_DECLARATIONS } from './app.modules';

/**
 * Every TypeORM entity of the service, merged from the modules' declarations: the data source
 * (app.module.ts), the migration CLI (scripts/migrate.ts) and the entities-vs-migrations test
 * all read this one list. A module adds its entities to its own declaration.
 */
export const ENTITIES = APP_DECLARATIONS.entities;
