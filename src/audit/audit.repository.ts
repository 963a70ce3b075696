import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/access/principal';
import { applyRegionScope } from '../common/access/region-scope';
import { FEED_LOCK } from '../database/change-feed';
import { copyInto, copySupported } from '../database/staged-writer';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { KeysetSort, paginate } from '../common/pagination/keyset';
import { AuditEntryEntity } from './audit-entry.entity';
import type { ChainedContent } from './audit-chain';

/**
 * Serialises appends to the chain (transaction-scoped advisory lock): the feed's lock, one lock
 * for both, so a transaction that writes both takes one and the chain follows commit order too.
 */
const AUDIT_CHAIN_LOCK = FEED_LOCK;
/** Rows per INSERT: one jsonb parameter each, so no 65,535-parameter limit. */
const INSERT_BATCH = 10_000;
/** Newest first; seq is unique, so it is its own tie-breaker (a cursor's values are checked to be bigints). */
export const AUDIT_SORT: KeysetSort<AuditEntryEntity> = {
  tag: 'seq',
  column: 'a.seq',
  type: 'bigint',
  idColumn: 'a.seq',
  idType: 'bigint',
  key: (r) => [r.seq, r.seq],
  direction: 'DESC',
};

export interface ChainHead {
  seq: string;
  hash: string;
}

/** A row as written and as read back for verification (occurredAt as ISO text on the way in). */
export interface AuditRow extends ChainedContent {
  prevHash: string;
  hash: string;
  /** The signing key's id; null on legacy (unkeyed) rows. */
  chainKey: string | null;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  operation?: string;
  /** Code prefix of a region's subtree. */
  regionPrefix?: string;
  /** occurred_at >= from */
  from?: Date;
  /** occurred_at < to */
  to?: Date;
}

/**
 * Always qualify `a.seq`: a bare `ORDER BY seq` would sort by the *output* column `seq::text AS seq`,
 * as text ('9' > '10'), and the head after row 9 would be row 9 again.
 */
const HEAD_SQL = 'SELECT a.seq::text AS seq, a.hash FROM audit_log a ORDER BY a.seq DESC LIMIT 1';

const ROW_COLUMNS = `a.seq::text AS "seq", occurred_at AS "occurredAt", actor_type AS "actorType", actor_id AS "actorId",
  actor_name AS "actorName", actor_roles AS "actorRoles", request_id AS "requestId", client_ip AS "clientIp",
  operation, entity_type AS "entityType", entity_id AS "entityId", region_code AS "regionCode", changes, reason,
  prev_hash AS "prevHash", hash, chain_key AS "chainKey"`;

/**
 * From this many rows an append COPYs them (a PostgreSQL server), below it one INSERT does: COPY
 * takes one more round trip, and a single row's jsonb parameter is cheap.
 */
const COPY_FROM_ROWS = 2;
/** The table's columns and the AuditRow properties they come from, for COPY. */
const COPY_COLUMNS_OF: [column: string, property: keyof AuditRow][] = [
  ['seq', 'seq'],
  ['occurred_at', 'occurredAt'],
  ['actor_type', 'actorType'],
  ['actor_id', 'actorId'],
  ['actor_name', 'actorName'],
  ['actor_roles', 'actorRoles'],
  ['request_id', 'requestId'],
  ['client_ip', 'clientIp'],
  ['operation', 'operation'],
  ['entity_type', 'entityType'],
  ['entity_id', 'entityId'],
  ['region_code', 'regionCode'],
  ['changes', 'changes'],
  ['reason', 'reason'],
  ['prev_hash', 'prevHash'],
  ['hash', 'hash'],
  ['chain_key', 'chainKey'],
];
const COPY_COLUMNS = COPY_COLUMNS_OF.map(([column]) => column);

