import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../../common/graphql/request-context';
import { Household } from '../household.model';
import { HouseholdValidity } from '../household.entity';
import { PovertyStatus } from '../registry-codes';
import { coded } from '../registry-enums';
import { LifecycleLoaders } from './lifecycle.loaders';
import { HouseholdEvent, HouseholdStatusAsOf, Proposal } from './lifecycle.models';
import { DateArgs } from './dto/lifecycle.inputs';

/** The lifecycle's fields on the registry's Household type: history, procedures, status as of a date. */
@Resolver(() => Household)
export class HouseholdLifecycleResolver {
  constructor(private readonly loaders: LifecycleLoaders) {}

  @ResolveField(() => [HouseholdEvent], { description: 'The household’s history, oldest first: status changes, member changes, head changes, procedure steps (in a list as of a date: up to it).' })
  async events(h: Household, _args: unknown, ctx: RequestContext): Promise<HouseholdEvent[]> {
    const events = await this.loaders.events(ctx).load(h.id);
    // In a list as of a date, the history up to that date.
    const until = h.asOf?.date;
    return (until ? events.filter((e) => e.effectiveOn <= until) : events).map(HouseholdEvent.from);
  }

  @ResolveField(() => Proposal, { nullable: true, description: 'The procedure running on the household, if any (at most one).' })
  async openProposal(h: Household, _args: unknown, ctx: RequestContext): Promise<Proposal | null> {
    const p = await this.loaders.openProposal(ctx).load(h.id);
    return p ? Proposal.from(p) : null;
  }

  @ResolveField(() => [Proposal], { description: 'Every procedure on the household, newest first.' })
  async proposals(h: Household, _args: unknown, ctx: RequestContext): Promise<Proposal[]> {
    return (await this.loaders.proposals(ctx).load(h.id)).map(Proposal.from);
  }

  @ResolveField(() => HouseholdStatusAsOf, { description: 'Status and validity on a date, from the events.' })
  async statusAsOf(@Parent() h: Household, @Args() { date }: DateArgs, @Context() ctx: RequestContext): Promise<HouseholdStatusAsOf> {
    const r = await this.loaders.statusAsOf(ctx).load(`${h.id}|${date}`);
    const validity = r?.validity ?? HouseholdValidity.CANDIDATE;
    return {
      householdId: h.id,
      date,
      status: coded(PovertyStatus, r?.status ?? null),
      validity,
      exitYear: r?.exitYear ?? null,
      onRoll: validity === HouseholdValidity.ACTIVE,
    };
  }
}
