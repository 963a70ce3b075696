import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin, ScopeHolder } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { containsPattern } from '../common/sql/like';
import { ImplementingEntityEntity, ImplementingEntityStatus } from './implementing-entity.entity';
import { EntitiesErrors } from './implementing-entities.errors';

export interface ImplementingEntityFilter {
  /** A region's subtree prefix (the `regionCode` argument, looked up). */
  withinPrefix?: string;
  type?: string;
  nameContains?: string;
  /** The normalised credit code, exact. */
  creditCode?: string;
  status?: ImplementingEntityStatus;
}

/**
 * The SQL of implementing entities. Every read for a caller is scoped by the entity's region;
 * the locked read before a change adds the sector write scope (a sector officer changes only its
 * own sector's entities).
 */
@Injectable()
export class ImplementingEntitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ImplementingEntityEntity).createQueryBuilder('e');
  }

  /** A page of the caller's entities, by name. */
  page(principal: Principal, filter: ImplementingEntityFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<ImplementingEntityEntity>> {
    const qb = applyRegionScope(this.query(), 'e.region_code', principal);
    applyWithin(qb, 'e.region_code', filter.withinPrefix);
    if (filter.type) qb.andWhere('e.type = :type', { type: filter.type });
    if (filter.nameContains) qb.andWhere(`e.name LIKE :name`, { name: containsPattern(filter.nameContains) });
    if (filter.creditCode) qb.andWhere('e.credit_code = :creditCode', { creditCode: filter.creditCode });
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    return paginate(qb, args, { tag: 'name', column: 'e.name', type: 'text', idColumn: 'e.id', key: (e) => [e.name, e.id] }, { withTotalCount });
  }

  /** The entities among `ids` the caller may read; `forWrite` locks them and adds the sector write scope. */
  findInScope(principal: ScopeHolder, ids: readonly string[], manager?: EntityManager, forWrite = false): Promise<ImplementingEntityEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    const qb = this.query(manager).where('e.id = ANY(:ids)', { ids: [...ids] });
    applyRegionScope(qb, 'e.region_code', principal, forWrite ? { sector: { column: 'e.sector', access: 'write' } } : {});
    if (forWrite) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  /** The entities `scope` may read among these unified social credit codes (an import's rows name them so). */
  findByCreditCodes(scope: ScopeHolder, codes: readonly string[], manager?: EntityManager): Promise<ImplementingEntityEntity[]> {
    if (!codes.length) return Promise.resolve([]);
    return applyRegionScope(this.query(manager).where('e.credit_code = ANY(:codes)', { codes: [...codes] }), 'e.region_code', scope).getMany();
  }

  /** Unscoped, by id: for the entities linked to a record the caller already reached (a village check's cooperatives). */
  findByIds(ids: readonly string[], manager?: EntityManager): Promise<ImplementingEntityEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.query(manager).where('e.id = ANY(:ids)', { ids: [...ids] }).getMany();
  }

  /** Whether another entity holds the credit code (anywhere: the code is unique nationally). */
  async creditCodeTaken(manager: EntityManager, creditCode: string, exceptId?: string): Promise<boolean> {
    const qb = this.query(manager).where('e.credit_code = :creditCode', { creditCode });
    if (exceptId) qb.andWhere('e.id <> :exceptId', { exceptId });
    return (await qb.getCount()) > 0;
  }

  insert(manager: EntityManager, entity: Partial<ImplementingEntityEntity>): Promise<ImplementingEntityEntity> {
    const repo = manager.getRepository(ImplementingEntityEntity);
    return repo.save(repo.create(entity));
  }

  /** Checks the version the caller read: a stale one is the kit's CONFLICT / VERSION_MISMATCH. */
  update(manager: EntityManager, id: string, version: number, patch: Partial<ImplementingEntityEntity>): Promise<ImplementingEntityEntity> {
    return updateWithVersion(manager, ImplementingEntityEntity, { column: 'id', value: id }, version, patch, () => EntitiesErrors.entityNotFound());
  }
}
