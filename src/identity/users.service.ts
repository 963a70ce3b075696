import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AccessPolicy } from '../common/access/access-policy';
import { canonicalRoles, Role, Sector } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { decryptField, encryptField, maskedField } from '../common/protection/protected-field';
import { USER_PHONE } from './identity.declaration';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { SECRETS, Secrets } from '../config/secrets';
import { AuditService } from '../audit/audit.service';
import { unchangedFor } from '../audit/audit-descriptor';
import { unchangedUpdate } from '../common/concurrency/optimistic-update';
import { RegionsService } from '../regions/regions.service';
import { USER_AUDIT } from './identity.audited';
import { IdentityErrors } from './identity.errors';
import { PasswordHasher, passwordProblem } from './password-hasher';
import { RoleGrantEntity } from './role-grant.entity';
import { RoleGrantsService } from './role-grants.service';
import { TokensRepository } from './tokens.repository';
import { UserEntity } from './user.entity';
import { UserFilter, UsersRepository } from './users.repository';

export interface CreateUser {
  username: string;
  displayName: string;
  password: string;
  phone?: string | null;
  regionCode: string;
  roles: Role[];
  sector?: Sector | null;
}

export interface UpdateUser {
  id: string;
  version: number;
  displayName?: string;
  phone?: string | null;
  regionCode?: string;
  roles?: Role[];
  sector?: Sector | null;
  disabled?: boolean;
}

/** An account as written, with the roles that wait for a second administrator (null: none). */
export interface UserOutcome {
  user: UserEntity;
  roleGrant: RoleGrantEntity | null;
}

