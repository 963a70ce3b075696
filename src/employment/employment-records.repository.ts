import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { afterCursorSql } from '../common/imports/export-page';
import { MemberEntity } from '../households/member.entity';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { EmploymentRecordEntity, NotSeekingWorkMarkEntity } from './employment-record.entity';
import { EmploymentErrors } from './employment.errors';
import { findScoped } from '../common/kit/records';

export interface EmploymentRecordFilter {
  memberId?: string;
  householdId?: string;
  year?: number;
  channel?: string;
  employerEntityId?: string;
  /** A region's subtree prefix (the `regionCode` argument, looked up). */
  withinPrefix?: string;
}

/** A record as the roster export (kind employment) reads it: the import's columns by key, stored values as text, with the keyset's id. */
export interface EmploymentExportRow {
  id: string;
  householdNumber: string;
  memberName: string;
  relation: string;
  year: number;
  channel: string;
  place: string;
  employerName: string | null;
  employerCreditCode: string | null;
  startsOn: string;
  endsOn: string | null;
  monthsWorked: number;
  monthlyIncome: string;
  overlapReason: string | null;
}

/** The roster export's keyset order (exportPage orders by the same expressions). */
const EMPLOYMENT_EXPORT_ORDER = ['h.household_number', 'e.starts_on::text', 'e.id::text'] as const;

/**
 * The SQL of employment records and not-seeking-work marks. Every read for a caller is scoped by
 * the household's village; the locked read before a change adds the sector write scope.
 */
@Injectable()
export class EmploymentRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(EmploymentRecordEntity).createQueryBuilder('e');
  }

  /** A page of the caller's records, newest start first. */
  page(principal: Principal, filter: EmploymentRecordFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<EmploymentRecordEntity>> {
    const qb = applyRegionScope(this.query(), 'e.region_code', principal);
    applyWithin(qb, 'e.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('e.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('e.household_id = :householdId', { householdId: filter.householdId });
    if (filter.year !== undefined) qb.andWhere('e.year = :year', { year: filter.year });
    if (filter.channel) qb.andWhere('e.channel = :channel', { channel: filter.channel });
    if (filter.employerEntityId) qb.andWhere('e.employer_entity_id = :employerEntityId', { employerEntityId: filter.employerEntityId });
    return paginate(qb, args, { tag: 'start', column: 'e.starts_on', type: 'date', direction: 'DESC', idColumn: 'e.id', key: (e) => [e.startsOn, e.id] }, { withTotalCount });
  }

  /** The records among `ids` the holder may read; `forWrite` locks them and adds the sector write scope. */
  findInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<EmploymentRecordEntity[]> {
    return findScoped(manager ?? this.dataSource.manager, EmploymentRecordEntity, holder, ids, forWrite);
  }

  /** The member's other records of the year, for the overlap check: read under the member's lock. */
  ofMemberInYear(manager: EntityManager, memberId: string, year: number, exceptId?: string): Promise<EmploymentRecordEntity[]> {
    const qb = this.query(manager).where('e.member_id = :memberId AND e.year = :year', { memberId, year });
    if (exceptId) qb.andWhere('e.id <> :exceptId', { exceptId });
    return qb.orderBy('e.starts_on', 'ASC').getMany();
  }

  /**
   * A page of the caller's records for the roster export (kind employment), in one statement: the
   * list's scope (region scope on the household's village) narrowed by `regionPrefix`, by
   * household number, start and id after the export's cursor; the member by name and relation.
   */
  exportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<EmploymentExportRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('e.region_code', principal, params, { within: regionPrefix ?? null });
    const keyset = afterCursorSql(after, EMPLOYMENT_EXPORT_ORDER, params);
    return this.dataSource.query(
      `SELECT e.id, h.household_number AS "householdNumber", mb.name AS "memberName", mb.relation::text AS relation, e.year, e.channel, e.place::text AS place,
              e.employer_name AS "employerName", ent.credit_code AS "employerCreditCode", e.starts_on::text AS "startsOn", e.ends_on::text AS "endsOn",
              e.months_worked AS "monthsWorked", e.monthly_income::text AS "monthlyIncome", e.overlap_reason AS "overlapReason"
         FROM employment_records e
         JOIN households h ON h.id = e.household_id
         JOIN members mb ON mb.id = e.member_id
         LEFT JOIN implementing_entities ent ON ent.id = e.employer_entity_id
        WHERE ${scope} AND ${keyset}
        ORDER BY ${EMPLOYMENT_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /**
   * An import's reads: the member's records of the year starting on `startsOn` (the roster's
   * key), locked with the write scope (a record outside it is not found).
   */
  findSame(scope: ScopeHolder, manager: EntityManager, key: { memberId: string; year: number; startsOn: string }): Promise<EmploymentRecordEntity[]> {
    const qb = this.query(manager).where('e.member_id = :memberId AND e.year = :year AND e.starts_on = :startsOn', key);
    applyRegionScope(qb, 'e.region_code', scope, { sector: { column: 'e.sector', access: 'write' } });
    return qb.orderBy('e.createdAt', 'ASC').addOrderBy('e.id', 'ASC').setLock('pessimistic_write').getMany();
  }

  /** Locks a member found through its household (in the caller's scope) before its records are checked against each other. */
  async lockMember(manager: EntityManager, memberId: string): Promise<MemberEntity> {
    return manager.getRepository(MemberEntity).createQueryBuilder('m').where('m.id = :memberId', { memberId }).setLock('pessimistic_write').getOneOrFail();
  }

  insert(manager: EntityManager, row: Partial<EmploymentRecordEntity>): Promise<EmploymentRecordEntity> {
    const repo = manager.getRepository(EmploymentRecordEntity);
    return repo.save(repo.create(row));
  }

  /** Checks the version the caller read: a stale one is the kit's CONFLICT / VERSION_MISMATCH. */
  update(manager: EntityManager, id: string, version: number, patch: Partial<EmploymentRecordEntity>): Promise<EmploymentRecordEntity> {
    return updateWithVersion(manager, EmploymentRecordEntity, { column: 'id', value: id }, version, patch, () => EmploymentErrors.notFound());
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(EmploymentRecordEntity).delete({ id });
  }

  /** The marks of `memberIds` the holder may read; `forWrite` locks them and adds the sector write scope. */
  marksInScope(holder: ScopeHolder, memberIds: readonly string[], manager?: EntityManager, forWrite = false): Promise<NotSeekingWorkMarkEntity[]> {
    return findScoped(manager ?? this.dataSource.manager, NotSeekingWorkMarkEntity, holder, memberIds, forWrite, 'member_id');
  }

  saveMark(manager: EntityManager, row: Partial<NotSeekingWorkMarkEntity>): Promise<NotSeekingWorkMarkEntity> {
    const repo = manager.getRepository(NotSeekingWorkMarkEntity);
    return repo.save(repo.create(row));
  }

  updateMark(manager: EntityManager, memberId: string, version: number, patch: Partial<NotSeekingWorkMarkEntity>): Promise<NotSeekingWorkMarkEntity> {
    return updateWithVersion(manager, NotSeekingWorkMarkEntity, { column: 'memberId', value: memberId }, version, patch, () => EmploymentErrors.markNotFound());
  }

  async deleteMark(manager: EntityManager, memberId: string): Promise<void> {
    await manager.getRepository(NotSeekingWorkMarkEntity).delete({ memberId });
  }
}
