import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { FundAsOfArgs, FundFirstSecretaryFunds, FundExecutionFigures, FundExecutionReport, FundOwnInputArgs, FundOwnInputReport, FundExecutionReportArgs, FundExecutionRow, FundProjectExecution, FundProjectExecutionArgs, FundProjectExecutionConnection } from './fund-reports.models';
import { FundReportsService } from './fund-reports.service';
import { FundDisclosureService } from './fund-disclosure.service';
import { FundAllocationDisclosure, FundAllocationNotDisclosed, FundAllocationsNotDisclosedArgs, PublishFundAllocationInput } from './fund-reports.models';

/** The funds ledger's reports: thin; the service checks and the repository answers in one statement. */
@Resolver()
export class FundReportsResolver {
  constructor(
    private readonly service: FundReportsService,
    private readonly disclosure: FundDisclosureService,
  ) {}

  @RequirePermission('funds.read')
  @Query(() => FundExecutionReport, {
    description:
      '执行情况: allocated, funded, reimbursed (approved by finance), paid and balance of a year as of a date over a region in your scope, by level, channel or town, with the total. Every figure counts its records by their own dates, so a past date\'s report stays the same. By project: fundProjectExecution.',
  })
  async fundExecutionReport(@Args() { year, asOf, regionCode, by }: FundExecutionReportArgs, @CurrentPrincipal() principal: Principal): Promise<FundExecutionReport> {
    const r = await this.service.execution(principal, year, asOf, regionCode, by);
    return { year: r.year, asOf: r.asOf, regionCode: r.regionCode, by: r.by, total: FundExecutionFigures.from(r.total), rows: r.rows.map(FundExecutionRow.fromRow) };
  }

  @RequirePermission('funds.read')
  @Query(() => FundProjectExecutionConnection, {
    description: '执行情况 by project: funded, reimbursed, paid and balance of each project of a year as of a date over a region in your scope, ordered by name, a page at a time, with the total over all.',
  })
  async fundProjectExecution(@Args() args: FundProjectExecutionArgs, @CurrentPrincipal() principal: Principal): Promise<FundProjectExecutionConnection> {
    const { year, asOf, regionCode, ...page } = args;
    const r = await this.service.projectExecution(principal, year, asOf, regionCode, page);
    return { edges: r.edges.map((e) => ({ cursor: e.cursor, node: FundProjectExecution.from(e.node) })), pageInfo: r.pageInfo, total: FundProjectExecution.from(r.total) };
  }

  @RequirePermission('funds.read')
  @Query(() => FundOwnInputReport, {
    description:
      '区级财政投入 vs its base for a year in a district of your scope (RULES.md §8): own input, the base and its definition (which levels), the ratio, the target (or null with the key in notConfigured), and the documents behind each figure.',
  })
  async fundDistrictOwnInput(@Args() { year, regionCode }: FundOwnInputArgs, @CurrentPrincipal() principal: Principal): Promise<FundOwnInputReport> {
    return FundOwnInputReport.from(await this.service.ownInput(principal, year, regionCode));
  }

  @RequirePermission('funds.read')
  @Query(() => FundFirstSecretaryFunds, {
    description:
      '足额落实第一书记扶贫项目资金: the 第一书记 channel\'s allocations of a year (planned) against what was funded to projects from them (provided) as of a date, over a region in your scope, with the target funds.first_secretary_funds and the allocations behind it; null figures with the keys in notConfigured where the channel or the target is not configured.',
  })
  async firstSecretaryFunds(@Args() { year, asOf, regionCode }: FundAsOfArgs, @CurrentPrincipal() principal: Principal): Promise<FundFirstSecretaryFunds> {
    return FundFirstSecretaryFunds.from(await this.service.firstSecretaryFunds(principal, year, asOf, regionCode));
  }

  @RequirePermission('funds.read')
  @Query(() => [FundAllocationNotDisclosed], {
    description:
      'Allocations of a year in a region of your scope not disclosed within funds.allocation_disclosure_deadline working days of their date, as of a date: no notice (MISSING), a late one (LATE), or a deadline that cannot be computed (NOT_CONFIGURED); a bounded list, by allocation date.',
  })
  async fundAllocationsNotDisclosed(@Args() { year, asOf, regionCode, documentId }: FundAllocationsNotDisclosedArgs, @CurrentPrincipal() principal: Principal): Promise<FundAllocationNotDisclosed[]> {
    return (await this.disclosure.notDisclosed(principal, year, asOf, regionCode, documentId)).map(FundAllocationNotDisclosed.from);
  }

  @RequirePermission('funds.allocate')
  @Mutation(() => FundAllocationDisclosure, {
    description: 'Publish an allocation\'s result (资金分配结果) as a public notice today, for the minimum period funds.disclosure_board_min_days: the poverty office or finance (谁分配、谁公开); once per allocation.',
  })
  async publishFundAllocation(@Args('input', { description: "The operation's arguments as one input object (every mutation takes `input`); its fields are described on the input type." }) input: PublishFundAllocationInput, @CurrentPrincipal() principal: Principal): Promise<FundAllocationDisclosure> {
    return this.disclosure.publish(principal, input);
  }
}
