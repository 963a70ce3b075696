import { Int, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selectedFieldsAt } from '../common/graphql/field-selection';
import { SchemaArgs } from '../common/graphql/plain-field';
import { RequestContext } from '../common/graphql/request-context';
import { Household } from '../households/household.model';
import { AssistanceErrors } from './assistance.errors';
import { AssistanceLoaders } from './assistance.loaders';
import { Pairing, Visit } from './assistance.models';

export const MAX_HOUSEHOLD_VISITS = 50;

/** Assistance seen from a household: its current helpers and its latest visits, batched per page. */
@Resolver(() => Household)
export class HouseholdAssistanceResolver {
  constructor(private readonly loaders: AssistanceLoaders) {}

  @ResolveField(() => [Pairing], { description: 'Pairings active today, each with its helper (帮扶责任人). Exit ends none of them.' })
  async helpers(household: Household, _args: unknown, ctx: RequestContext, info: GraphQLResolveInfo): Promise<Pairing[]> {
    // A selected `helper` is read with the pairings (one statement instead of two).
    if (selectedFieldsAt(info, []).has('helper')) {
      return (await this.loaders.currentPairingsWithHelpersByHousehold(ctx).load(household.id)).map(({ pairing, helper }) => Pairing.withHelper(pairing, helper));
    }
    return (await this.loaders.currentPairingsByHousehold(ctx).load(household.id)).map(Pairing.from);
  }

  @ResolveField(() => [Visit], { description: `The newest visits, newest first (first: at most ${MAX_HOUSEHOLD_VISITS}).` })
  async visits(
    household: Household,
    @SchemaArgs('first', { type: () => Int, defaultValue: 5, description: 'How many visits, newest first (at most 100).' }) { first }: { first: number },
    ctx: RequestContext,
  ): Promise<Visit[]> {
    if (first < 0 || first > MAX_HOUSEHOLD_VISITS) throw AssistanceErrors.firstOutOfRange(MAX_HOUSEHOLD_VISITS);
    if (first === 0) return [];
    return (await this.loaders.latestVisitsByHousehold(ctx, first).load(household.id)).map(Visit.from);
  }
}
