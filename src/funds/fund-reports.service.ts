import { Injectable } from '@nestjs/common';
import { Principal } from '../common/access/principal';
import { inRegionScope } from '../common/access/region-scope';
import { isLocalDate } from '../common/dates/local-date';
import { Connection, DEFAULT_PAGE_SIZE } from '../common/pagination/connection';
import { decodeCursor, forwardPage, KeysetSort } from '../common/pagination/keyset';
import { subtreePrefix } from '../common/region/region-code';
import { compareDecimals, ratioOfAmounts, sumAmounts } from '../common/money/money';
import { ChannelAllocationRow, ExecutionRow, FundReportDimension, FundReportsRepository, ProjectExecutionRow } from './fund-reports.repository';
import { FundsErrors } from './funds.errors';
import { FundDocumentEntity } from './funds.entities';
import { FUNDS_CHANNELS_KEY, FUNDS_LEVELS_KEY } from './funds.service';
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

/** The target of first-secretary project funds, planned vs provided (RULES.md §8, seed §4). */
export const FIRST_SECRETARY_FUNDS_KEY = 'funds.first_secretary_funds';
/**
 * The local channel of first-secretary project funds as RULES.md §8 names it (funds.channels'
 * note: 第一书记). A code, not a value: the answer counts it only where the district's own version
 * of funds.channels lists it, and says NOT_CONFIGURED otherwise.
 */
export const FIRST_SECRETARY_CHANNEL = '第一书记';

export interface FirstSecretaryFundsReport {
  year: number;
  asOf: string;
  regionCode: string;
  channel: string;
  /** Null when the channel is not listed in funds.channels in force (NOT_CONFIGURED). */
  planned: string | null;
  funded: string | null;
  paid: string | null;
  ratio: string | null;
  target: string | null;
  meetsTarget: boolean | null;
  notConfigured: string[];
  parameters: ParameterValue[];
  allocations: ChannelAllocationRow[];
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

  /**
   * 足额落实第一书记扶贫项目资金 (plan §4, RULES.md §8): planned = the active allocations of the
   * year of the 第一书记 channel dated on or before asOf (a village's, a town's or the district's);
   * provided = what was funded to projects from them by asOf; ratio provided ÷ planned against
   * funds.first_secretary_funds as of 31 December of the year in the region. The channel counts
   * only where funds.channels in force lists it; otherwise the figures are null and the key is
   * named in notConfigured, as is a target not in force.
   */
  async firstSecretaryFunds(principal: Principal, year: number, asOf: string, regionCode: string): Promise<FirstSecretaryFundsReport> {
    this.checkArgs(principal, asOf, regionCode);
    const parameters = await this.parameters.valuesAt([FUNDS_CHANNELS_KEY, FIRST_SECRETARY_FUNDS_KEY], `${year}-12-31`, regionCode);
    const [channels, min] = parameters;
    const listed = channels.configured && Array.isArray(channels.value) && (channels.value as unknown[]).map(String).includes(FIRST_SECRETARY_CHANNEL);
    const target = min.configured ? String(min.value) : null;
    const notConfigured = [...(listed ? [] : [FUNDS_CHANNELS_KEY]), ...(target === null ? [FIRST_SECRETARY_FUNDS_KEY] : [])];
    const allocations = listed ? await this.repo.channelAllocations(principal, year, asOf, subtreePrefix(regionCode), FIRST_SECRETARY_CHANNEL) : [];
    const planned = listed ? sumAmounts(allocations.map((a) => a.planned)) : null;
    const funded = listed ? sumAmounts(allocations.map((a) => a.funded)) : null;
    const paid = listed ? sumAmounts(allocations.map((a) => a.paid)) : null;
    const ratio = planned !== null && funded !== null ? ratioOfAmounts(funded, planned) : null;
    const meetsTarget = ratio !== null && target !== null ? compareDecimals(ratio, target) >= 0 : null;
    return { year, asOf, regionCode, channel: FIRST_SECRETARY_CHANNEL, planned, funded, paid, ratio, target, meetsTarget, notConfigured, parameters, allocations };
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
