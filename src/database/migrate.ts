import type { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MigrationContext, withMigrationContext } from './migration-context';

/** Any number both instances agree on: serialises migrations of instances starting together. */
const MIGRATION_LOCK = 4_101_060_001;

/**
 * Runs pending migrations, each in its own transaction, with `context` (the field cipher) for
 * the migrations that convert personal data (see migration-context). On a server, a session advisory lock
 * (held on a connection of its own) keeps two instances starting at once from both migrating.
 * The embedded database needs none (its data directory is locked to one process) and has a
 * single connection, which the lock would hold while the migrations wait for it.
 */
export async function runMigrations(dataSource: DataSource, logger?: LoggerService, context?: MigrationContext): Promise<string[]> {
  const run = () => withMigrationContext(context, () => dataSource.runMigrations({ transaction: 'each' }));
  const pooled = (dataSource.options as { poolSize?: number }).poolSize ?? 10;
  if (pooled <= 1) return report(await run(), logger);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return report(await run(), logger);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

function report(done: { name: string }[], logger?: LoggerService): string[] {
  for (const m of done) logger?.log(`migration applied: ${m.name}`, 'Migrations');
  return done.map((m) => m.name);
}
