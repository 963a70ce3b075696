/** The database a benchmark run starts the service on: a fresh embedded data folder, or a throw-away database on a server. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateSecretsEnv } from '../../src/config/secrets';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

export interface BenchDatabase {
  /** Environment for the service. */
  env: NodeJS.ProcessEnv;
  /** The service's database URL when reachable from here (server mode). */
  url?: string;
  label: string;
  cleanup(): Promise<void>;
}

export async function embeddedDatabase(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'jzfp-bench-'));
  return {
    env: { DATA_DIR: dir, DATABASE_URL: '' },
    label: 'embedded PGlite in a temporary DATA_DIR',
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A new database `bench_<timestamp>[_<suffix>]` on the server (a suffix tells two of one run apart). */
export async function serverDatabase(serverUrl: string, suffix?: string): Promise<BenchDatabase> {
  const name = `bench_${Date.now()}${suffix ? `_${suffix}` : ''}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'jzfp-bench-'));
  return {
    // A server needs key material from the environment; a throw-away database gets throw-away
    // keys unless the caller set them.
    env: {
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      FIELD_KEYS: process.env.FIELD_KEYS ?? `bench:${randomBytes(32).toString('base64')}`,
      FIELD_KEY_ACTIVE: process.env.FIELD_KEYS ? process.env.FIELD_KEY_ACTIVE : 'bench',
      BLIND_INDEX_KEY: process.env.BLIND_INDEX_KEY ?? randomBytes(32).toString('base64'),
      AUDIT_CHAIN_KEY: process.env.AUDIT_CHAIN_KEY ?? `bench:${randomBytes(32).toString('base64')}`,
    },
    url: url.toString(),
    label: `PostgreSQL database ${name} on ${url.host}`,
    cleanup: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function serverVersion(url: string): Promise<string | undefined> {
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
    const r = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return r.rows[0]?.v;
  } catch {
    return undefined;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A database for a service started in this process (startService): see inProcessDatabase. */
export interface InProcessDatabase {
  /** The in-memory embedded database to hand to startService (embedded mode). */
  embedded?: EmbeddedPostgres;
  /** Configuration for the service (server mode: the database URL and throw-away keys). */
  env: Record<string, string>;
  /** Drops the throw-away database (server mode); stops the embedded one if no service took it over. */
  cleanup(serviceStarted: boolean): Promise<void>;
}

/**
 * An in-memory embedded database, or a new `<prefix>_<time>_<random>` database on the server at
 * `serverUrl`, dropped by cleanup; for benchmarks that start the service in their own process.
 */
export async function inProcessDatabase(kind: 'embedded' | 'server', serverUrl: string, prefix: string): Promise<InProcessDatabase> {
  if (kind === 'embedded') {
    const embedded = await EmbeddedPostgres.start();
    return { embedded, env: {}, cleanup: async (started) => (started ? undefined : embedded.stop().catch(() => undefined)) };
  }
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const keys = Object.fromEntries(
    generateSecretsEnv()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return {
    env: { DATABASE_URL: url.toString(), ...keys },
    cleanup: async () => {
      await withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
