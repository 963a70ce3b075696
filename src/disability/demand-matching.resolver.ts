import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import {
  AdvanceAssistanceMatchInput,
  AssistanceMatch,
  AssistanceMatchConnection,
  AssistanceMatchesArgs,
  AssistanceMatchPayload,
  AssistanceNeed,
  AssistanceNeedConnection,
  AssistanceNeedsArgs,
  AssistanceProvider,
  AssistanceProviderConnection,
  AssistanceProvidersArgs,
  CreateAssistanceMatchInput,
  CreateAssistanceNeedInput,
  CreateAssistanceProviderInput,
  OpenNeedsWithoutMatchArgs,
  UpdateAssistanceNeedInput,
  UpdateAssistanceProviderInput,
} from './demand-matching.models';
import { DemandMatchingService } from './demand-matching.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** The social-assistance network (§21): needs, providers, matches. Thin; the service scopes. */
@Resolver(() => AssistanceNeed)
export class DemandMatchingResolver {
  constructor(private readonly service: DemandMatchingService) {}

  @RequirePermission('disability.assistance')
  @Mutation(() => AssistanceNeed, { description: "Record a registered household's need (care, medical, education, employment, housing): civil affairs." })
  async createAssistanceNeed(@Args('input', { description: INPUT }) input: CreateAssistanceNeedInput, @CurrentPrincipal() principal: Principal): Promise<AssistanceNeed> {
    return AssistanceNeed.from(await this.service.createNeed(principal, input));
  }

  @RequirePermission('disability.assistance')
  @Mutation(() => AssistanceNeed, { description: 'Correct, withdraw or reopen a need; send the version you read. Civil affairs.' })
  async updateAssistanceNeed(@Args('input', { description: INPUT }) input: UpdateAssistanceNeedInput, @CurrentPrincipal() principal: Principal): Promise<AssistanceNeed> {
    return AssistanceNeed.from(await this.service.updateNeed(principal, input));
  }

  @RequirePermission('disability.assistance')
  @Mutation(() => AssistanceProvider, { description: 'Record a provider (unit, enterprise, social organisation, volunteer) with what it offers and the region it serves: civil affairs.' })
  async createAssistanceProvider(@Args('input', { description: INPUT }) input: CreateAssistanceProviderInput, @CurrentPrincipal() principal: Principal): Promise<AssistanceProvider> {
    return AssistanceProvider.from(await this.service.createProvider(principal, input));
  }

  @RequirePermission('disability.assistance')
  @Mutation(() => AssistanceProvider, { description: 'Correct a provider or stop its new matches; send the version you read. Civil affairs.' })
  async updateAssistanceProvider(@Args('input', { description: INPUT }) input: UpdateAssistanceProviderInput, @CurrentPrincipal() principal: Principal): Promise<AssistanceProvider> {
    return AssistanceProvider.from(await this.service.updateProvider(principal, input));
  }

  @RequirePermission('disability.assistance')
  @Mutation(() => AssistanceMatch, { description: "Propose a provider for an open need (active, serving the need's village, offering its kind; one live match per pair): civil affairs." })
  async createAssistanceMatch(@Args('input', { description: INPUT }) input: CreateAssistanceMatchInput, @CurrentPrincipal() principal: Principal): Promise<AssistanceMatch> {
    return AssistanceMatch.from(await this.service.createMatch(principal, input));
  }

  @RequirePermission('disability.assistance')
  @Mutation(() => AssistanceMatchPayload, { description: 'A step of a match: ACCEPT, DELIVER (with the outcome; the need becomes MET) or DECLINE (with why); send the version you read. Civil affairs.' })
  async advanceAssistanceMatch(@Args('input', { description: INPUT }) input: AdvanceAssistanceMatchInput, @CurrentPrincipal() principal: Principal): Promise<AssistanceMatchPayload> {
    const { match, need } = await this.service.advanceMatch(principal, input);
    return { match: AssistanceMatch.from(match), need: AssistanceNeed.from(need) };
  }

  @RequirePermission('disability.read')
  @Query(() => AssistanceNeedConnection, { description: 'Needs of households in your region and below, by the day recorded.' })
  async assistanceNeeds(@Args() args: AssistanceNeedsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<AssistanceNeedConnection> {
    const { householdId, regionCode, kind, status, ...page } = args;
    return mapConnection(await this.service.needs(principal, { householdId, regionCode, kind, status }, page, isFieldRequested(info, 'totalCount')), AssistanceNeed.from);
  }

  @RequirePermission('disability.read')
  @Query(() => AssistanceNeedConnection, { description: 'Open needs in your region and below with no live match (none proposed, accepted or delivered), by the day recorded.' })
  async openAssistanceNeedsWithoutMatch(@Args() args: OpenNeedsWithoutMatchArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<AssistanceNeedConnection> {
    const { regionCode, kind, ...page } = args;
    return mapConnection(await this.service.needs(principal, { regionCode, kind, withoutMatch: true }, page, isFieldRequested(info, 'totalCount')), AssistanceNeed.from);
  }

  @RequirePermission('disability.read')
  @Query(() => AssistanceProviderConnection, { description: 'Providers registered in your region and below, by name.' })
  async assistanceProviders(@Args() args: AssistanceProvidersArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<AssistanceProviderConnection> {
    const { regionCode, offers, active, ...page } = args;
    return mapConnection(await this.service.providers(principal, { regionCode, offers, active }, page, isFieldRequested(info, 'totalCount')), AssistanceProvider.from);
  }

  @RequirePermission('disability.read')
  @Query(() => AssistanceMatchConnection, { description: 'Matches of needs in your region and below, by the day proposed.' })
  async assistanceMatches(@Args() args: AssistanceMatchesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<AssistanceMatchConnection> {
    const { needId, providerId, stage, regionCode, ...page } = args;
    return mapConnection(await this.service.matches(principal, { needId, providerId, stage, regionCode }, page, isFieldRequested(info, 'totalCount')), AssistanceMatch.from);
  }
}
