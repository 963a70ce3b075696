import { types } from 'pg';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Child rows read in their parent's statement (issue #12). Every statement costs the service a
 * round trip (on the development machine a loopback `writev` alone is ~0.2 ms of the service's
 * CPU, more than the rest of a small request), so a list or a record whose one-to-many children
 * are selected (a household's members and incomes) reads them as a subquery of its own statement,
 * as PostGraphile and Join Monster do, instead of one more statement per loader:
 *
 * ```ts
 * const members = nestedRows(dataSource, MemberEntity, 'm');
 * qb.addSelect(members.aggregate('FROM members m WHERE m.household_id = h.id AND m.active', 'm.birth_date, m.id'), 'h_members');
 * const { raw, entities } = await qb.getRawAndEntities();
 * await members.ready(manager);                 // the columns' types, read once per process
 * members.read(raw[i].h_members)                // → MemberEntity[]
 * ```
 *
 * The subquery answers a JSON array with one array per child row, each column as its text (as
 * PostgreSQL sends it on the wire); `read` converts every text with pg's parser for the column's
 * type and then the driver's `prepareHydratedValue`, exactly the two steps a row of `getMany` (or
 * of rawEntityReader) goes through, so the entities are the same. The result is primed into the
 * request's DataLoaders (`loader.prime(key, rows)`): the field resolvers stay as they are, and a
 * selection this does not cover still loads through its loader.
 */
export interface NestedRows<T> {
  /**
   * An SQL expression (for a SELECT list): `rest` is the subquery's `FROM … WHERE …` with the
   * child table under this reader's alias, correlated with the parent; `orderBy` its order.
   * Never null: an empty JSON array when there is no row.
   */
  aggregate(rest: string, orderBy?: string): string;
  /** Loads the columns' types once (a catalog query on first use); `read` needs it. */
  ready(manager: EntityManager): Promise<void>;
  /** A value of `aggregate` as pg returns it (the parsed JSON, or its text) → entities. */
  read(value: unknown): T[];
}

type Parser = (text: string) => unknown;

export function nestedRows<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>, alias: string): NestedRows<T> {
  const metadata = dataSource.getMetadata(entity);
  const driver = dataSource.driver;
  // The stored columns with a property of their own, as rawEntityReader and getMany read them.
  const columns: ColumnMetadata[] = metadata.columns.filter((c) => !c.isVirtual && !c.relationMetadata && c.embeddedMetadata === undefined);
  const row = `json_build_array(${columns.map((c) => `"${alias}"."${c.databaseName}"::text`).join(', ')})`;
  const prototype = (metadata.target as { prototype: object }).prototype;
  let parsers: Parser[] | undefined;
  let loading: Promise<void> | undefined;

  return {
    aggregate(rest, orderBy) {
      return `(SELECT coalesce(json_agg(${row}${orderBy ? ` ORDER BY ${orderBy}` : ''}), '[]'::json) ${rest})`;
    },
    ready(manager) {
      if (parsers) return Promise.resolve();
      return (loading ??= (async () => {
        const found: { name: string; oid: number }[] = await manager.query(
          `SELECT a.attname AS name, a.atttypid::int AS oid FROM pg_attribute a
            WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
          [metadata.tablePath],
        );
        const oids = new Map(found.map((f) => [f.name, f.oid]));
        parsers = columns.map((c) => {
          const oid = oids.get(c.databaseName);
          if (oid === undefined) throw new Error(`${metadata.tablePath}.${c.databaseName} is not in the database`);
          // The text parser pg applies to a column of this type (identity for types it does not know).
          return types.getTypeParser(oid, 'text') as Parser;
        });
      })().catch((e: unknown) => {
        loading = undefined;
        throw e;
      }));
    },
    read(value) {
      if (!parsers) throw new Error(`nestedRows(${metadata.name}): ready() was not awaited`);
      const rows = (typeof value === 'string' ? JSON.parse(value) : value) as (string | null)[][] | null;
      if (!rows) return [];
      const p = parsers;
      return rows.map((texts) => {
        const e = Object.create(prototype) as Record<string, unknown>;
        for (let i = 0; i < columns.length; i++) {
          const text = texts[i];
          e[columns[i]!.propertyName] = driver.prepareHydratedValue(text === null || text === undefined ? null : p[i]!(text), columns[i]!);
        }
        return e as T;
      });
    },
  };
}

/**
 * Runs a query builder's SELECT (one row per entity: no joins) with further expressions in its
 * SELECT list (name → SQL on the builder's alias, e.g. `aggregate`s of children): the entities,
 * and each one's values of those expressions.
 */
export async function getManyWithNested<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  nested: Record<string, string>,
): Promise<{ entities: T[]; nested: Map<T, Record<string, unknown>> }> {
  const names = Object.keys(nested);
  for (const name of names) qb.addSelect(nested[name]!, `__nested_${name}`);
  const { raw, entities } = await qb.getRawAndEntities();
  if (raw.length !== entities.length) throw new Error('getManyWithNested: one row per entity expected (no joins)');
  return {
    entities,
    nested: new Map(entities.map((e, i) => [e, Object.fromEntries(names.map((n) => [n, (raw[i] as Record<string, unknown>)[`__nested_${n}`]]))])),
  };
}
