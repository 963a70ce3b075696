import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, startService } from '../../src/bootstrap';
import type { PluggedModule } from '../../src/app.module';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createTestDatabase, TestDatabase } from './test-database';
import { generateSecretsEnv } from '../../src/config/secrets';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string } }[];
  };
  headers: Record<string, string>;
}

export interface TestApp {
  service: RunningService;
  db: TestDatabase;
  dataSource: DataSource;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  http: ReturnType<typeof request>;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  get<T>(type: new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * The real service (same bootstrap as `npm start`) on a fresh database, listening on a free
 * loopback port. Environment overrides go through the same validated configuration.
 */
export async function startTestApp(env: Record<string, string> = {}, options: { modules?: readonly PluggedModule[] } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  // Uploads and other files of DATA_DIR go to a folder of this app's own (removed at close), not
  // ./data, which every test file of every run on this checkout would share.
  const dataDir = env.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'jzfp-app-'));
  const removeDataDir = () => dataDir && rmSync(dataDir, { recursive: true, force: true });
  let service: RunningService;
  try {
    const config: AppConfig = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      DB_POOL_SIZE: '4',
      // Cheaper password hashing keeps sign-in fast in tests; production defaults to 15.
      PASSWORD_HASH_COST: '10',
      // Many sign-ins from one address; the rate-limit test sets its own limits.
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_IP_PER_MINUTE: '100000',
      // Wrong passwords from one address would slow sign-in down; the sign-in delay tests set their own.
      LOGIN_DELAY_FREE_FAILURES: '1000',
      LOGIN_ACCOUNT_DELAY_FREE_FAILURES: '1000',
      LOGIN_ADDRESS_DELAY_FREE_FAILURES: '100000',
      // Background pollers (import worker, webhook dispatcher) would add their SQL to tests that
      // count statements; the tests of those workers turn them on.
      IMPORT_WORKER_ENABLED: 'false',
      WEBHOOKS_ENABLED: 'false',
      // A server needs its keys from configuration (the embedded database makes its own).
      ...(db.embedded ? {} : { DATABASE_URL: db.url, ...secretsEnv() }),
      ...env,
    });
    service = await startService(config, { embedded: db.embedded, modules: options.modules });
  } catch (e) {
    await db.drop();
    removeDataDir();
    throw e;
  }
  const baseUrl = `http://127.0.0.1:${service.port}`;
  const http = request(baseUrl);
  return {
    service,
    db,
    dataSource: service.app.get(DataSource),
    baseUrl,
    http,
    get: (type) => service.app.get(type),
    async gql(query, variables, headers = {}) {
      const res = await http
        .post('/graphql')
        .set({ 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers })
        .send({ query, variables });
      return { status: res.status, body: res.body, headers: res.headers as Record<string, string> };
    },
    async close() {
      try {
        await service.close();
      } finally {
        await db.drop();
        removeDataDir();
      }
    },
  };
}

function secretsEnv(): Record<string, string> {
  return Object.fromEntries(generateSecretsEnv().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
}
