import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { afterCursorSql } from '../common/imports/export-page';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { MemberEntity } from '../households/member.entity';
import { HealthErrors } from './health.errors';
import { InsuranceEnrolmentEntity } from './insurance.entity';

export interface InsuranceEnrolmentFilter {
  memberId?: string;
  householdId?: string;
  year?: number;
  layer?: string;
  /** A region's subtree prefix (the `regionCode` argument, looked up). */
  withinPrefix?: string;
}

/** An enrolment as the roster export (kind insurance) reads it: the import's columns by key, with the keyset's id and year-and-layer key. */
export interface InsuranceExportRow {
  id: string;
  householdNumber: string;
  /** The keyset's second key (year and layer, as text): the roster kit names it startsOn. */
  startsOn: string;
  memberName: string;
  relation: string;
  year: number;
  layer: string;
  premium: string | null;
  subsidy: string | null;
}

/** The roster export's keyset order (exportPage orders by the same expressions). */
const INSURANCE_EXPORT_ORDER = ['h.household_number', `(e.year::text || '-' || e.layer)`, 'e.id::text'] as const;

/**
 * The SQL of insurance enrolments. Every read for a caller is scoped by the household's village;
 * the locked read before a change adds the sector write scope.
 */
@Injectable()
export class InsuranceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** A page of the caller's enrolments, in the order they were recorded. */
  page(principal: Principal, filter: InsuranceEnrolmentFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<InsuranceEnrolmentEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(InsuranceEnrolmentEntity).createQueryBuilder('e'), 'e.region_code', principal);
    applyWithin(qb, 'e.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('e.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('e.household_id = :householdId', { householdId: filter.householdId });
    if (filter.year !== undefined) qb.andWhere('e.year = :year', { year: filter.year });
    if (filter.layer) qb.andWhere('e.layer = :layer', { layer: filter.layer });
    return paginate(
      qb,
      args,
      { tag: 'recorded', column: 'e.created_at', type: 'timestamp', idColumn: 'e.id', key: (e) => [e.createdAt.toISOString(), e.id] },
      { withTotalCount },
    );
  }

  findInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<InsuranceEnrolmentEntity[]> {
    return findScoped(this.manager(manager), InsuranceEnrolmentEntity, holder, ids, forWrite);
  }

  /**
   * A page of the caller's enrolments for the roster export (kind insurance), in one statement:
   * the list's scope narrowed by `regionPrefix`, by household number, year and layer, and id after
   * the export's cursor; the member by name and relation (never the ID number).
   */
  exportPage(principal: Principal, regionPrefix: string | undefined, after: string | null, limit: number): Promise<InsuranceExportRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('e.region_code', principal, params, { within: regionPrefix ?? null });
    const keyset = afterCursorSql(after, INSURANCE_EXPORT_ORDER, params);
    return this.dataSource.query(
      `SELECT e.id, h.household_number AS "householdNumber", ${INSURANCE_EXPORT_ORDER[1]} AS "startsOn", mb.name AS "memberName", mb.relation::text AS relation,
              e.year, e.layer, e.premium::text AS premium, e.subsidy::text AS subsidy
         FROM insurance_enrolments e
         JOIN households h ON h.id = e.household_id
         JOIN members mb ON mb.id = e.member_id
        WHERE ${scope} AND ${keyset}
        ORDER BY ${INSURANCE_EXPORT_ORDER.join(', ')}
        LIMIT $${params.push(limit)}`,
      params,
    );
  }

  /** Whether the member has a record of the layer in the year (other than `exceptId`): read under the member's lock. */
  async exists(manager: EntityManager, memberId: string, year: number, layer: string, exceptId?: string): Promise<boolean> {
    const qb = manager.getRepository(InsuranceEnrolmentEntity).createQueryBuilder('e').where('e.member_id = :memberId AND e.year = :year AND e.layer = :layer', { memberId, year, layer });
    if (exceptId) qb.andWhere('e.id <> :exceptId', { exceptId });
    return (await qb.getCount()) > 0;
  }

  /** An import's read of a member's enrolment in a layer for a year, locked with the write scope (one outside it is not found). */
  findSame(scope: ScopeHolder, manager: EntityManager, key: { memberId: string; year: number; layer: string }): Promise<InsuranceEnrolmentEntity[]> {
    const qb = manager.getRepository(InsuranceEnrolmentEntity).createQueryBuilder('e').where('e.member_id = :memberId AND e.year = :year AND e.layer = :layer', key);
    return applyRegionScope(qb, 'e.region_code', scope, { sector: { column: 'e.sector', access: 'write' } }).setLock('pessimistic_write').getMany();
  }

  /** Locks a member found through its household (in the caller's scope) before its records are checked against each other. */
  lockMember(manager: EntityManager, memberId: string): Promise<MemberEntity> {
    return manager.getRepository(MemberEntity).createQueryBuilder('m').where('m.id = :memberId', { memberId }).setLock('pessimistic_write').getOneOrFail();
  }

  /** The layers each member is enrolled in for the year, by member id (members without records absent). */
  async layersOf(memberIds: readonly string[], year: number, manager?: EntityManager): Promise<Map<string, { layers: string[]; regionCode: string }>> {
    if (!memberIds.length) return new Map();
    const rows: { member_id: string; region_code: string; layers: string[] }[] = await this.manager(manager).query(
      `SELECT e.member_id, min(e.region_code) AS region_code, array_agg(e.layer ORDER BY e.layer) AS layers
         FROM insurance_enrolments e WHERE e.member_id = ANY($1) AND e.year = $2 GROUP BY e.member_id`,
      [[...memberIds], year],
    );
    return new Map(rows.map((r) => [r.member_id, { layers: r.layers, regionCode: r.region_code }]));
  }

  insert(manager: EntityManager, row: Partial<InsuranceEnrolmentEntity>): Promise<InsuranceEnrolmentEntity> {
    const repo = manager.getRepository(InsuranceEnrolmentEntity);
    return repo.save(repo.create(row));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<InsuranceEnrolmentEntity>): Promise<InsuranceEnrolmentEntity> {
    return updateWithVersion(manager, InsuranceEnrolmentEntity, { column: 'id', value: id }, version, patch, () => HealthErrors.enrolmentNotFound());
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(InsuranceEnrolmentEntity).delete({ id });
  }
}