/**
 * Accounts: created and changed by administrators within their region, every change audited.
 * Roles that need a second party (SECOND_PARTY_PERMISSIONS) become a pending role grant instead
 * of being given at once, unless the operator creates the account (`asOperator`); nobody changes
 * their own roles, region or sector.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS) private readonly secrets: Secrets,
    private readonly users: UsersRepository,
    private readonly tokens: TokensRepository,
    private readonly regions: RegionsService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly roleGrants: RoleGrantsService,
    private readonly access: AccessPolicy,
  ) {}

  list(principal: Principal, filter: UserFilter & { regionCode?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<UserEntity>> {
    return this.users.page(principal, { ...filter, regionPrefix: filter.regionCode }, args, withTotalCount);
  }

  async findInScope(principal: Principal, ids: readonly string[]): Promise<UserEntity[]> {
    return this.users.findInScope(principal, ids);
  }

  /**
   * A new account. Created by an administrator, it must change its password (chosen by someone
   * else) before anything but account.self; an operator (bootstrap, `admin:create`, demo seed,
   * `asOperator`) hands over a password that is the owner's own.
   */
  async create(principal: Principal, input: CreateUser, options: { asOperator?: boolean } = {}): Promise<UserOutcome> {
    await this.checkRegion(principal, input.regionCode, 'regionCode');
    const username = input.username.toLowerCase();
    const problem = passwordProblem(input.password, username);
    if (problem) throw IdentityErrors.weakPassword('password', problem);
    checkSector(input.roles, input.sector ?? null);
    const requested = canonicalRoles(input.roles);
    const pending = options.asOperator ? [] : requested.filter((r) => this.access.needsSecondParty(r));
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.dataSource.transaction(async (m) => {
        const user = await this.users.insert(m, {
          username,
          displayName: input.displayName.trim(),
          passwordHash,
          regionCode: input.regionCode,
          roles: requested.filter((r) => !pending.includes(r)),
          sector: input.sector ?? null,
          mustChangePassword: !options.asOperator,
          ...this.phoneColumns(input.phone),
        });
        await this.audit.change(m, USER_AUDIT, 'users.create', null, { ...user, phone: input.phone });
        const roleGrant = pending.length ? await this.roleGrants.request(m, principal, user, pending) : null;
        return { user, roleGrant };
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') throw IdentityErrors.usernameTaken();
      throw e;
    }
  }

  async update(principal: Principal, input: UpdateUser): Promise<UserOutcome> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.users.findInScope(principal, [input.id], m);
      if (!before) throw IdentityErrors.userNotFound();
      const requested = input.roles !== undefined ? canonicalRoles(input.roles) : undefined;
      if (before.id === principal.personId) {
        if (requested && requested.join() !== canonicalRoles(before.roles).join()) throw IdentityErrors.selfRoleChange('roles');
        if (input.regionCode !== undefined && input.regionCode !== before.regionCode) throw IdentityErrors.selfRoleChange('regionCode');
        if (input.sector !== undefined && input.sector !== before.sector) throw IdentityErrors.selfRoleChange('sector');
        if (input.disabled === true) throw IdentityErrors.selfLockout();
      }
      if (input.regionCode !== undefined) await this.checkRegion(principal, input.regionCode, 'regionCode', m);
      const roles = requested ?? before.roles;
      // A sector goes with the sector-officer role: dropping the role clears it.
      const sector = input.sector !== undefined ? input.sector : roles.includes(Role.SECTOR_OFFICER) ? before.sector : null;
      checkSector(roles, sector);
      // Added roles that need a second administrator wait in a grant; removals and the rest apply now.
      const pending = requested ? requested.filter((r) => !before.roles.includes(r) && this.access.needsSecondParty(r)) : [];
      const patch: Partial<UserEntity> = {};
      if (input.displayName !== undefined) patch.displayName = input.displayName.trim();
      if (input.regionCode !== undefined) patch.regionCode = input.regionCode;
      if (requested) patch.roles = requested.filter((r) => !pending.includes(r));
      if (sector !== before.sector) patch.sector = sector;
      if (input.disabled !== undefined) patch.disabled = input.disabled;
      if (input.phone !== undefined) Object.assign(patch, this.phoneColumns(input.phone));
      const beforePhone = decryptField(this.secrets.cipher, USER_PHONE, before);
      const afterPhone = input.phone !== undefined ? input.phone : beforePhone;
      if (unchangedFor(USER_AUDIT, { ...before, phone: beforePhone }, { ...before, ...patch, phone: afterPhone })) {
        // Nothing to write; roles that need a second administrator still wait in a grant.
        const user = unchangedUpdate(before, input.version);
        return { user, roleGrant: pending.length ? await this.roleGrants.request(m, principal, user, pending) : null };
      }
      const after = await this.users.update(m, input.id, input.version, patch);
      if (input.disabled === true && !before.disabled) await this.tokens.revokeAllOfUser(m, before.id);
      await this.audit.change(m, USER_AUDIT, 'users.update', { ...before, phone: beforePhone }, { ...after, phone: afterPhone });
      const roleGrant = pending.length ? await this.roleGrants.request(m, principal, after, pending) : null;
      return { user: after, roleGrant };
    });
  }

  /** The full phone number, for a stated reason, written to the audit trail. */
  async revealPhone(principal: Principal, id: string, reason: string): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      const [user] = await this.users.findInScope(principal, [id], m);
      if (!user) throw IdentityErrors.userNotFound();
      await this.audit.fact(m, USER_AUDIT, 'personalData.unmask', user, { field: 'phone' }, { reason });
      return decryptField(this.secrets.cipher, USER_PHONE, user);
    });
  }

  maskedPhone(user: UserEntity): string | null {
    return maskedField(this.secrets.cipher, USER_PHONE, user);
  }

  private phoneColumns(phone: string | null | undefined): Pick<UserEntity, 'phoneEnc' | 'phoneHash'> {
    return encryptField(this.secrets.cipher, USER_PHONE, phone) as Pick<UserEntity, 'phoneEnc' | 'phoneHash'>;
  }

  private async checkRegion(principal: Principal, regionCode: string, field: string, manager?: EntityManager): Promise<void> {
    const region = await this.regions.findByCode(regionCode, manager);
    if (!region) throw IdentityErrors.regionNotFound(field);
    if (!inRegionScope(principal, region.code)) throw IdentityErrors.regionOutOfScope(field);
  }
}

/** A sector officer has a sector (SECTOR_REQUIRED), every other account none (SECTOR_NOT_ALLOWED). */
function checkSector(roles: readonly Role[], sector: Sector | null): void {
  const officer = roles.includes(Role.SECTOR_OFFICER);
  if (officer && !sector) throw IdentityErrors.sectorRequired();
  if (!officer && sector) throw IdentityErrors.sectorNotAllowed();
}
