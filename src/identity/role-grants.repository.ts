import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { applyRegionScope } from '../common/access/region-scope';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { RoleGrantEntity, RoleGrantStatus } from './role-grant.entity';

/** The SQL of role grants. A grant is in a caller's scope when its account is. */
@Injectable()
export class RoleGrantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RoleGrantEntity);
  }

  /** With its account (`user`), in the caller's scope; locked for a decision when `lock`. */
  async findInScope(principal: Principal, id: string, manager?: EntityManager, lock = false): Promise<RoleGrantEntity | null> {
    const qb = this.repo(manager).createQueryBuilder('g').innerJoinAndSelect('g.user', 'u').where('g.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['g']);
    return applyRegionScope(qb, 'u.region_code', principal).getOne();
  }

  findPendingOfUser(manager: EntityManager, userId: string): Promise<RoleGrantEntity | null> {
    return this.repo(manager).findOneBy({ userId, status: RoleGrantStatus.PENDING });
  }

  /** Oldest first: a queue of what waits for a second administrator. */
  page(principal: Principal, filter: { status?: RoleGrantStatus; userId?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<RoleGrantEntity>> {
    const qb = applyRegionScope(this.repo().createQueryBuilder('g').innerJoinAndSelect('g.user', 'u'), 'u.region_code', principal);
    if (filter.status) qb.andWhere('g.status = :status', { status: filter.status });
    if (filter.userId) qb.andWhere('g.user_id = :userId', { userId: filter.userId });
    // Milliseconds, as the cursor carries them (a JavaScript Date).
    return paginate(qb, args, { tag: 'created', column: 'g.created_at', type: 'timestamp', idColumn: 'g.id', key: (g) => [g.createdAt.toISOString(), g.id] }, { withTotalCount });
  }

  insert(manager: EntityManager, grant: Partial<RoleGrantEntity>): Promise<RoleGrantEntity> {
    return this.repo(manager).save(this.repo(manager).create(grant));
  }

  async decide(manager: EntityManager, id: string, decision: Pick<RoleGrantEntity, 'status' | 'decidedBy' | 'note'>): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ ...decision, decidedAt: () => 'now()' } as never)
      .where('id = :id', { id })
      .execute();
  }
}
