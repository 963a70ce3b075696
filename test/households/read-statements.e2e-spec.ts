import { Client, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Role } from '../../src/common/access/permissions';
import { CompiledReads } from '../../src/common/graphql/compiled-read';
import { currentScope, runInBackground, runWithScope } from '../../src/common/request-scope/request-scope';
import { ReadStatements } from '../../src/common/sql/read-statements';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { watchStatements } from '../support/query-counter';
import { waitUntil } from '../support/wait-for';
import { activate, createHousehold, householdInput } from './registry-fixtures';
import { TYPES_PROBE } from '../support/types-probe';

const PAGE = `query($first: Int!) { households(first: $first) { edges { node { id householdNumber members { name } } } } }`;
const BY_ID = `query($id: ID!) { household(id: $id) { id householdNumber members { name } } }`;
const PAGE_NAMED = `query($first: Int!, $name: String!) { households(first: $first, nameContains: $name) { edges { node { id householdNumber members { name } } } } }`;

interface Prepared {
  name: string;
  statement: string;
  generic_plans: string;
  custom_plans: string;
}

/**
 * The compiled reads' statements (src/common/sql/read-statements.ts): on a server, a repeated
 * read is prepared by name on its connection, one per region subtree (the scope's prefix is a
 * literal), and PostgreSQL keeps its plan (its default, plan_cache_mode auto); a statement that
 * binds a LIKE pattern is never named; at most DB_PREPARED_READS texts hold a name, the ones run
 * last, and a connection deallocates the others; on the
 * embedded database nothing is prepared by name. The service runs
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

  /** The service's embedded database (undefined on a server), as its compiled reads hold it. */
  const embeddedOf = (app: TestApp) => (app.get(CompiledReads)['statements'] as ReadStatements)['inProcess'] as EmbeddedPostgres | undefined;

  const prepared = async (): Promise<Prepared[]> =>
    t.dataSource.query(`SELECT name, statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE name LIKE 'read\\_%' ORDER BY name`);

  afterEach(async () => {
    await t?.close();
  });

  (onServer ? it : it.skip)('on a server: a repeated read is prepared once per connection and subtree, PostgreSQL keeps its plan, and it answers as before', async () => {
    await start({});
    const statements = t.get(CompiledReads)['statements'] as ReadStatements;
    const first = await read(PAGE, { first: 10 }, district);
    expect((first.households as { edges: unknown[] }).edges).toHaveLength(3);
    // First sighting: unnamed.
    expect(await prepared()).toEqual([]);
    for (let i = 0; i < 9; i++) expect(await read(PAGE, { first: 10 }, district)).toEqual(first);
    const page = await prepared();
    expect(page).toHaveLength(1);
    // What the plan depends on is in the text: the district's subtree and the page's limit.
    expect(page[0]!.statement).toContain(`h.region_code LIKE '410106%'`);
    expect(page[0]!.statement).toContain('LIMIT 11');
    expect(page[0]!.statement).not.toMatch(/LIKE \$|LIMIT \$/);
    // So PostgreSQL's default keeps one plan after five executions planned for their values.
    expect(page[0]).toMatchObject({ custom_plans: '5', generic_plans: '4' });
    const [mode] = await t.dataSource.query(`SHOW plan_cache_mode`);
    expect(mode.plan_cache_mode).toBe('auto');
    // The village officer's page: another subtree, so another statement (its plan made for the village).
    for (let i = 0; i < 3; i++) expect(await read(PAGE, { first: 10 }, village)).toEqual(first);
    const pages = await prepared();
    expect(pages).toHaveLength(2);
    expect(pages.find((p) => p.statement.includes(`h.region_code LIKE '${R.village}%'`))).toBeDefined();
    // One household by id: `h.id = $1`, not an array PostgreSQL would plan for ten elements; and
    // one statement text for every id (the plan, its members' alias included, does not depend on it).
    const compiled = t.get(CompiledReads).counts.compiled;
    for (const id of [...ids, ...ids]) expect(await read(BY_ID, { id }, district)).toMatchObject({ household: { id } });
    expect(t.get(CompiledReads).counts.compiled).toBe(compiled + 1);
    const byId = (await prepared()).filter((p) => !pages.some((q) => q.name === p.name));
    expect(byId).toHaveLength(1);
    expect(byId[0]!.statement).toContain('h.id = $1');
    expect(byId[0]!.statement).toContain('FROM members cr1 ');
    // A name search binds its LIKE pattern: planned for its values every time, so never named.
    const unnamed = statements.counts.unnamed;
    for (let i = 0; i < 3; i++) expect(await read(PAGE_NAMED, { first: 10, name: '无此人' }, district)).toEqual({ households: { edges: [] } });
    expect(statements.counts.unnamed).toBe(unnamed + 3);
    expect(await prepared()).toHaveLength(3);
  });

  (onServer ? it : it.skip)('on a server: at most DB_PREPARED_READS texts hold a name, the ones run last; the connection deallocates the others; 0 names none', async () => {
    await start({ DB_PREPARED_READS: '2' });
    const statements = t.get(CompiledReads)['statements'] as ReadStatements;
    const names = async () => (await prepared()).map((p) => p.statement);
    const page = (who: SignedIn) => read(PAGE, { first: 10 }, who);
    const byId = () => read(BY_ID, { id: ids[0] }, district);
    const districtPage = expect.stringContaining(`LIKE '410106%'`);
    const villagePage = expect.stringContaining(`LIKE '${R.village}%'`);
    const oneHousehold = expect.stringContaining('h.id = $1');
    // Each text named on its second sighting: two texts, two names.
    for (let i = 0; i < 3; i++) await page(district);
    for (let i = 0; i < 3; i++) await byId();
    expect(await names()).toEqual(expect.arrayContaining([districtPage, oneHousehold]));
    expect(await names()).toHaveLength(2);
    expect(statements.counts).toEqual({ named: 4, unnamed: 2, inProcess: 0, deallocated: 0 });
    // A third text: named on its second sighting, it takes the name of the text run longest ago
    // (the district's page), which the connection deallocates before it prepares the new one.
    const answer = await page(village);
    expect(await page(village)).toEqual(answer);
    expect(await names()).toEqual(expect.arrayContaining([oneHousehold, villagePage]));
    expect(await names()).toHaveLength(2);
    expect(statements.counts).toEqual({ named: 5, unnamed: 3, inProcess: 0, deallocated: 1 });
    // The district's page runs unnamed until it is seen twice again, and then holds a name again
    // (the one by id, run longest ago now, gives up its own); every answer as before.
    const districtAnswer = await page(district);
    expect(await page(district)).toEqual(districtAnswer);
    expect(await page(district)).toEqual(districtAnswer);
    expect(await names()).toEqual(expect.arrayContaining([villagePage, districtPage]));
    expect(await names()).toHaveLength(2);
    expect(statements.counts).toEqual({ named: 7, unnamed: 4, inProcess: 0, deallocated: 2 });
    expect(await byId()).toMatchObject({ household: { id: ids[0] } });
    // Statements deallocated behind pg's back (the service's only connection): the DEALLOCATE
    // before the next name fails, so that read runs unnamed and its connection is closed; the
    // next connection prepares afresh.
    const backend = async () => ((await t.dataSource.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[])[0]!.pid;
    const before = await backend();
    await t.dataSource.query('DEALLOCATE ALL');
    expect(await byId()).toMatchObject({ household: { id: ids[0] } });
    expect(statements.counts).toEqual({ named: 7, unnamed: 6, inProcess: 0, deallocated: 2 });
    expect(await backend()).not.toBe(before);
    expect(await byId()).toMatchObject({ household: { id: ids[0] } });
    expect(await byId()).toMatchObject({ household: { id: ids[0] } });
    expect(await names()).toEqual([oneHousehold]);
    await t.close();

    // 4 texts per connection, 3 names: the quarter kept free is deallocated in one round trip.
    await start({ DB_PREPARED_READS: '4' });
    const reads = t.get(CompiledReads)['statements'] as ReadStatements;
    const sized = async (first: number) => {
      for (let i = 0; i < 2; i++) expect(await read(PAGE, { first }, district)).toEqual(await read(PAGE, { first: 10 }, district));
    };
    const limits = async () => (await names()).map((text) => /LIMIT (\d+)/.exec(text)![1]).sort();
    // Pages of 10, 9 and 8 rows (`LIMIT 11`, 10, 9): three names, each prepared on the connection.
    await sized(9);
    await sized(8);
    expect(await limits()).toEqual(['10', '11', '9']);
    // A fourth text (7 rows) takes the name of the page of 9, which stays prepared: 4 texts held.
    await sized(7);
    expect(reads.counts.deallocated).toBe(0);
    expect(await limits()).toEqual(['10', '11', '8', '9']);
    // A fifth (6 rows) takes the page of 8's name, and the connection, holding 4, deallocates both
    // texts that lost theirs at once.
    await sized(6);
    expect(reads.counts.deallocated).toBe(2);
    expect(await limits()).toEqual(['11', '7', '8']);
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
    const statements = new ReadStatements(t.dataSource, onServer ? 5 : 0, embeddedOf(t));
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
    // On the embedded database the four ran in process (the error too), the transaction's over its connection.
    expect(statements.counts).toEqual(onServer ? { named: 3, unnamed: 1, inProcess: 0, deallocated: 0 } : { named: 0, unnamed: 4, inProcess: 1, deallocated: 0 });
  });

  it('a read queued for a busy pool sends its statement in its own request scope, not in the scope of the work that released the connection', async () => {
    await start({});
    const statements = new ReadStatements(t.dataSource, onServer ? 5 : 0, embeddedOf(t));
    const pool = (t.dataSource.driver as PostgresDriver).master as Pool;
    const probe = `SELECT $1::int AS n /* read-statements scope probe */`;
    const scopes: (string | undefined)[] = [];
    const unwatch = watchStatements((text) => {
      if (text === probe) scopes.push(currentScope()?.requestId ?? currentScope()?.background);
    });
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
      unwatch();
    }
    expect(scopes).toEqual(['request-0', 'request-1', 'request-2']);
    expect(statements.counts).toEqual(onServer ? { named: 2, unnamed: 1, inProcess: 0, deallocated: 0 } : { named: 0, unnamed: 3, inProcess: 3, deallocated: 0 });
  });

  (onServer ? it.skip : it)('embedded: nothing is prepared by name (one session behind every connection)', async () => {
    await start({ DB_PREPARED_READS: '50' });
    const statements = t.get(CompiledReads)['statements'] as ReadStatements;
    for (let i = 0; i < 4; i++) await read(PAGE, { first: 10 }, district);
    expect(await prepared()).toEqual([]);
    expect(statements.counts.named).toBe(0);
    expect(statements.counts.unnamed).toBeGreaterThanOrEqual(4);
    // Run in the service's process (EmbeddedPostgres.read): no other wire connection was open.
    expect(statements.counts.inProcess).toBe(statements.counts.unnamed);
  });

  (onServer ? it.skip : it)('embedded: a read run in process returns what the driver returns, and is declined while another connection is open or a transaction is', async () => {
    await start({});
    const embedded = embeddedOf(t)!;
    const { text, values } = TYPES_PROBE;
    const viaDriver = await t.dataSource.query(text, values);
    const here = await embedded.read(text, values);
    expect(here).toEqual(viaDriver);
    expect(here![0]).toMatchObject(TYPES_PROBE.parsed);
    expect(here![0]!.by).toBeInstanceOf(Buffer);
    // A database error as the driver throws it: its SQLSTATE and message.
    const [driverError, hereError] = await Promise.all([
      t.dataSource.query(`SELECT 1 / $1::int AS n`, [0]).catch((e: { driverError: { code: string; message: string } }) => e.driverError),
      embedded.read(`SELECT 1 / $1::int AS n`, [0]).then(
        () => undefined,
        (e: { code: string; message: string }) => e,
      ),
    ]);
    expect([hereError?.code, hereError?.message]).toEqual([driverError.code, driverError.message]);
    // In a transaction (the service's own, on its connection): declined, the caller goes over the wire.
    await t.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1`);
      expect(await embedded.read(`SELECT 1 AS n`, [])).toBeUndefined();
    });
    // Another wire connection open (psql, a reporting tool): declined until it closes.
    const other = new Client({ connectionString: embedded.url });
    await other.connect();
    try {
      await other.query(`SELECT 1`);
      expect(await embedded.read(`SELECT 1 AS n`, [])).toBeUndefined();
    } finally {
      await other.end();
    }
    await waitUntil('the other connection is gone', () => embedded.wireConnections <= 1);
    expect(await embedded.read(`SELECT 1 AS n`, [])).toEqual([{ n: 1 }]);
  });
});
