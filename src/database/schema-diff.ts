import { DataSource } from 'typeorm';

/**
 * What the entities would change in the database as it stands: the SQL `migration:generate`
 * writes, and what the entities-vs-migrations test expects to be empty.
 */
export interface SchemaQuery {
  query: string;
  parameters?: unknown[];
}

export async function pendingSchemaChanges(ds: DataSource): Promise<{ up: SchemaQuery[]; down: SchemaQuery[] }> {
  const log = await ds.driver.createSchemaBuilder().log();
  const plain = (q: { query: string; parameters?: unknown[] }): SchemaQuery =>
    q.parameters?.length ? { query: q.query, parameters: q.parameters } : { query: q.query };
  return {
    up: log.upQueries.map(plain),
    down: log.downQueries.map(plain).reverse(),
  };
}
