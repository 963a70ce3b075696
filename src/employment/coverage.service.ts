import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { Principal } from '../common/access/principal';
import { yearEnd } from '../common/dates/local-date';
import { compareDecimals, ratioOfAmounts } from '../common/money/money';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { HouseholdEntity } from '../households/household.entity';
import { HouseholdsRepository, HouseholdChildren, HouseholdChildrenWanted } from '../households/households.repository';
import { HouseholdsService } from '../households/households.service';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { LINKAGE_ACTIVE_IN_YEAR, yearParams } from '../projects/linkage-year.sql';
import { workedInYearSql } from './employment-year.sql';

/** The plan's target (RULES.md §10): the share of households on the roll tied to a project or a job. */
export const COVERAGE_TARGET_KEY = 'target.industry_employment_coverage';

export interface CoverageFigures {
  year: number;
  regionCode: string | null;
  households: number;
  covered: number;
  uncovered: number;
  ratio: string | null;
  target: ParameterValue;
  meetsTarget: boolean | null;
}

/**
 * The household (alias `h`) is not covered in the year (产业就业全覆盖): no benefit linkage in
 * force in the year, and no member with an employment record of the year with months worked above
 * 0. Written as two NOT EXISTS (not NOT (… OR …)): PostgreSQL plans them as anti joins, where the
 * negated OR stays a filter of hashed subplans (EXPLAIN ANALYZE at 60,000 households: 94 ms
 * against 240 ms).
 */
export const HOUSEHOLD_UNCOVERED_IN_YEAR = `(NOT EXISTS (SELECT 1 FROM benefit_linkages l WHERE l.household_id = h.id AND ${LINKAGE_ACTIVE_IN_YEAR})
  AND NOT ${workedInYearSql('h')})`;

/**
 * 产业就业全覆盖: households on the roll without a benefit linkage in force in the year and
 * without a member who worked in the year by the employment ledger, as a figure against the
 * plan's target and as the list behind it. A warning: nothing is refused for it. It sits with the
 * employment ledger, the module above both of its sources.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly householdsRepo: HouseholdsRepository,
    private readonly households: HouseholdsService,
    private readonly parameters: ParametersService,
  ) {}

  private uncovered(year: number) {
    return (qb: SelectQueryBuilder<HouseholdEntity>) => void qb.setParameters(yearParams(year)).andWhere(HOUSEHOLD_UNCOVERED_IN_YEAR);
  }

  async coverage(principal: Principal, year: number, regionCode?: string): Promise<CoverageFigures> {
    const regionPrefix = regionCode ? subtreePrefix(regionCode) : undefined;
    const [households, uncovered, target] = await Promise.all([
      this.householdsRepo.query(principal, { regionPrefix }).getCount(),
      this.householdsRepo.query(principal, { regionPrefix, extend: this.uncovered(year) }).getCount(),
      this.parameters.valueAt(COVERAGE_TARGET_KEY, yearEnd(year), regionCode ?? principal.regionCode),
    ]);
    const covered = households - uncovered;
    // covered ÷ households, 4 decimals, exact (the money kit's ratio: half up; null without households).
    const ratio = ratioOfAmounts(String(covered), String(households));
    // Exactly (the target is a RATIO parameter: a decimal string).
    const meetsTarget = target.configured && ratio !== null ? compareDecimals(ratio, String(target.value)) >= 0 : null;
    return { year, regionCode: regionCode ?? null, households, covered, uncovered, ratio, target, meetsTarget };
  }

  /** The uncovered households on the roll, as the households list pages them (by household number). */
  list(
    principal: Principal,
    year: number,
    regionCode: string | undefined,
    args: ConnectionArgs,
    withTotalCount: boolean,
    children: HouseholdChildrenWanted,
  ): Promise<Connection<HouseholdEntity> & { children?: Map<HouseholdEntity, HouseholdChildren> }> {
    return this.households.list(principal, { regionCode, extend: this.uncovered(year) }, args, undefined, withTotalCount, children);
  }
}