/** Owns the SQL of the audit_log table (append-only: there is no update or delete here). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes the chain lock, held until the caller's transaction ends, and reads the head of the
   * chain. Rows are therefore appended, and become visible, strictly in seq order.
   */
  async lockHead(manager: EntityManager): Promise<ChainHead | null> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const last: ChainHead[] = await manager.query(HEAD_SQL);
    return last[0] ?? null;
  }

  async append(manager: EntityManager, rows: AuditRow[]): Promise<void> {
    if (rows.length >= COPY_FROM_ROWS && (await copySupported(manager))) {
      // jsonb_to_recordset of one large parameter costs the server ~0.2 ms per row of a household
      // import's size (its changes object); COPY parses the same JSON text as jsonb ~8× faster.
      const copied = rows.map((r) => {
        const row: Record<string, unknown> = {};
        for (const [column, property] of COPY_COLUMNS_OF) row[column] = r[property];
        row.occurred_at = r.occurredAt.toISOString();
        // The changes' canonical JSON, made for the hash, is their jsonb text too (key order aside, which jsonb does not keep).
        if (r.changesJson !== undefined) row.changes = r.changesJson;
        return row;
      });
      await copyInto(manager, 'audit_log', COPY_COLUMNS, copied);
      return;
    }
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const part = rows.slice(i, i + INSERT_BATCH).map((r) => ({ ...r, changesJson: undefined, occurredAt: r.occurredAt.toISOString() }));
      await manager.query(
        `INSERT INTO audit_log (seq, occurred_at, actor_type, actor_id, actor_name, actor_roles, request_id,
           client_ip, operation, entity_type, entity_id, region_code, changes, reason, prev_hash, hash, chain_key)
         SELECT x.seq, x."occurredAt", x."actorType", x."actorId", x."actorName", x."actorRoles", x."requestId",
           x."clientIp", x.operation, x."entityType", x."entityId", x."regionCode", x.changes, x.reason, x."prevHash", x.hash, x."chainKey"
         FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, "occurredAt" timestamptz, "actorType" text, "actorId" text,
           "actorName" text, "actorRoles" text[], "requestId" text, "clientIp" text, operation text, "entityType" text,
           "entityId" text, "regionCode" text, changes jsonb, reason text, "prevHash" text, hash text, "chainKey" text)`,
        [JSON.stringify(part)],
      );
    }
  }

  /** The last row now (no lock): verification stops there, so appends during a run do not matter. */
  async head(): Promise<ChainHead | null> {
    const last: ChainHead[] = await this.dataSource.query(HEAD_SQL);
    return last[0] ?? null;
  }

  /** The hash of the row at `seq`, or null when there is none. */
  async hashAt(seq: string): Promise<string | null> {
    const found: { hash: string }[] = await this.dataSource.query('SELECT a.hash FROM audit_log a WHERE a.seq = $1::bigint', [seq]);
    return found[0]?.hash ?? null;
  }

  /** The seq of the newest row written before the chain was keyed ('0' when none). */
  async lastUnkeyedSeq(): Promise<string> {
    const [row]: { seq: string }[] = await this.dataSource.query(
      'SELECT coalesce(max(a.seq), 0)::text AS seq FROM audit_log a WHERE a.chain_key IS NULL',
    );
    return row.seq;
  }

  /** The rows with afterSeq < seq <= upToSeq in seq order (the first `limit` of them, if given). */
  chainBatch(afterSeq: string, upToSeq: string, limit?: number): Promise<AuditRow[]> {
    return this.dataSource.query(
      `SELECT ${ROW_COLUMNS} FROM audit_log a WHERE a.seq > $1::bigint AND a.seq <= $2::bigint ORDER BY a.seq
       ${limit === undefined ? '' : 'LIMIT $3'}`,
      limit === undefined ? [afterSeq, upToSeq] : [afterSeq, upToSeq, limit],
    );
  }

  /** Newest first (keyset over seq DESC), region scope applied here so no caller can forget it. */
  page(reader: Principal, filter: AuditFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AuditEntryEntity>> {
    // The subtree of the reader's home region, and rows without a region (sign-ins, system jobs)
    // for readers at district level or above.
    const qb = applyRegionScope(this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a'), 'a.region_code', reader, {
      unplaced: true,
      within: filter.regionPrefix,
    });
    if (filter.entityType != null) qb.andWhere('a.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId != null) qb.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorId != null) qb.andWhere('a.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.operation != null) qb.andWhere('a.operation = :operation', { operation: filter.operation });
    if (filter.from != null) qb.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to != null) qb.andWhere('a.occurred_at < :to', { to: filter.to });
    return paginate(qb, args, AUDIT_SORT, { withTotalCount });
  }
}
