import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface ThrottleCounter {
  key: string;
  failures: number;
  lastFailureAt: Date;
}

/** The SQL of the sign-in counters (login_throttle). */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The counters of these keys, created at zero when missing and locked until the transaction
   * ends, always in key order (two attempts on the same keys cannot deadlock).
   */
  async lock(manager: EntityManager, keys: readonly string[], now: Date): Promise<ThrottleCounter[]> {
    const sorted = [...keys].sort();
    await manager.query(
      `INSERT INTO login_throttle (key, failures, last_failure_at) SELECT k, 0, $2 FROM unnest($1::varchar[]) AS k ON CONFLICT (key) DO NOTHING`,
      [sorted, now],
    );
    const rows: { key: string; failures: number; last_failure_at: Date }[] = await manager.query(
      `SELECT key, failures, last_failure_at FROM login_throttle WHERE key = ANY($1::varchar[]) ORDER BY key FOR UPDATE`,
      [sorted],
    );
    return rows.map((r) => ({ key: r.key, failures: r.failures, lastFailureAt: new Date(r.last_failure_at) }));
  }

  async save(manager: EntityManager, counters: readonly ThrottleCounter[]): Promise<void> {
    await manager.query(
      `UPDATE login_throttle t SET failures = v.failures, last_failure_at = v.at
         FROM unnest($1::varchar[], $2::int[], $3::timestamptz[]) AS v(key, failures, at) WHERE t.key = v.key`,
      [counters.map((c) => c.key), counters.map((c) => c.failures), counters.map((c) => c.lastFailureAt)],
    );
  }

  async remove(manager: EntityManager, keys: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM login_throttle WHERE key = ANY($1::varchar[])`, [[...keys]]);
  }

  /** Forgets counters idle since before `before`. */
  async sweep(before: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE last_failure_at < $1`, [before]);
  }
}
