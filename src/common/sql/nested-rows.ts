import { types } from 'pg';
import type { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { getRawAndEntitiesOf, hydratorOf } from './raw-entities';

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
 * members.read(raw[i].h_members)                // → MemberEntity[]
 * ```
 *
 * The subquery answers a JSON array with one array per child row, each column as its text (as
 * PostgreSQL sends it on the wire); `read` converts every text with pg's parser for the column's
 * type (its type OID from the entity's column type, COLUMN_TYPE_OIDS) and then the driver's
 * `prepareHydratedValue`, exactly the two steps a row of `getMany` (or of rawEntityReader) goes
 * through, so the entities are the same. A column type missing from the table is refused when the
 * reader is made (at start-up), never guessed. The result is primed into the
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
  /** A value of `aggregate` as pg returns it (the parsed JSON, or its text) → entities. */
  read(value: unknown): T[];
}

type Parser = (text: string) => unknown;
export type Converter = (text: string | null | undefined) => unknown;

/**
 * The type OIDs of PostgreSQL's built-in types by the name TypeORM's driver normalises a column
 * type to (`normalizeType`), with the OID of their array type: what pg's result parser is chosen
 * by. Enums have per-database OIDs that pg has no parser for (the text is kept as it is, and
 * `prepareHydratedValue` reads enum arrays), so they are `null` here too.
 */
const COLUMN_TYPE_OIDS: Record<string, readonly [number, number] | null> = {
  boolean: [16, 1000],
  smallint: [21, 1005],
  integer: [23, 1007],
  bigint: [20, 1016],
  numeric: [1700, 1231],
  real: [700, 1021],
  'double precision': [701, 1022],
  text: [25, 1009],
  'character varying': [1043, 1015],
  character: [1042, 1014],
  uuid: [2950, 2951],
  date: [1082, 1182],
  'timestamp with time zone': [1184, 1185],
  'timestamp without time zone': [1114, 1115],
  json: [114, 199],
  jsonb: [3802, 3807],
  bytea: [17, 1001],
  inet: [869, 1041],
  enum: null,
};

const KEEP_TEXT: Parser = (text) => text;

/** pg's text parser of a column (by its type's OID); throws for a type not in COLUMN_TYPE_OIDS. */
function parserOf(driver: DataSource['driver'], column: ColumnMetadata): Parser {
  const name = driver.normalizeType(column);
  const oids = COLUMN_TYPE_OIDS[name];
  if (oids === undefined) throw new Error(`nestedRows: column ${column.entityMetadata.name}.${column.propertyName} has type ${name}, not in COLUMN_TYPE_OIDS`);
  if (oids === null) return KEEP_TEXT;
  const oid = column.isArray ? oids[1] : oids[0];
  const parse = types.getTypeParser(oid, 'text') as Parser;
  return TIMESTAMP_OIDS.has(oid) ? rememberedInstants(parse) : parse;
}

const TIMESTAMP_OIDS: ReadonlySet<number> = new Set([1184, 1114]);
/** Timestamp texts remembered per parser (the instant's milliseconds), at most this many. */
const MAX_REMEMBERED_INSTANTS = 20_000;

/**
 * A timestamp parser that remembers the instants of the texts it parsed (issue #12: pg's
 * `parseDate`, a few regular expressions per value, ran for the created_at and updated_at of every
 * nested row, and a page read again parses the same texts again). Each call still answers a new
 * Date (entities may change theirs) of the same milliseconds pg's parser gives; texts that do not
 * parse into a Date (infinity) are parsed every time. The memory is bounded: full, it starts over.
 */
function rememberedInstants(parse: Parser): Parser {
  const instants = new Map<string, number>();
  return (text) => {
    const ms = instants.get(text);
    if (ms !== undefined) return new Date(ms);
    const value = parse(text);
    if (value instanceof Date) {
      if (instants.size >= MAX_REMEMBERED_INSTANTS) instants.clear();
      instants.set(text, value.getTime());
    }
    return value;
  };
}

/**
 * A column's value as its text (`"alias"."column"::text`, as PostgreSQL sends it on the wire) →
 * the entity's value: pg's parser for the column's type, then the driver's conversion, exactly the
 * two steps a row of `getMany` goes through. Throws (at start-up) for a type not in
 * COLUMN_TYPE_OIDS.
 */
export function textConverter(driver: DataSource['driver'], column: ColumnMetadata): Converter {
  const parse = parserOf(driver, column);
  const hydrate = hydratorOf(driver, column);
  return (text) => hydrate(text === null || text === undefined ? null : parse(text));
}

export function nestedRows<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>, alias: string): NestedRows<T> {
  const metadata = dataSource.getMetadata(entity);
  const driver = dataSource.driver;
  // The stored columns with a property of their own, as rawEntityReader and getMany read them.
  const columns: ColumnMetadata[] = metadata.columns.filter((c) => !c.isVirtual && !c.relationMetadata && c.embeddedMetadata === undefined);
  const row = `json_build_array(${columns.map((c) => `"${alias}"."${c.databaseName}"::text`).join(', ')})`;
  const prototype = (metadata.target as { prototype: object }).prototype;
  const names = columns.map((c) => c.propertyName);
  // Per column, pg's parser then the driver's conversion (hydratorOf), composed once.
  const converters = columns.map((c) => textConverter(driver, c));

  return {
    aggregate(rest, orderBy) {
      return `(SELECT coalesce(json_agg(${row}${orderBy ? ` ORDER BY ${orderBy}` : ''}), '[]'::json) ${rest})`;
    },
    read(value) {
      const rows = (typeof value === 'string' ? JSON.parse(value) : value) as (string | null)[][] | null;
      if (!rows) return [];
      return rows.map((texts) => {
        const e = Object.create(prototype) as Record<string, unknown>;
        for (let i = 0; i < names.length; i++) e[names[i]!] = converters[i]!(texts[i]);
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
  for (const name of Object.keys(nested)) qb.addSelect(nested[name]!, nestedAlias(name));
  const { raw, entities } = await getRawAndEntitiesOf(qb, Object.keys(nested).map(nestedAlias));
  return { entities, nested: nestedValues(entities, raw, nested) };
}

/** The column alias of a nested select in the SELECT list (for plain SQL: `${expr} AS "${nestedAlias(name)}"`). */
export function nestedAlias(name: string): string {
  return `__nested_${name}`;
}

/** Each entity's values of the nested selects, from the raw rows it was read from (one row per entity, same order). */
export function nestedValues<T>(entities: readonly T[], raw: readonly object[], nested: Record<string, string>): Map<T, Record<string, unknown>> {
  if (raw.length !== entities.length) throw new Error('nested selects: one row per entity expected (no joins)');
  const names = Object.keys(nested);
  return new Map(entities.map((e, i) => [e, Object.fromEntries(names.map((n) => [n, (raw[i] as Record<string, unknown>)[nestedAlias(n)]]))]));
}
