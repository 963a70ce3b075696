import { DataSource } from 'typeorm';

/**
 * What the entities would change in the database as it stands: the SQL `migration:generate`
 * writes, and what the entities-vs-migrations test expects to be empty.
 */
export async function pendingSchemaChanges(ds: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await ds.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((q) => q.query),
    down: log.downQueries.map((q) => q.query).reverse(),
  };
}
