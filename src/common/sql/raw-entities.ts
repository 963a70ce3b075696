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

/** A column's value as pg returns it → the entity's value, as `driver.prepareHydratedValue` converts it. */
export type Hydrate = (value: unknown) => unknown;

const IDENTITY: Hydrate = (value) => value;

/**
 * The column types PostgresDriver.prepareHydratedValue (TypeORM 0.3) converts; a value of any
 * other type, in a column without a transformer, comes back as it went in (checked against the
 * driver, type by type, in plain-entity-read.e2e-spec.ts).
 */
const CONVERTED_TYPES: ReadonlySet<unknown> = new Set<unknown>([
  Boolean, Date, Number,
  'datetime', 'timestamp', 'timestamptz', 'timestamp with time zone', 'timestamp without time zone',
  'date', 'time', 'vector', 'halfvec', 'hstore', 'simple-array', 'simple-json', 'cube', 'enum', 'simple-enum',
]);
const TIMESTAMP_TYPES: ReadonlySet<unknown> = new Set<unknown>([Date, 'datetime', 'timestamp', 'timestamptz', 'timestamp with time zone', 'timestamp without time zone']);

/**
 * `driver.prepareHydratedValue(value, column)`, decided once per column (issue #12: it ran for
 * every column of every row, a chain of type comparisons that for most columns returns the value
 * as it is): the identity where the driver converts nothing, the driver's own call otherwise; a
 * timestamp pg has already parsed into a Date (which the driver returns as it is) skips the call.
 */
/** Whether the driver hands the column's value to the entity as pg returns it (no conversion, no transformer). */
export function hydratesAsIs(driver: DataSource['driver'], column: ColumnMetadata): boolean {
  return hydratorOf(driver, column) === IDENTITY;
}

export function hydratorOf(driver: DataSource['driver'], column: ColumnMetadata): Hydrate {
  if (column.transformer || driver.options.type !== 'postgres') return (value) => driver.prepareHydratedValue(value, column);
  if (TIMESTAMP_TYPES.has(column.type)) return (value) => (value instanceof Date ? value : driver.prepareHydratedValue(value, column));
  if (CONVERTED_TYPES.has(column.type)) return (value) => driver.prepareHydratedValue(value, column);
  return IDENTITY;
}

/**
 * A reader of the entity's stored columns, or with `only` of these properties alone (partial
 * entities, e.g. the sort keys of a page whose answers a compiled read builds).
 */
export function rawEntityReader<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>, alias: string, only?: readonly (keyof T & string)[]): RawEntityReader<T> {
  const metadata = dataSource.getMetadata(entity);
  const driver = dataSource.driver;
  // Stored columns with a property of their own (a relation's join column without one is left
  // out, as getMany leaves it out).
  const stored: ColumnMetadata[] = metadata.columns.filter((c) => !c.isVirtual && !c.relationMetadata && c.embeddedMetadata === undefined);
  const columns = only ? stored.filter((c) => only.includes(c.propertyName)) : stored;
  if (only && columns.length !== only.length) throw new Error(`rawEntityReader: ${only.join(', ')} are not all stored columns of ${metadata.name}`);
  const keys = columns.map((_, i) => `c${i}`);
  const select = columns.map((c, i) => `"${alias}"."${c.databaseName}" AS "${keys[i]}"`).join(', ');
  const prototype = (metadata.target as { prototype: object }).prototype;
  const names = columns.map((c) => c.propertyName);
  const hydrators = columns.map((c) => hydratorOf(driver, c));
  const read = (rows: readonly Record<string, unknown>[]): T[] =>
    rows.map((row) => {
      const e = Object.create(prototype) as Record<string, unknown>;
      for (let i = 0; i < names.length; i++) e[names[i]!] = hydrators[i]!(row[keys[i]!]);
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
  const entities = raw.map((row) => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const [key, column, hydrate] of columns) {
      const value = row[key];
      if (value !== undefined) column.setEntityValue(entity, hydrate(value));
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

/** A column a plain read sets: its result name, the column, its hydrator (hydratorOf). */
type PlainColumn = [string, ColumnMetadata, Hydrate];

/** Per entity and alias: the columns a plain read sets (null: the entity has virtual columns). */
const PLAIN_COLUMNS = new WeakMap<EntityMetadata, Map<string, PlainColumn[] | null>>();

/** The columns to read and their result names when `qb` is a plain read of its main alias' entity; null otherwise. */
function plainColumns<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, extraAliases: readonly string[]): PlainColumn[] | null {
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
      : metadata.columns.filter((c) => !c.isVirtual).map((c): PlainColumn => [DriverUtils.buildAlias(driver, undefined, main.name, c.databaseName), c, hydratorOf(driver, c)]);
    byAlias.set(main.name, columns);
  }
  return columns;
}
