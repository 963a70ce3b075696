import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalRoles, Role } from '../common/access/permissions';
import { Principal } from '../common/access/principal';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { auditChange, AuditChangeRecord, auditFact } from '../audit/audit-descriptor';
import { AuditService } from '../audit/audit.service';
import { ROLE_GRANT_AUDIT, USER_AUDIT } from './identity.audited';
import { IdentityErrors } from './identity.errors';
import { RoleGrantEntity, RoleGrantStatus } from './role-grant.entity';
import { RoleGrantsRepository } from './role-grants.repository';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export interface RoleGrantOutcome {
  grant: RoleGrantEntity;
  user: UserEntity;
}

/**
 * Separation of duties for roles (三员分立): roles that read the audit trail, unmask personal
 * data, take part in the registry's procedure or manage accounts are given only when a second
 * administrator approves what the first asked. Every step is audited.
 */
@Injectable()
export class RoleGrantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: RoleGrantsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal, filter: { status?: RoleGrantStatus; userId?: string }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<RoleGrantEntity>> {
    return this.grants.page(principal, filter, args, withTotalCount);
  }

  /** Asks for `roles` for the account, in the caller's transaction (createUser, updateUser). */
  async request(m: EntityManager, principal: Principal, user: UserEntity, roles: Role[]): Promise<RoleGrantEntity> {
    if (await this.grants.findPendingOfUser(m, user.id)) throw IdentityErrors.roleGrantPending();
    const grant = await this.grants.insert(m, { userId: user.id, roles: canonicalRoles(roles), requestedBy: principal.personId, status: RoleGrantStatus.PENDING });
    grant.user = user;
    await this.audit.fact(m, ROLE_GRANT_AUDIT, 'roleGrants.request', grant, { userId: user.id, roles: grant.roles });
    return grant;
  }

  /** A second administrator: neither the one who asked nor the account that gets the roles. */
  approve(principal: Principal, id: string, note: string | null): Promise<RoleGrantOutcome> {
    return this.decide(principal, id, async (m, grant) => {
      if (grant.requestedBy === principal.personId || grant.userId === principal.personId) throw IdentityErrors.secondAdministratorRequired();
      const user = await this.users.findByIdForAuth(grant.userId, m, true);
      if (!user) throw IdentityErrors.roleGrantNotFound();
      const roles = canonicalRoles([...user.roles, ...grant.roles]);
      const after = await this.users.setRoles(m, user.id, roles);
      await this.grants.decide(m, grant.id, { status: RoleGrantStatus.APPROVED, decidedBy: principal.personId, note });
      await this.audit.append(m, [
        this.record('roleGrants.approve', RoleGrantStatus.APPROVED, grant, note),
        auditChange(USER_AUDIT, 'users.update', user, after),
      ]);
      return after;
    });
  }

  /** Another administrator refuses it (the one who asked withdraws instead). */
  reject(principal: Principal, id: string, note: string | null): Promise<RoleGrantOutcome> {
    return this.decide(principal, id, async (m, grant) => {
      if (grant.requestedBy === principal.personId) throw IdentityErrors.secondAdministratorRequired();
      await this.grants.decide(m, grant.id, { status: RoleGrantStatus.REJECTED, decidedBy: principal.personId, note });
      await this.audit.append(m, [this.record('roleGrants.reject', RoleGrantStatus.REJECTED, grant, note)]);
      return grant.user!;
    });
  }

  /** The administrator who asked takes it back. */
  withdraw(principal: Principal, id: string, note: string | null): Promise<RoleGrantOutcome> {
    return this.decide(principal, id, async (m, grant) => {
      if (grant.requestedBy !== principal.personId) throw IdentityErrors.notRoleGrantRequester();
      await this.grants.decide(m, grant.id, { status: RoleGrantStatus.WITHDRAWN, decidedBy: principal.personId, note });
      await this.audit.append(m, [this.record('roleGrants.withdraw', RoleGrantStatus.WITHDRAWN, grant, note)]);
      return grant.user!;
    });
  }

  private async decide(principal: Principal, id: string, step: (m: EntityManager, grant: RoleGrantEntity) => Promise<UserEntity>): Promise<RoleGrantOutcome> {
    return this.dataSource.transaction(async (m) => {
      const grant = await this.grants.findInScope(principal, id, m, true);
      if (!grant) throw IdentityErrors.roleGrantNotFound();
      if (grant.status !== RoleGrantStatus.PENDING) throw IdentityErrors.roleGrantNotPending(grant.status);
      const user = await step(m, grant);
      const decided = await this.grants.findInScope(principal, id, m);
      return { grant: decided ?? grant, user };
    });
  }

  /** A decision's row: the account, the roles asked, the status it leaves, the note as reason. */
  private record(operation: 'roleGrants.approve' | 'roleGrants.reject' | 'roleGrants.withdraw', status: RoleGrantStatus, grant: RoleGrantEntity, note: string | null): AuditChangeRecord {
    return auditFact(ROLE_GRANT_AUDIT, operation, grant, { userId: grant.userId, roles: grant.roles, status: { from: RoleGrantStatus.PENDING, to: status } }, { reason: note });
  }
}
