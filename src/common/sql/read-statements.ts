import type { Pool, PoolClient, QueryConfig } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';

/**
 * The compiled reads' statements (src/common/graphql/compiled-read.ts), sent to the pg pool
 * itself instead of through TypeORM's `manager.query`, and on a PostgreSQL server as named
 * prepared statements, so that each connection parses a repeated read once (issue #12).
 *
 * - **Named, bounded.** A statement text gets a name on its second sighting among the last
 *   `SIGHTINGS` texts, derived from the text's hash (a name never stands for another text). At
 *   most `limit` texts are prepared on a connection (`DB_PREPARED_READS`), and three quarters of
 *   them hold a name at a time (`limit - floor(limit / 4)`): the ones run most recently. A text
 *   named past that takes the name of the one run longest ago, and that one runs unnamed until it
 *   is seen twice again. Each server connection keeps what it prepared until it closes (the pool
 *   closes idle ones after 30 s); before it prepares a text while it holds `limit` of them, it
 *   deallocates those that lost their name (`DEALLOCATE`, one round trip): at least the quarter
 *   kept free, so that when more texts are read than hold names, a connection pays that round
 *   trip once per quarter, not per text; should it fail, the read runs unnamed and the
 *   connection is closed. There is one text per read shape and region subtree: a province's
 *   village officers have thousands between them, and the ones reading now keep their plans.
 * - **Planned once when that is safe.** A named statement follows PostgreSQL's default
 *   (`plan_cache_mode = auto`): planned for its values five times, then planned once (a generic
 *   plan) when that plan costs no more than those did. What the plan depends on is in the text:
 *   the region scope's subtree is a literal (`LIKE '410106100%'`, src/common/access/region-scope.ts),
 *   and so is a page's LIMIT (src/common/pagination/keyset.ts), and one id is `= $1`, not
 *   `= ANY($1)` (an array PostgreSQL would plan for ten elements). A statement that binds a LIKE
 *   pattern (a name search, a subtree that is not a code's digits) is never named: its plan
 *   depends on the pattern (a prefix can use an index, `%…%` cannot), so it is planned for its
 *   values every time, as an unnamed statement is. Issue #12: before, every execution was planned
 *   again (`force_custom_plan`), which cost PostgreSQL about twice PostGraphile's CPU per page.
 *   (One statement text per subtree: a village officer's page and a district officer's are two.)
 * - **Not on the embedded database** (`limit` 0): PGlite is one session behind every wire
 *   connection, so a name prepared by one connection would outlive it and collide with the next
 *   one's. Its statements run unnamed, and in the service's own process when they can
 *   (`InProcessReads`, src/database/embedded-postgres.ts): with the pool's connection held, so the
 *   service runs nothing else meanwhile, and over that connection when PGlite says they cannot.
 * - **Not in a transaction**: a manager bound to a query runner (a transaction's) runs the
 *   statement itself, on its connection.
 *
 * Errors are thrown as TypeORM's `QueryFailedError`, as `manager.query` throws them, so the
 * error model (src/common/errors/normalize.ts) reads them alike.
 */
export class ReadStatements {
  /** Statement texts with a name (text → name), the most recently run last; undefined when nothing is named. */
  private readonly names: LRUCache<string, string> | undefined;
  /** Texts seen once, not yet named (the most recent SIGHTINGS). */
  private readonly seen = new LRUCache<string, true>({ max: SIGHTINGS });
  /** Statements sent named and unnamed (tests, the bench); `inProcess`: the unnamed ones the embedded database ran in this process; `deallocated`: names connections dropped. */
  readonly counts = { named: 0, unnamed: 0, inProcess: 0, deallocated: 0 };

  constructor(
    private readonly dataSource: DataSource,
    private readonly limit: number,
    private readonly inProcess?: InProcessReads,
  ) {
    this.names = limit > 0 ? new LRUCache<string, string>({ max: limit - Math.floor(limit / 4) }) : undefined;
  }

  /** The rows of a SELECT (`$n` placeholders over `params`), as `manager.query` answers them. */
  async query<T = Record<string, unknown>>(manager: EntityManager, text: string, params: readonly unknown[]): Promise<T[]> {
    if (manager.queryRunner) return manager.query(text, [...params]);
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const name = this.nameOf(text);
    const values = [...params];
    if (name) this.counts.named++;
    else this.counts.unnamed++;
    try {
      return await this.run<T>(pool, name ? { name, text, values } : { text, values });
    } catch (e) {
      throw new QueryFailedError(text, values, e as Error);
    }
  }

