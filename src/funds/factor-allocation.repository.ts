import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { FactorAllocationLevel, FundAllocationRunEntity, FundAllocationRunLineEntity, FundFactorValueEntity } from './factor-allocation.entities';

export interface RunFilter {
  year?: number;
  level?: FactorAllocationLevel;
  documentId?: string;
  /** Runs whose parent region lies within this prefix. */
  withinPrefix?: string;
}

/** The SQL of factor allocation: runs are read by their parent region's scope, factor values by their region's. */
@Injectable()
export class FactorAllocationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** The entered values of `factors` for `regionCodes` in `year` (no scope: the caller checked the parent region). */
  enteredValues(year: number, regionCodes: readonly string[], factors: readonly string[], m?: EntityManager): Promise<FundFactorValueEntity[]> {
    if (!regionCodes.length || !factors.length) return Promise.resolve([]);
    return this.manager(m)
      .getRepository(FundFactorValueEntity)
      .createQueryBuilder('v')
      .where('v.year = :year AND v.region_code = ANY(:codes) AND v.factor = ANY(:factors)', { year, codes: [...regionCodes], factors: [...factors] })
      .orderBy('v.region_code')
      .addOrderBy('v.factor')
      .getMany();
  }

  /** The value row of (year, region, factor), locked for the write. */
  lockValue(m: EntityManager, year: number, regionCode: string, factor: string): Promise<FundFactorValueEntity | null> {
    return m
      .getRepository(FundFactorValueEntity)
      .createQueryBuilder('v')
      .where('v.year = :year AND v.region_code = :regionCode AND v.factor = :factor', { year, regionCode, factor })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** The next run number of (year, parent, level). */
  async nextRunNumber(m: EntityManager, year: number, parentRegionCode: string, level: FactorAllocationLevel): Promise<number> {
    const [row]: { n: number }[] = await m.query(
      `SELECT COALESCE(max(run_number), 0)::int + 1 AS n FROM fund_allocation_runs WHERE year = $1 AND parent_region_code = $2 AND level = $3`,
      [year, parentRegionCode, level],
    );
    return Number(row.n);
  }

  pageRuns(principal: Principal, filter: RunFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<FundAllocationRunEntity>> {
    const qb = applyRegionScope(this.dataSource.getRepository(FundAllocationRunEntity).createQueryBuilder('r'), 'r.parent_region_code', principal);
    applyWithin(qb, 'r.parent_region_code', filter.withinPrefix);
    if (filter.year !== undefined) qb.andWhere('r.year = :year', { year: filter.year });
    if (filter.level) qb.andWhere('r.level = :level', { level: filter.level });
    if (filter.documentId) qb.andWhere('r.document_id = :documentId', { documentId: filter.documentId });
    return paginate(qb, args, { tag: 'run', column: 'r.created_at', type: 'timestamp', direction: 'DESC', idColumn: 'r.id', key: (r) => [r.createdAt.toISOString(), r.id] }, { withTotalCount });
  }

  /** A run in the caller's scope (by its parent region), or null; `lock` takes it FOR UPDATE (applying it). */
  findRun(principal: Principal, id: string, m?: EntityManager, lock = false): Promise<FundAllocationRunEntity | null> {
    const qb = this.manager(m).getRepository(FundAllocationRunEntity).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return applyRegionScope(qb, 'r.parent_region_code', principal).getOne();
  }

  /** The newest run of the same document, year, parent region and level (the run itself when none is newer). */
  async newestOfDocument(m: EntityManager, run: FundAllocationRunEntity): Promise<{ id: string; runNumber: number }> {
    const [row]: { id: string; runNumber: number }[] = await m.query(
      `SELECT id, run_number AS "runNumber" FROM fund_allocation_runs
        WHERE document_id = $1 AND year = $2 AND parent_region_code = $3 AND level = $4 ORDER BY run_number DESC LIMIT 1`,
      [run.documentId, run.year, run.parentRegionCode, run.level],
    );
    return row;
  }

  /** Whether any allocation (active or cancelled) applies the run. */
  async isApplied(m: EntityManager, runId: string): Promise<boolean> {
    const [row]: { applied: boolean }[] = await m.query(`SELECT EXISTS (SELECT 1 FROM fund_allocations WHERE run_id = $1) AS applied`, [runId]);
    return row.applied;
  }

  /** The lines of runs, by region code. */
  lines(runIds: readonly string[], m?: EntityManager): Promise<FundAllocationRunLineEntity[]> {
    if (!runIds.length) return Promise.resolve([]);
    return this.manager(m)
      .getRepository(FundAllocationRunLineEntity)
      .createQueryBuilder('l')
      .where('l.run_id = ANY(:ids)', { ids: [...runIds] })
      .orderBy('l.run_id')
      .addOrderBy('l.region_code')
      .getMany();
  }
}
