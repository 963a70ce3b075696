import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Notification, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EMBEDDED_DATABASE, EmbeddedPostgres } from '../database/embedded-postgres';
import { PRINCIPAL_CHANGED_CHANNEL, PrincipalCache, PrincipalChangeListener } from './principal-cache';

/** Principals kept at most (one per sign-in in use): a district's officers are far fewer. */
const MAX_PRINCIPALS = 10_000;
/** How long an account this process changed is read from the database if its notification never comes (a rolled-back change). */
const CHANGE_SETTLE_MS = 10_000;

export function principalCacheOf(config: AppConfig): PrincipalCache {
  return new PrincipalCache({ ttlMs: config.auth.principalCacheSeconds * 1000, maxEntries: MAX_PRINCIPALS, changeSettleMs: CHANGE_SETTLE_MS });
}

/**
 * Starts the PrincipalCache's listening:
 * - on a PostgreSQL server, a connection of its own that LISTENs (PrincipalChangeListener);
 * - on the embedded database, whose one session sends its notifications to whichever wire
 *   connection ran the commit, the session LISTENs through the service's own pool (one
 *   connection there) and every pool connection passes its notifications on; principals are kept
 *   only while that connection is the only one open, and forgotten whenever another opens (a
 *   change made through it, psql on EMBEDDED_DB_PORT say, notifies that connection instead).
 */
@Injectable()
export class PrincipalCacheListening implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PrincipalCache');
  private listener: PrincipalChangeListener | null = null;
  private unhook: (() => void) | null = null;

  constructor(
    private readonly cache: PrincipalCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EMBEDDED_DATABASE) private readonly embedded: EmbeddedPostgres | null,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.auth.principalCacheSeconds === 0 || !this.config.backgroundWork) return;
    const url = (this.dataSource.options as { url?: string }).url;
    if (this.config.databaseUrl && url) {
      this.listener = new PrincipalChangeListener(url, this.cache, this.logger);
      await this.listener.start();
    } else if (this.embedded) {
      await this.listenOnPool(this.embedded);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
    if (this.unhook) {
      this.unhook();
      this.unhook = null;
      this.cache.setListening(false);
    }
  }

  private async listenOnPool(embedded: EmbeddedPostgres): Promise<void> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const poolSize = pool.options.max ?? 1;
    const hooked = new WeakSet<PoolClient>();
    const onNotification = (n: Notification) => {
      if (n.channel === PRINCIPAL_CHANGED_CHANNEL) this.cache.notified(n.payload ?? '*');
    };
    // Every connection of the pool, before its first statement (checked out) and from its start.
    const hook = (client: PoolClient) => {
      if (hooked.has(client)) return;
      hooked.add(client);
      client.on('notification', onNotification);
    };
    pool.on('connect', hook);
    pool.on('acquire', hook);
    this.unhook = () => {
      pool.off('connect', hook);
      pool.off('acquire', hook);
    };
    await this.dataSource.query(`LISTEN ${PRINCIPAL_CHANGED_CHANNEL}`);
    this.cache.setEpoch(() => (embedded.wireConnections <= poolSize ? embedded.connectionsOpened : null));
    this.cache.setListening(true);
  }
}
