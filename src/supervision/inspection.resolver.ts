import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import {
  CreateInspectionInput,
  DrawInspectionSampleInput,
  Inspection,
  InspectionArgs,
  InspectionConnection,
  InspectionPayload,
  InspectionsArgs,
  InspectionVisit,
  InspectionVisitConnection,
  InspectionVisitSheetArgs,
  RecordInspectionReportInput,
} from './inspection.models';
import { InspectionService } from './inspection.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/**
 * Inspections' GraphQL face (督查检查, issue #20 part 3): thin, each operation with the permission
 * it needs. The sample's households (the visit sheet) are for the inspecting side only
 * (supervision.write): inspections are mostly unannounced (supervision.inspection_mode 暗访为主),
 * so the inspected towns and villages do not see who will be visited.
 */
@Resolver(() => Inspection)
export class InspectionResolver {
  constructor(private readonly service: InspectionService) {}

  @RequirePermission('supervision.read')
  @Query(() => InspectionConnection, { description: 'Inspections (督查检查) of your region and below, latest started first.' })
  async inspections(@Args() args: InspectionsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<InspectionConnection> {
    const { regionCode, inspectionType, ...page } = args;
    const conn = await this.service.list(principal, { regionPrefix: regionCode ? subtreePrefix(regionCode) : undefined, inspectionType }, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, Inspection.from);
  }

  @RequirePermission('supervision.read')
  @Query(() => Inspection, { nullable: true, description: 'One inspection in your scope; null when missing or outside your region.' })
  async inspection(@Args() { id }: InspectionArgs, @CurrentPrincipal() principal: Principal): Promise<Inspection | null> {
    const i = await this.service.get(principal, id);
    return i ? Inspection.from(i) : null;
  }

  @RequirePermission('supervision.write')
  @Query(() => InspectionVisitConnection, {
    description: '走访名单: the sampled households of an inspection in your scope (household number, the head’s masked name, town and village), in sheet order; for the inspecting side only. NOT_FOUND when missing or outside your region.',
  })
  async inspectionVisitSheet(@Args() args: InspectionVisitSheetArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<InspectionVisitConnection> {
    const { inspectionId, ...page } = args;
    return mapConnection(await this.service.visitSheet(principal, inspectionId, page, isFieldRequested(info, 'totalCount')), InspectionVisit.from);
  }

  @RequirePermission('supervision.write')
  @Mutation(() => InspectionPayload, { description: 'Create an inspection of a region in your scope (the supervising side).' })
  async createInspection(@Args('input', { description: INPUT }) input: CreateInspectionInput, @CurrentPrincipal() principal: Principal): Promise<InspectionPayload> {
    return { inspection: Inspection.from(await this.service.create(principal, input)) };
  }

  @RequirePermission('supervision.write')
  @Mutation(() => InspectionPayload, {
    description: 'Draw the inspection’s random sample once, stratified by town, from a seed (given or generated, recorded): the same seed over the same population gives the same sample; a size beyond its population is SAMPLE_LARGER_THAN_POPULATION.',
  })
  async drawInspectionSample(@Args('input', { description: INPUT }) input: DrawInspectionSampleInput, @CurrentPrincipal() principal: Principal): Promise<InspectionPayload> {
    return { inspection: Inspection.from(await this.service.drawSample(principal, input)) };
  }

  @RequirePermission('supervision.write')
  @Mutation(() => InspectionPayload, { description: 'Record the inspection’s report (督查报告). Send the version you read.' })
  async recordInspectionReport(@Args('input', { description: INPUT }) input: RecordInspectionReportInput, @CurrentPrincipal() principal: Principal): Promise<InspectionPayload> {
    return { inspection: Inspection.from(await this.service.recordReport(principal, input)) };
  }
}
