import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../errors/app-error';
import { isInt8Text } from '../errors/validation';
import { ConnectionArgs, Connection, DEFAULT_PAGE_SIZE } from './connection';
import { CommonReason } from '../errors/reasons';
import { getManyWithNested } from '../sql/nested-rows';
import { getManyOf } from '../sql/raw-entities';
import { isLocalDate } from '../dates/local-date';

export type SortValue = string | number;

/**
 * What a sort key is in SQL. A cursor comes back from the client, so its value is checked
 * against this before it reaches a query: a forged cursor is INVALID_CURSOR, never a database
 * error (a non-uuid id, text where a number is compared, a number out of range, a NUL).
 */
export type SortKeyType = 'text' | 'int' | 'bigint' | 'date' | 'timestamp';
export type KeysetIdType = 'uuid' | 'bigint';

export interface KeysetSort<T> {
  /** Short name of this order, carried in its cursors: a cursor made for another order is refused. */
  tag: string;
  /**
   * SQL expression of the sort key, e.g. `r.code`; must be NOT NULL. A `timestamp` key is the
   * column itself (`p.created_at`): `paginate` sorts and seeks on it truncated to milliseconds,
   * as a cursor carries it (see `keysetColumn`).
   */
  column: string;
  /** Type of the sort key as `key` returns it (bigint and timestamps as text). */
  type: SortKeyType;
  /** SQL expression of the unique tie-breaker, e.g. `r.id`. */
  idColumn: string;
  /** Type of the tie-breaker; default uuid. */
  idType?: KeysetIdType;
  /** Reads the sort key and id from a loaded row, to build cursors. */
  key: (row: T) => [SortValue, string];
  direction?: 'ASC' | 'DESC';
}

type CursorSort = Pick<KeysetSort<never>, 'tag' | 'type' | 'idType'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT4_MIN = -(2 ** 31);
const INT4_MAX = 2 ** 31 - 1;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Longest text sort key a cursor may carry (names, codes, numbers are far shorter). */
const MAX_TEXT = 200;

function isSortValue(v: unknown, type: SortKeyType): boolean {
  switch (type) {
    case 'text':
      return typeof v === 'string' && v.length <= MAX_TEXT && !v.includes('\u0000');
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= INT4_MIN && v <= INT4_MAX;
    case 'bigint':
      return isInt8Text(v);
    case 'date':
      // A real day of year 1 or later (PostgreSQL has no year 0).
      return typeof v === 'string' && isLocalDate(v) && !v.startsWith('0000');
    case 'timestamp':
      return typeof v === 'string' && TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;
  }
}

function isId(v: unknown, type: KeysetIdType): v is string {
  return type === 'bigint' ? isInt8Text(v) : typeof v === 'string' && UUID.test(v);
}

/**
 * The SQL a sort key is ordered and sought by. PostgreSQL keeps timestamps to the microsecond,
 * a cursor (and a JavaScript Date) to the millisecond: two rows written within one millisecond
 * would be told apart by the order but not by the cursor, and the second one skipped between
 * pages. So a `timestamp` key is ordered and compared truncated to the millisecond, the id then
 * breaking the tie, and the cursor's value is exactly the key the page was ordered by. (An
 * index on the bare column does not serve this order: a long list sorted by time wants an
 * index on the expression.)
 */
export function keysetColumn(sort: Pick<KeysetSort<never>, 'column' | 'type'>): string {
  return sort.type === 'timestamp' ? `date_trunc('milliseconds', ${sort.column})` : sort.column;
}

/** A cursor: the order's tag, the sort key and the id, as base64url JSON. */
export function encodeCursor(sort: Pick<KeysetSort<never>, 'tag'>, value: SortValue, id: string): string {
  return Buffer.from(JSON.stringify([sort.tag, value, id]), 'utf8').toString('base64url');
}

export function invalidCursor(field: string): AppError {
  return AppError.badInput([{ field, reason: CommonReason.INVALID_CURSOR, message: '游标无效 (invalid cursor)' }]);
}

/** The sort key and id of a cursor made for `sort`; INVALID_CURSOR (naming `field`) for anything else. */
export function decodeCursor(cursor: string, field: string, sort: CursorSort): [SortValue, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw invalidCursor(field);
  }
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    value[0] === sort.tag &&
    isSortValue(value[1], sort.type) &&
    isId(value[2], sort.idType ?? 'uuid')
  ) {
    return [value[1] as SortValue, value[2]];
  }
  throw invalidCursor(field);
}

/**
 * Keyset ("seek") pagination over (sort key, id): page 10,000 costs what page 1 costs, and
 * rows inserted meanwhile never shift a page. `qb` carries the caller's filters (and region
 * scope); this adds the seek predicate, order and limit. One extra row tells whether a next
 * (or previous) page exists.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: ConnectionArgs,
  sort: KeysetSort<T>,
  options: {
    withTotalCount?: boolean;
    /**
     * Further SQL expressions to select with each row (name → expression on the query's alias,
     * e.g. a nestedRows aggregate of its children): their values come back in the connection's
     * `nested`, one record per node, in the statement that reads the page.
     */
    nested?: Record<string, string>;
    /**
     * The rows totalCount counts, when a second formulation of the same filter counts faster than
     * `qb` (e.g. `qb` probes an index per row and stops with its page, where a count wants one
     * grouped pass over the whole table). It must select the same rows as `qb`; the tests of its
     * caller compare the two.
     */
    countQuery?: SelectQueryBuilder<T>;
  } = {},
): Promise<Connection<T> & { nested?: Map<T, Record<string, unknown>> }> {
  const plan = keysetPlan(args, sort);
  const totalCount = options.withTotalCount ? await (options.countQuery ?? qb).clone().getCount() : undefined;

  const page = qb.clone();
  if (plan.position) {
    const [s, id] = plan.position;
    page.andWhere(`(${plan.column}, ${sort.idColumn}) ${plan.op} (:__keysetSort, :__keysetId)`, {
      __keysetSort: s,
      __keysetId: id,
    });
  }
  page.orderBy(plan.column, plan.dir).addOrderBy(sort.idColumn, plan.dir).take(undefined).limit(plan.size + 1);
  let rows: T[];
  let nested: Map<T, Record<string, unknown>> | undefined;
  if (plan.size === 0) rows = [];
  else if (!options.nested || !Object.keys(options.nested).length) rows = await getManyOf(page);
  else ({ entities: rows, nested } = await getManyWithNested(page, options.nested));
  return { ...keysetConnection(rows, plan, args, sort), totalCount, ...(nested ? { nested } : {}) };
}

