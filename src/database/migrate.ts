import type { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Any number both instances agree on: serialises migrations of instances starting together. */
const MIGRATION_LOCK = 4_101_060_001;

/**
 * Runs pending migrations, each in its own transaction, holding a session advisory lock so two
 * instances starting at once against one server do not both migrate.
 */
export async function runMigrations(dataSource: DataSource, logger?: LoggerService): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of done) logger?.log(`migration applied: ${m.name}`, 'Migrations');
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
