import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunningService, startService } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { DEMO_REGIONS_FILE } from '../../src/demo/seed';
import { RegionsService } from '../../src/regions/regions.service';
import { gql, get, HttpResult, secretsEnv } from '../support/spawn-service';
import { TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait-for';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * The database goes away while the service runs, and comes back. The service (in-process, the
 * real bootstrap) reaches the test database, embedded or server, through a TCP proxy that the
 * test cuts and restores: readiness turns 503 and queries answer SERVICE_UNAVAILABLE while it is
 * gone, and both recover by themselves once it is back, without restarting the service.
 */

jest.setTimeout(300_000);

const COUNT = '{ regions { totalCount } }';
type Count = { data?: { regions: { totalCount: number } } | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/**
 * Polls until check() passes (returns the last result), or fails with the last result. The default
 * deadline is far beyond an idle machine's need: on a loaded one recovery takes its time.
 */
async function eventually<T>(what: string, probe: () => Promise<T>, check: (r: T) => boolean, timeoutMs = 60_000): Promise<T> {
  let last: T | undefined;
  try {
    const passed = await waitFor(
      async () => {
        last = await probe();
        return check(last) ? { result: last } : undefined;
      },
      { what, timeoutMs, intervalMs: 100 },
    );
    return passed.result;
  } catch (e) {
    throw new Error(`${(e as Error).message}; last: ${JSON.stringify(last)}`, { cause: e });
  }
}

describe('database outage and recovery', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: RunningService;
  let baseUrl: string;

  const ready = () => get(`${baseUrl}/health/ready`, 5000);
  const count = async () => {
    const res = await gql(baseUrl, COUNT);
    return { status: res.status, body: res.json<Count>(), text: res.text };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
    const config = loadConfig({
      ...secretsEnv(),
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      DB_POOL_SIZE: '4',
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_IP_PER_MINUTE: '100000',
      DATABASE_URL: proxy.rewrite(db.url),
      // The embedded server takes no statement_timeout; a server gets the default.
      ...(db.embedded ? { DB_STATEMENT_TIMEOUT_MS: '0' } : {}),
    });
    service = await startService(config);
    baseUrl = `http://127.0.0.1:${service.port}`;
    await service.app
      .get(RegionsService)
      .importCsvAsSystem(readFileSync(join(__dirname, '..', '..', DEMO_REGIONS_FILE)));
  });

  afterAll(async () => {
    try {
      await service?.close();
    } finally {
      await proxy?.stop();
      await db?.drop();
    }
  });

  it('answers through the proxy', async () => {
    expect((await ready()).status).toBe(200);
    const res = await count();
    expect(res.body).toEqual({ data: { regions: { totalCount: 73 } } });
  });

  it('while the database is gone: readiness 503, queries SERVICE_UNAVAILABLE (no SQL, no internals)', async () => {
    await proxy.stop();

    const notReady: HttpResult = await eventually('readiness 503', ready, (r) => r.status === 503);
    expect(notReady.text).toContain('SERVICE_UNAVAILABLE');
    expect(notReady.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);
    expect((await get(`${baseUrl}/health/live`)).status).toBe(200);

    const started = Date.now();
    const res = await count();
    const tookMs = Date.now() - started;
    expect([200, 503]).toContain(res.status);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors!;
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE' });
    expect(error.extensions).not.toHaveProperty('stacktrace');
    expect(res.text).not.toMatch(/select |from "|ECONNREFUSED|127\.0\.0\.1|postgres/i);
    // Refused at once, not after the pool's 5 s connection timeout (connectionTimeoutMillis).
    expect(tookMs).toBeLessThan(5000);
  });

  it('once it is back: ready again and answering, without a restart', async () => {
    await proxy.restart();
    await eventually('readiness 200', ready, (r) => r.status === 200);
    const res = await eventually('queries answered', count, (r) => r.body.data?.regions.totalCount === 73);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('survives the line being cut again with connections open in the pool', async () => {
    // Several queries at once so that the pool holds several connections when the line is cut.
    const before = await Promise.all([count(), count(), count(), count()]);
    expect(before.every((r) => r.body.data?.regions.totalCount === 73)).toBe(true);
    await proxy.stop();
    const down = await count();
    expect(down.body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    await proxy.restart();
    const after = await eventually(
      'queries answered',
      () => Promise.all([count(), count(), count(), count()]),
      (all) => all.every((r) => r.body.data?.regions.totalCount === 73),
    );
    expect(after).toHaveLength(4);
    expect((await ready()).status).toBe(200);
  });
});
