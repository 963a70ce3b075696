import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '../common/jobs/periodic-task';
import { runInBackground } from '../common/request-scope/request-scope';
import { EMBEDDED_DATABASE, EmbeddedPostgres } from './embedded-postgres';

/** What one round did: the tables analysed and vacuumed, and how long it took. */
export interface MaintenanceRound {
  analysed: string[];
  vacuumed: string[];
  ms: number;
}

/**
 * Autovacuum's work on the embedded database. PGlite is one PostgreSQL backend without the
 * autovacuum launcher: left alone, no table is ever analysed (the planner takes a registry of
 * thousands of households for an empty table and sorts all of them for a page of 20: 7–26 ms per
 * page on 2,000 households, measured) and dead rows are never reclaimed. Every
 * `autovacuum_naptime` this does what autovacuum would decide, by the database's own settings
 * (`autovacuum_analyze_threshold` + `autovacuum_analyze_scale_factor` × rows for ANALYZE;
 * `autovacuum_vacuum_threshold` + `autovacuum_vacuum_scale_factor` × rows of dead rows, or
 * `autovacuum_vacuum_insert_threshold` + `autovacuum_vacuum_insert_scale_factor` × rows of
 * inserted ones, for VACUUM), one table at a time through the service's own connection. Also run
 * right after the demo seed (bootstrap.ts). Nothing on a PostgreSQL server, whose autovacuum does it.
 */
@Injectable()
export class EmbeddedMaintenance implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EmbeddedMaintenance');
  private readonly task = new PeriodicTask(
    () => this.run(),
    (e) => this.logger.warn(`embedded database maintenance failed: ${(e as Error).message}`),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EMBEDDED_DATABASE) private readonly embedded: EmbeddedPostgres | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.embedded) return;
    // pg_settings gives it in its unit, seconds (current_setting says '1min').
    const [{ naptime }] = (await this.dataSource.query(`SELECT setting::int AS naptime FROM pg_settings WHERE name = 'autovacuum_naptime'`)) as { naptime: number }[];
    this.task.start(naptime * 1000);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One round now (the timer's work; the demo seed's end and tests call it directly). Nothing on a server. */
  run(): Promise<MaintenanceRound> {
    if (!this.embedded) return Promise.resolve({ analysed: [], vacuumed: [], ms: 0 });
    return runInBackground('embedded-maintenance', async () => {
      const started = Date.now();
      // The session's counts of changed rows reach pg_stat_user_tables when it goes idle, at most
      // once a second: forced, so that a round right after a load (the demo seed) sees it.
      await this.dataSource.query('SELECT pg_stat_force_next_flush()');
      const due = (await this.dataSource.query(DUE_TABLES)) as { name: string; vacuum: boolean }[];
      const round: MaintenanceRound = { analysed: [], vacuumed: [], ms: 0 };
      for (const table of due) {
        // One table a statement, so that requests queued on the one session wait for one at most.
        await this.dataSource.query(`${table.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE'} ${table.name}`);
        round.analysed.push(table.name);
        if (table.vacuum) round.vacuumed.push(table.name);
      }
      round.ms = Date.now() - started;
      if (due.length) this.logger.log(`analysed ${round.analysed.length} tables (vacuumed ${round.vacuumed.length}) in ${round.ms} ms`);
      return round;
    });
  }
}

/**
 * The tables autovacuum would process now, by the database's own settings; `reltuples` is -1 for a
 * table never analysed (counted as 0 rows: any change beyond the threshold makes it due).
 */
const DUE_TABLES = `
  WITH s AS (
    SELECT st.relid, st.n_mod_since_analyze, st.n_dead_tup, st.n_ins_since_vacuum, greatest(c.reltuples, 0) AS rows
      FROM pg_stat_user_tables st JOIN pg_class c ON c.oid = st.relid
  ), due AS (
    SELECT relid,
           n_dead_tup > current_setting('autovacuum_vacuum_threshold')::float8 + current_setting('autovacuum_vacuum_scale_factor')::float8 * rows
             OR n_ins_since_vacuum > current_setting('autovacuum_vacuum_insert_threshold')::float8
                                     + current_setting('autovacuum_vacuum_insert_scale_factor')::float8 * rows AS vacuum,
           n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8 + current_setting('autovacuum_analyze_scale_factor')::float8 * rows AS due_analyse
      FROM s
  )
  SELECT relid::regclass::text AS name, vacuum FROM due WHERE vacuum OR due_analyse ORDER BY name`;
