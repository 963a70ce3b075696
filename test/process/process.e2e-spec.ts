import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { Client } from 'pg';
import { join } from 'node:path';
import {
  assertBuilt,
  cleanupSpawned,
  copyDataDir,
  Exit,
  freePort,
  get,
  gql,
  http,
  secretsEnv,
  connectionReadByServer,
  spawnService,
  SpawnedService,
} from '../support/spawn-service';
import { waitFor } from '../support/wait-for';

/**
 * Every wait below follows a condition (a log line, the lock file, an exit) with a deadline far
 * beyond what an idle machine needs: a start-up can take a minute when the machine is loaded.
 */
const SLOW = 300_000;
jest.setTimeout(5 * SLOW);

/**
 * The compiled service as a process (`node dist/src/main.js`): how it refuses to start, how it
 * stops, what survives kill -9, and what it writes. Always on the embedded database (the lock
 * and the data directory are what is tested), whichever mode the other tests run in.
 */

const lockFile = (dataDir: string) => join(dataDir, 'service.lock');
const lockPid = (dataDir: string) => (JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as { pid: number }).pid;

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A refused start: non-zero exit code (not a signal), one stderr line `Cannot start: ...`, JSON-only stdout. */
async function expectRefusedStart(svc: SpawnedService, timeoutMs = SLOW): Promise<string> {
  const exit = await within(svc.exited, timeoutMs, 'exit');
  expect(exit.signal).toBeNull();
  expect(exit.code).not.toBe(0);
  expect(exit.code).not.toBeNull();
  const lines = svc.stderrLines();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Cannot start: \S/);
  expectJsonLines(svc);
  return lines[0];
}

function expectJsonLines(svc: SpawnedService): Record<string, unknown>[] {
  return svc.stdoutLines().map((line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`stdout line is not JSON: ${line}`);
    }
    expect(parsed).toEqual(expect.objectContaining({ level: expect.any(Number), time: expect.any(Number) }));
    return parsed as Record<string, unknown>;
  });
}

const countRegions = async (svc: SpawnedService) => {
  const res = await gql(svc.baseUrl, '{ regions { totalCount } }');
  expect(res.status).toBe(200);
  return res.json<{ data: { regions: { totalCount: number } } }>().data.regions.totalCount;
};

