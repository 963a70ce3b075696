import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/migrate';

/** Set by the global setup for the test files: the migrated template on a server ... */
export const TEMPLATE_DB_ENV = 'JZFP_TEST_TEMPLATE_DB';
/** ... or the file holding the migrated embedded data directory. */
export const TEMPLATE_DUMP_ENV = 'JZFP_TEST_TEMPLATE_DUMP';

async function migrate(url: string, embedded: boolean): Promise<void> {
  // The migrations are plain SQL: no entity is needed. Loading the app's declarations here (they
  // load @nestjs/graphql) made every test file after the first one of a Jest process fail to build
  // its GraphQL schema ("Cannot determine a GraphQL output type"), so the global setup loads none.
  const ds = new DataSource(dataSourceOptions({ url, poolSize: 2, embedded, applicationName: 'jzfp-test-template', entities: [] }));
  await ds.initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}

async function onServer(adminUrl: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Waits until no session is connected to `name`: CREATE DATABASE … TEMPLATE refuses a template
 * with other sessions, and a closed connection's backend ends a moment after the client.
 */
async function noSessionOn(adminUrl: string, name: string, timeoutMs = 60_000): Promise<void> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
      if (rows[0].n === 0) return;
      if (Date.now() > deadline) throw new Error(`the template database ${name} still has ${rows[0].n} session(s) after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await c.end();
  }
}

/** Migrates one database per test run; every test file's database is a copy of it. */
export async function createTemplate(): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const name = `jzfp_template_${process.pid}_${randomBytes(4).toString('hex')}`;
    await onServer(adminUrl, `CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    try {
      await migrate(url.toString(), false);
      await noSessionOn(adminUrl, name);
    } catch (e) {
      await onServer(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      throw e;
    }
    process.env[TEMPLATE_DB_ENV] = name;
    return;
  }
  const embedded = await EmbeddedPostgres.start();
  try {
    await migrate(embedded.url, true);
    await settle(embedded.url);
    const file = join(mkdtempSync(join(tmpdir(), 'jzfp-template-')), 'pgdata.tar');
    writeFileSync(file, Buffer.from(await (await embedded.dumpDataDir()).arrayBuffer()), { mode: 0o600 });
    process.env[TEMPLATE_DUMP_ENV] = file;
  } finally {
    await embedded.stop();
  }
}

/**
 * The migrated cluster as every test start wants it (a test database's start then took 0.46 s of
 * CPU against 0.68 s here):
 * - checkpointed: the saved directory is that of a running cluster, whose last checkpoint was
 *   initdb's, so each start replayed the migrations' WAL (some 6 MB) as crash recovery;
 * - without template0 and template1: the tests' embedded databases are never copied (CREATE
 *   DATABASE is a server's, test-database.ts), and PGlite unpacked their ~600 files into memory
 *   at every start.
 */
async function settle(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    for (const db of ['template1', 'template0']) {
      await c.query(`ALTER DATABASE ${db} IS_TEMPLATE false`);
      await c.query(`DROP DATABASE ${db}`);
    }
    await c.query('CHECKPOINT');
  } finally {
    await c.end();
  }
}

export async function dropTemplate(): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const name = process.env[TEMPLATE_DB_ENV];
  if (adminUrl && name) await onServer(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const file = process.env[TEMPLATE_DUMP_ENV];
  if (file) rmSync(dirname(file), { recursive: true, force: true });
}
