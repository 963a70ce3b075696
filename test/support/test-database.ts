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

let dump: Blob | undefined;

export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dumpFile = options.empty ? undefined : process.env[TEMPLATE_DUMP_ENV];
    if (dumpFile) dump ??= new Blob([readFileSync(dumpFile)]);
    const embedded = await EmbeddedPostgres.start(dumpFile ? { loadDataDir: dump } : {});
    return { url: embedded.url, embedded, drop: () => embedded.stop() };
  }
  const name = `jzfp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = options.empty ? undefined : process.env[TEMPLATE_DB_ENV];
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
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
