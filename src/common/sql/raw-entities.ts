import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Entities read from plain SQL, without TypeORM's query builder and result transformer (issue #12:
 * on a page of households with their members, building the query and hydrating its rows through
 * `getMany` cost more CPU than the rest of the household loaders together). The columns come from
 * the entity's metadata, every value is converted by the driver exactly as `getMany` converts it
 * (`prepareHydratedValue`: dates, enum arrays, column transformers), and each row becomes an
 * instance of the entity class. For the hot read paths only; writes stay with TypeORM.
 */
export interface RawEntityReader<T> {
  /** `"alias"."column" AS "c0", …`: every stored column of the entity, for a SELECT list. */
  readonly select: string;
  /** Rows of a SELECT that used `select` → entities. */
  read(rows: readonly Record<string, unknown>[]): T[];
  /** Runs `SELECT ${select} ${rest}` with the parameters and reads its rows. */
  query(manager: EntityManager, rest: string, parameters?: unknown[]): Promise<T[]>;
}

export function rawEntityReader<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>, alias: string): RawEntityReader<T> {
  const metadata = dataSource.getMetadata(entity);
  const driver = dataSource.driver;
  // Stored columns with a property of their own (a relation's join column without one is left
  // out, as getMany leaves it out).
  const columns: ColumnMetadata[] = metadata.columns.filter((c) => !c.isVirtual && !c.relationMetadata && c.embeddedMetadata === undefined);
  const keys = columns.map((_, i) => `c${i}`);
  const select = columns.map((c, i) => `"${alias}"."${c.databaseName}" AS "${keys[i]}"`).join(', ');
  const prototype = (metadata.target as { prototype: object }).prototype;
  const read = (rows: readonly Record<string, unknown>[]): T[] =>
    rows.map((row) => {
      const e = Object.create(prototype) as Record<string, unknown>;
      for (let i = 0; i < columns.length; i++) e[columns[i]!.propertyName] = driver.prepareHydratedValue(row[keys[i]!], columns[i]!);
      return e as T;
    });
  return {
    select,
    read,
    async query(manager, rest, parameters = []) {
      return read(await manager.query(`SELECT ${select} ${rest}`, parameters));
    },
  };
}
