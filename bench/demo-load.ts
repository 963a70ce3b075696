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
import { parseArgs } from 'node:util';
import { RunningService, startService } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { loadDemoRegistry } from '../src/demo/registry-loader';
import { seedDemoRegions } from '../src/demo/seed';
import { oneOf, UsageError, wholeNumber } from './cli-args';
import { inProcessDatabase } from './runner/databases';

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

  const database = await inProcessDatabase(db, adminUrl, 'bench_demo');
  const { embedded, env } = database;

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
        `${counts.procedures} procedures (${counts.exitsWithoutProcedure} exits without one: no notice period), ` +
        `${counts.helpers} helpers, ${counts.pairings} pairings, ${counts.visits} visits in ${seconds.toFixed(1)} s ` +
        `(${Math.round(counts.households / seconds)} households/s), node ${process.version}\n`,
    );
  } finally {
    await service?.close().catch((e: Error) => process.stderr.write(`could not stop the service: ${e.message}\n`));
    await database.cleanup(!!service).catch((e: Error) => process.stderr.write(`could not drop the bench database: ${e.message}\n`));
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
