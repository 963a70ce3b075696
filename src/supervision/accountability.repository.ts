import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyRegionScope } from '../common/access/region-scope';
import type { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { AccountabilityActionEntity, AccountabilityCaseEntity, AccountabilityCaseType } from './accountability.entity';
import { AccountabilityErrors } from './accountability.errors';
import { FindingEntity } from './finding.entity';
import { HotlineCaseEntity } from './hotline.entity';

export interface AccountabilityFilter {
  regionPrefix?: string;
  caseType?: AccountabilityCaseType;
  findingId?: string;
  hotlineCaseId?: string;
}

/** The SQL of accountability cases; every read for a caller through applyRegionScope on the case's place. */
@Injectable()
export class AccountabilityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager): SelectQueryBuilder<AccountabilityCaseEntity> {
    return (manager ?? this.dataSource.manager).getRepository(AccountabilityCaseEntity).createQueryBuilder('a');
  }

  /** A page of the caller's cases, latest opened first. */
  page(principal: Principal, f: AccountabilityFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<AccountabilityCaseEntity>> {
    const qb = applyRegionScope(this.query(), 'a.region_code', principal, { within: f.regionPrefix });
    if (f.caseType) qb.andWhere('a.case_type = :caseType', { caseType: f.caseType });
    if (f.findingId) qb.andWhere('a.finding_id = :findingId', { findingId: f.findingId });
    if (f.hotlineCaseId) qb.andWhere('a.hotline_case_id = :hotlineCaseId', { hotlineCaseId: f.hotlineCaseId });
    return paginate(qb, args, { tag: 'opened', column: 'a.opened_on', type: 'date', idColumn: 'a.id', key: (a) => [a.openedOn, a.id], direction: 'DESC' }, { withTotalCount });
  }

  findInScope(principal: Principal, id: string, manager?: EntityManager): Promise<AccountabilityCaseEntity | null> {
    return applyRegionScope(this.query(manager).where('a.id = :id', { id }), 'a.region_code', principal).getOne();
  }

  lockInScope(principal: Principal, id: string, manager: EntityManager): Promise<AccountabilityCaseEntity | null> {
    return applyRegionScope(this.query(manager).where('a.id = :id', { id }), 'a.region_code', principal).setLock('pessimistic_write').getOne();
  }

  findingInScope(principal: Principal, id: string, manager: EntityManager): Promise<FindingEntity | null> {
    return applyRegionScope(manager.getRepository(FindingEntity).createQueryBuilder('f').where('f.id = :id', { id }), 'f.region_code', principal).getOne();
  }

  hotlineCaseInScope(principal: Principal, id: string, manager: EntityManager): Promise<HotlineCaseEntity | null> {
    return applyRegionScope(manager.getRepository(HotlineCaseEntity).createQueryBuilder('c').where('c.id = :id', { id }), 'c.region_code', principal).getOne();
  }

  insert(manager: EntityManager, a: Partial<AccountabilityCaseEntity>): Promise<AccountabilityCaseEntity> {
    const repo = manager.getRepository(AccountabilityCaseEntity);
    return repo.save(repo.create(a));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<AccountabilityCaseEntity>): Promise<AccountabilityCaseEntity> {
    return updateWithVersion(manager, AccountabilityCaseEntity, { column: 'id', value: id }, version, patch, () => AccountabilityErrors.notFound());
  }

  insertAction(manager: EntityManager, a: Partial<AccountabilityActionEntity>): Promise<AccountabilityActionEntity> {
    const repo = manager.getRepository(AccountabilityActionEntity);
    return repo.save(repo.create(a));
  }

  /** The actions of the cases, each case's by date then record time (one statement). */
  async actionsOf(caseIds: readonly string[], manager?: EntityManager): Promise<Map<string, AccountabilityActionEntity[]>> {
    const out = new Map<string, AccountabilityActionEntity[]>(caseIds.map((id) => [id, []]));
    if (!caseIds.length) return out;
    const rows = await (manager ?? this.dataSource.manager)
      .getRepository(AccountabilityActionEntity)
      .createQueryBuilder('x')
      .where('x.case_id IN (:...ids)', { ids: [...caseIds] })
      .orderBy('x.decided_on', 'ASC')
      .addOrderBy('x.created_at', 'ASC')
      .getMany();
    for (const r of rows) out.get(r.caseId)!.push(r);
    return out;
  }
}
