import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { applyRegionScope, applyWithin, ScopeHolder } from '../common/access/region-scope';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { VALID_IN_MONTH } from './disability.repository';
import { DisabilityServiceEntity, DisabilityServiceKind, DisabilityServiceNeedEntity, DisabilityServiceNeedStatus } from './services.entities';

export interface ServiceNeedFilter {
  memberId?: string;
  householdId?: string;
  withinPrefix?: string;
  kind?: DisabilityServiceKind;
  status?: DisabilityServiceNeedStatus;
  /** Unmet as of this day: assessed by it, not withdrawn, no service delivered against it by it. */
  unmetOn?: string;
}

export interface ServiceFilter {
  memberId?: string;
  householdId?: string;
  needId?: string;
  withinPrefix?: string;
  kind?: DisabilityServiceKind;
  year?: number;
}

/** One group of the services' totals: a village, a kind, a year. */
export interface ServiceTotalsRow {
  regionCode: string;
  kind: DisabilityServiceKind;
  services: number;
  members: number;
  childRehabAid: number;
  cost: string;
  subsidy: string;
}

type Row = DisabilityServiceNeedEntity | DisabilityServiceEntity;

/** The SQL of disability service needs and delivered services, scoped by the household's village (writes: and the sector). */
@Injectable()
export class ServicesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find<T extends Row>(m: EntityManager | undefined, target: new () => T, holder: ScopeHolder, ids: readonly string[], forWrite = false): Promise<T[]> {
    return findScoped(m ?? this.dataSource.manager, target, holder, ids, forWrite);
  }

  insert<T extends Row>(m: EntityManager, target: new () => T, row: Partial<T>): Promise<T> {
    const repo = m.getRepository(target);
    return repo.save(repo.create(row as T));
  }

  /** Writes the changes of a row read locked (its version checked by the caller) and raises the version. */
  async update<T extends Row>(m: EntityManager, target: new () => T, before: T, changes: Partial<T>): Promise<T> {
    await m.getRepository(target).update({ id: before.id } as never, { ...changes, version: before.version + 1 } as never);
    return m.getRepository(target).findOneByOrFail({ id: before.id } as never);
  }

  async deleteService(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(DisabilityServiceEntity).delete({ id });
  }

  /** Whether the member holds a certificate valid on the day. */
  async certifiedOn(m: EntityManager, memberId: string, day: string): Promise<boolean> {
    const [row] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM disability_certificates c WHERE c.member_id = $1 AND ${VALID_IN_MONTH('c').replace(/:dStart|:dEnd/g, '$2')}) AS has`,
      [memberId, day],
    );
    return row.has as boolean;
  }

  /** Whether services other than `exceptId` were delivered against the need. */
  async needHasServices(m: EntityManager, needId: string, exceptId?: string): Promise<boolean> {
    const [row] = await m.query(`SELECT EXISTS (SELECT 1 FROM disability_services WHERE need_id = $1 AND ($2::uuid IS NULL OR id <> $2)) AS has`, [needId, exceptId ?? null]);
    return row.has as boolean;
  }

  needPage(principal: Principal, filter: ServiceNeedFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<DisabilityServiceNeedEntity>> {
    const qb = applyRegionScope(this.dataSource.getRepository(DisabilityServiceNeedEntity).createQueryBuilder('n'), 'n.region_code', principal);
    applyWithin(qb, 'n.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('n.member_id = :mid', { mid: filter.memberId });
    if (filter.householdId) qb.andWhere('n.household_id = :hid', { hid: filter.householdId });
    if (filter.kind) qb.andWhere('n.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('n.status = :status', { status: filter.status });
    if (filter.unmetOn) {
      qb.andWhere(`n.status <> 'WITHDRAWN' AND n.assessed_on <= CAST(:unmetOn AS date)`, { unmetOn: filter.unmetOn }).andWhere(
        `NOT EXISTS (SELECT 1 FROM disability_services s WHERE s.need_id = n.id AND s.delivered_on <= CAST(:unmetOn AS date))`,
      );
    }
    return paginate(qb, args, { tag: 'assessed', column: 'n.assessed_on', type: 'date', idColumn: 'n.id', key: (n) => [n.assessedOn, n.id] }, { withTotalCount });
  }

  servicePage(principal: Principal, filter: ServiceFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<DisabilityServiceEntity>> {
    const qb = applyRegionScope(this.dataSource.getRepository(DisabilityServiceEntity).createQueryBuilder('s'), 's.region_code', principal);
    applyWithin(qb, 's.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('s.member_id = :mid', { mid: filter.memberId });
    if (filter.householdId) qb.andWhere('s.household_id = :hid', { hid: filter.householdId });
    if (filter.needId) qb.andWhere('s.need_id = :nid', { nid: filter.needId });
    if (filter.kind) qb.andWhere('s.kind = :kind', { kind: filter.kind });
    if (filter.year !== undefined) qb.andWhere('s.delivered_on BETWEEN CAST(:yStart AS date) AND CAST(:yEnd AS date)', { yStart: `${filter.year}-01-01`, yEnd: `${filter.year}-12-31` });
    return paginate(qb, args, { tag: 'delivered', column: 's.delivered_on', type: 'date', direction: 'DESC', idColumn: 's.id', key: (s) => [s.deliveredOn, s.id] }, { withTotalCount });
  }

  /** The caller's services of a year by village and kind: counts and exact sums, one grouped statement. */
  async totals(principal: Principal, filter: { year: number; withinPrefix?: string; kind?: DisabilityServiceKind }): Promise<ServiceTotalsRow[]> {
    const qb = applyRegionScope(this.dataSource.createQueryBuilder().from(DisabilityServiceEntity, 's'), 's.region_code', principal)
      .select('s.region_code', 'regionCode')
      .addSelect('s.kind', 'kind')
      .addSelect('count(*)::int', 'services')
      .addSelect('count(DISTINCT s.member_id)::int', 'members')
      .addSelect(`count(*) FILTER (WHERE s.child_rehab_aid = 'AIDED')::int`, 'childRehabAid')
      .addSelect('sum(s.cost)::text', 'cost')
      .addSelect('sum(s.subsidy)::text', 'subsidy')
      .andWhere('s.delivered_on BETWEEN CAST(:yStart AS date) AND CAST(:yEnd AS date)', { yStart: `${filter.year}-01-01`, yEnd: `${filter.year}-12-31` })
      .groupBy('s.region_code')
      .addGroupBy('s.kind')
      .orderBy('s.region_code')
      .addOrderBy('s.kind');
    applyWithin(qb, 's.region_code', filter.withinPrefix);
    if (filter.kind) qb.andWhere('s.kind = :kind', { kind: filter.kind });
    return qb.getRawMany<ServiceTotalsRow>();
  }
}