  /**
   * The statement on a connection of the pool; a named one plans for the values first (see
   * above). The connection is awaited, not taken in `pool.query`'s callback: a caller queued for
   * a busy pool gets that callback in the context of whoever released the connection (a job
   * runner's poll, another request), and the statement would run in that request scope, not in
   * its own (AsyncLocalStorage follows promises, not pg-pool's queue of callbacks).
   */
  private async run<T>(pool: Pool, config: QueryConfig): Promise<T[]> {
    const client = await pool.connect();
    let failed: Error | undefined;
    // As pool.query does: an error the connection emits while it is out of the pool ends the statement.
    const onError = (e: Error) => (failed ??= e);
    client.once('error', onError);
    try {
      const rows = this.inProcess && !config.name ? await this.inProcess.read(config.text, config.values ?? []) : undefined;
      if (rows) {
        this.counts.inProcess++;
        return rows as T[];
      }
      try {
        if (config.name && !(await this.makeRoomFor(client, config.name))) {
          // Its DEALLOCATE failed: what the connection holds is no longer what pg's client
          // records. The read runs unnamed on it, and it is closed, not reused.
          failed = new Error('DEALLOCATE of prepared reads failed');
          this.counts.named--;
          this.counts.unnamed++;
          return (await client.query({ text: config.text, values: config.values })).rows as T[];
        }
        return (await client.query(config)).rows as T[];
      } catch (e) {
        // As pool.query does: a connection that failed a statement is closed, not reused (an
        // error of a read run in process leaves the connection as it was).
        failed = e as Error;
        throw e;
      }
    } finally {
      client.removeListener('error', onError);
      client.release(failed);
    }
  }

  /**
   * Before `client` prepares `name`: if it holds `limit` prepared texts, it deallocates those that
   * lost their name since (see above). False when the DEALLOCATE failed (someone deallocated
   * behind pg's back on this connection): the caller runs its read unnamed and closes the connection.
   */
  private async makeRoomFor(client: PoolClient, name: string): Promise<boolean> {
    const prepared = preparedOn(client);
    if (prepared[name] !== undefined) return true;
    const held = Object.keys(prepared).filter((n) => n.startsWith(NAME_PREFIX));
    if (held.length < this.limit) return true;
    // The names given now (a sweep comes once per quarter of the limit, so they are listed here, not tracked).
    const live = new Set(this.names!.values());
    const dead = held.filter((n) => !live.has(n));
    if (!dead.length) return true;
    try {
      // A name is `read_` and base64url (letters of both cases, digits, `-`, `_`): quoted, it is the name itself.
      await client.query(dead.map((n) => `DEALLOCATE "${n}"`).join('; '));
    } catch {
      return false;
    }
    for (const n of dead) delete prepared[n];
    this.counts.deallocated += dead.length;
    return true;
  }

  private nameOf(text: string): string | undefined {
    if (!this.names) return undefined;
    const named = this.names.get(text);
    if (named !== undefined || BOUND_PATTERN.test(text)) return named;
    if (!this.seen.has(text)) {
      this.seen.set(text, true);
      return undefined;
    }
    this.seen.delete(text);
    const name = `${NAME_PREFIX}${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}

/** The statements pg's client has prepared on its connection, by name (its own record: it parses a name it holds no more). */
function preparedOn(client: PoolClient): Record<string, string> {
  return (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
}

const NAME_PREFIX = 'read_';

/**
 * Reads a database can run in the service's own process (the embedded one): the rows as the pg
 * driver would return them, or `undefined` when the statement must go over the wire this time.
 * Called with the pool's connection held.
 */
export interface InProcessReads {
  read(text: string, values: readonly unknown[]): Promise<Record<string, unknown>[] | undefined>;
}

/** A LIKE (or ILIKE) whose pattern is a parameter: such a statement is planned for its values every time (see ReadStatements). */
const BOUND_PATTERN = /\bI?LIKE\s+\$\d/i;

/** Texts remembered between their first and second sighting. */
const SIGHTINGS = 1000;
