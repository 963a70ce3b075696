/**
 * npm run bench:demo -- [--households N] [--db embedded|server] [--database-url URL] [--seed S] [--no-assistance]
 *
 * How long the demo registry takes to load: starts the service in this process on a fresh
 * database (in-memory embedded, or a new `bench_demo_…` database on a server), loads the
 * Shangjie division tree and the demo's poverty lines (seedDemoRegions), then times
 * loadDemoRegistry for N generated households (with assistance unless --no-assistance), as the
 * demo seed and the household benchmarks load them. Prints seconds, households/s and counts.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { RunningService, startService } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { generateSecretsEnv } from '../src/config/secrets';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { loadDemoRegistry } from '../src/demo/registry-loader';
import { seedDemoRegions } from '../src/demo/seed';
import { oneOf, UsageError, wholeNumber } from './cli-args';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      households: { type: 'string', default: '1000' },
      db: { type: 'string' },
      'database-url': { type: 'string' },
      seed: { type: 'string', default: 'shangjie-2018' },
      'no-assistance': { type: 'boolean', default: false },
    },
  });
  const households = wholeNumber('households', values.households, 1000, 1);
  const db = oneOf('db', values.db, ['embedded', 'server'] as const, values['database-url'] ? 'server' : 'embedded');
  const adminUrl = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER_URL;

  let embedded: EmbeddedPostgres | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let env: Record<string, string> = {};
  if (db === 'embedded') {
    embedded = await EmbeddedPostgres.start();
  } else {
    const name = `bench_demo_${Date.now()}_${randomBytes(3).toString('hex')}`;
    await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    dropDatabase = async () => {
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    };
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString(), ...Object.fromEntries(generateSecretsEnv().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2))) };
  }

  let service: RunningService | undefined;
  try {
    const config = loadConfig({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false', ...env });
    service = await startService(config, { embedded });
    await seedDemoRegions(service.app);
    const started = performance.now();
    const counts = await loadDemoRegistry(service.app, {
      households,
      seed: values.seed!,
      scale: 'district',
      assistance: !values['no-assistance'],
      onProgress: (done, total) => process.stderr.write(`\rloaded ${done} / ${total} households`),
    });
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write('\n');
    process.stdout.write(
      `demo load: ${db} database, ${counts.households} households, ${counts.members} members, ${counts.events} events, ` +
        `${counts.helpers} helpers, ${counts.pairings} pairings, ${counts.visits} visits in ${seconds.toFixed(1)} s ` +
        `(${Math.round(counts.households / seconds)} households/s), node ${process.version}\n`,
    );
  } finally {
    await service?.close().catch((e: Error) => process.stderr.write(`could not stop the service: ${e.message}\n`));
    if (embedded && !service) await embedded.stop().catch(() => undefined);
    await dropDatabase?.().catch((e: Error) => process.stderr.write(`could not drop the bench database: ${e.message}\n`));
  }
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

// Exit once done: timers of background workers in the service must not keep the benchmark alive.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
