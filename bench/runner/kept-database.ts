import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RunningService, startService } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { UsageError } from '../cli-args';
import type { InProcessDatabase } from './databases';
import type { LoadedRegistry } from './timed-queries';

/**
 * `--keep` and `--reuse` of the in-process query benches (bench/employment.ts,
 * bench/education-health.ts): a registry of 1 M members takes about half an hour to load, so a
 * run can keep its server database and a later one query it again (before and after a change).
 */

/**
 * Writes the database's URL and throw-away keys to an env file in the system's temporary folder
 * (mode 600) and says where, before the load: a run stopped during the load can be resumed.
 */
export function keepDatabase(database: InProcessDatabase): void {
  if (!database.env.DATABASE_URL) return;
  const file = join(tmpdir(), `${new URL(database.env.DATABASE_URL).pathname.slice(1)}.env`);
  writeFileSync(file, Object.entries(database.env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  process.stderr.write(`kept: ${database.env.DATABASE_URL}; run again with --reuse ${file}\n`);
}

/** A database kept by an earlier `--keep` run (its env file): never dropped by this run. */
export function keptDatabase(file: string): InProcessDatabase {
  const env = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  if (!env.DATABASE_URL) throw new UsageError(`--reuse: ${file} names no DATABASE_URL`);
  return { env, cleanup: async () => undefined };
}

/** Starts the service on a kept database (its migrations run, nothing loaded) and counts what is there. */
export async function startOnLoaded(database: InProcessDatabase): Promise<RunningService & { counts: LoadedRegistry }> {
  const service = await startService(loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '1000000', ...database.env }), {});
  const [{ households, members }] = await service.app.get(DataSource).query(`SELECT (SELECT count(*)::int FROM households) AS households, (SELECT count(*)::int FROM members) AS members`);
  return Object.assign(service, { counts: { households, members, seconds: 0 } });
}