describe('the service as a process', () => {
  /** An initialised, migrated, empty data directory, stopped cleanly; tests start on copies of it. */
  let template: string;

  beforeAll(async () => {
    assertBuilt();
    const svc = await spawnService({ env: { SEED_DEMO: 'false' } });
    await svc.waitReady(SLOW);
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    template = svc.dataDir!;
    expect(existsSync(lockFile(template))).toBe(false);
  }, 2 * SLOW);

  afterAll(() => cleanupSpawned());

  it('refuses an unreachable DATABASE_URL with one line naming it and the cause, without the password', async () => {
    const secret = 'Pa55-w0rd-NOT-to-print';
    const svc = await spawnService({
      env: {
        ...secretsEnv(),
        DATABASE_URL: `postgres://nobody:${secret}@127.0.0.1:${await freePort()}/x`,
        LOG_LEVEL: 'info',
      },
    });
    const line = await expectRefusedStart(svc);
    expect(line).toContain('DATABASE_URL');
    expect(line).toContain('ECONNREFUSED');
    expect(svc.stdout() + svc.stderr()).not.toContain(secret);
  });

  it('refuses an invalid setting with one line naming the variable', async () => {
    const [port, level, url] = await Promise.all([
      spawnService({ env: { PORT: 'abc' } }),
      spawnService({ env: { LOG_LEVEL: 'loud' } }),
      spawnService({ env: { DATABASE_URL: 'mysql://root:Hidden-Pw-1@127.0.0.1/x' } }),
    ]);
    expect(await expectRefusedStart(port)).toMatch(/^Cannot start: .*\bPORT\b.*abc/);
    expect(await expectRefusedStart(level)).toMatch(/^Cannot start: .*\bLOG_LEVEL\b.*loud/);
    expect(await expectRefusedStart(url)).toMatch(/^Cannot start: .*\bDATABASE_URL\b/);
    expect(url.stderr()).not.toContain('Hidden-Pw-1');
    for (const svc of [port, level, url]) expect(svc.stdout()).toBe('');
  });

  describe('with a port in use', () => {
    let blocker: HttpServer;
    afterAll(() => new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r())));

    it('refuses with one line naming PORT, and releases the data directory lock', async () => {
      // Another service on the port, answering every request with 200 (its /health/ready too).
      blocker = createHttpServer((_req, res) => res.end('{"status":"ok"}'));
      const port = await freePort();
      await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
      const dataDir = copyDataDir(template);
      const svc = await spawnService({ port, env: { DATA_DIR: dataDir } });
      // The other process's answer is not taken for this one's readiness (test/support/spawn-service.ts).
      await expect(svc.waitReady(SLOW)).rejects.toThrow(/exited before it was ready/);
      const line = await expectRefusedStart(svc);
      expect(line).toContain('PORT');
      expect(line).toContain(String(port));
      expect(existsSync(lockFile(dataDir))).toBe(false);
    });
  });

  it('refuses a second service on a data directory in use, and the first keeps serving', async () => {
    const dataDir = copyDataDir(template);
    const a = await spawnService({ env: { DATA_DIR: dataDir } });
    await a.waitReady();
    expect(lockPid(dataDir)).toBe(a.pid);

    const b = await spawnService({ env: { DATA_DIR: dataDir } });
    const line = await expectRefusedStart(b);
    expect(line).toMatch(/data directory .* in use/);
    expect(line).toContain(`pid ${a.pid}`);

    expect(lockPid(dataDir)).toBe(a.pid);
    expect((await get(`${a.baseUrl}/health/ready`)).status).toBe(200);
    expect(await countRegions(a)).toBe(0); // still answers from its database
    expect(await a.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('serves its embedded database on EMBEDDED_DB_PORT, on 127.0.0.1, beside the API', async () => {
    const dataDir = copyDataDir(template);
    const port = await freePort();
    const svc = await spawnService({ env: { DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(port) } });
    await svc.waitReady();
    const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM regions');
      expect(rows[0]!.n).toBe(await countRegions(svc));
      const migrations = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM migrations');
      expect(migrations.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('keeps its data through kill -9; the restart takes over the stale lock and does not seed again', async () => {
    const dataDir = copyDataDir(template);
    // Demo data is refused in production (the spawned default): this is a development start. A
    // small registry: what is kept through the kill does not depend on the seed's size (with the
    // default 1,000 households this test took 32 s on an idle machine, with 20 it takes 19 s).
    const env = { DATA_DIR: dataDir, NODE_ENV: 'development', SEED_DEMO: 'true', SEED_DEMO_HOUSEHOLDS: '20', LOG_LEVEL: 'info', PASSWORD_HASH_COST: '10' };
    const first = await spawnService({ env });
    await first.waitReady();
    // The child's stdout pipe may be read a moment after readiness answers.
    await waitFor(() => first.stdout().includes('demo data: 73 regions'), { what: 'the seed log line', timeoutMs: SLOW });
    expect(await countRegions(first)).toBe(73);

    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(lockPid(dataDir)).toBe(first.pid); // left behind, stale

    const second = await spawnService({ env });
    await second.waitReady();
    // The last line of a start (after migrations and seeding): once it is read, so is what came before.
    await waitFor(() => second.stdout().includes('GraphQL at http://'), { what: 'the listening log line', timeoutMs: SLOW });
    expect(lockPid(dataDir)).toBe(second.pid);
    expect(await countRegions(second)).toBe(73);
    expect(second.stdout()).not.toContain('demo data');
    expect(second.stdout()).not.toContain('migration applied');
    expect(second.stderr()).toBe('');
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(existsSync(lockFile(dataDir))).toBe(false);
  });

  it('takes over a lock whose pid now belongs to another process after a reboot', async () => {
    const dataDir = copyDataDir(template);
    // This Jest worker is alive, but the lock was written in another boot: the pid was reused.
    writeFileSync(
      lockFile(dataDir),
      JSON.stringify({ pid: process.pid, host: hostname(), bootId: 'a-boot-long-ago', since: '2020-01-01T00:00:00.000Z' }),
    );
    const svc = await spawnService({ env: { DATA_DIR: dataDir } });
    await svc.waitReady();
    expect(lockPid(dataDir)).toBe(svc.pid);
    expect(await svc.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('on SIGTERM finishes the request in flight, stops accepting, releases the lock and exits 0', async () => {
    const dataDir = copyDataDir(template);
    // Long enough for a loaded machine; the service itself exits non-zero when it runs out.
    const graceMs = SLOW;
    const svc = await spawnService({ env: { DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: String(graceMs) } });
    await svc.waitReady();

    // A request whose body is still arriving when the signal comes.
    const body = JSON.stringify({ query: '{ regions { totalCount } }' });
    const socket = connect(svc.port, '127.0.0.1');
    let response = '';
    socket.setEncoding('utf8').on('data', (d: string) => (response += d));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    // The service has accepted the connection and read the headers: the request is in flight.
    await waitFor(() => connectionReadByServer(svc.port, socket.localPort!), { what: 'the service reading the request', timeoutMs: SLOW });

    svc.child.kill('SIGTERM');
    // No new connections while draining: the listener closes, the process stays.
    await waitFor(
      () => get(`${svc.baseUrl}/health/live`, 2000).then(() => false, (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED'),
      { what: 'the listener closed after SIGTERM', timeoutMs: SLOW },
    );
    expect(svc.hasExited()).toBe(false);

    socket.write(body.slice(10));
    await within(ended, SLOW, 'response to the request in flight');
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('{"data":{"regions":{"totalCount":0}}}');

    // Exit 0 (not the grace timer's non-zero exit): it stopped once the request was done.
    const exit: Exit = await within(svc.exited, SLOW, 'exit after SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(existsSync(lockFile(dataDir))).toBe(false);
    expect(svc.stderr()).toBe('');
    expectJsonLines(svc);
  });

  it('on SIGTERM during start-up stops once started, releasing the lock', async () => {
    const dataDir = copyDataDir(template);
    // The grace period runs from the signal, and the rest of the start-up is inside it: on a loaded
    // machine that rest alone can take longer than the default 10 s (exit 1, "Shutdown took longer").
    const svc = await spawnService({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: String(SLOW) } });
    // Signal once the process holds the data directory but before it listens (start-up takes
    // seconds, and a minute on a loaded machine: wait for the lock file however long it takes).
    await waitFor(() => existsSync(lockFile(dataDir)) || svc.hasExited(), { what: 'the data directory lock', timeoutMs: SLOW, intervalMs: 5 });
    expect(svc.hasExited()).toBe(false);
    svc.child.kill('SIGTERM');
    expect(await within(svc.exited, SLOW, 'exit after SIGTERM')).toEqual({ code: 0, signal: null });
    expect(existsSync(lockFile(dataDir))).toBe(false);
    expect(svc.stderr()).toBe('');
  });

  describe('logs, then SIGINT', () => {
    let svc: SpawnedService;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = copyDataDir(template);
      svc = await spawnService({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'info' } });
      await svc.waitReady();
    });

    /** The JSON lines on stdout that carry reqId, once one for each id has been written. */
    async function requestLines(ids: string[]): Promise<Record<string, unknown>[]> {
      // Request lines are written when the response has finished: wait for them.
      const logged = () => new Set(expectJsonLines(svc).map((l) => l.reqId));
      await waitFor(() => ids.every((id) => logged().has(id)), { what: `log lines of ${ids.join(', ')}`, timeoutMs: SLOW }).catch(() => undefined);
      return expectJsonLines(svc).filter((l) => ids.includes(l.reqId as string));
    }

    it('are JSON lines only; each request line carries the reqId returned in X-Request-Id', async () => {
      const query = '{ regions { totalCount } }';
      const fresh = await gql(svc.baseUrl, query);
      const echoed = await gql(svc.baseUrl, query, { 'x-request-id': 'trace-0123456789abcdef' });
      const replaced = await gql(svc.baseUrl, query, { 'x-request-id': 'not a safe id!' });
      const refused = await gql(svc.baseUrl, '{ regions { nope } }', { 'x-request-id': 'trace-invalid-query-01' });
      expect([fresh, echoed, replaced].map((r) => r.status)).toEqual([200, 200, 200]);
      expect(refused.status).toBe(400);

      expect(echoed.headers['x-request-id']).toBe('trace-0123456789abcdef');
      expect(refused.headers['x-request-id']).toBe('trace-invalid-query-01');
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const ids = [fresh, echoed, replaced, refused].map((r) => r.headers['x-request-id'] as string);
      expect(new Set(ids).size).toBe(4);

      const lines = await requestLines(ids);
      for (const id of ids) expect(lines.filter((l) => l.reqId === id).length).toBeGreaterThanOrEqual(1);
      // Every request line (one with `req`) belongs to one of these requests, and req.id is its reqId.
      const all = expectJsonLines(svc);
      for (const l of all.filter((x) => x.req !== undefined)) {
        expect(ids).toContain(l.reqId);
        expect((l.req as { id?: string }).id).toBe(l.reqId);
      }
      expect(svc.stdout()).not.toContain('not a safe id');
      expect(svc.stderr()).toBe('');
    });

    it('logs a request down the stack (not the GraphQL lane) the same way, one line with its reqId', async () => {
      // `/graphql/` is answered by Apollo behind Express's stack and Nest's middleware (graphql-lane.ts takes `/graphql` only).
      const stack = await http(`${svc.baseUrl}/graphql/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'trace-stack-path-0001' },
        body: JSON.stringify({ query: '{ regions { totalCount } }' }),
      });
      expect(stack.status).toBe(200);
      const lines = (await requestLines(['trace-stack-path-0001'])).filter((l) => l.req !== undefined);
      expect(lines.map((l) => [l.msg, l.req, l.res])).toEqual([
        ['request completed', { id: 'trace-stack-path-0001', method: 'POST', path: '/graphql/' }, { statusCode: 200 }],
      ]);
    });

    it('gives a request refused by the body parser its X-Request-Id and a log line too', async () => {
      const malformed = await http(`${svc.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'trace-malformed-0001' },
        body: '{"query": ',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.headers['x-request-id']).toBe('trace-malformed-0001');
      expect(await requestLines(['trace-malformed-0001'])).not.toHaveLength(0);
    });

    it('on SIGINT stops cleanly too', async () => {
      expect(await within(svc.stop('SIGINT'), SLOW, 'exit after SIGINT')).toEqual({ code: 0, signal: null });
      expect(existsSync(lockFile(dataDir))).toBe(false);
      expect(svc.stderr()).toBe('');
    });
  });
});
