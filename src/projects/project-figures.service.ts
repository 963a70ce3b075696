import { Injectable } from '@nestjs/common';
import { Principal } from '../common/access/principal';
import { isLocalDate, todayInChina, yearEnd } from '../common/dates/local-date';
import { AppError } from '../common/errors/app-error';
import { CommonReason } from '../common/errors/reasons';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { subtreePrefix } from '../common/region/region-code';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { yearParams } from './linkage-year.sql';
import {
  PROJECT_COMPLETED_WITHOUT_ACCEPTANCE,
  PROJECT_DAYS_OVERDUE,
  PROJECT_DAYS_SINCE_COMPLETION,
  PROJECT_PAST_SCHEDULE,
  PROJECT_SPECIAL_IN_YEAR,
} from './project-figures.sql';
import { ProjectEntity } from './project.entity';
import { ProjectChildName, ProjectChildren, ProjectFilter, ProjectRepository } from './project.repository';

/** The plan's target (RULES.md §10): special-fund projects implemented in the year. */
export const SPECIAL_PROJECTS_TARGET_KEY = 'target.special_projects_min';

export interface SpecialProjectsFigures {
  year: number;
  regionCode: string | null;
  count: number;
  target: ParameterValue;
  meetsTarget: boolean | null;
}

/** A page of projects with their child lists and, per node, the figure's day count. */
export type ProjectFigurePage = Connection<ProjectEntity> & { children: Map<ProjectEntity, ProjectChildren>; days: Map<ProjectEntity, number | null> };

/** Which page of which region, and which child lists to read along. */
export interface ListArgs {
  regionCode?: string;
  args: ConnectionArgs;
  withTotalCount: boolean;
  children: ReadonlySet<ProjectChildName>;
}

/**
 * The project figures (逾期未完工, 完工未验收, 全年实施专项扶贫项目), each a count and the list
 * behind it in the caller's region scope, from the one SQL rule of project-figures.sql.ts: the
 * count is the list's totalCount (same statement, same WHERE).
 */
@Injectable()
export class ProjectFiguresService {
  constructor(
    private readonly repo: ProjectRepository,
    private readonly parameters: ParametersService,
  ) {}

  /** asOf as given (checked) or today in China. */
  private asOf(asOf: string | null | undefined): string {
    if (asOf == null) return todayInChina();
    if (!isLocalDate(asOf)) throw AppError.badInput([{ field: 'asOf', reason: CommonReason.INVALID_DATE, message: `日期无效：${String(asOf)} (asOf must be a real date, YYYY-MM-DD)` }]);
    return asOf;
  }

  private filter(regionCode: string | undefined, rule: string, params: Record<string, unknown>): ProjectFilter {
    return { regionPrefix: regionCode ? subtreePrefix(regionCode) : undefined, extend: (qb) => void qb.andWhere(rule, params) };
  }

  private async page(principal: Principal, list: ListArgs, rule: string, params: Record<string, unknown>, days?: string): Promise<ProjectFigurePage> {
    const { extra, ...page } = await this.repo.page(principal, this.filter(list.regionCode, rule, params), list.args, list.withTotalCount, list.children, days ? { days } : {});
    return { ...page, days: new Map([...extra].map(([node, values]) => [node, values.days == null ? null : Number(values.days)])) };
  }

  /** 逾期未完工 as of a day (default today in China): in a plan or implementing, planned to end before it; with the days overdue. */
  async pastSchedule(principal: Principal, asOf: string | null | undefined, list: ListArgs): Promise<ProjectFigurePage & { asOf: string }> {
    const day = this.asOf(asOf);
    return { ...(await this.page(principal, list, PROJECT_PAST_SCHEDULE, { asOf: day }, PROJECT_DAYS_OVERDUE)), asOf: day };
  }

  /** 完工未验收 as of a day (default today in China): COMPLETED, not yet accepted; with the days since completion. */
  async completedWithoutAcceptance(principal: Principal, asOf: string | null | undefined, list: ListArgs): Promise<ProjectFigurePage & { asOf: string }> {
    const day = this.asOf(asOf);
    return { ...(await this.page(principal, list, PROJECT_COMPLETED_WITHOUT_ACCEPTANCE, { asOf: day }, PROJECT_DAYS_SINCE_COMPLETION)), asOf: day };
  }

  /** The projects whose implementation started in the year (not rejected or removed). */
  specialProjects(principal: Principal, year: number, list: ListArgs): Promise<ProjectFigurePage> {
    return this.page(principal, list, PROJECT_SPECIAL_IN_YEAR, yearParams(year));
  }

  /**
   * Their count against target.special_projects_min as of the year's end in the region asked (or
   * the caller's home region): not configured → target.configured false and no verdict (null).
   */
  async specialProjectsCount(principal: Principal, year: number, regionCode?: string): Promise<SpecialProjectsFigures> {
    const [page, target] = await Promise.all([
      this.specialProjects(principal, year, { regionCode, args: { first: 0 }, withTotalCount: true, children: new Set() }),
      this.parameters.valueAt(SPECIAL_PROJECTS_TARGET_KEY, yearEnd(year), regionCode ?? principal.regionCode),
    ]);
    const count = page.totalCount ?? 0;
    const meetsTarget = target.configured ? count >= Number(target.value) : null;
    return { year, regionCode: regionCode ?? null, count, target, meetsTarget };
  }
}
