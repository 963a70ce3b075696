import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

@Injectable()
export class TokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RefreshTokenEntity);
  }

  insert(manager: EntityManager, token: Partial<RefreshTokenEntity>): Promise<RefreshTokenEntity> {
    return this.repo(manager).save(this.repo(manager).create(token));
  }

  /** The token row, locked so two refreshes with one token cannot both succeed. */
  findByHashForUpdate(manager: EntityManager, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('t')
      .where('t.token_hash = :tokenHash', { tokenHash })
      .setLock('pessimistic_write')
      .getOne();
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await this.repo(manager).update({ id }, { usedAt: () => 'now()' } as never);
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<number> {
    const r = await this.repo(manager).update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' } as never);
    return r.affected ?? 0;
  }

  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<number> {
    const r = await this.repo(manager).update({ userId, revokedAt: IsNull() }, { revokedAt: () => 'now()' } as never);
    return r.affected ?? 0;
  }
}
