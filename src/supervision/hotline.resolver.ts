import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { Connection } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { HotlineCaseEntity } from './hotline.entity';
import {
  HotlineCase,
  HotlineCaseArgs,
  HotlineCaseConnection,
  HotlineCasePayload,
  HotlineCasesArgs,
  HotlineCaseStepInput,
  HotlineFindingPayload,
  RegisterFindingFromCaseInput,
  HotlineRateCasesArgs,
  HotlineRatesArgs,
  HotlineRatesModel,
  ReceiveHotlineCaseInput,
} from './hotline.models';
import { HotlineErrors } from './hotline.errors';
import { HotlineService } from './hotline.service';
import { SupervisionFinding } from './supervision.models';
import { SupervisionService } from './supervision.service';

const INPUT = "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type.";

/** Hotline cases' GraphQL face (12317 热线件, issue #20 part 2): thin, each operation with the permission it needs. */
@Resolver(() => HotlineCase)
export class HotlineResolver {
  constructor(
    private readonly service: HotlineService,
    private readonly findings: SupervisionService,
  ) {}

  @RequirePermission('supervision.read')
  @Query(() => HotlineCaseConnection, { description: 'Hotline cases (热线件) of your region and below, newest received first.' })
  async hotlineCases(@Args() args: HotlineCasesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<HotlineCaseConnection> {
    const { regionCode, stage, channel, caseType, area, receivedFrom, receivedTo, reporterContact, ...page } = args;
    if (reporterContact !== undefined && !principal.permissions.has('supervision.hotline')) throw HotlineErrors.handlersOnly('reporterContact');
    const reporterContactHash = reporterContact !== undefined ? this.service.contactIndex(reporterContact) : undefined;
    const filter = { regionPrefix: regionCode ? subtreePrefix(regionCode) : undefined, stage, channel, caseType, area, receivedFrom, receivedTo, reporterContactHash };
    const conn = await this.service.list(principal, filter, page, isFieldRequested(info, 'totalCount'));
    return this.page(principal, conn);
  }

  @RequirePermission('supervision.read')
  @Query(() => HotlineCase, { nullable: true, description: 'One hotline case in your scope; null when missing or outside your region.' })
  async hotlineCase(@Args() { id }: HotlineCaseArgs, @CurrentPrincipal() principal: Principal): Promise<HotlineCase | null> {
    const c = await this.service.get(principal, id);
    return c ? this.answer(c, principal) : null;
  }

  @RequirePermission('supervision.read')
  @Query(() => HotlineRatesModel, { description: 'On-time reply, substantiation and satisfaction rates of the hotline cases received by a date, in total, by town and by handling unit (exact 4-decimal ratios); hotlineRateCases lists each number.' })
  hotlineRates(@Args() args: HotlineRatesArgs, @CurrentPrincipal() principal: Principal): Promise<HotlineRatesModel> {
    return this.service.rates(principal, args.asOf, args.regionCode);
  }

  @RequirePermission('supervision.read')
  @Query(() => HotlineCaseConnection, { description: 'The cases behind one number of hotlineRates (the same date, region, outcome and, for byHandlingUnit, unit; its totalCount is the number), newest received first.' })
  async hotlineRateCases(@Args() args: HotlineRateCasesArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<HotlineCaseConnection> {
    const { asOf, regionCode, outcome, handlingUnit, ...page } = args;
    return this.page(principal, await this.service.outcomeCases(principal, asOf, regionCode, outcome, page, isFieldRequested(info, 'totalCount'), handlingUnit));
  }

  @RequirePermission('supervision.hotline')
  @Mutation(() => HotlineCasePayload, { description: '受理: receive a hotline case (stage RECEIVED) in your scope, its type checked against supervision.hotline_case_types of the received date.' })
  async receiveHotlineCase(@Args('input', { description: INPUT }) input: ReceiveHotlineCaseInput, @CurrentPrincipal() principal: Principal): Promise<HotlineCasePayload> {
    return { hotlineCase: this.answer(await this.service.receive(principal, input), principal) };
  }

  @RequirePermission('supervision.hotline')
  @Mutation(() => HotlineCasePayload, { description: 'Take a step of a hotline case (TRANSFER, REPLY, RETURN_VISIT, CLOSE). Send the version you read.' })
  async hotlineCaseStep(@Args('input', { description: INPUT }) input: HotlineCaseStepInput, @CurrentPrincipal() principal: Principal): Promise<HotlineCasePayload> {
    return { hotlineCase: this.answer(await this.service.step(principal, input), principal) };
  }

  @RequirePermission('supervision.write')
  @Mutation(() => HotlineFindingPayload, { description: '属实 → 督查问题: register a finding (source HOTLINE) from a case its reply found substantiated, linked to the case (one per case). The supervising side, as registerSupervisionFinding.' })
  async registerFindingFromCase(@Args('input', { description: INPUT }) input: RegisterFindingFromCaseInput, @CurrentPrincipal() principal: Principal): Promise<HotlineFindingPayload> {
    const { hotlineCase, finding } = await this.service.registerFinding(principal, input);
    return { hotlineCase: this.answer(hotlineCase, principal), finding: SupervisionFinding.from(finding.finding, finding.children, this.findings.held(principal)) };
  }

  private answer(c: HotlineCaseEntity, principal: Principal): HotlineCase {
    return HotlineCase.from(c, principal.permissions, this.service.masked(c));
  }

  private page(principal: Principal, conn: Connection<HotlineCaseEntity>): HotlineCaseConnection {
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: this.answer(e.node, principal) })) };
  }
}
