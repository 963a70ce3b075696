import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope } from '../../common/access/region-scope';
import { Principal } from '../../common/access/principal';
import { updateWithVersion } from '../../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../../common/pagination/connection';
import { paginate } from '../../common/pagination/keyset';
import { DeliveryOutcome, WebhookDeliveryEntity, WebhookStatus, WebhookSubscriptionEntity } from './webhook.entities';
import { WebhooksErrors } from './webhooks.errors';

/** A subscription taken by the dispatcher: `lease` (next_attempt_at as exact text) proves the claim is still its own. */
export interface ClaimedSubscription {
  id: string;
  url: string;
  secretEnc: string;
  entityTypes: string[];
  regionCode: string;
  position: string;
  failedAttempts: number;
  lease: string;
}

export interface DueSubscription {
  id: string;
  position: string;
  entityTypes: string[];
  regionCode: string;
}

export interface DeliveryRow {
  id: string;
  subscriptionId: string;
  firstPosition: string;
  lastPosition: string;
  entries: number;
  attempt: number;
  outcome: DeliveryOutcome;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * The SQL of webhook subscriptions and their delivery log. Reads for a caller go through its
 * region scope; the dispatcher's statements are short single statements (never a transaction
 * around an HTTP call: on the embedded database an open transaction blocks every connection).
 */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ---- subscriptions (callers) ----

  page(principal: Principal, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<WebhookSubscriptionEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(WebhookSubscriptionEntity).createQueryBuilder('w'), 'w.region_code', principal);
    return paginate(qb, args, { tag: 'name', column: 'w.name', type: 'text', idColumn: 'w.id', key: (w) => [w.name, w.id] }, { withTotalCount });
  }

  findInScope(principal: Principal, id: string, manager?: EntityManager, lock = false): Promise<WebhookSubscriptionEntity | null> {
    const qb = this.manager(manager).getRepository(WebhookSubscriptionEntity).createQueryBuilder('w').where('w.id = :id', { id });
    applyRegionScope(qb, 'w.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  insert(manager: EntityManager, row: Partial<WebhookSubscriptionEntity>): Promise<WebhookSubscriptionEntity> {
    const repo = manager.getRepository(WebhookSubscriptionEntity);
    return repo.save(repo.create(row));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<WebhookSubscriptionEntity>): Promise<WebhookSubscriptionEntity> {
    return updateWithVersion(manager, WebhookSubscriptionEntity, { column: 'id', value: id }, version, { ...patch, updatedAt: new Date() }, () =>
      WebhooksErrors.subscriptionNotFound('input.id'),
    );
  }

  /** A change not guarded by a version the client read (rotation, replay): still bumps it. */
  async touch(manager: EntityManager, id: string, patch: Partial<WebhookSubscriptionEntity>): Promise<WebhookSubscriptionEntity> {
    await manager
      .createQueryBuilder()
      .update(WebhookSubscriptionEntity)
      .set({ ...(patch as object), version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('id = :id', { id })
      .execute();
    return manager.getRepository(WebhookSubscriptionEntity).findOneByOrFail({ id });
  }

  /** The subscription and its delivery log. */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM webhook_deliveries WHERE subscription_id = $1`, [id]);
    await manager.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id]);
  }

  // ---- delivery log ----

  pageDeliveries(subscriptionId: string, outcome: DeliveryOutcome | undefined, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<WebhookDeliveryEntity>> {
    const qb = this.manager().getRepository(WebhookDeliveryEntity).createQueryBuilder('d').where('d.subscription_id = :subscriptionId', { subscriptionId });
    if (outcome) qb.andWhere('d.outcome = :outcome', { outcome });
    return paginate(qb, args, { tag: 'id', column: 'd.id', type: 'bigint', idColumn: 'd.id', idType: 'bigint', key: (d) => [String(d.id), String(d.id)], direction: 'DESC' }, { withTotalCount });
  }

  findDelivery(id: string, manager?: EntityManager): Promise<WebhookDeliveryEntity | null> {
    return this.manager(manager).getRepository(WebhookDeliveryEntity).findOneBy({ id });
  }

  async markReplayed(id: string): Promise<WebhookDeliveryEntity> {
    await this.dataSource.query(`UPDATE webhook_deliveries SET replayed_at = now() WHERE id = $1`, [id]);
    return this.manager().getRepository(WebhookDeliveryEntity).findOneByOrFail({ id });
  }

  /** Reserves the id of the next attempt, so it can be sent in the request before the row is written. */
  async nextDeliveryId(): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT nextval(pg_get_serial_sequence('webhook_deliveries', 'id'))::text AS id`);
    return row.id as string;
  }

  /** Writes one attempt to the log (nothing when the subscription has been deleted meanwhile). */
  async insertDelivery(d: DeliveryRow, manager?: EntityManager): Promise<WebhookDeliveryEntity | null> {
    const rows: { id: string }[] = await this.manager(manager).query(
      `INSERT INTO webhook_deliveries (id, subscription_id, first_position, last_position, entries, attempt, outcome, http_status, error, duration_ms)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 WHERE EXISTS (SELECT 1 FROM webhook_subscriptions WHERE id = $2)
       RETURNING id`,
      [d.id, d.subscriptionId, d.firstPosition, d.lastPosition, d.entries, d.attempt, d.outcome, d.httpStatus, d.error?.slice(0, 2000) ?? null, d.durationMs],
    );
    return rows.length ? this.manager(manager).getRepository(WebhookDeliveryEntity).findOneBy({ id: d.id }) : null;
  }

  // ---- dispatcher ----

  /** Active subscriptions whose next attempt is due, longest waiting first. */
  due(limit: number): Promise<DueSubscription[]> {
    return this.dataSource.query(
      `SELECT id, position::text AS position, entity_types AS "entityTypes", region_code AS "regionCode"
         FROM webhook_subscriptions
        WHERE status = $1 AND (next_attempt_at IS NULL OR next_attempt_at <= now())
        ORDER BY next_attempt_at NULLS FIRST, id
        LIMIT $2`,
      [WebhookStatus.ACTIVE, limit],
    );
  }

  /**
   * Takes a due subscription for `leaseMs` in one statement (no transaction held): a second
   * dispatcher, or a second process, finds it no longer due. Null when someone else has it.
   */
  async claim(id: string, leaseMs: number): Promise<ClaimedSubscription | null> {
    const rows: ClaimedSubscription[] = await this.dataSource.query(
      `UPDATE webhook_subscriptions SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE id = $1 AND status = $3 AND (next_attempt_at IS NULL OR next_attempt_at <= now())
        RETURNING id, url, secret_enc AS "secretEnc", entity_types AS "entityTypes", region_code AS "regionCode",
                  position::text AS position, failed_attempts AS "failedAttempts", next_attempt_at::text AS lease`,
      [id, leaseMs, WebhookStatus.ACTIVE],
    );
    return firstRow(rows);
  }

  /** Gives a claim back unchanged (nothing to deliver, or shutting down). */
  async release(c: ClaimedSubscription): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_subscriptions SET next_attempt_at = NULL WHERE id = $1 AND next_attempt_at = $2::timestamptz`, [c.id, c.lease]);
  }

  /**
   * The outcome of an attempt, in one short transaction: the log row, and the subscription moved
   * on (position, attempts, next attempt) only while the claim is still ours and nobody replayed
   * it meanwhile (otherwise the log keeps the attempt and the newer instruction wins).
   */
  async recordAttempt(
    c: ClaimedSubscription,
    delivery: DeliveryRow,
    next: { position: string; failedAttempts: number; retryInMs: number | null },
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.insertDelivery(delivery, m);
      await m.query(
        `UPDATE webhook_subscriptions
            SET position = $3, failed_attempts = $4,
                next_attempt_at = CASE WHEN $5::double precision IS NULL THEN NULL ELSE now() + make_interval(secs => $5::double precision / 1000) END
          WHERE id = $1 AND next_attempt_at = $2::timestamptz AND position = $6`,
        [c.id, c.lease, next.position, next.failedAttempts, next.retryInMs, c.position],
      );
    });
  }
}

function firstRow<T>(result: T[] | [T[], number]): T | null {
  // UPDATE … RETURNING through TypeORM's query(): [rows, affected] on the pg driver.
  const rows = Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
  return rows[0] ?? null;
}
