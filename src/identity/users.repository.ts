import { containsPattern } from '../common/sql/like';
import { rawEntityReader, RawEntityReader } from '../common/sql/raw-entities';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { applyRegionScope, applyWithin } from '../common/access/region-scope';
import { Principal } from '../common/access/principal';
import { Role } from '../common/access/permissions';
import { updateWithVersion } from '../common/concurrency/optimistic-update';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { RegionLevel } from '../regions/region.entity';
import { IdentityErrors } from './identity.errors';
import { UserEntity } from './user.entity';
import { PrincipalCache } from './principal-cache';

/**
 * The comment that opens the statement reading a signed-in caller's principal: test/support's
 * statement counter leaves it out (kept between requests on a server, read on every request on
 * the embedded database, it is no part of what a request itself costs).
 */
export const PRINCIPAL_STATEMENT = '/* principal */';

/** An account's home region as a principal needs it. */
export interface HomeRegion {
  code: string;
  level: RegionLevel;
}

export interface UserFilter {
  role?: Role;
  regionPrefix?: string;
  usernameContains?: string;
  disabled?: boolean;
}

/** The SQL of accounts. Every read for a caller goes through the caller's region scope. */
@Injectable()
export class UsersRepository {
  private readonly reader: RawEntityReader<UserEntity>;

  /** `principals`: every change of an account below tells it, inside the changing transaction. */
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly principals: PrincipalCache,
  ) {
    this.reader = rawEntityReader(dataSource, UserEntity, 'u');
  }

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity);
  }

  /** For sign-in and token checks only (no scope: the caller is not known yet). */
  findByUsernameForAuth(username: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOneBy({ username: username.toLowerCase() });
  }

  findByIdForAuth(id: string, manager?: EntityManager, lock = false): Promise<UserEntity | null> {
    const qb = this.repo(manager).createQueryBuilder('u').where('u.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /**
   * The account behind an access token and whether its sign-in is still open, in one query (the
   * middleware runs it on every authenticated request). `sessionOpen` is false when the session is
   * missing, ended, or belongs to another account.
   */
  /**
   * What every authenticated request needs, in one statement (issue #12): the account, whether
   * the token's session is open, and the account's home region (null when it is not in the tree).
   */
  async findForAccessToken(userId: string, sessionId: string): Promise<{ user: UserEntity; sessionOpen: boolean; region: HomeRegion | null } | null> {
    // Plain SQL through rawEntityReader: the same statement on every request, without building it.
    const rows: { open_session_id: string | null; home_region_code: string | null; home_region_level: RegionLevel | null }[] = await this.dataSource.manager.query(
      `${PRINCIPAL_STATEMENT} SELECT ${this.reader.select}, s.id AS open_session_id, r.code AS home_region_code, r.level AS home_region_level
         FROM "users" u
         LEFT JOIN "auth_sessions" s ON s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL
         LEFT JOIN "regions" r ON r.code = u.region_code
        WHERE u.id = $1`,
      [userId, sessionId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      user: this.reader.read(rows)[0]!,
      sessionOpen: !!row.open_session_id,
      region: row.home_region_code && row.home_region_level ? { code: row.home_region_code, level: row.home_region_level } : null,
    };
  }

  page(principal: Principal, filter: UserFilter, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<UserEntity>> {
    const qb = applyRegionScope(this.repo().createQueryBuilder('u'), 'u.region_code', principal);
    if (filter.role) qb.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.regionPrefix) applyWithin(qb, 'u.region_code', filter.regionPrefix);
    if (filter.disabled !== undefined) qb.andWhere('u.disabled = :disabled', { disabled: filter.disabled });
    if (filter.usernameContains) {
      qb.andWhere(`u.username LIKE :un ESCAPE '\\'`, { un: containsPattern(filter.usernameContains) });
    }
    return paginate(qb, args, { tag: 'username', column: 'u.username', type: 'text', idColumn: 'u.id', key: (u) => [u.username, u.id] }, { withTotalCount });
  }

  findInScope(principal: Principal, ids: readonly string[], manager?: EntityManager): Promise<UserEntity[]> {
    const qb = this.repo(manager).createQueryBuilder('u').where('u.id = ANY(:ids)', { ids: [...ids] });
    return applyRegionScope(qb, 'u.region_code', principal).getMany();
  }

  countWithRole(role: Role): Promise<number> {
    return this.repo().createQueryBuilder('u').where(':role = ANY(u.roles)', { role }).getCount();
  }

  insert(manager: EntityManager, user: Partial<UserEntity>): Promise<UserEntity> {
    return this.repo(manager).save(this.repo(manager).create(user));
  }

  update(manager: EntityManager, id: string, version: number, patch: Partial<UserEntity>): Promise<UserEntity> {
    this.principals.accountChanging(id);
    return updateWithVersion(manager, UserEntity, { column: 'id', value: id }, version, patch, IdentityErrors.userNotFound);
  }

  /** The same password hashed at a higher cost (at sign-in): not a change of password. */
  async rehashPassword(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    await this.repo(manager).update({ id }, { passwordHash });
  }

  /** Roles as a second administrator approved them (role_grants): a user edit, so the version moves. */
  async setRoles(manager: EntityManager, id: string, roles: Role[]): Promise<UserEntity> {
    this.principals.accountChanging(id);
    await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ roles, version: () => 'version + 1' } as never)
      .where('id = :id', { id })
      .execute();
    return this.repo(manager).findOneByOrFail({ id });
  }

  /** A new password chosen by the account's owner: clears must_change_password. */
  async setPassword(manager: EntityManager, id: string, passwordHash: string): Promise<void> {
    this.principals.accountChanging(id);
    await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ passwordHash, passwordChangedAt: () => 'now()', mustChangePassword: false, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }
}
