import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { ParameterValue } from '../parameters/parameter.model';
import { YearRegionPageArgs } from './employment.models';
import { CreatePovertyWorkshopInput, PovertyWorkshop, PovertyWorkshopArgs, PovertyWorkshopPayload, UpdatePovertyWorkshopInput, WorkshopYear, WorkshopYearConnection } from './workshops.models';
import { WorkshopsService } from './workshops.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Poverty-alleviation workshops (扶贫车间): thin; the service scopes by the workshop's village (and the department, for writes). */
@Resolver(() => PovertyWorkshop)
export class WorkshopsResolver {
  constructor(private readonly service: WorkshopsService) {}

  private async years(principal: Principal, args: YearRegionPageArgs, belowMinimum: boolean, info: GraphQLResolveInfo): Promise<WorkshopYearConnection> {
    const { year, regionCode, ...page } = args;
    const { poorWorkers, minimum, terms, ...conn } = await this.service.list(principal, { year, regionCode, belowMinimum }, page, isFieldRequested(info, 'totalCount'));
    const [min, rule] = [ParameterValue.from(minimum), ParameterValue.from(terms)];
    return mapConnection(conn, (w) => {
      const poor = poorWorkers.get(w)!;
      return Object.assign(new WorkshopYear(), { workshop: PovertyWorkshop.from(w), year, poorWorkers: poor, minimum: min, belowMinimum: minimum.configured ? poor < Number(minimum.value) : null, terms: rule });
    });
  }

  @RequirePermission('employment.read')
  @Query(() => WorkshopYearConnection, { description: 'Poverty-alleviation workshops (扶贫车间) of your region running in the year, by name, with their poor workers against employment.workshop_min_poor_workers (no verdict where not configured).' })
  workshops(@Args() args: YearRegionPageArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<WorkshopYearConnection> {
    return this.years(principal, args, false, info);
  }

  @RequirePermission('employment.read')
  @Query(() => WorkshopYearConnection, { description: 'The workshops of the year with fewer poor workers than employment.workshop_min_poor_workers; PARAMETER_NOT_CONFIGURED (field year) where the minimum is not configured.' })
  workshopsBelowMinimum(@Args() args: YearRegionPageArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<WorkshopYearConnection> {
    return this.years(principal, args, true, info);
  }

  @RequirePermission('employment.read')
  @Query(() => PovertyWorkshop, { nullable: true, description: 'A workshop by id; null when it does not exist or lies outside your region.' })
  async povertyWorkshop(@Args() { id }: PovertyWorkshopArgs, @CurrentPrincipal() principal: Principal): Promise<PovertyWorkshop | null> {
    const [w] = await this.service.findInScope(principal, [id]);
    return w ? PovertyWorkshop.from(w) : null;
  }

  @RequirePermission('employment.write')
  @Mutation(() => PovertyWorkshopPayload, { description: 'Create a poverty-alleviation workshop of a village, run by an implementing entity you can read; workers are employment records naming it (workshopId).' })
  async createPovertyWorkshop(@Args('input', { description: INPUT }) input: CreatePovertyWorkshopInput, @CurrentPrincipal() principal: Principal): Promise<PovertyWorkshopPayload> {
    return { workshop: PovertyWorkshop.from(await this.service.create(principal, input)) };
  }

  @RequirePermission('employment.write')
  @Mutation(() => PovertyWorkshopPayload, { description: 'Correct a workshop, or close it (closedOn); send the version you read.' })
  async updatePovertyWorkshop(@Args('input', { description: INPUT }) input: UpdatePovertyWorkshopInput, @CurrentPrincipal() principal: Principal): Promise<PovertyWorkshopPayload> {
    return { workshop: PovertyWorkshop.from(await this.service.update(principal, input)) };
  }
}
