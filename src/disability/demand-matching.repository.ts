import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { applyRegionScope, applyWithin } from '../common/access/region-scope';
import { ScopeHolder } from '../common/access/region-scope';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { AssistanceMatchEntity, AssistanceMatchStage, AssistanceNeedEntity, AssistanceNeedKind, AssistanceNeedStatus, AssistanceProviderEntity } from './demand-matching.entities';

export interface NeedFilter {
  householdId?: string;
  withinPrefix?: string;
  kind?: AssistanceNeedKind;
  status?: AssistanceNeedStatus;
  /** Only open needs with no live match (proposed, accepted or delivered). */
  withoutMatch?: boolean;
}

export interface ProviderFilter {
  withinPrefix?: string;
  offers?: AssistanceNeedKind;
  active?: boolean;
}

export interface MatchFilter {
  needId?: string;
  providerId?: string;
  stage?: AssistanceMatchStage;
  withinPrefix?: string;
}

/** The SQL of the social-assistance network's needs, providers and matches, scoped by region (writes: and the sector). */
@Injectable()
export class DemandMatchingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find<T extends AssistanceNeedEntity | AssistanceProviderEntity | AssistanceMatchEntity>(
    m: EntityManager | undefined,
    target: new () => T,
    holder: ScopeHolder,
    ids: readonly string[],
    forWrite = false,
  ): Promise<T[]> {
    return findScoped(m ?? this.dataSource.manager, target, holder, ids, forWrite);
  }

  /** A provider by id, whatever its region (the service decides whether the caller may see it). */
  providerById(m: EntityManager, id: string): Promise<AssistanceProviderEntity | null> {
    return m.getRepository(AssistanceProviderEntity).findOneBy({ id });
  }

  async regionExists(m: EntityManager, code: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM regions WHERE code = $1`, [code])).length > 0;
  }

  async liveMatchExists(m: EntityManager, needId: string, providerId: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM assistance_matches WHERE need_id = $1 AND provider_id = $2 AND stage <> 'DECLINED'`, [needId, providerId])).length > 0;
  }

  insert<T extends AssistanceNeedEntity | AssistanceProviderEntity | AssistanceMatchEntity>(m: EntityManager, target: new () => T, row: Partial<T>): Promise<T> {
    const repo = m.getRepository(target);
    return repo.save(repo.create(row as T));
  }

  /** Writes the changes of a row read locked (its version checked by the caller) and raises the version. */
  async update<T extends AssistanceNeedEntity | AssistanceProviderEntity | AssistanceMatchEntity>(m: EntityManager, target: new () => T, before: T, changes: Partial<T>): Promise<T> {
    await m.getRepository(target).update({ id: before.id } as never, { ...changes, version: before.version + 1 } as never);
    return m.getRepository(target).findOneByOrFail({ id: before.id } as never);
  }

  needPage(principal: Principal, filter: NeedFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AssistanceNeedEntity>> {
    const qb = this.dataSource.getRepository(AssistanceNeedEntity).createQueryBuilder('n');
    applyRegionScope(qb, 'n.region_code', principal);
    if (filter.withinPrefix) applyWithin(qb, 'n.region_code', filter.withinPrefix);
    if (filter.householdId) qb.andWhere('n.household_id = :hid', { hid: filter.householdId });
    if (filter.kind) qb.andWhere('n.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('n.status = :status', { status: filter.status });
    if (filter.withoutMatch) {
      qb.andWhere(`n.status = 'OPEN'`).andWhere(`NOT EXISTS (SELECT 1 FROM assistance_matches x WHERE x.need_id = n.id AND x.stage <> 'DECLINED')`);
    }
    return paginate(qb, args, { tag: 'recorded', column: 'n.recorded_on', type: 'date', idColumn: 'n.id', key: (n) => [n.recordedOn, n.id] }, { withTotalCount });
  }

  providerPage(principal: Principal, filter: ProviderFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AssistanceProviderEntity>> {
    const qb = this.dataSource.getRepository(AssistanceProviderEntity).createQueryBuilder('p');
    applyRegionScope(qb, 'p.region_code', principal);
    if (filter.withinPrefix) applyWithin(qb, 'p.region_code', filter.withinPrefix);
    if (filter.offers) qb.andWhere(':offers = ANY(p.offers)', { offers: filter.offers });
    if (filter.active !== undefined) qb.andWhere('p.active = :active', { active: filter.active });
    return paginate(qb, args, { tag: 'name', column: 'p.name', type: 'text', idColumn: 'p.id', key: (p) => [p.name, p.id] }, { withTotalCount });
  }

  matchPage(principal: Principal, filter: MatchFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AssistanceMatchEntity>> {
    const qb = this.dataSource.getRepository(AssistanceMatchEntity).createQueryBuilder('x');
    applyRegionScope(qb, 'x.region_code', principal);
    if (filter.withinPrefix) applyWithin(qb, 'x.region_code', filter.withinPrefix);
    if (filter.needId) qb.andWhere('x.need_id = :nid', { nid: filter.needId });
    if (filter.providerId) qb.andWhere('x.provider_id = :pid', { pid: filter.providerId });
    if (filter.stage) qb.andWhere('x.stage = :stage', { stage: filter.stage });
    return paginate(qb, args, { tag: 'proposed', column: 'x.proposed_on', type: 'date', idColumn: 'x.id', key: (x) => [x.proposedOn, x.id] }, { withTotalCount });
  }
}
