import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { CreateUserInput, IdArgs, UpdateUserInput, UsersArgs } from './dto/identity.inputs';
import { RoleGrant, User, UserConnection, UserPayload } from './identity.models';
import { UserOutcome, UsersService } from './users.service';

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly service: UsersService) {}

  @RequirePermission('users.read')
  @Query(() => UserConnection, { description: 'Accounts in your region and below.' })
  async users(@Args() args: UsersArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<UserConnection> {
    const { role, regionCode, usernameContains, disabled, ...page } = args;
    const conn = await this.service.list(principal, { role, regionCode, usernameContains, disabled }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (u) => User.from(u, this.service.maskedPhone(u)));
  }

  @RequirePermission('users.read')
  @Query(() => User, { nullable: true, description: 'An account by id; null when it does not exist or lies outside your region.' })
  async user(@Args() { id }: IdArgs, @CurrentPrincipal() principal: Principal): Promise<User | null> {
    const [u] = await this.service.findInScope(principal, [id]);
    return u ? User.from(u, this.service.maskedPhone(u)) : null;
  }

  @RequirePermission('users.manage')
  @Mutation(() => UserPayload, { description: 'Create an account. Roles that need a second administrator come as a pending roleGrant.' })
  async createUser(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: CreateUserInput, @CurrentPrincipal() principal: Principal): Promise<UserPayload> {
    return this.payload(await this.service.create(principal, input));
  }

  @RequirePermission('users.manage')
  @Mutation(() => UserPayload, {
    description:
      'Change an account; send the version you read. disabled: true ends its sessions. Added roles that need a second administrator come as a pending roleGrant. Not your own roles, region or sector.',
  })
  async updateUser(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: UpdateUserInput, @CurrentPrincipal() principal: Principal): Promise<UserPayload> {
    return this.payload(await this.service.update(principal, { ...input, phone: input.phone === '' ? null : input.phone }));
  }

  private payload({ user, roleGrant }: UserOutcome): UserPayload {
    const u = User.from(user, this.service.maskedPhone(user));
    return { user: u, roleGrant: roleGrant ? RoleGrant.from(roleGrant, u) : null };
  }
}
