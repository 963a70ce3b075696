import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { yearEnd } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { EmploymentErrors } from './employment.errors';
import { findScoped } from '../common/kit/records';
import { ReturneeStartupEntity } from './startups.entity';

export interface StartupFilter {
  memberId?: string;
  householdId?: string;
  /** Start-ups started in this year. */
  year?: number;
  withinPrefix?: string;
}

/** The SQL of returnee start-ups, scoped by the founder's household village. */
@Injectable()
export class StartupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of the caller's start-ups, newest first. */
  page(principal: Principal, filter: StartupFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ReturneeStartupEntity>> {
    const qb = applyRegionScope(this.dataSource.manager.getRepository(ReturneeStartupEntity).createQueryBuilder('s'), 's.region_code', principal);
    applyWithin(qb, 's.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('s.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('s.household_id = :householdId', { householdId: filter.householdId });
    if (filter.year !== undefined) qb.andWhere('s.started_on BETWEEN :yearStart AND :yearEnd', { yearStart: `${filter.year}-01-01`, yearEnd: yearEnd(filter.year) });
    return paginate(qb, args, { tag: 'started', column: 's.started_on', type: 'date', direction: 'DESC', idColumn: 's.id', key: (s) => [s.startedOn, s.id] }, { withTotalCount });
  }

  findInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<ReturneeStartupEntity[]> {
    return findScoped(manager ?? this.dataSource.manager, ReturneeStartupEntity, holder, ids, forWrite);
  }

  insert(manager: EntityManager, row: Partial<ReturneeStartupEntity>): Promise<ReturneeStartupEntity> {
    const repo = manager.getRepository(ReturneeStartupEntity);
    return repo.save(repo.create(row));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<ReturneeStartupEntity>): Promise<ReturneeStartupEntity> {
    return updateWithVersion(manager, ReturneeStartupEntity, { column: 'id', value: id }, version, patch, () => EmploymentErrors.startupNotFound());
  }
}
