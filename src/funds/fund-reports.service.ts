import { Injectable } from '@nestjs/common';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { isLocalDate } from '../common/dates/local-date';
import { Connection, DEFAULT_PAGE_SIZE } from '../common/pagination/connection';
import { decodeCursor, forwardPage, KeysetSort } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { ExecutionRow, FundReportDimension, FundReportsRepository, ProjectExecutionRow } from './fund-reports.repository';
import { FundsErrors } from './funds.errors';

/** The project report's order: name (C collation), then id. */
const PROJECT_SORT: Pick<KeysetSort<never>, 'tag' | 'type' | 'idType'> = { tag: 'fundProjectExecution', type: 'text', idType: 'uuid' };

export interface ExecutionReport {
  year: number;
  asOf: string;
  regionCode: string;
  by: FundReportDimension;
  total: ExecutionRow;
  rows: ExecutionRow[];
}

export type ProjectExecutionPage = Omit<Connection<ProjectExecutionRow>, 'totalCount'> & { total: ProjectExecutionRow };

/** Execution reports (执行情况) of the funds ledger as of a date: one statement each. */
@Injectable()
export class FundReportsService {
  constructor(private readonly repo: FundReportsRepository) {}

  async execution(principal: Principal, year: number, asOf: string, regionCode: string, by: FundReportDimension): Promise<ExecutionReport> {
    this.checkArgs(principal, asOf, regionCode);
    const rows = await this.repo.execution(principal, year, asOf, subtreePrefix(regionCode), by);
    const [total, ...groups] = rows;
    return { year, asOf, regionCode, by, total, rows: groups };
  }

  async projectExecution(principal: Principal, year: number, asOf: string, regionCode: string, args: { first?: number; after?: string }): Promise<ProjectExecutionPage> {
    this.checkArgs(principal, asOf, regionCode);
    const after = args.after ? (decodeCursor(args.after, 'after', PROJECT_SORT) as [string, string]) : undefined;
    const size = args.first ?? DEFAULT_PAGE_SIZE;
    const [total, ...rows] = await this.repo.projectExecution(principal, year, asOf, subtreePrefix(regionCode), after, size);
    const page = forwardPage(rows, size, after !== undefined, PROJECT_SORT, (r) => [r.projectName!, r.projectId!], (r) => r);
    return { ...page, total };
  }

  private checkArgs(principal: Principal, asOf: string, regionCode: string): void {
    if (!isLocalDate(asOf)) throw FundsErrors.invalidDate('asOf');
    if (!inRegionScope(principal, regionCode)) throw FundsErrors.outOfScope('regionCode');
  }
}
