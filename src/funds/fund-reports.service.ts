import { Injectable } from '@nestjs/common';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { isLocalDate } from '../common/dates/local-date';
import { Connection, DEFAULT_PAGE_SIZE } from '../common/pagination/connection';
import { decodeCursor, forwardPage, KeysetSort } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { ExecutionRow, FundReportDimension, FundReportsRepository, ProjectExecutionRow } from './fund-reports.repository';
import { FundsErrors } from './funds.errors';
import { FundDocumentEntity } from './funds.entities';
import { FUNDS_LEVELS_KEY } from './funds.service';
import { baseLevelsOf, OWN_INPUT_BASE_KEY, OWN_INPUT_MIN_RATIO_KEY, OwnInputFigures, ownInputFigures } from './own-input';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { RegionsService } from '../regions/regions.service';
import { RegionLevel } from '../common/region/region-code';

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

export interface OwnInputReport extends OwnInputFigures {
  year: number;
  regionCode: string;
  ownLevel: string | null;
  baseDefinition: string | null;
  baseLevels: string[] | null;
  target: string | null;
  /** The keys of the parameters not in force (or not readable) that the answer needed. */
  notConfigured: string[];
  parameters: ParameterValue[];
  ownInputDocuments: FundDocumentEntity[];
  baseDocuments: FundDocumentEntity[];
}

export type ProjectExecutionPage = Omit<Connection<ProjectExecutionRow>, 'totalCount'> & { total: ProjectExecutionRow };

/** Execution reports (执行情况) of the funds ledger as of a date: one statement each. */
@Injectable()
export class FundReportsService {
  constructor(
    private readonly repo: FundReportsRepository,
    private readonly parameters: ParametersService,
    private readonly regions: RegionsService,
  ) {}

  /**
   * 区级财政投入 vs its base (RULES.md §8, seed §19): per year in a district, the parameters read as
   * of 31 December there; own input = the district's own level (the last of funds.levels), base =
   * the levels funds.district_own_input_base names; both from the documents at the top of their
   * chains. What is not configured is said, never guessed.
   */
  async ownInput(principal: Principal, year: number, regionCode: string): Promise<OwnInputReport> {
    if (!inRegionScope(principal, regionCode)) throw FundsErrors.outOfScope('regionCode');
    const region = await this.regions.findByCode(regionCode);
    if (!region) throw FundsErrors.outOfScope('regionCode');
    if (region.level !== RegionLevel.DISTRICT) throw FundsErrors.regionNotDistrict('regionCode');
    const parameters = await this.parameters.valuesAt([FUNDS_LEVELS_KEY, OWN_INPUT_BASE_KEY, OWN_INPUT_MIN_RATIO_KEY], `${year}-12-31`, region.code);
    const [levels, base, min] = parameters;
    const levelList = levels.configured && Array.isArray(levels.value) ? (levels.value as unknown[]).map(String) : [];
    const ownLevel = levelList.length ? levelList[levelList.length - 1] : null;
    const baseDefinition = base.configured ? String(base.value) : null;
    const baseLevels = baseDefinition !== null && levelList.length ? baseLevelsOf(baseDefinition, levelList) : null;
    const target = min.configured ? String(min.value) : null;
    const notConfigured = [
      ...(ownLevel === null ? [FUNDS_LEVELS_KEY] : []),
      ...(baseLevels === null ? [OWN_INPUT_BASE_KEY] : []),
      ...(target === null ? [OWN_INPUT_MIN_RATIO_KEY] : []),
    ];
    const documents = await this.repo.rootDocuments(principal, year, region.code, [...(ownLevel === null ? [] : [ownLevel]), ...(baseLevels ?? [])]);
    return {
      year,
      regionCode: region.code,
      ownLevel,
      baseDefinition,
      baseLevels,
      target,
      notConfigured,
      parameters,
      ...ownInputFigures(documents, ownLevel, baseLevels, target),
      ownInputDocuments: documents.filter((d) => d.level === ownLevel),
      baseDocuments: documents.filter((d) => baseLevels?.includes(d.level)),
    };
  }

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