/** How a keyset page is sought, from its arguments (checked before any SQL runs). */
interface KeysetPlan {
  backward: boolean;
  /** Rows of the page (one more is read, to tell whether there are more). */
  size: number;
  /** The cursor's sort key and id; none on the first page. */
  position?: [SortValue, string];
  /** The sort key's SQL (keysetColumn), the seek's comparison and the order's direction. */
  column: string;
  op: '>' | '<';
  dir: 'ASC' | 'DESC';
}

function keysetPlan<T>(args: ConnectionArgs, sort: KeysetSort<T>): KeysetPlan {
  if (args.first != null && args.last != null) {
    throw AppError.badInput([
      { field: 'last', reason: CommonReason.FIRST_AND_LAST, message: '不能同时指定 first 和 last (use first or last, not both)' },
    ]);
  }
  const backward = args.last != null || (args.before != null && args.first == null);
  const size = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  const cursor = backward ? args.before : args.after;
  const asc = (sort.direction ?? 'ASC') === 'ASC';
  // Walking backward reverses the order; the page is flipped back in keysetConnection.
  const ascending = backward ? !asc : asc;
  // The cursor is checked before any SQL runs.
  const position = cursor == null ? undefined : decodeCursor(cursor, backward ? 'before' : 'after', sort);
  return { backward, size, position, column: keysetColumn(sort), op: ascending ? '>' : '<', dir: ascending ? 'ASC' : 'DESC' };
}

/** The connection of the rows a plan's statement read (up to size + 1, in its order). */
function keysetConnection<T>(rows: T[], plan: KeysetPlan, args: ConnectionArgs, sort: KeysetSort<T>): Omit<Connection<T>, 'totalCount'> {
  const { backward, size } = plan;
  const more = rows.length > size;
  const slice = more ? rows.slice(0, size) : rows;
  if (backward) slice.reverse();
  const edges = slice.map((node) => {
    const [s, id] = sort.key(node);
    return { cursor: encodeCursor(sort, s, id), node };
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: backward ? args.before != null : more,
      hasPreviousPage: backward ? more : args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * `paginate` for a statement of plain SQL (issue #12: a list read on every request need not build
 * its statement through TypeORM's query builder): `conditions` (SQL with `$n` placeholders of
 * `params`) select the rows, in the caller's scope; this adds the seek predicate, the order and
 * the limit, and `read` runs `WHERE ${where} ${orderAndLimit}` with `params` and reads its rows.
 * The same checks, order and page as `paginate` (no totalCount: count with `paginate`).
 */
export async function paginateSql<T>(
  args: ConnectionArgs,
  sort: KeysetSort<T>,
  conditions: readonly string[],
  params: unknown[],
  read: (where: string, orderAndLimit: string, params: unknown[]) => Promise<T[]>,
): Promise<Connection<T>> {
  const plan = keysetPlan(args, sort);
  const where = [...conditions];
  if (plan.position) {
    params.push(plan.position[0], plan.position[1]);
    where.push(`(${plan.column}, ${sort.idColumn}) ${plan.op} ($${params.length - 1}, $${params.length})`);
  }
  // The limit is written into the statement, not bound: PostgreSQL plans a LIMIT it does not know
  // for a tenth of the rows, so a prepared page would be planned again for every execution
  // (src/common/sql/read-statements.ts). The page size is a checked whole number (ConnectionArgs).
  const limit = plan.size + 1;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`paginateSql: page size ${plan.size} is not a whole number`);
  const rows = plan.size === 0 ? [] : await read(where.join(' AND ') || 'TRUE', `ORDER BY ${plan.column} ${plan.dir}, ${sort.idColumn} ${plan.dir} LIMIT ${limit}`, params);
  return { ...keysetConnection(rows, plan, args, sort), totalCount: undefined };
}

/** Maps a connection of entities to a connection of GraphQL models. */
export function mapConnection<T, U>(c: Connection<T>, map: (t: T) => U): Connection<U> {
  return { ...c, edges: c.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })) };
}

/**
 * A forward page of rows a statement of its own ranked and sought (after a cursor of `sort`, read
 * with one row more than `size`): the edges of the first `size`, each node's cursor from `key`.
 */
export function forwardPage<R, N>(
  rows: readonly R[],
  size: number,
  afterGiven: boolean,
  sort: Pick<KeysetSort<never>, 'tag'>,
  key: (r: R) => [SortValue, string],
  node: (r: R) => N,
): Omit<Connection<N>, 'totalCount'> {
  const edges = rows.slice(0, size).map((r) => ({ cursor: encodeCursor(sort, ...key(r)), node: node(r) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: afterGiven, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
  };
}
