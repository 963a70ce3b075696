import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { applyRegionScope, applyWithin } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { StagedWriter } from '../database/staged-writer';
import { NoticeKind, NoticeState, ObjectionState } from './disclosure.enums';
import { DisclosureErrors } from './disclosure.errors';
import { NoticeEntity } from './notice.entity';
import { NoticeVersionEntity } from './notice-version.entity';
import { ObjectionEntity } from './objection.entity';

export interface NoticeFilter {
  regionCode?: string;
  kind?: NoticeKind;
  states?: readonly NoticeState[];
  publishedFrom?: string;
  publishedTo?: string;
}

/** The states the public sees: everything once published (a withdrawn notice stays, with its reason). */
export const PUBLIC_STATES = [NoticeState.PUBLISHED, NoticeState.PERIOD_ENDED, NoticeState.CLOSED, NoticeState.WITHDRAWN] as const;

/**
 * The SQL of notices, versions and objections. Reads for a caller go through applyRegionScope on
 * the row's region_code; the public reads (no caller) see published notices only.
 */
@Injectable()
export class DisclosureRepository {
  private readonly writer = new StagedWriter();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private notices(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(NoticeEntity).createQueryBuilder('n');
  }

  private filtered(filter: NoticeFilter, manager?: EntityManager) {
    const qb = this.notices(manager);
    if (filter.regionCode) applyWithin(qb, 'n.region_code', subtreePrefix(filter.regionCode));
    if (filter.kind) qb.andWhere('n.kind = :kind', { kind: filter.kind });
    if (filter.states) qb.andWhere('n.state = ANY(:states)', { states: [...filter.states] });
    // Published between two dates, China time (the date a board shows).
    if (filter.publishedFrom) qb.andWhere(`(n.published_at AT TIME ZONE 'Asia/Shanghai')::date >= :from`, { from: filter.publishedFrom });
    if (filter.publishedTo) qb.andWhere(`(n.published_at AT TIME ZONE 'Asia/Shanghai')::date <= :to`, { to: filter.publishedTo });
    return qb;
  }

