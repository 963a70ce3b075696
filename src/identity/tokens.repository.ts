import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuthSessionEntity } from './auth-session.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { PrincipalCache } from './principal-cache';

/** The SQL of sign-ins (auth_sessions) and their refresh tokens: ending a sign-in ends both. */
@Injectable()
export class TokensRepository {
  /** `principals`: ending sign-ins tells it, inside the ending transaction. */
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly principals: PrincipalCache,
  ) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RefreshTokenEntity);
  }

  private sessions(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(AuthSessionEntity);
  }

  /** A new sign-in of the user; its id is the family id of its refresh tokens and the `sid` of its access tokens. */
  async createSession(manager: EntityManager, userId: string): Promise<string> {
    const session = await this.sessions(manager).save(this.sessions(manager).create({ userId }));
    return session.id;
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

  /** Ends one sign-in: the session and its refresh tokens. Returns 1 when the session was still open. */
  async revokeFamily(manager: EntityManager, familyId: string): Promise<number> {
    const session = await this.sessions(manager).findOne({ where: { id: familyId }, select: { id: true, userId: true } });
    if (session) this.principals.accountChanging(session.userId);
    const r = await this.sessions(manager).update({ id: familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' } as never);
    await this.repo(manager).update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' } as never);
    return r.affected ?? 0;
  }

  /** Ends every sign-in of the user. Returns how many were still open. */
  async revokeAllOfUser(manager: EntityManager, userId: string): Promise<number> {
    this.principals.accountChanging(userId);
    const r = await this.sessions(manager).update({ userId, revokedAt: IsNull() }, { revokedAt: () => 'now()' } as never);
    await this.repo(manager).update({ userId, revokedAt: IsNull() }, { revokedAt: () => 'now()' } as never);
    return r.affected ?? 0;
  }
}
