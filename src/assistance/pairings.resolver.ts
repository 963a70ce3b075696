import { Args, Info, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { RequestContext } from '../common/graphql/request-context';
import { mapConnection } from '../common/pagination/keyset';
import { SECRETS, Secrets } from '../config/secrets';
import { assertAsOf, HOUSEHOLD_CONNECTION_AS_OF } from '../households/as-of';
import { Household, HouseholdConnection } from '../households/household.model';
import { HouseholdsLoaders } from '../households/households.loaders';
import { AssistanceLoaders } from './assistance.loaders';
import {
  Helper,
  HelperVisitSummary,
  HelperVisitSummaryConnection,
  Pairing,
  PairingConnection,
  PairingPayload,
  Visit,
  VisitConnection,
  VisitPayload,
} from './assistance.models';
import {
  EndPairingInput,
  HelperVisitSummaryArgs,
  HouseholdsWithoutHelperArgs,
  LogVisitInput,
  PairHelperInput,
  PairingsArgs,
  VisitsArgs,
} from './dto/assistance.inputs';
import { HelpersService } from './helpers.service';
import { PairingsService } from './pairings.service';

/** Pairings of helpers with households (结对帮扶) and who is still without one (§5, §28). */
@Resolver(() => Pairing)
export class PairingsResolver {
  constructor(
    private readonly service: PairingsService,
    private readonly helpers: HelpersService,
    private readonly loaders: AssistanceLoaders,
    private readonly householdLoaders: HouseholdsLoaders,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  @RequirePermission('assistance.read')
  @Query(() => PairingConnection, { description: 'Pairings of households in your region, newest start first; activeOn keeps those active on that date.' })
  async pairings(@Args() args: PairingsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<PairingConnection> {
    const { householdId, helperId, regionCode, activeOn, ...page } = args;
    const conn = await this.service.listPairings(principal, { householdId, helperId, regionCode, activeOn }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, Pairing.from);
  }

  @RequirePermission('assistance.read')
  @Query(() => HouseholdConnection, {
    description:
      'Households on the roll (any status, exited ones included: §5, §28) with no helper paired on asOf (default today), by household number. With asOf: the roll of that date, each household as of it (fields without history refused, NOT_AVAILABLE_AS_OF).',
  })
  async householdsWithoutHelper(
    @Args() args: HouseholdsWithoutHelperArgs,
    @CurrentPrincipal() principal: Principal,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HouseholdConnection> {
    const { regionCode, asOf, ...page } = args;
    // As of a date, every field answers as of it or is refused, before any SQL runs.
    if (asOf) assertAsOf(info, HOUSEHOLD_CONNECTION_AS_OF);
    const conn = await this.service.householdsWithoutHelper(principal, { regionCode, asOf }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (h) => Household.from(h, this.secrets.cipher));
  }

  @RequirePermission('assistance.write')
  @Mutation(() => PairingPayload, { description: 'Pair a helper with a household from a date. Exit ends nothing: only endPairing does.' })
  async pairHelper(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: PairHelperInput, @CurrentPrincipal() principal: Principal): Promise<PairingPayload> {
    return { pairing: Pairing.from(await this.service.pairHelper(principal, input)) };
  }

  @RequirePermission('assistance.write')
  @Mutation(() => PairingPayload, { description: 'End a pairing on a date (its last day), with the reason.' })
  async endPairing(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: EndPairingInput, @CurrentPrincipal() principal: Principal): Promise<PairingPayload> {
    return { pairing: Pairing.from(await this.service.endPairing(principal, input)) };
  }

  @ResolveField(() => Helper, { nullable: true, description: 'The paired helper.' })
  async helper(pairing: Pairing, _args: unknown, ctx: RequestContext): Promise<Helper | null> {
    const h = pairing.helperRow !== undefined ? pairing.helperRow : await this.loaders.helperById(ctx).load(pairing.helperId);
    return h ? Helper.from(h, () => this.helpers.maskedPhone(h)) : null;
  }

  @ResolveField(() => Household, { nullable: true, description: 'The household (null if outside your scope).' })
  async household(pairing: Pairing, _args: unknown, ctx: RequestContext): Promise<Household | null> {
    const h = await this.householdLoaders.householdById(ctx).load(pairing.householdId);
    return h ? Household.from(h, this.secrets.cipher) : null;
  }
}

/** The visit log (走访记录) and helpers' visits per period. */
@Resolver(() => Visit)
export class VisitsResolver {
  constructor(
    private readonly service: PairingsService,
    private readonly helpers: HelpersService,
    private readonly loaders: AssistanceLoaders,
    private readonly householdLoaders: HouseholdsLoaders,
    @Inject(SECRETS) private readonly secrets: Secrets,
  ) {}

  @RequirePermission('assistance.read')
  @Query(() => VisitConnection, { description: 'Visits to households of your region, newest first.' })
  async visits(@Args() args: VisitsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<VisitConnection> {
    const { householdId, helperId, regionCode, from, to, ...page } = args;
    const conn = await this.service.listVisits(principal, { householdId, helperId, regionCode, from, to }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, Visit.from);
  }

  @RequirePermission('assistance.read')
  @Query(() => HelperVisitSummaryConnection, {
    description: 'Per helper with a pairing or a visit in the period on households of the region: visits, households visited, paired households never visited.',
  })
  async helperVisitSummary(
    @Args() args: HelperVisitSummaryArgs,
    @CurrentPrincipal() principal: Principal,
    @Info() info: GraphQLResolveInfo,
  ): Promise<HelperVisitSummaryConnection> {
    const { from, to, regionCode, ...page } = args;
    const conn = await this.service.helperVisitSummary(principal, { from, to, regionCode }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, (row) =>
      Object.assign(new HelperVisitSummary(), {
        helper: Helper.from(row.helper, () => this.helpers.maskedPhone(row.helper)),
        visits: row.visits,
        householdsVisited: row.householdsVisited,
        pairedHouseholds: row.pairedHouseholds,
        pairedNotVisited: row.pairedNotVisitedHouseholdIds.length,
        pairedNotVisitedHouseholdIds: row.pairedNotVisitedHouseholdIds,
      }),
    );
  }

  @RequirePermission('assistance.write')
  @Mutation(() => VisitPayload, { description: 'Log a visit; the helper must be paired with the household on that date.' })
  async logVisit(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: LogVisitInput, @CurrentPrincipal() principal: Principal): Promise<VisitPayload> {
    return { visit: Visit.from(await this.service.logVisit(principal, input)) };
  }

  @ResolveField(() => Helper, { nullable: true, description: 'The visiting helper.' })
  async helper(visit: Visit, _args: unknown, ctx: RequestContext): Promise<Helper | null> {
    const h = await this.loaders.helperById(ctx).load(visit.helperId);
    return h ? Helper.from(h, () => this.helpers.maskedPhone(h)) : null;
  }

  @ResolveField(() => Household, { nullable: true, description: 'The household (null if outside your scope).' })
  async household(visit: Visit, _args: unknown, ctx: RequestContext): Promise<Household | null> {
    const h = await this.householdLoaders.householdById(ctx).load(visit.householdId);
    return h ? Household.from(h, this.secrets.cipher) : null;
  }
}
