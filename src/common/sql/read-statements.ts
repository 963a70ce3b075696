import type { Pool, QueryConfig } from 'pg';
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
 *   `SIGHTINGS` texts; at most `limit` texts ever get one (`DB_PREPARED_READS`), and a name
 *   is never given to another text (it is derived from the text's hash and the names are never
 *   evicted). A text past the limit runs unnamed, as before. Each server connection keeps what it
 *   prepared until it closes (the pool closes idle ones after 30 s), so a backend holds at most
 *   `limit` of them.
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
  /** Statement texts with a name: never evicted, so a name never changes its text. */
  private readonly names = new Map<string, string>();
  /** Texts seen once, not yet named (the most recent SIGHTINGS). */
  private readonly seen = new LRUCache<string, true>({ max: SIGHTINGS });
  /** Statements sent named and unnamed (tests, the bench); `inProcess`: the unnamed ones the embedded database ran in this process. */
  readonly counts = { named: 0, unnamed: 0, inProcess: 0 };

  constructor(
    private readonly dataSource: DataSource,
    private readonly limit: number,
    private readonly inProcess?: InProcessReads,
  ) {}

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

  private nameOf(text: string): string | undefined {
    const named = this.names.get(text);
    if (named !== undefined || this.limit === 0 || this.names.size >= this.limit || BOUND_PATTERN.test(text)) return named;
    if (!this.seen.has(text)) {
      this.seen.set(text, true);
      return undefined;
    }
    this.seen.delete(text);
    const name = `read_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}

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
