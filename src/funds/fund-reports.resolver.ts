import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { FundExecutionFigures, FundExecutionReport, FundOwnInputArgs, FundOwnInputReport, FundExecutionReportArgs, FundExecutionRow, FundProjectExecution, FundProjectExecutionArgs, FundProjectExecutionConnection } from './fund-reports.models';
import { FundReportsService } from './fund-reports.service';

/** The funds ledger's reports: thin; the service checks and the repository answers in one statement. */
@Resolver()
export class FundReportsResolver {
  constructor(private readonly service: FundReportsService) {}

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
}