  /** A page of the caller's notices, newest first (by creation). */
  page(principal: Principal | null, filter: NoticeFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<NoticeEntity>> {
    const qb = this.filtered(filter);
    if (principal) applyRegionScope(qb, 'n.region_code', principal);
    return paginate(qb, args, { tag: 'created', column: 'n.created_at', type: 'timestamp', idColumn: 'n.id', key: (n) => [n.createdAt.toISOString(), n.id], direction: 'DESC' }, { withTotalCount });
  }

  /** Every notice of the filter in the caller's scope (the deadline checks; bounded by the filter's dates). */
  all(principal: Principal, filter: NoticeFilter): Promise<NoticeEntity[]> {
    return applyRegionScope(this.filtered(filter), 'n.region_code', principal).orderBy('n.published_at').addOrderBy('n.id').getMany();
  }

  /**
   * Notices in the caller's scope (any for `null`: the system, the public reads that filter by
   * state themselves); `lock` holds them for a write, which confines a sector officer to its own
   * sector's notices.
   */
  async findNotice(principal: Principal | null, id: string, manager?: EntityManager, lock = false): Promise<NoticeEntity | null> {
    const qb = this.notices(manager).where('n.id = :id', { id });
    if (principal) applyRegionScope(qb, 'n.region_code', principal, lock ? { sector: { column: 'n.sector', access: 'write' } } : {});
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** The newest notice of a subject that still takes objections (published or period ended), locked. */
  openNoticeOf(manager: EntityManager, subjectType: string, subjectId: string): Promise<NoticeEntity | null> {
    return this.notices(manager)
      .where('n.subject_type = :subjectType AND n.subject_id = :subjectId AND n.state = ANY(:states)', {
        subjectType,
        subjectId,
        states: [NoticeState.PUBLISHED, NoticeState.PERIOD_ENDED],
      })
      .orderBy('n.created_at', 'DESC')
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Which of a subject type's records have a notice that was published (whatever its state now). */
  async subjectsWithNotice(subjectType: string, subjectIds: readonly string[]): Promise<Set<string>> {
    if (!subjectIds.length) return new Set();
    const rows: { subject_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT subject_id FROM disclosure_notices WHERE subject_type = $1 AND subject_id = ANY($2) AND published_at IS NOT NULL`,
      [subjectType, [...subjectIds]],
    );
    return new Set(rows.map((r) => r.subject_id));
  }

  /** The first publication time of a notice about each of these subjects (those never published are absent). */
  async firstPublished(subjectType: string, subjectIds: readonly string[], manager?: EntityManager): Promise<Map<string, Date>> {
    if (!subjectIds.length) return new Map();
    const rows: { subject_id: string; published_at: Date }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT subject_id, min(published_at) AS published_at FROM disclosure_notices WHERE subject_type = $1 AND subject_id = ANY($2) AND published_at IS NOT NULL GROUP BY subject_id`,
      [subjectType, [...subjectIds]],
    );
    return new Map(rows.map((r) => [r.subject_id, new Date(r.published_at)]));
  }

  insertNotice(manager: EntityManager, notice: Partial<NoticeEntity>): Promise<NoticeEntity> {
    const repo = manager.getRepository(NoticeEntity);
    return repo.save(repo.create(notice));
  }

  /** Notices and their versions, already published, at once (one staged write per table; the versions' trigger allows inserts). */
  async insertPublished(manager: EntityManager, notices: readonly NoticeEntity[], versions: readonly NoticeVersionEntity[]): Promise<void> {
    await this.writer.write(manager, {
      table: 'disclosure_notices',
      mode: 'INSERT',
      columns: ['id', 'kind', 'subject_type', 'subject_id', 'region_code', 'channels', 'state', 'period_length', 'period_unit', 'starts_on', 'ends_on', 'published_at', 'current_version', 'closed_on'],
      rows: notices.map((n) => ({
        id: n.id, kind: n.kind, subject_type: n.subjectType, subject_id: n.subjectId, region_code: n.regionCode, channels: n.channels, state: n.state,
        period_length: n.periodLength, period_unit: n.periodUnit, starts_on: n.startsOn, ends_on: n.endsOn, published_at: n.publishedAt?.toISOString() ?? null,
        current_version: n.currentVersion, closed_on: n.closedOn,
      })),
    });
    await this.writer.write(manager, {
      table: 'disclosure_notice_versions',
      mode: 'INSERT',
      columns: ['id', 'notice_id', 'number', 'content', 'rendered_text', 'payload', 'payload_hash', 'published_at'],
      rows: versions.map((v) => ({
        id: v.id, notice_id: v.noticeId, number: v.number, content: v.content, rendered_text: v.renderedText, payload: v.payload, payload_hash: v.payloadHash,
        published_at: v.publishedAt?.toISOString() ?? null,
      })),
    });
  }

  updateNotice(manager: EntityManager, id: string, version: number, patch: Partial<NoticeEntity>): Promise<NoticeEntity> {
    return updateWithVersion(manager, NoticeEntity, { column: 'id', value: id }, version, patch, () => DisclosureErrors.noticeNotFound());
  }

  versionsOf(noticeIds: readonly string[], manager?: EntityManager, publishedOnly = false): Promise<NoticeVersionEntity[]> {
    const qb = (manager ?? this.dataSource.manager).getRepository(NoticeVersionEntity).createQueryBuilder('v').where('v.notice_id = ANY(:ids)', { ids: [...noticeIds] });
    if (publishedOnly) qb.andWhere('v.published_at IS NOT NULL');
    return qb.orderBy('v.notice_id').addOrderBy('v.number').getMany();
  }

  insertVersion(manager: EntityManager, v: Partial<NoticeVersionEntity>): Promise<NoticeVersionEntity> {
    const repo = manager.getRepository(NoticeVersionEntity);
    return repo.save(repo.create(v));
  }

  /** Changes a draft version (the trigger refuses it for a published one). */
  async updateDraftVersion(manager: EntityManager, id: string, patch: Partial<NoticeVersionEntity>): Promise<NoticeVersionEntity> {
    await manager.getRepository(NoticeVersionEntity).update({ id }, patch as QueryDeepPartialEntity<NoticeVersionEntity>);
    return manager.getRepository(NoticeVersionEntity).findOneByOrFail({ id });
  }

  objectionsOf(noticeIds: readonly string[], manager?: EntityManager): Promise<ObjectionEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(ObjectionEntity)
      .createQueryBuilder('o')
      .where('o.notice_id = ANY(:ids)', { ids: [...noticeIds] })
      .orderBy('o.received_on')
      .addOrderBy('o.created_at')
      .getMany();
  }

  async findObjection(principal: Principal, id: string, manager: EntityManager, lock = false): Promise<ObjectionEntity | null> {
    const qb = applyRegionScope(manager.getRepository(ObjectionEntity).createQueryBuilder('o').where('o.id = :id', { id }), 'o.region_code', principal);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  insertObjection(manager: EntityManager, o: Partial<ObjectionEntity>): Promise<ObjectionEntity> {
    const repo = manager.getRepository(ObjectionEntity);
    return repo.save(repo.create(o));
  }

  updateObjection(manager: EntityManager, id: string, version: number, patch: Partial<ObjectionEntity>): Promise<ObjectionEntity> {
    return updateWithVersion(manager, ObjectionEntity, { column: 'id', value: id }, version, patch, () => DisclosureErrors.objectionNotFound());
  }

  async openObjections(manager: EntityManager, noticeId: string): Promise<number> {
    return manager.getRepository(ObjectionEntity).count({ where: { noticeId, state: ObjectionState.OPEN } });
  }

  /** Objections filed from one address (its keyed hash) since `since`. */
  async filedFrom(manager: EntityManager, addressHash: string, since: Date): Promise<number> {
    const [row] = await manager.query(`SELECT count(*)::int AS n FROM disclosure_objections WHERE address_hash = $1 AND created_at >= $2`, [addressHash, since]);
    return row.n as number;
  }

  /**
   * For the period job: published notices whose last day is before `today`, and ended ones with
   * no open objection, locked and skipped when a caller holds them (the next run sees them).
   */
  lockDue(manager: EntityManager, today: string): Promise<NoticeEntity[]> {
    return this.notices(manager)
      .where(
        new Brackets((w) =>
          w
            .where('n.state = :published AND n.ends_on < :today', { published: NoticeState.PUBLISHED, today })
            .orWhere(`n.state = :ended AND NOT EXISTS (SELECT 1 FROM disclosure_objections o WHERE o.notice_id = n.id AND o.state = 'OPEN')`, { ended: NoticeState.PERIOD_ENDED }),
        ),
      )
      .orderBy('n.ends_on')
      .addOrderBy('n.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }
}
