import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { DriverUtils } from 'typeorm/driver/DriverUtils';

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

/**
 * `qb.getRawAndEntities()` for a query of one entity's own columns, without TypeORM's result
 * transformer (issue #12): the SQL as the query builder builds it, run on the builder's query
 * runner (or the pool), and each row read into an entity as the transformer reads it (the
 * entity's stored columns under TypeORM's `alias_column` names, `prepareHydratedValue`,
 * `setEntityValue`), in the rows' order. `extraAliases` are further selections by alias (e.g. the
 * nested aggregates of `getManyWithNested`), left in `raw` for the caller.
 *
 * Anything the transformer does that this does not (joins, relation ids or counts, partial
 * selects, inheritance, embedded or virtual columns, load listeners or subscribers, locks, skip
 * and take, the query result cache) sends the query to `getRawAndEntities` itself.
 */
export async function getRawAndEntitiesOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  extraAliases: readonly string[] = [],
): Promise<{ raw: Record<string, unknown>[]; entities: T[] }> {
  const columns = plainColumns(qb, extraAliases);
  if (!columns) return qb.getRawAndEntities();
  const [sql, parameters] = qb.getQueryAndParameters();
  const runner = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;
  const raw = (runner ? await runner.query(sql, parameters) : await qb.connection.query(sql, parameters)) as Record<string, unknown>[];
  const metadata = qb.expressionMap.mainAlias!.metadata;
  const driver = qb.connection.driver;
  const entities = raw.map((row) => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const [key, column] of columns) {
      const value = row[key];
      if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
    }
    return entity;
  });
  return { raw, entities };
}

/** Whether `getRawAndEntitiesOf` reads `qb` itself (true) or leaves it to TypeORM. */
export function isPlainRead<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, extraAliases: readonly string[] = []): boolean {
  return plainColumns(qb, extraAliases) !== null;
}

/** `getRawAndEntitiesOf` without the raw rows: `qb.getMany()`. */
export async function getManyOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]> {
  return (await getRawAndEntitiesOf(qb)).entities;
}

/** Per entity and alias: the columns a plain read sets, under their result names (null: the entity has virtual columns). */
const PLAIN_COLUMNS = new WeakMap<EntityMetadata, Map<string, [string, ColumnMetadata][] | null>>();

/** The columns to read and their result names when `qb` is a plain read of its main alias' entity; null otherwise. */
function plainColumns<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, extraAliases: readonly string[]): [string, ColumnMetadata][] | null {
  const em = qb.expressionMap;
  const main = em.mainAlias;
  if (!main?.hasMetadata) return null;
  if (em.joinAttributes.length || em.relationIdAttributes.length) return null;
  if (em.lockMode || em.skip !== undefined || em.take !== undefined || em.cache || qb.connection.queryResultCache) return null;
  if (!em.selects.some((s) => s.selection === main.name)) return null;
  if (!em.selects.every((s) => s.selection === main.name || (s.aliasName !== undefined && extraAliases.includes(s.aliasName)))) return null;
  const metadata = main.metadata;
  if (metadata.inheritancePattern || metadata.discriminatorColumn || metadata.childEntityMetadatas.length || metadata.embeddeds.length) return null;
  if (metadata.afterLoadListeners.length || metadata.relations.some((r) => r.isLazy)) return null;
  if (em.callListeners && qb.connection.subscribers.some((s) => typeof s.afterLoad === 'function')) return null;
  let byAlias = PLAIN_COLUMNS.get(metadata);
  if (!byAlias) PLAIN_COLUMNS.set(metadata, (byAlias = new Map()));
  let columns = byAlias.get(main.name);
  if (columns === undefined) {
    const driver = qb.connection.driver;
    columns = metadata.columns.some((c) => c.isVirtualProperty)
      ? null
      : metadata.columns.filter((c) => !c.isVirtual).map((c): [string, ColumnMetadata] => [DriverUtils.buildAlias(driver, undefined, main.name, c.databaseName), c]);
    byAlias.set(main.name, columns);
  }
  return columns;
}
