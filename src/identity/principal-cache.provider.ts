import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PrincipalCache, PrincipalChangeListener } from './principal-cache';

/** Principals kept at most (one per sign-in in use): a district's officers are far fewer. */
const MAX_PRINCIPALS = 10_000;
/** How long an account this process changed is read from the database if its notification never comes (a rolled-back change). */
const CHANGE_SETTLE_MS = 10_000;

export function principalCacheOf(config: AppConfig): PrincipalCache {
  return new PrincipalCache({ ttlMs: config.auth.principalCacheSeconds * 1000, maxEntries: MAX_PRINCIPALS, changeSettleMs: CHANGE_SETTLE_MS });
}

/**
 * Starts the PrincipalCache's listening connection on a PostgreSQL server. On the embedded
 * database (one session behind every connection) nothing is kept: every request reads its
 * principal, as before.
 */
@Injectable()
export class PrincipalCacheListening implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PrincipalCache');
  private listener: PrincipalChangeListener | null = null;

  constructor(
    private readonly cache: PrincipalCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!this.config.databaseUrl || !url || this.config.auth.principalCacheSeconds === 0) return;
    this.listener = new PrincipalChangeListener(url, this.cache, this.logger);
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
  }
}
