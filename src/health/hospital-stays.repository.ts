import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { yearEnd } from '../common/dates/local-date';
import { findScoped } from '../common/kit/records';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { HealthErrors } from './health.errors';
import { HospitalStayEntity } from './hospital-stay.entity';

export interface HospitalStayFilter {
  memberId?: string;
  householdId?: string;
  /** Stays discharged in this year. */
  year?: number;
  withinPrefix?: string;
}

/**
 * The households with stays discharged in :ohYear whose household-paid share of the year's total
 * cost is above :ohTarget (one grouped pass; exact numeric, never a float).
 */
export const HOUSEHOLDS_OVER_TARGET = `SELECT s.household_id FROM hospital_stays s
    WHERE s.discharged_on BETWEEN CAST(:ohStart AS date) AND CAST(:ohEnd AS date)
    GROUP BY s.household_id
   HAVING sum(s.total_cost) > 0 AND sum(s.household_paid) > CAST(:ohTarget AS numeric) * sum(s.total_cost)`;

/** The dates bounding a year, for HOUSEHOLDS_OVER_TARGET and the year filter. */
export const yearBounds = (year: number) => ({ ohStart: `${year}-01-01`, ohEnd: yearEnd(year) });

/** The SQL of hospital stays, scoped by the household's village (writes: and the sector). */
@Injectable()
export class HospitalStaysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** A page of the caller's stays, latest discharge first. */
  page(principal: Principal, filter: HospitalStayFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<HospitalStayEntity>> {
    const qb = applyRegionScope(this.manager().getRepository(HospitalStayEntity).createQueryBuilder('s'), 's.region_code', principal);
    applyWithin(qb, 's.region_code', filter.withinPrefix);
    if (filter.memberId) qb.andWhere('s.member_id = :memberId', { memberId: filter.memberId });
    if (filter.householdId) qb.andWhere('s.household_id = :householdId', { householdId: filter.householdId });
    if (filter.year !== undefined) qb.andWhere('s.discharged_on BETWEEN CAST(:ohStart AS date) AND CAST(:ohEnd AS date)', yearBounds(filter.year));
    return paginate(qb, args, { tag: 'discharged', column: 's.discharged_on', type: 'date', direction: 'DESC', idColumn: 's.id', key: (s) => [s.dischargedOn, s.id] }, { withTotalCount });
  }

  findInScope(holder: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<HospitalStayEntity[]> {
    return findScoped(this.manager(manager), HospitalStayEntity, holder, ids, forWrite);
  }

  /** The stays of households discharged in a year, by household id, in discharge order (one statement for a page). */
  async ofHouseholdsInYear(householdIds: readonly string[], year: number): Promise<Map<string, HospitalStayEntity[]>> {
    const out = new Map<string, HospitalStayEntity[]>(householdIds.map((id) => [id, []]));
    if (!householdIds.length) return out;
    const rows = await this.manager()
      .getRepository(HospitalStayEntity)
      .createQueryBuilder('s')
      .where('s.household_id = ANY(:ids)', { ids: [...householdIds] })
      .andWhere('s.discharged_on BETWEEN CAST(:ohStart AS date) AND CAST(:ohEnd AS date)', yearBounds(year))
      .orderBy('s.discharged_on')
      .addOrderBy('s.id')
      .getMany();
    for (const s of rows) out.get(s.householdId)!.push(s);
    return out;
  }

  insert(manager: EntityManager, row: Partial<HospitalStayEntity>): Promise<HospitalStayEntity> {
    const repo = manager.getRepository(HospitalStayEntity);
    return repo.save(repo.create(row));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<HospitalStayEntity>): Promise<HospitalStayEntity> {
    return updateWithVersion(manager, HospitalStayEntity, { column: 'id', value: id }, version, patch, () => HealthErrors.stayNotFound());
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(HospitalStayEntity).delete({ id });
  }
}
