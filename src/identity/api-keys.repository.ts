import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { applyRegionScope } from '../common/access/region-scope';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { ApiKeyEntity } from './api-key.entity';
import { PrincipalCache } from './principal-cache';

@Injectable()
export class ApiKeysRepository {
  /** `principals`: revoking a key tells it (under the key's creator), inside the revoking transaction. */
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly principals: PrincipalCache,
  ) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ApiKeyEntity);
  }

  findByPrefixForAuth(prefix: string): Promise<ApiKeyEntity | null> {
    return this.repo().findOneBy({ prefix });
  }

  findInScope(principal: Principal, id: string, manager?: EntityManager): Promise<ApiKeyEntity | null> {
    const qb = this.repo(manager).createQueryBuilder('k').where('k.id = :id', { id });
    return applyRegionScope(qb, 'k.region_code', principal).getOne();
  }

  page(principal: Principal, args: ConnectionArgs, includeRevoked: boolean, withTotalCount: boolean): Promise<Connection<ApiKeyEntity>> {
    const qb = applyRegionScope(this.repo().createQueryBuilder('k'), 'k.region_code', principal);
    if (!includeRevoked) qb.andWhere('k.revoked_at IS NULL');
    return paginate(qb, args, { tag: 'name', column: 'k.name', type: 'text', idColumn: 'k.id', key: (k) => [k.name, k.id] }, { withTotalCount });
  }

  insert(manager: EntityManager, key: Partial<ApiKeyEntity>): Promise<ApiKeyEntity> {
    return this.repo(manager).save(this.repo(manager).create(key));
  }

  async revoke(manager: EntityManager, id: string): Promise<ApiKeyEntity> {
    const key = await this.repo(manager).findOne({ where: { id }, select: { id: true, createdBy: true } });
    if (key?.createdBy) this.principals.accountChanging(key.createdBy);
    await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'COALESCE(revoked_at, now())' } as never)
      .where('id = :id', { id })
      .execute();
    return this.repo(manager).findOneByOrFail({ id });
  }

  /** Written at most once a minute per key, outside any request transaction. */
  async touch(id: string): Promise<void> {
    await this.repo()
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' } as never)
      .where(`id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, { id })
      .execute();
  }
}
