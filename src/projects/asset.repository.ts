import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { applyRegionScope, applyWithin } from '../common/access/region-scope';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { ProjectAssetIncomeEntity } from './asset-income.entity';
import { ASSET_INCOME_RECORDED_IN_YEAR, ASSET_WITHOUT_INCOME_IN_YEAR, incomeYearParams } from './asset-income.rules';
import { AssetKind, ProjectAssetEntity } from './asset.entity';
import { AssetErrors } from './asset.errors';
import { ProjectEntity } from './project.entity';

export interface ProjectAssetFilter {
  /** A region's subtree prefix (the `regionCode` argument, looked up). */
  withinPrefix?: string;
  projectId?: string;
  kind?: AssetKind;
  /** Only assets with an income row for this year. */
  incomeRecordedIn?: number;
  /** Only assets handed over by the end of this year that earned nothing in it. */
  withoutIncomeIn?: number;
}

export interface AssetIncomeFilter {
  withinPrefix?: string;
  assetId?: string;
  year?: number;
}

/** The SQL of project assets and their yearly incomes: every read for a caller is scoped by the asset's (the project's) region. */
@Injectable()
export class ProjectAssetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ProjectAssetEntity).createQueryBuilder('a');
  }

  private incomes(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ProjectAssetIncomeEntity).createQueryBuilder('i');
  }

  /** A page of the caller's assets, by name. */
  page(principal: Principal, filter: ProjectAssetFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ProjectAssetEntity>> {
    const qb = applyRegionScope(this.query(), 'a.region_code', principal);
    applyWithin(qb, 'a.region_code', filter.withinPrefix);
    if (filter.projectId) qb.andWhere('a.project_id = :projectId', { projectId: filter.projectId });
    if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
    if (filter.incomeRecordedIn !== undefined) qb.andWhere(ASSET_INCOME_RECORDED_IN_YEAR, incomeYearParams(filter.incomeRecordedIn));
    if (filter.withoutIncomeIn !== undefined) qb.andWhere(ASSET_WITHOUT_INCOME_IN_YEAR, incomeYearParams(filter.withoutIncomeIn));
    return paginate(qb, args, { tag: 'name', column: 'a.name', type: 'text', idColumn: 'a.id', key: (a) => [a.name, a.id] }, { withTotalCount });
  }

  /** The assets among `ids` the caller may read; `forWrite` locks them and adds the sector write scope. */
  findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<ProjectAssetEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = this.query(manager).where('a.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'a.region_code', principal, forWrite ? { sector: { column: 'a.sector', access: 'write' } } : {});
    if (forWrite) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** The project an asset is recorded for, in the caller's write scope (region and sector), locked. */
  projectForWrite(principal: Principal, projectId: string, manager: EntityManager): Promise<ProjectEntity | null> {
    const qb = manager.getRepository(ProjectEntity).createQueryBuilder('p').where('p.id = :projectId', { projectId });
    applyRegionScope(qb, 'p.region_code', principal, { sector: { column: 'p.sector', access: 'write' } });
    return qb.setLock('pessimistic_write').getOne();
  }

  insert(manager: EntityManager, asset: Partial<ProjectAssetEntity>): Promise<ProjectAssetEntity> {
    const repo = manager.getRepository(ProjectAssetEntity);
    return repo.save(repo.create(asset));
  }

  /** Checks the version the caller read: a stale one is the kit's CONFLICT / VERSION_MISMATCH. */
  update(manager: EntityManager, id: string, version: number, patch: Partial<ProjectAssetEntity>): Promise<ProjectAssetEntity> {
    return updateWithVersion(manager, ProjectAssetEntity, { column: 'id', value: id }, version, patch, () => AssetErrors.notFound());
  }

  // ------------------------------------------------------------------ incomes

  /** A page of the caller's asset incomes, newest year first, each with its asset's kind (for the PV share). */
  async incomePage(principal: Principal, filter: AssetIncomeFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ProjectAssetIncomeEntity> & { kinds: Map<ProjectAssetIncomeEntity, AssetKind> }> {
    const qb = applyRegionScope(this.incomes(), 'i.region_code', principal);
    applyWithin(qb, 'i.region_code', filter.withinPrefix);
    if (filter.assetId) qb.andWhere('i.asset_id = :assetId', { assetId: filter.assetId });
    if (filter.year !== undefined) qb.andWhere('i.year = :year', { year: filter.year });
    const { nested, ...page } = await paginate(
      qb,
      args,
      { tag: 'year', column: 'i.year', type: 'int', direction: 'DESC', idColumn: 'i.id', key: (i) => [i.year, i.id] },
      { withTotalCount, nested: { kind: '(SELECT ka.kind FROM project_assets ka WHERE ka.id = i.asset_id)' } },
    );
    const kinds = new Map<ProjectAssetIncomeEntity, AssetKind>();
    for (const [i, v] of nested ?? []) kinds.set(i, v.kind as AssetKind);
    return { ...page, kinds };
  }

  /** The incomes of a year of these assets (no scope: the caller has read the assets). */
  incomesOfYear(assetIds: readonly string[], year: number): Promise<ProjectAssetIncomeEntity[]> {
    if (!assetIds.length) return Promise.resolve([]);
    return this.incomes().where('i.asset_id = ANY(:assetIds)', { assetIds: [...assetIds] }).andWhere('i.year = :year', { year }).getMany();
  }

  incomeOf(manager: EntityManager, assetId: string, year: number): Promise<ProjectAssetIncomeEntity | null> {
    return manager.getRepository(ProjectAssetIncomeEntity).findOneBy({ assetId, year });
  }

  /** The earliest year an income is recorded for the asset; null when none is. */
  async firstIncomeYear(manager: EntityManager, assetId: string): Promise<number | null> {
    const row = await this.incomes(manager).select('min(i.year)', 'first').where('i.asset_id = :assetId', { assetId }).getRawOne<{ first: number | null }>();
    return row?.first ?? null;
  }

  insertIncome(manager: EntityManager, income: Partial<ProjectAssetIncomeEntity>): Promise<ProjectAssetIncomeEntity> {
    const repo = manager.getRepository(ProjectAssetIncomeEntity);
    return repo.save(repo.create(income));
  }

  updateIncome(manager: EntityManager, id: string, version: number, patch: Partial<ProjectAssetIncomeEntity>): Promise<ProjectAssetIncomeEntity> {
    return updateWithVersion(manager, ProjectAssetIncomeEntity, { column: 'id', value: id }, version, patch, () => AssetErrors.notFound('input.assetId'));
  }
}
