import { Args, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { ParameterValue } from '../parameters/parameter.model';
import { EmploymentRecordArgs } from './employment.models';
import { CreateReturneeStartupInput, ReturneeStartup, ReturneeStartupConnection, ReturneeStartupPayload, ReturneeStartupsArgs, UpdateReturneeStartupInput } from './startups.models';
import { StartupsService } from './startups.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Returnee start-ups (返乡创业): thin; the service scopes by the founder's household village. */
@Resolver(() => ReturneeStartup)
export class StartupsResolver {
  constructor(private readonly service: StartupsService) {}

  @RequirePermission('employment.read')
  @Query(() => ReturneeStartupConnection, { description: 'Returnee start-ups (返乡创业) of households in your region and below, newest first.' })
  async returneeStartups(@Args() args: ReturneeStartupsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ReturneeStartupConnection> {
    const { memberId, householdId, year, regionCode, ...page } = args;
    return mapConnection(await this.service.list(principal, { memberId, householdId, year, regionCode }, page, isFieldRequested(info, 'totalCount')), ReturneeStartup.from);
  }

  @RequirePermission('employment.read')
  @Query(() => ReturneeStartup, { nullable: true, description: 'A returnee start-up by id; null when it does not exist or lies outside your region.' })
  async returneeStartup(@Args() { id }: EmploymentRecordArgs, @CurrentPrincipal() principal: Principal): Promise<ReturneeStartup | null> {
    const [s] = await this.service.findInScope(principal, [id]);
    return s ? ReturneeStartup.from(s) : null;
  }

  @ResolveField(() => ParameterValue, {
    description:
      'The rule behind the award (employment.matching, 返乡下乡创业 → 奖补) in force on the start in its village, with its status: its award amount is not configured (unverified), so no award is computed; awardApplied and awardGranted are what the officer recorded.',
  })
  async awardRule(@Parent() s: ReturneeStartup): Promise<ParameterValue> {
    return ParameterValue.from(await this.service.awardRule(s));
  }

  @RequirePermission('employment.write')
  @Mutation(() => ReturneeStartupPayload, { description: 'Record a returnee start-up: the founder (in your write scope), the business, jobs created and poor households employed (≥ 0), and the award applied for and granted as recorded.' })
  async createReturneeStartup(@Args('input', { description: INPUT }) input: CreateReturneeStartupInput, @CurrentPrincipal() principal: Principal): Promise<ReturneeStartupPayload> {
    return { startup: ReturneeStartup.from(await this.service.create(principal, input)) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => ReturneeStartupPayload, { description: 'Correct a returnee start-up; send the version you read.' })
  async updateReturneeStartup(@Args('input', { description: INPUT }) input: UpdateReturneeStartupInput, @CurrentPrincipal() principal: Principal): Promise<ReturneeStartupPayload> {
    return { startup: ReturneeStartup.from(await this.service.update(principal, input)) };
  }
}
