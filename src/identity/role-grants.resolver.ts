import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { RoleGrantDecisionInput, RoleGrantsArgs } from './dto/identity.inputs';
import { RoleGrant, RoleGrantConnection, RoleGrantPayload, User } from './identity.models';
import { RoleGrantOutcome, RoleGrantsService } from './role-grants.service';
import { UsersService } from './users.service';

/** Roles that wait for a second administrator, and their decisions. */
@Resolver(() => RoleGrant)
export class RoleGrantsResolver {
  constructor(
    private readonly grants: RoleGrantsService,
    private readonly users: UsersService,
  ) {}

  @RequirePermission('users.read')
  @Query(() => RoleGrantConnection, { description: 'Role grants of accounts in your region and below, oldest first (by default the pending ones).' })
  async roleGrants(@Args() args: RoleGrantsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<RoleGrantConnection> {
    const { status, userId, ...page } = args;
    const conn = await this.grants.list(principal, { status: status ?? undefined, userId }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (g) => RoleGrant.from(g, User.from(g.user!, this.users.maskedPhone(g.user!))));
  }

  @RequirePermission('users.manage')
  @Mutation(() => RoleGrantPayload, { description: 'Approve a grant another administrator asked for: the account gets its roles. Not your own request, not for yourself.' })
  async approveRoleGrant(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: RoleGrantDecisionInput, @CurrentPrincipal() principal: Principal): Promise<RoleGrantPayload> {
    return this.payload(await this.grants.approve(principal, input.id, input.note?.trim() || null));
  }

  @RequirePermission('users.manage')
  @Mutation(() => RoleGrantPayload, { description: 'Refuse a grant another administrator asked for.' })
  async rejectRoleGrant(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: RoleGrantDecisionInput, @CurrentPrincipal() principal: Principal): Promise<RoleGrantPayload> {
    return this.payload(await this.grants.reject(principal, input.id, input.note?.trim() || null));
  }

  @RequirePermission('users.manage')
  @Mutation(() => RoleGrantPayload, { description: 'Take back a grant you asked for.' })
  async withdrawRoleGrant(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: RoleGrantDecisionInput, @CurrentPrincipal() principal: Principal): Promise<RoleGrantPayload> {
    return this.payload(await this.grants.withdraw(principal, input.id, input.note?.trim() || null));
  }

  private payload({ grant, user }: RoleGrantOutcome): RoleGrantPayload {
    const u = User.from(user, this.users.maskedPhone(user));
    return { roleGrant: RoleGrant.from(grant, u), user: u };
  }
}
