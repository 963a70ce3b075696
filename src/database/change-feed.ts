import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * The change feed's kit for migrations: attach the feed to a table of an aggregate, detach it.
 *
 * The feed (table `change_feed`) has one entry per aggregate root and transaction: root type,
 * root id, root version, region, operation on the root (CREATED / UPDATED / DELETED) and the parts
 * of the aggregate the transaction changed. It never carries row data: consumers read the current
 * state by id through the API, which applies region scope, masking and reveal rules.
 *
 * How entries are written. Each attached table gets three statement-level AFTER triggers with a
 * transition table (insert / update / delete), calling a plpgsql function generated for that table
 * (static SQL, so its plan is cached per session). A statement writes one row per distinct root it
 * touched (GROUP BY the root id over the transition table) with
 * `INSERT … ON CONFLICT (transaction_id, root_type, root_id) DO UPDATE`, which merges into the entry
 * this transaction already wrote for the root: the parts are unioned, the operation is the
 * latest non-UPDATED one (CREATED then members → CREATED; anything then DELETED → DELETED), the
 * version and region are the latest known. So a transaction that writes a household, its
 * 3 members, its income and its events writes one entry, and a bulk import one per household.
 *
 * Why positions stay monotonic for consumers. Before its first write a transaction takes the
 * transaction-scoped advisory lock FEED_LOCK (shared with the audit chain, so the two cannot
 * deadlock each other) and holds it until commit; `position` comes from a sequence when the row is
 * first inserted, and a merge (ON CONFLICT DO UPDATE) keeps the row and so its position. No other
 * transaction can take a position while one holds the lock, so positions become visible in
 * commit order: a reader that has seen N has seen everything below N, and an entry never changes
 * after its transaction committed.
 *
 * Entries written by a bulk writer (deferred). A table attached with `writerMayDefer` lets a writer
 * that knows which roots its statements touch (the registry import: thousands of households per
 * transaction, five part statements each) write their entries itself, once, after its statements:
 * `deferChangeFeed` sets the transaction-local setting DEFERRED_FEED_SETTING to the root type, the
 * trigger functions of that root's tables then return at once for the statements the writer runs
 * itself (pg_trigger_depth() = 1), and `writeDeferredFeed` clears the setting and writes the
 * entries with the same merge as the triggers (so writes cascaded from those statements by other
 * triggers, which still write their own entries, and any later statement of the transaction merge
 * into them). Every other writer, and the writer's statements once the setting is cleared, get
 * their entries from the triggers as before.
 */

/** The advisory lock that orders feed positions (and the audit chain): the value migration Exchange1795906027403 used. */
export const FEED_LOCK = 4101060002;

/**
 * The advisory lock of bulk imports' writes (transaction-scoped, taken first by every import
 * batch's transaction): imports running at once (IMPORT_CONCURRENCY, several instances) write
 * one batch at a time. Without it two batches could lock the same households in opposite
 * orders, or one hold a household's row while waiting for FEED_LOCK that the other holds while
 * waiting for that row: a deadlock. Reading and checking files still overlap. (The other
 * advisory locks: MIGRATION_LOCK 4101060001 in migrate.ts, FEED_LOCK above, shared with the
 * audit chain.)
 */
export const IMPORT_WRITE_LOCK = 4101060003;

/** The transaction-local setting naming the root type whose entries a writer writes itself (see deferChangeFeed). */
export const DEFERRED_FEED_SETTING = 'app.change_feed_deferred';

