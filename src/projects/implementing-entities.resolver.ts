import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import {
  CloseImplementingEntityInput,
  CreateImplementingEntityInput,
  ImplementingEntitiesArgs,
  ImplementingEntity,
  ImplementingEntityArgs,
  ImplementingEntityConnection,
  ImplementingEntityPayload,
  UpdateImplementingEntityInput,
} from './implementing-entities.models';
import { ImplementingEntitiesService } from './implementing-entities.service';
import { ImplementingEntityEntity } from './implementing-entity.entity';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Implementing entities (经营主体): thin; the service scopes by region (and sector, for writes). */
@Resolver(() => ImplementingEntity)
export class ImplementingEntitiesResolver {
  constructor(private readonly service: ImplementingEntitiesService) {}

  private answer = (e: ImplementingEntityEntity): ImplementingEntity => ImplementingEntity.from(e, this.service.maskedPhone(e), this.service.creditCodeInfo(e));

  @RequirePermission('projects.read')
  @Query(() => ImplementingEntityConnection, { description: 'Implementing entities (经营主体) based in your region and below, by name.' })
  async implementingEntities(@Args() args: ImplementingEntitiesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ImplementingEntityConnection> {
    const { regionCode, type, nameContains, creditCode, status, ...page } = args;
    const conn = await this.service.list(principal, { regionCode, type, nameContains, creditCode, status }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, this.answer);
  }

  @RequirePermission('projects.read')
  @Query(() => ImplementingEntity, { nullable: true, description: 'An implementing entity by id; null when it does not exist or lies outside your region.' })
  async implementingEntity(@Args() { id }: ImplementingEntityArgs, @CurrentPrincipal() principal: Principal): Promise<ImplementingEntity | null> {
    const [e] = await this.service.findInScope(principal, [id]);
    return e ? this.answer(e) : null;
  }

  @RequirePermission('projects.write')
  @Mutation(() => ImplementingEntityPayload, { description: 'Record an implementing entity of your region: type from project.entity_types, credit code checked (GB 32100) and unique.' })
  async createImplementingEntity(@Args('input', { description: INPUT }) input: CreateImplementingEntityInput, @CurrentPrincipal() principal: Principal): Promise<ImplementingEntityPayload> {
    return { implementingEntity: this.answer(await this.service.create(principal, input)) };
  }

  @RequirePermission('projects.write')
  @Mutation(() => ImplementingEntityPayload, { description: 'Correct an active implementing entity; send the version you read. A sector officer changes only its own sector\'s entities.' })
  async updateImplementingEntity(@Args('input', { description: INPUT }) input: UpdateImplementingEntityInput, @CurrentPrincipal() principal: Principal): Promise<ImplementingEntityPayload> {
    return { implementingEntity: this.answer(await this.service.update(principal, input)) };
  }

  @RequirePermission('projects.write')
  @Mutation(() => ImplementingEntityPayload, { description: 'Close an implementing entity (注销, 退出) with the reason; send the version you read.' })
  async closeImplementingEntity(@Args('input', { description: INPUT }) input: CloseImplementingEntityInput, @CurrentPrincipal() principal: Principal): Promise<ImplementingEntityPayload> {
    return { implementingEntity: this.answer(await this.service.close(principal, input)) };
  }
}
