import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { workshopPoorWorkersSql } from './employment-year.sql';
import { EmploymentErrors } from './employment.errors';
import { PovertyWorkshopEntity } from './workshops.entity';

export interface WorkshopFilter {
  year: number;
  /** Only workshops with fewer poor workers than this (employment.workshop_min_poor_workers). */
  belowMinimum?: number;
  /** A region's subtree prefix (the `regionCode` argument, looked up). */
  withinPrefix?: string;
}

/**
 * The SQL of poverty-alleviation workshops and their poor workers (employment records with
 * workshop_id). Reads are scoped by the workshop's village; the locked read before a change adds
 * the sector write scope.
 */
@Injectable()
export class WorkshopsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(PovertyWorkshopEntity).createQueryBuilder('w');
  }

  /** A page of the caller's workshops running in the year, by name, each with its poor workers of the year (in the statement that reads the page). */
  async page(principal: Principal, filter: WorkshopFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<PovertyWorkshopEntity> & { poorWorkers: Map<PovertyWorkshopEntity, number> }> {
    const poor = workshopPoorWorkersSql('w');
    const qb = applyRegionScope(this.query(), 'w.region_code', principal);
    applyWithin(qb, 'w.region_code', filter.withinPrefix);
    qb.andWhere(`w.opened_on <= :yearLast AND (w.closed_on IS NULL OR w.closed_on >= :yearFirst)`, { yearFirst: `${filter.year}-01-01`, yearLast: `${filter.year}-12-31` });
    qb.setParameters({ year: filter.year });
    if (filter.belowMinimum !== undefined) qb.andWhere(`${poor} < :minimum`, { minimum: filter.belowMinimum });
    const { nested, ...page } = await paginate(qb, args, { tag: 'name', column: 'w.name', type: 'text', idColumn: 'w.id', key: (w) => [w.name, w.id] }, { withTotalCount, nested: { poor } });
    return { ...page, poorWorkers: new Map(page.edges.map((e) => [e.node, Number(nested?.get(e.node)?.poor ?? 0)])) };
  }

  /** The workshops among `ids` the holder may read; `forWrite` locks them and adds the sector write scope. */
  findInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<PovertyWorkshopEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = this.query(manager).where('w.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'w.region_code', holder, forWrite ? { sector: { column: 'w.sector', access: 'write' } } : {});
    if (forWrite) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  insert(manager: EntityManager, row: Partial<PovertyWorkshopEntity>): Promise<PovertyWorkshopEntity> {
    const repo = manager.getRepository(PovertyWorkshopEntity);
    return repo.save(repo.create(row));
  }

  /** Checks the version the caller read: a stale one is the kit's CONFLICT / VERSION_MISMATCH. */
  update(manager: EntityManager, id: string, version: number, patch: Partial<PovertyWorkshopEntity>): Promise<PovertyWorkshopEntity> {
    return updateWithVersion(manager, PovertyWorkshopEntity, { column: 'id', value: id }, version, patch, () => EmploymentErrors.workshopNotFound());
  }
}
