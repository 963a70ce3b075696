import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * A clean database for one test file. With TEST_DATABASE_URL (a server; any database the
 * user may CREATE DATABASE from), a new database named after the file, dropped afterwards;
 * otherwise a new in-memory embedded PostgreSQL. Files never share data, so they run in parallel.
 */
export interface TestDatabase {
  /** URL for the service; undefined when the embedded instance is passed directly. */
  url: string;
  embedded?: EmbeddedPostgres;
  drop(): Promise<void>;
}

export const usingServer = (): boolean => !!process.env.TEST_DATABASE_URL;

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const embedded = await EmbeddedPostgres.start();
    return { url: embedded.url, embedded, drop: () => embedded.stop() };
  }
  const name = `jzfp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
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
