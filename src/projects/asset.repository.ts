import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { applyRegionScope, applyWithin } from '../common/access/region-scope';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { AssetKind, ProjectAssetEntity } from './asset.entity';
import { ProjectEntity } from './project.entity';

export interface ProjectAssetFilter {
  /** A region's subtree prefix (the `regionCode` argument, looked up). */
  withinPrefix?: string;
  projectId?: string;
  kind?: AssetKind;
}

/** The SQL of project assets: every read for a caller is scoped by the asset's (the project's) region. */
@Injectable()
export class ProjectAssetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ProjectAssetEntity).createQueryBuilder('a');
  }

  /** A page of the caller's assets, by name. */
  page(principal: Principal, filter: ProjectAssetFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ProjectAssetEntity>> {
    const qb = applyRegionScope(this.query(), 'a.region_code', principal);
    applyWithin(qb, 'a.region_code', filter.withinPrefix);
    if (filter.projectId) qb.andWhere('a.project_id = :projectId', { projectId: filter.projectId });
    if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
    return paginate(qb, args, { tag: 'name', column: 'a.name', type: 'text', idColumn: 'a.id', key: (a) => [a.name, a.id] }, { withTotalCount });
  }

  findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<ProjectAssetEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return applyRegionScope(this.query(manager).where('a.id = ANY(:ids)', { ids: [...ids] }), 'a.region_code', principal).getMany();
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
}
