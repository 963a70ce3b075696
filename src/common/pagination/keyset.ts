import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../errors/app-error';
import { ConnectionArgs, Connection, DEFAULT_PAGE_SIZE } from './connection';

export type SortValue = string | number;

export interface KeysetSort<T> {
  /** SQL expression of the sort key, e.g. `r.code`; must be NOT NULL. */
  column: string;
  /** SQL expression of the unique tie-breaker, e.g. `r.id`. */
  idColumn: string;
  /** Reads the sort key and id from a loaded row, to build cursors. */
  key: (row: T) => [SortValue, string];
  direction?: 'ASC' | 'DESC';
}

export function encodeCursor(sort: SortValue, id: string): string {
  return Buffer.from(JSON.stringify([sort, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field: string): [SortValue, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      (typeof value[0] === 'string' || typeof value[0] === 'number') &&
      typeof value[1] === 'string'
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through to the coded error
  }
  throw AppError.badInput([{ field, reason: 'INVALID_CURSOR', message: '游标无效 (invalid cursor)' }]);
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
  options: { withTotalCount?: boolean } = {},
): Promise<Connection<T>> {
  if (args.first != null && args.last != null) {
    throw AppError.badInput([
      { field: 'last', reason: 'FIRST_AND_LAST', message: '不能同时指定 first 和 last (use first or last, not both)' },
    ]);
  }
  const backward = args.last != null || (args.before != null && args.first == null);
  const size = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  const cursor = backward ? args.before : args.after;
  const asc = (sort.direction ?? 'ASC') === 'ASC';
  // Walking backward reverses the order; the page is flipped back below.
  const ascending = backward ? !asc : asc;
  const op = ascending ? '>' : '<';
  const dir = ascending ? 'ASC' : 'DESC';

  const totalCount = options.withTotalCount ? await qb.clone().getCount() : undefined;

  const page = qb.clone();
  if (cursor != null) {
    const [s, id] = decodeCursor(cursor, backward ? 'before' : 'after');
    page.andWhere(`(${sort.column}, ${sort.idColumn}) ${op} (:__keysetSort, :__keysetId)`, {
      __keysetSort: s,
      __keysetId: id,
    });
  }
  page.orderBy(sort.column, dir).addOrderBy(sort.idColumn, dir).take(undefined).limit(size + 1);
  const rows = size === 0 ? [] : await page.getMany();
  const more = rows.length > size;
  const slice = more ? rows.slice(0, size) : rows;
  if (backward) slice.reverse();
  const edges = slice.map((node) => {
    const [s, id] = sort.key(node);
    return { cursor: encodeCursor(s, id), node };
  });
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: backward ? args.before != null : more,
      hasPreviousPage: backward ? more : args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Maps a connection of entities to a connection of GraphQL models. */
export function mapConnection<T, U>(c: Connection<T>, map: (t: T) => U): Connection<U> {
  return { ...c, edges: c.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })) };
}
