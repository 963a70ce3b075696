import { types } from 'pg';
import { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

// `date` columns stay 'YYYY-MM-DD' strings: a JS Date would shift them with the time zone.
types.setTypeParser(1082, (v: string) => v);

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** 0 = no limit. Only sent to PostgreSQL servers. */
  statementTimeoutMs?: number;
  embedded: boolean;
  applicationName?: string;
  /**
   * The entities of the service: given by the app floor (`src/app.entities.ts`, merged from the
   * modules' declarations). This floor knows no domain module.
   */
  entities: MixedList<Function | string | EntitySchema>;
  /** Migrations of plugged-in modules, run after (by timestamp, among) the service's own. */
  extraMigrations?: readonly Function[];
}

/**
 * One data source definition for the service, the tests and the migration CLI.
 *
 * On the embedded database the pool has ONE connection: PGlite is a single session behind all
 * wire connections, and statements of several connections interleaved there break each other
 * (seen: "portal \"\" does not exist" with four sign-ins at once). One connection queues them in
 * the pool instead, which costs nothing since the session serialises them anyway.
 */
export function dataSourceOptions(o: DatabaseOptions): DataSourceOptions {
  const poolSize = o.embedded ? 1 : o.poolSize;
  return {
    type: 'postgres',
    url: o.url,
    entities: o.entities,
    migrations: [...(MIGRATIONS as Function[]), ...(o.extraMigrations ?? [])],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    applicationName: o.applicationName ?? 'jingzhun-fupin',
    poolSize,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      ...(o.embedded || !o.statementTimeoutMs ? {} : { statement_timeout: o.statementTimeoutMs }),
    },
  };
}
