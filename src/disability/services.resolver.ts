import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { ParameterValue } from '../parameters/parameter.model';
import {
  CreateDisabilityServiceInput,
  CreateDisabilityServiceNeedInput,
  DeleteDisabilityServiceInput,
  DisabilityService,
  DisabilityServiceConnection,
  DisabilityServiceNeed,
  DisabilityServiceNeedConnection,
  DisabilityServiceNeedsArgs,
  DisabilityServicePayload,
  DisabilityServicesArgs,
  DisabilityServiceTotals,
  DisabilityServiceTotalsArgs,
  ServiceIdArgs,
  UnmetDisabilityServiceNeedConnection,
  UnmetDisabilityServiceNeedsArgs,
  UpdateDisabilityServiceInput,
  UpdateDisabilityServiceNeedInput,
} from './services.models';
import { ServicesService, ServiceTerms, WrittenService } from './services.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

const servicePayload = (w: WrittenService): DisabilityServicePayload => ({
  service: DisabilityService.from(w.service),
  need: w.need ? DisabilityServiceNeed.from(w.need) : null,
  parametersUsed: w.parametersUsed.map(ParameterValue.from),
});

/** Disability services (残疾人服务, issue #18 part 4): needs, delivered services, the unmet needs and the totals. Thin; the service scopes. */
@Resolver(() => DisabilityService)
export class ServicesResolver {
  constructor(private readonly service: ServicesService) {}

  @RequirePermission('disability.write')
  @Mutation(() => DisabilityServiceNeed, { description: "Record a disabled member's service need (rehabilitation, assistive device, home adaptation, care): the disabled persons' federation." })
  async createDisabilityServiceNeed(@Args('input', { description: INPUT }) input: CreateDisabilityServiceNeedInput, @CurrentPrincipal() principal: Principal): Promise<DisabilityServiceNeed> {
    return DisabilityServiceNeed.from(await this.service.createNeed(principal, input));
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilityServiceNeed, { description: 'Correct, withdraw or reopen a service need; send the version you read.' })
  async updateDisabilityServiceNeed(@Args('input', { description: INPUT }) input: UpdateDisabilityServiceNeedInput, @CurrentPrincipal() principal: Principal): Promise<DisabilityServiceNeed> {
    return DisabilityServiceNeed.from(await this.service.updateNeed(principal, input));
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilityServicePayload, { description: "Record a service delivered to a disabled member, against a need (which becomes MET) or directly: the disabled persons' federation." })
  async createDisabilityService(@Args('input', { description: INPUT }) input: CreateDisabilityServiceInput, @CurrentPrincipal() principal: Principal): Promise<DisabilityServicePayload> {
    return servicePayload(await this.service.createService(principal, input as ServiceTerms & { memberId?: string | null; needId?: string | null }));
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilityServicePayload, { description: 'Correct a delivered service; send the version you read. Checked again as a new service.' })
  async updateDisabilityService(@Args('input', { description: INPUT }) input: UpdateDisabilityServiceInput, @CurrentPrincipal() principal: Principal): Promise<DisabilityServicePayload> {
    return servicePayload(await this.service.updateService(principal, input as Partial<ServiceTerms> & { id: string; version: number }));
  }

  @RequirePermission('disability.write')
  @Mutation(() => DisabilityServicePayload, { description: 'Delete a service entered in error, with the reason; send the version you read. A need it alone met is open again.' })
  async deleteDisabilityService(@Args('input', { description: INPUT }) input: DeleteDisabilityServiceInput, @CurrentPrincipal() principal: Principal): Promise<DisabilityServicePayload> {
    return servicePayload(await this.service.deleteService(principal, input));
  }

  @RequirePermission('disability.read')
  @Query(() => DisabilityServiceNeed, { nullable: true, description: 'A service need by id; null when it does not exist or lies outside your region.' })
  async disabilityServiceNeed(@Args() { id }: ServiceIdArgs, @CurrentPrincipal() principal: Principal): Promise<DisabilityServiceNeed | null> {
    const [n] = await this.service.findNeedsInScope(principal, [id]);
    return n ? DisabilityServiceNeed.from(n) : null;
  }

  @RequirePermission('disability.read')
  @Query(() => DisabilityServiceNeedConnection, { description: 'Service needs of disabled members of households in your region and below, oldest assessment first.' })
  async disabilityServiceNeeds(@Args() args: DisabilityServiceNeedsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<DisabilityServiceNeedConnection> {
    const { memberId, householdId, regionCode, kind, status, ...page } = args;
    return mapConnection(await this.service.needs(principal, { memberId, householdId, regionCode, kind, status }, page, isFieldRequested(info, 'totalCount')), DisabilityServiceNeed.from);
  }

  @RequirePermission('disability.read')
  @Query(() => UnmetDisabilityServiceNeedConnection, {
    description: 'Service needs in your region (or a subtree) unmet on a day (default today): assessed by it, not withdrawn, without a service delivered against them by it; oldest assessment first.',
  })
  async unmetDisabilityServiceNeeds(@Args() args: UnmetDisabilityServiceNeedsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<UnmetDisabilityServiceNeedConnection> {
    const { regionCode, kind, asOf, ...page } = args;
    const { asOf: day, ...conn } = await this.service.unmetNeeds(principal, { regionCode, kind, asOf }, page, isFieldRequested(info, 'totalCount'));
    return { ...mapConnection(conn, DisabilityServiceNeed.from), asOf: day };
  }

  @RequirePermission('disability.read')
  @Query(() => DisabilityService, { nullable: true, description: 'A delivered service by id; null when it does not exist or lies outside your region.' })
  async disabilityService(@Args() { id }: ServiceIdArgs, @CurrentPrincipal() principal: Principal): Promise<DisabilityService | null> {
    const [s] = await this.service.findServicesInScope(principal, [id]);
    return s ? DisabilityService.from(s) : null;
  }

  @RequirePermission('disability.read')
  @Query(() => DisabilityServiceConnection, { description: 'Services delivered to disabled members of households in your region and below, latest first.' })
  async disabilityServices(@Args() args: DisabilityServicesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<DisabilityServiceConnection> {
    const { memberId, householdId, needId, regionCode, kind, year, ...page } = args;
    return mapConnection(await this.service.services(principal, { memberId, householdId, needId, regionCode, kind, year }, page, isFieldRequested(info, 'totalCount')), DisabilityService.from);
  }

  @RequirePermission('disability.read')
  @Query(() => [DisabilityServiceTotals], { description: "A year's delivered services in your region (or a subtree) by village and kind: services, members served, children aided, cost and subsidy sums (exact)." })
  async disabilityServiceTotals(@Args() args: DisabilityServiceTotalsArgs, @CurrentPrincipal() principal: Principal): Promise<DisabilityServiceTotals[]> {
    return (await this.service.totals(principal, args)).map(DisabilityServiceTotals.from);
  }
}
