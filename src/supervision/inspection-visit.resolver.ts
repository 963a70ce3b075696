import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import {
  CorrectInspectionVisitInput,
  InspectionMetricsArgs,
  InspectionMetricsModel,
  InspectionMetricVisitsArgs,
  InspectionVisitFindingPayload,
  InspectionVisitResult,
  InspectionVisitResultConnection,
  InspectionVisitResultPayload,
  RecordInspectionVisitInput,
  RegisterFindingFromVisitInput,
} from './inspection-visit.models';
import { InspectionVisitService } from './inspection-visit.service';
import { SupervisionFinding } from './supervision.models';
import { SupervisionService } from './supervision.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/**
 * Visit results of inspection samples and the metrics from them (issue #20 part 4): thin, each
 * operation with the permission it needs. Writing is the inspecting side's (supervision.write, as
 * the inspection's own writes); the metrics and the visits behind them are read by everyone with
 * supervision.read in their region, once the inspection has ended.
 */
@Resolver(() => InspectionVisitResult)
export class InspectionVisitResolver {
  constructor(
    private readonly service: InspectionVisitService,
    private readonly findings: SupervisionService,
  ) {}

  @RequirePermission('supervision.write')
  @Mutation(() => InspectionVisitResultPayload, {
    description: '走访结果: record the visit of a household of an inspection’s sample (once per household): identification check, exit check of an exited household, poor households found not registered, satisfaction, notes.',
  })
  async recordInspectionVisit(@Args('input', { description: INPUT }) input: RecordInspectionVisitInput, @CurrentPrincipal() principal: Principal): Promise<InspectionVisitResultPayload> {
    return { visit: InspectionVisitResult.from(await this.service.record(principal, input)) };
  }

  @RequirePermission('supervision.write')
  @Mutation(() => InspectionVisitResultPayload, {
    description: '更正走访结果: correct a recorded visit with the reason (audited with the old and new values); the version you read. The inspecting side, as recordInspectionVisit; the metrics count the corrected values.',
  })
  async correctInspectionVisit(@Args('input', { description: INPUT }) input: CorrectInspectionVisitInput, @CurrentPrincipal() principal: Principal): Promise<InspectionVisitResultPayload> {
    return { visit: InspectionVisitResult.from(await this.service.correct(principal, input)) };
  }

  @RequirePermission('supervision.write')
  @Mutation(() => InspectionVisitFindingPayload, { description: 'Raise a finding (source INSPECTION) from a visit, linked to it (one per visit). The supervising side, as registerSupervisionFinding.' })
  async registerFindingFromVisit(@Args('input', { description: INPUT }) input: RegisterFindingFromVisitInput, @CurrentPrincipal() principal: Principal): Promise<InspectionVisitFindingPayload> {
    const { visit, finding } = await this.service.registerFinding(principal, input);
    return { visit: InspectionVisitResult.from(visit), finding: SupervisionFinding.from(finding.finding, finding.children, this.findings.held(principal)) };
  }

  @RequirePermission('supervision.read')
  @Query(() => InspectionMetricsModel, {
    description: 'Identification accuracy, missed-registration and wrong-exit rates from inspection samples as of a date, in total, by town and by inspection, each with numerator, denominator and the verdict against its target (none configured: no verdict).',
  })
  async inspectionMetrics(@Args() args: InspectionMetricsArgs, @CurrentPrincipal() principal: Principal): Promise<InspectionMetricsModel> {
    return InspectionMetricsModel.from(await this.service.metrics(principal, args.asOf, args.regionCode, args.inspectionId));
  }

  @RequirePermission('supervision.read')
  @Query(() => InspectionVisitResultConnection, { description: 'The visits behind one number of inspectionMetrics (the same date, region and inspection; its totalCount is the count), latest visited first.' })
  async inspectionMetricVisits(@Args() args: InspectionMetricVisitsArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<InspectionVisitResultConnection> {
    const { asOf, regionCode, inspectionId, outcome, ...page } = args;
    const conn = await this.service.outcomeVisits(principal, asOf, regionCode, inspectionId, outcome, page, isFieldRequested(info, 'totalCount'));
    return mapConnection(conn, InspectionVisitResult.from);
  }
}
