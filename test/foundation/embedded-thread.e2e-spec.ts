import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, DatabaseError } from 'pg';
import { EmbeddedDatabaseError, EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { TEMPLATE_DUMP_ENV } from '../support/database-template';
import { usingServer } from '../support/test-database';
import { waitUntil } from '../support/wait-for';
import { TYPES_PROBE } from '../support/types-probe';

/**
 * The embedded database in a worker thread of its own (EMBEDDED_DB_THREAD, the service's own
 * database): the wire protocol, the connection counters the principal cache reads, the compiled
 * reads run in its thread, dump, pause, resume, stop and a failed start, as the in-thread engine
 * has them. (The service as a process, test/process, runs on it too.) Only in the embedded run: it
 * needs no server.
 */
(usingServer() ? describe.skip : describe)('the embedded database in a thread of its own', () => {
  const template = process.env[TEMPLATE_DUMP_ENV];
  let db: EmbeddedPostgres;
  const clients: Client[] = [];

  const connect = async (target: EmbeddedPostgres = db): Promise<Client> => {
    const c = new Client({ connectionString: target.url });
    // A paused or stopped server drops its connections: the test checks the query's rejection.
    c.on('error', () => undefined);
    await c.connect();
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    db = await EmbeddedPostgres.start({ thread: true, ...(template ? { loadDataDir: readFileSync(template) } : {}) });
  });

  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await db?.stop();
  });

  it('serves the wire protocol and counts connections as they open and close', async () => {
    const before = db.connectionsOpened;
    const a = await connect();
    await waitUntil('the connection is counted', () => db.connectionsOpened === before + 1);
    expect(db.wireConnections).toBe(1);
    await a.query('CREATE TABLE thread_rows (n int PRIMARY KEY, label text)');
    await a.query(`INSERT INTO thread_rows SELECT n, 'row ' || n FROM generate_series(1, 100) n`);
    const b = await connect();
    await waitUntil('the second connection is counted', () => db.connectionsOpened === before + 2);
    expect(db.wireConnections).toBe(2);
    // One session behind every connection: the second sees the first's rows at once.
    expect((await b.query('SELECT count(*)::int AS n, max(label) AS top FROM thread_rows')).rows).toEqual([{ n: 100, top: 'row 99' }]);
    await b.end();
    await waitUntil('the closed connection is no longer counted', () => db.wireConnections === 1);
    expect(db.connectionsOpened).toBe(before + 2);
  });

  it('runs a read in its thread as the driver would answer it, declined while another connection is open or a transaction is', async () => {
    for (const c of clients.splice(0)) await c.end();
    await waitUntil('no connection is open', () => db.wireConnections === 0);
    const own = await connect();
    const { text, values } = TYPES_PROBE;
    const viaDriver = (await own.query(text, values)).rows;
    const inThread = await db.read(text, values);
    expect(inThread).toEqual(viaDriver);
    expect(inThread![0]).toMatchObject(TYPES_PROBE.parsed);
    expect(inThread![0]!.by).toBeInstanceOf(Buffer);
    expect(await db.read('SELECT n, label FROM thread_rows WHERE n = ANY($1::int[]) ORDER BY n', [[3, 1]])).toEqual([
      { n: 1, label: 'row 1' },
      { n: 3, label: 'row 3' },
    ]);
    // A database error as the driver throws it: pg's DatabaseError with its SQLSTATE, severity and message.
    const driverError = (await own.query('SELECT 1 / $1::int AS n', [0]).catch((e: unknown) => e)) as DatabaseError;
    const threadError = (await db.read('SELECT 1 / $1::int AS n', [0]).catch((e: unknown) => e)) as DatabaseError;
    expect(threadError).toBeInstanceOf(DatabaseError);
    expect([threadError.code, threadError.severity, threadError.message]).toEqual([driverError.code, driverError.severity, driverError.message]);
    // Binary values keep the wire path.
    expect(await db.read('SELECT $1::bytea AS b', [Buffer.from([1, 2])])).toBeUndefined();
    // In a transaction on the connection: declined, the caller goes over the wire.
    await own.query('BEGIN');
    expect(await db.read('SELECT 1 AS n', [])).toBeUndefined();
    await own.query('COMMIT');
    // Another wire connection open (psql, a reporting tool): declined until it closes.
    const other = await connect();
    await waitUntil('the other connection is counted', () => db.wireConnections === 2);
    expect(await db.read('SELECT 1 AS n', [])).toBeUndefined();
    await other.end();
    await waitUntil('the other connection is gone', () => db.wireConnections === 1);
    expect(await db.read('SELECT 1 AS n', [])).toEqual([{ n: 1 }]);
  });

  it('gives a database error over the wire with its SQLSTATE', async () => {
    const c = await connect();
    await expect(c.query('INSERT INTO thread_rows VALUES (1, $1)', ['again'])).rejects.toMatchObject({ code: '23505' });
    await expect(c.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  it('dumps its data directory, which another database starts from', async () => {
    const dump = await db.dumpDataDir();
    expect(dump.size).toBeGreaterThan(1_000_000);
    const copy = await EmbeddedPostgres.start({ loadDataDir: new Uint8Array(await dump.arrayBuffer()) });
    try {
      const c = await connect(copy);
      expect((await c.query('SELECT count(*)::int AS n FROM thread_rows')).rows).toEqual([{ n: 100 }]);
      await c.end();
    } finally {
      await copy.stop();
    }
  });

  it('pauses (open connections dropped, new ones refused) and serves again on the same port', async () => {
    const c = await connect();
    const port = db.port;
    await db.pause();
    await waitUntil('the paused server dropped the connection', () => db.wireConnections === 0);
    await expect(c.query('SELECT 1')).rejects.toThrow();
    await expect(new Client({ connectionString: db.url }).connect()).rejects.toThrow();
    await db.resume();
    expect(db.port).toBe(port);
    const again = await connect();
    expect((await again.query('SELECT count(*)::int AS n FROM thread_rows')).rows).toEqual([{ n: 100 }]);
  });

  it('stops: the thread ends, the port is closed, and a second stop is harmless', async () => {
    const other = await EmbeddedPostgres.start({ thread: true, ...(template ? { loadDataDir: readFileSync(template) } : {}) });
    const c = await connect(other);
    await c.query('SELECT 1');
    await other.stop();
    await other.stop();
    await expect(new Client({ connectionString: other.url }).connect()).rejects.toThrow();
    await expect(other.dumpDataDir()).rejects.toThrow(/embedded database/);
  });

  it('tells the service when its thread ends on its own, failing the reads in flight and the wire connections', async () => {
    const lost: Error[] = [];
    const other = await EmbeddedPostgres.start({ thread: true, onThreadLost: (e) => lost.push(e), ...(template ? { loadDataDir: readFileSync(template) } : {}) });
    try {
      const c = await connect(other);
      await waitUntil('the connection is counted', () => other.wireConnections === 1);
      const inFlight = other.read('SELECT count(*) AS n FROM generate_series(1, 20000000)', []);
      // What a WASM abort does to the thread, from outside.
      await (other as unknown as { engine: { worker: { terminate(): Promise<number> } } }).engine.worker.terminate();
      await expect(inFlight).rejects.toThrow(/^embedded database: its thread exited with code/);
      await waitUntil('the loss is told', () => lost.length === 1);
      expect(lost[0]).toBeInstanceOf(EmbeddedDatabaseError);
      expect(lost[0]!.message).toMatch(/^The embedded database in memory stopped: its thread exited with code/);
      await expect(c.query('SELECT 1')).rejects.toThrow();
      await expect(other.read('SELECT 1', [])).rejects.toThrow(/embedded database: its thread/);
    } finally {
      await other.stop();
    }
    expect(lost).toHaveLength(1);
  });

  it('refuses a damaged data directory with the error of the in-thread engine, and releases the directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jzfp-thread-'));
    try {
      mkdirSync(join(dir, 'pgdata'));
      writeFileSync(join(dir, 'pgdata', 'PG_VERSION'), 'not a version\n');
      const failed = EmbeddedPostgres.start({ dataDir: dir, thread: true });
      await expect(failed).rejects.toBeInstanceOf(EmbeddedDatabaseError);
      await expect(failed).rejects.toThrow(`Cannot open the embedded database in ${dir} (DATA_DIR)`);
      // The lock was released: a healthy directory in the same place opens.
      rmSync(join(dir, 'pgdata'), { recursive: true });
      const fresh = await EmbeddedPostgres.start({ dataDir: dir, thread: true });
      try {
        const c = await connect(fresh);
        expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        await c.end();
      } finally {
        await fresh.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
