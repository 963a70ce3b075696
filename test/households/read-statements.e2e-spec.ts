import { Client, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Role } from '../../src/common/access/permissions';
import { CompiledReads } from '../../src/common/graphql/compiled-read';
import { currentScope, runInBackground, runWithScope } from '../../src/common/request-scope/request-scope';
import { ReadStatements } from '../../src/common/sql/read-statements';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-for';
import { activate, createHousehold, householdInput } from './registry-fixtures';

const PAGE = `query($first: Int!) { households(first: $first) { edges { node { id householdNumber members { name } } } } }`;
const BY_ID = `query($id: ID!) { household(id: $id) { id householdNumber } }`;

interface Prepared {
  name: string;
  statement: string;
  generic_plans: string;
  custom_plans: string;
}

/**
 * The compiled reads' statements (src/common/sql/read-statements.ts): on a server, a repeated
 * read is prepared by name on its connection and planned for each execution's values (never a
 * generic plan, which could not use the region scope's `LIKE $1` prefix); the names are bounded
 * by DB_PREPARED_READS; on the embedded database nothing is prepared by name. The service runs
 * with one connection, so that the session asked about prepared statements is the one that ran
 * them.
 */
describe('compiled reads: prepared statements', () => {
  const onServer = !!process.env.TEST_DATABASE_URL;
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  const ids: string[] = [];

  async function start(env: Record<string, string>): Promise<void> {
    t = await startTestApp({ DB_POOL_SIZE: '1', ...env });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    ids.length = 0;
    for (let i = 0; i < 3; i++) {
      const h = await createHousehold(t, village, householdInput(R.village));
      await activate(t, h.id);
      ids.push(h.id);
    }
  }

  /** The read's answer, asserted compiled and whole. */
  async function read(query: string, variables: Record<string, unknown>, who: SignedIn): Promise<Record<string, unknown>> {
    const reads = t.get(CompiledReads);
    const before = reads.counts.answered;
    const res = await t.gql(query, variables, who.headers);
    expect(res.body.errors).toBeUndefined();
    expect(reads.counts.answered).toBe(before + 1);
    return res.body.data as Record<string, unknown>;
  }

  const prepared = async (): Promise<Prepared[]> =>
    t.dataSource.query(`SELECT name, statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE name LIKE 'read\\_%' ORDER BY name`);

  afterEach(async () => {
    await t?.close();
  });

  (onServer ? it : it.skip)('on a server: a repeated read is prepared once per connection, planned for its values every time, and answers as before', async () => {
    await start({});
    const first = await read(PAGE, { first: 10 }, district);
    expect((first.households as { edges: unknown[] }).edges).toHaveLength(3);
    // First sighting: unnamed.
    expect(await prepared()).toEqual([]);
    for (let i = 0; i < 9; i++) expect(await read(PAGE, { first: 10 }, district)).toEqual(first);
    // The village officer's page has the same text (the scope is a value): the same statement.
    for (let i = 0; i < 3; i++) expect(await read(PAGE, { first: 10 }, village)).toEqual(first);
    const after = await prepared();
    expect(after).toHaveLength(1);
    expect(after[0]!.statement).toContain('LIKE $');
    // Never a generic plan (the connection set plan_cache_mode = force_custom_plan before its first
    // named statement): PostgreSQL's default would have switched after five executions.
    expect(after[0]).toMatchObject({ generic_plans: '0', custom_plans: '12' });
    const [mode] = await t.dataSource.query(`SHOW plan_cache_mode`);
    expect(mode.plan_cache_mode).toBe('force_custom_plan');
    // Another household by id: one more statement, its own name.
    for (const id of [...ids, ...ids]) expect(await read(BY_ID, { id }, district)).toMatchObject({ household: { id } });
    expect(await prepared()).toHaveLength(2);
  });

  (onServer ? it : it.skip)('on a server: at most DB_PREPARED_READS texts get a name; the others run unnamed; 0 names none', async () => {
    await start({ DB_PREPARED_READS: '1' });
    const statements = t.get(CompiledReads)['statements'] as ReadStatements;
    for (let i = 0; i < 3; i++) await read(PAGE, { first: 10 }, district);
    for (let i = 0; i < 3; i++) await read(BY_ID, { id: ids[0] }, district);
    expect((await prepared()).map((p) => p.statement)).toEqual([expect.stringContaining('LIMIT')]);
    expect(statements.counts).toEqual({ named: 2, unnamed: 4 });
    await t.close();

    await start({ DB_PREPARED_READS: '0' });
    for (let i = 0; i < 3; i++) await read(PAGE, { first: 10 }, district);
    expect(await prepared()).toEqual([]);
    // Nothing named, nothing changed in the session.
    const [mode] = await t.dataSource.query(`SHOW plan_cache_mode`);
    expect(mode.plan_cache_mode).toBe('auto');
  });

  it('errors come as QueryFailedError with the driver error; a transaction runs the statement on its own connection', async () => {
    await start({});
    const statements = new ReadStatements(t.dataSource, onServer ? 5 : 0);
    for (let i = 0; i < 3; i++) {
      const e = await statements.query(t.dataSource.manager, `SELECT 1 / $1::int AS n`, [0]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(QueryFailedError);
      expect((e as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22012');
    }
    expect(await statements.query(t.dataSource.manager, `SELECT 1 / $1::int AS n`, [1])).toEqual([{ n: 1 }]);
    // In a transaction: the transaction's own uncommitted row is seen, so it ran on its connection.
    await t.dataSource.transaction(async (manager) => {
      await manager.query(`CREATE TEMP TABLE read_statements_probe (n int) ON COMMIT DROP`);
      await manager.query(`INSERT INTO read_statements_probe VALUES (7)`);
      for (let i = 0; i < 3; i++) expect(await statements.query(manager, `SELECT n FROM read_statements_probe WHERE n = $1`, [7])).toEqual([{ n: 7 }]);
    });
    expect(statements.counts).toEqual(onServer ? { named: 3, unnamed: 1 } : { named: 0, unnamed: 4 });
  });

  it('a read queued for a busy pool sends its statement in its own request scope, not in the scope of the work that released the connection', async () => {
    await start({});
    const statements = new ReadStatements(t.dataSource, onServer ? 5 : 0);
    const pool = (t.dataSource.driver as PostgresDriver).master as Pool;
    const probe = `SELECT $1::int AS n /* read-statements scope probe */`;
    const scopes: (string | undefined)[] = [];
    const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const q = args[0] as string | { text?: string };
      if ((typeof q === 'string' ? q : q?.text) === probe) scopes.push(currentScope()?.requestId ?? currentScope()?.background);
      return original.apply(this, args);
    };
    try {
      // Three rounds: unnamed, then (on a server) named on its second sighting and after.
      for (let i = 0; i < 3; i++) {
        // The pool's only connection is held by background work until the read waits for it.
        const held = await runInBackground('holder', () => pool.connect());
        const read = runWithScope({ requestId: `request-${i}` }, () => statements.query(t.dataSource.manager, probe, [i]));
        await waitUntil('the read waits for the connection', () => pool.waitingCount >= 1);
        runInBackground('releaser', () => held.release());
        expect(await read).toEqual([{ n: i }]);
      }
    } finally {
      proto.query = original;
    }
    expect(scopes).toEqual(['request-0', 'request-1', 'request-2']);
    expect(statements.counts).toEqual(onServer ? { named: 2, unnamed: 1 } : { named: 0, unnamed: 3 });
  });

  (onServer ? it.skip : it)('embedded: nothing is prepared by name (one session behind every connection)', async () => {
    await start({ DB_PREPARED_READS: '50' });
    const statements = t.get(CompiledReads)['statements'] as ReadStatements;
    for (let i = 0; i < 4; i++) await read(PAGE, { first: 10 }, district);
    expect(await prepared()).toEqual([]);
    expect(statements.counts.named).toBe(0);
    expect(statements.counts.unnamed).toBeGreaterThanOrEqual(4);
  });
});
