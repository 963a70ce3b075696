import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV } from './database-template';

/**
 * A clean database for one test file. With TEST_DATABASE_URL (a server; any database the
 * user may CREATE DATABASE from), a new database named after the file, dropped afterwards;
 * otherwise a new in-memory embedded PostgreSQL. Files never share data, so they run in parallel.
 *
 * By default the database is already migrated: a copy of the template that Jest's global setup
 * (test/support/global-setup.ts) migrated once per run (CREATE DATABASE … TEMPLATE on a server,
 * a saved data directory for the embedded database). The service still runs its migrations at
 * start and finds none pending. `{ empty: true }` gives a database without any table, for tests
 * of the migrations themselves.
 */
export interface TestDatabase {
  /** URL for the service; undefined when the embedded instance is passed directly. */
  url: string;
  embedded?: EmbeddedPostgres;
  drop(): Promise<void>;
}

export const usingServer = (): boolean => !!process.env.TEST_DATABASE_URL;

/**
 * The tests' embedded databases hold a few hundred rows: a 16 MB buffer pool instead of PGlite's
 * 128 MB takes about a fifth off every start's CPU (PGlite sets the pool up at each start, and an
 * embedded run starts hundreds), and its memory off every Jest worker. A memory setting only.
 */
const TEST_SETTINGS = ['shared_buffers = 16MB'];

/**
 * CREATE DATABASE, from `template` when given. 55006: the template still has a session (a client
 * that just disconnected: its backend ends a moment later; PostgreSQL waits 5 s for it, then
 * refuses); tried again for up to a minute before failing, for a loaded machine.
 */
export async function createDatabase(admin: Pick<Client, 'query'>, name: string, template?: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '55006' || Date.now() > deadline) throw e;
    }
  }
}

let dump: Buffer | undefined;

export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dumpFile = options.empty ? undefined : process.env[TEMPLATE_DUMP_ENV];
    if (dumpFile) dump ??= readFileSync(dumpFile);
    const embedded = await EmbeddedPostgres.start({ ...(dumpFile ? { loadDataDir: dump } : {}), settings: TEST_SETTINGS });
    return { url: embedded.url, embedded, drop: () => embedded.stop() };
  }
  const name = `jzfp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = options.empty ? undefined : process.env[TEMPLATE_DB_ENV];
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await createDatabase(admin, name, template);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Waits for, then holds, a lock named `name` on the test server (TEST_DATABASE_URL): for tests
 * that change what is the whole server's, not one database's (roles, for one), so that two runs
 * of the suite on one server take turns. Session-level advisory lock in the admin database, which
 * both runs connect to; released by the returned function (or when the connection ends).
 */
export async function holdServerLock(name: string): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('holdServerLock needs TEST_DATABASE_URL');
  const c = new Client({ connectionString: adminUrl, application_name: `jzfp-test-lock-${name}` });
  await c.connect();
  try {
    await c.query(`SELECT pg_advisory_lock(hashtext($1))`, [`jzfp-test:${name}`]);
  } catch (e) {
    await c.end();
    throw e;
  }
  return async () => {
    await c.end();
  };
}