export interface ChangeFeedAttachment {
  /** The table to attach. */
  table: string;
  /** The aggregate root's type, as entries name it: 'Household' (later 'Project', 'FundDocument', …). */
  root: string;
  /** The root's table (households); when it is `table`, the table is the root itself. */
  rootTable: string;
  /** The column of `table` holding the root's id: 'id' on the root table, 'household_id' on its parts. */
  rootIdColumn: string;
  /** The part name entries list when this table changes ('household', 'members', 'incomes', 'insurance', 'events'). */
  part: string;
  /** The column of `table` with the root's village code; every fed table carries one. Default region_code. */
  regionColumn?: string;
  /** The root table's optimistic-lock column (entries carry it as rootVersion); null when the root has none. Default version. */
  versionColumn?: string | null;
  /** The function returns at once for statements run directly while a writer defers the root's entries (see deferChangeFeed). */
  writerMayDefer?: boolean;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const NAME = /^[A-Za-z][A-Za-z0-9]*$/;

function ident(name: string, what: string): string {
  if (!IDENT.test(name)) throw new Error(`attachChangeFeed: ${what} "${name}" is not a plain lower-case identifier`);
  return `"${name}"`;
}

/** The generated function's name for a table. */
export function changeFeedFunction(table: string): string {
  return `${table}_change_feed`;
}

const OPERATIONS = ['insert', 'update', 'delete'] as const;

/**
 * How a new entry merges into the one this transaction already wrote for its root: parts unioned
 * (sorted), the latest operation other than UPDATED, the latest version and region known.
 */
const FEED_MERGE = `ON CONFLICT (transaction_id, root_type, root_id) DO UPDATE SET
      operation = CASE WHEN EXCLUDED.operation = 'UPDATED' THEN f.operation ELSE EXCLUDED.operation END,
      parts = CASE WHEN f.parts @> EXCLUDED.parts THEN f.parts ELSE ARRAY(SELECT DISTINCT u FROM unnest(f.parts || EXCLUDED.parts) u ORDER BY u)::varchar[] END,
      root_version = COALESCE(EXCLUDED.root_version, f.root_version),
      region_code = COALESCE(EXCLUDED.region_code, f.region_code)
    WHERE NOT (f.parts @> EXCLUDED.parts)
       OR (EXCLUDED.operation <> 'UPDATED' AND EXCLUDED.operation <> f.operation)
       OR EXCLUDED.root_version IS DISTINCT FROM f.root_version AND EXCLUDED.root_version IS NOT NULL
       OR EXCLUDED.region_code IS DISTINCT FROM f.region_code AND EXCLUDED.region_code IS NOT NULL`;

/** Creates (or replaces) the feed function of `a.table` and its three triggers. */
export async function attachChangeFeed(q: QueryRunner, a: ChangeFeedAttachment): Promise<void> {
  if (!NAME.test(a.root)) throw new Error(`attachChangeFeed: root type "${a.root}" must be a plain name`);
  if (!IDENT.test(a.part)) throw new Error(`attachChangeFeed: part "${a.part}" must be a plain lower-case name`);
  const table = ident(a.table, 'table');
  const rootTable = ident(a.rootTable, 'root table');
  const rootId = ident(a.rootIdColumn, 'root id column');
  const region = ident(a.regionColumn ?? 'region_code', 'region column');
  const versionColumn = a.versionColumn === undefined ? 'version' : a.versionColumn;
  const version = versionColumn === null ? null : ident(versionColumn, 'version column');
  const isRoot = a.table === a.rootTable;

  // One row per root the statement touched. The root's own rows give its version directly (also
  // the old one of a deleted root); a part reads it from the root's row as the statement left it.
  const select = (rows: 'new_rows' | 'old_rows', operation: string) => {
    const versionExpr = version === null ? 'NULL::integer' : isRoot ? `max(x.${version})::integer` : `max(p.${version})::integer`;
    const join = !isRoot && version !== null ? `LEFT JOIN ${rootTable} p ON p."id" = x.${rootId}` : '';
    return `INSERT INTO change_feed AS f (root_type, root_id, root_version, operation, region_code, parts, transaction_id)
    SELECT '${a.root}', x.${rootId}, ${versionExpr}, '${operation}', max(x.${region}), ARRAY['${a.part}']::varchar[], pg_current_xact_id()::text::bigint
    FROM ${rows} x ${join}
    WHERE x.${rootId} IS NOT NULL
    GROUP BY x.${rootId}
    ${FEED_MERGE};`;
  };
  const op = (rootOp: string) => (isRoot ? rootOp : 'UPDATED');

  await q.query(`CREATE OR REPLACE FUNCTION "${changeFeedFunction(a.table)}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Change feed of ${a.table}: part '${a.part}' of ${a.root} (src/database/change-feed.ts).${
    a.writerMayDefer
      ? `
  -- A writer that writes the entries of ${a.root} itself: not for its own statements (deferChangeFeed).
  IF pg_trigger_depth() = 1 AND current_setting('${DEFERRED_FEED_SETTING}', true) = '${a.root}' THEN RETURN NULL; END IF;`
      : ''
  }
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(${FEED_LOCK});
    ${select('old_rows', op('DELETED'))}
  ELSIF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(${FEED_LOCK});
    ${select('new_rows', op('UPDATED'))}
  ELSE
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN RETURN NULL; END IF;
    PERFORM pg_advisory_xact_lock(${FEED_LOCK});
    ${select('new_rows', op('CREATED'))}
  END IF;
  RETURN NULL;
END $$`);
  for (const operation of OPERATIONS) {
    const transition = operation === 'delete' ? 'OLD TABLE AS old_rows' : 'NEW TABLE AS new_rows';
    await q.query(`DROP TRIGGER IF EXISTS "${a.table}_feed_${operation}" ON ${table}`);
    await q.query(
      `CREATE TRIGGER "${a.table}_feed_${operation}" AFTER ${operation.toUpperCase()} ON ${table} REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION "${changeFeedFunction(a.table)}"()`,
    );
  }
}

/** Removes what attachChangeFeed created on `table`. */
export async function detachChangeFeed(q: QueryRunner, table: string): Promise<void> {
  const t = ident(table, 'table');
  for (const operation of OPERATIONS) await q.query(`DROP TRIGGER IF EXISTS "${table}_feed_${operation}" ON ${t}`);
  await q.query(`DROP FUNCTION IF EXISTS "${changeFeedFunction(table)}"()`);
}

/** A root whose entries a writer writes itself (deferChangeFeed, writeDeferredFeed). */
export interface DeferredFeedRoot {
  /** The root type, as its tables were attached with `writerMayDefer`. */
  root: string;
  rootTable: string;
  /** As in ChangeFeedAttachment; read from the root's row when the entries are written. */
  regionColumn?: string;
  versionColumn?: string | null;
}

/** The entry of one root the writer's statements touched: CREATED when they inserted the root's row, and the parts they wrote. */
export interface DeferredFeedEntry {
  rootId: string;
  operation: 'CREATED' | 'UPDATED';
  parts: readonly string[];
}

/**
 * From now until writeDeferredFeed, in this transaction: the statements this session runs on the
 * tables of `root` (attached with `writerMayDefer`) write no feed entries; writes those statements
 * cascade through other triggers still do. Updates a foreign key cascades (ON UPDATE CASCADE) do
 * not: PostgreSQL fires their triggers within the writer's statement, so the writer's entries must
 * name the parts they change (the registry import's carriedAlong).
 */
export async function deferChangeFeed(m: EntityManager, root: string): Promise<void> {
  if (!NAME.test(root)) throw new Error(`deferChangeFeed: root type "${root}" must be a plain name`);
  await m.query(`SELECT set_config('${DEFERRED_FEED_SETTING}', $1, true)`, [root]);
}

/**
 * Ends deferChangeFeed and writes the entries of the roots the writer's statements touched, one
 * statement for all: the same entry the triggers would have merged from those statements (the
 * root's version and region as the statements left its row, the parts sorted), merged as they
 * merge into what the transaction already wrote for the root.
 */
export async function writeDeferredFeed(m: EntityManager, r: DeferredFeedRoot, entries: readonly DeferredFeedEntry[]): Promise<void> {
  await m.query(`SELECT set_config('${DEFERRED_FEED_SETTING}', '', true)`);
  if (!entries.length) return;
  if (!NAME.test(r.root)) throw new Error(`writeDeferredFeed: root type "${r.root}" must be a plain name`);
  const rootTable = ident(r.rootTable, 'root table');
  const region = ident(r.regionColumn ?? 'region_code', 'region column');
  const versionColumn = r.versionColumn === undefined ? 'version' : r.versionColumn;
  const version = versionColumn === null ? 'NULL::integer' : `r.${ident(versionColumn, 'version column')}`;
  // One row per root (a statement cannot merge into the same entry twice).
  const byRoot = new Map<string, { operation: DeferredFeedEntry['operation']; parts: Set<string> }>();
  for (const e of entries) {
    for (const part of e.parts) if (!IDENT.test(part)) throw new Error(`writeDeferredFeed: part "${part}" must be a plain lower-case name`);
    const known = byRoot.get(e.rootId);
    if (!known) byRoot.set(e.rootId, { operation: e.operation, parts: new Set(e.parts) });
    else {
      if (e.operation === 'CREATED') known.operation = 'CREATED';
      for (const part of e.parts) known.parts.add(part);
    }
  }
  await m.query(`SELECT pg_advisory_xact_lock(${FEED_LOCK})`);
  // Each root read by its key (the subquery's LIMIT keeps it from being made a join): as a join,
  // the planner hashed the whole root table for every batch of an import (its statistics behind
  // the rows the import adds, and random reads priced as if uncached), a scan that grew with the
  // registry, under the feed's lock.
  await m.query(
    `INSERT INTO change_feed AS f (root_type, root_id, root_version, operation, region_code, parts, transaction_id)
    SELECT '${r.root}', x.id, p.version, x.operation, p.region, ARRAY(SELECT DISTINCT u FROM unnest(string_to_array(x.parts, ',')) u ORDER BY u)::varchar[], pg_current_xact_id()::text::bigint
    FROM unnest($1::uuid[], $2::varchar[], $3::text[]) x(id, operation, parts)
    CROSS JOIN LATERAL (SELECT ${version} AS version, r.${region} AS region FROM ${rootTable} r WHERE r."id" = x.id LIMIT 1) p
    ${FEED_MERGE}`,
    [[...byRoot.keys()], [...byRoot.values()].map((e) => e.operation), [...byRoot.values()].map((e) => [...e.parts].join(','))],
  );
}
