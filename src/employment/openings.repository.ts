import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, regionScopeSql, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { EmploymentRecordEntity } from './employment-record.entity';
import { EmploymentErrors } from './employment.errors';
import { JobOpeningEntity } from './openings.entity';
import { withSerialPlans } from '../common/sql/serial-plan';
import { CandidateRow, candidatesSql } from './openings.matching';

export interface JobOpeningFilter {
  /** A region's subtree prefix (the `regionCode` argument). */
  withinPrefix?: string;
  /** true: only open ones (not closed, not past open_until on `today`); false: only closed ones. */
  open?: boolean;
  today: string;
  channel?: string;
  employerEntityId?: string;
}

/** The SQL of job openings and their candidates; every read for a caller is scoped by the opening's region. */
@Injectable()
export class JobOpeningsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(JobOpeningEntity).createQueryBuilder('o');
  }

  /** A page of the caller's openings, newest opening first. */
  page(principal: Principal, filter: JobOpeningFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<JobOpeningEntity>> {
    const qb = applyRegionScope(this.query(), 'o.region_code', principal);
    applyWithin(qb, 'o.region_code', filter.withinPrefix);
    const openSql = 'o.closed_on IS NULL AND (o.open_until IS NULL OR o.open_until >= :today)';
    if (filter.open === true) qb.andWhere(openSql, { today: filter.today });
    if (filter.open === false) qb.andWhere(`NOT (${openSql})`, { today: filter.today });
    if (filter.channel) qb.andWhere('o.channel = :channel', { channel: filter.channel });
    if (filter.employerEntityId) qb.andWhere('o.employer_entity_id = :employerEntityId', { employerEntityId: filter.employerEntityId });
    return paginate(qb, args, { tag: 'openFrom', column: 'o.open_from', type: 'date', direction: 'DESC', idColumn: 'o.id', key: (o) => [o.openFrom, o.id] }, { withTotalCount });
  }

  /** The openings among `ids` the holder may read; `forWrite` locks them and adds the sector write scope. */
  findInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<JobOpeningEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = this.query(manager).where('o.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'o.region_code', holder, forWrite ? { sector: { column: 'o.sector', access: 'write' } } : {});
    if (forWrite) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  insert(manager: EntityManager, row: Partial<JobOpeningEntity>): Promise<JobOpeningEntity> {
    const repo = manager.getRepository(JobOpeningEntity);
    return repo.save(repo.create(row));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<JobOpeningEntity>): Promise<JobOpeningEntity> {
    return updateWithVersion(manager, JobOpeningEntity, { column: 'id', value: id }, version, patch, () => EmploymentErrors.openingNotFound());
  }

  /** The members placed in each opening (distinct members of its records), for many openings in one statement. */
  async placesTaken(ids: readonly string[], manager?: EntityManager): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows: { id: string; n: number }[] = await (manager ?? this.dataSource.manager)
      .getRepository(EmploymentRecordEntity)
      .createQueryBuilder('e')
      .select('e.opening_id', 'id')
      .addSelect('count(DISTINCT e.member_id)::int', 'n')
      .where('e.opening_id = ANY(:ids)', { ids: [...ids] })
      .groupBy('e.opening_id')
      .getRawMany();
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /**
   * A page of the opening's candidates in the caller's scope (one statement; see candidatesSql),
   * planned without parallel workers: its part of the employed is gated by a one-time filter, and a
   * parallel plan starts its workers even when the gate keeps them idle (about 0.1 s a page).
   */
  candidates(principal: Principal, opening: JobOpeningEntity, asOf: string, page: { after?: [number, string]; limit: number }): Promise<CandidateRow[]> {
    const params: unknown[] = [];
    const scope = regionScopeSql('m.region_code', principal, params);
    return withSerialPlans(this.dataSource, (manager) => manager.query(candidatesSql(opening, asOf, scope, params, page, principal.scopePrefix), params));
  }
}
