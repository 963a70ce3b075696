import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Principal } from '../common/access/principal';
import { yearEnd } from '../common/dates/local-date';
import { Connection, ConnectionArgs } from '../common/pagination/connection';
import { paginate } from '../common/pagination/keyset';
import { withSerialPlans } from '../common/sql/serial-plan';
import { subtreePrefix } from '../common/region/region-code';
import { HouseholdEntity } from '../households/household.entity';
import { HouseholdsRepository, HouseholdChildren, HouseholdChildrenWanted } from '../households/households.repository';
import { HouseholdsService } from '../households/households.service';
import { MemberEntity } from '../households/member.entity';
import { MembersRepository } from '../households/members.repository';
import { ParametersService, ParametersUsed, ParameterValue } from '../parameters/parameters.service';
import { NotSeekingWorkMarkEntity } from './employment-record.entity';
import { PUBLIC_WELFARE_POST_CHANNEL } from './employment-rules';
import {
  fewerEnterpriseOrPostSql,
  fewerStablyEmployedSql,
  hasLabourSql,
  householdYearSql,
  memberWorkedSql,
  memberYearSql,
  monthsInYearSql,
  notSeekingSql,
  onLabourRegisterSql,
  stablyEmployedSql,
  wagesInYearSql,
} from './employment-year.sql';

/** Stable employment (稳定就业): months in the year (RULES.md §3, unverified) and whether public-welfare posts count. */
export const STABLE_MIN_MONTHS_KEY = 'employment.stable_min_months';
export const STABLE_COUNTS_POSTS_KEY = 'employment.stable_counts_pwp';
/** The plan's targets (RULES.md §10): stably employed members per exited household; enterprise or post workers per relocated household. */
export const EXITED_STABLE_TARGET_KEY = 'target.exited_hh_stable_employment';
export const RELOCATED_TARGET_KEY = 'target.relocated_employment';

/** A member's place on the labour register in a year. */
export enum LabourStatus {
  /** Months of the year at least employment.stable_min_months. */
  STABLY_EMPLOYED = 'STABLY_EMPLOYED',
  /** Worked in the year, fewer months than stable employment. */
  EMPLOYED = 'EMPLOYED',
  /** No work in the year, marked as not seeking work (with the reason). */
  NOT_SEEKING_WORK = 'NOT_SEEKING_WORK',
  /** No work in the year and no mark: the plan's "members with labour and no status". */
  WITHOUT_STATUS = 'WITHOUT_STATUS',
}

/** A member's year by the ledger, beside what the registry records. */
export interface MemberYear {
  months: number;
  wages: string;
  /** null: stable employment is not configured for the year. */
  stablyEmployed: boolean | null;
  status: LabourStatus;
  notSeekingReason: string | null;
  registryMonthsWorked: number | null;
}

/** The stable-employment rule of a year in a region, as parameters; `configured` false: no verdict. */
export interface StableRule {
  minMonths: ParameterValue;
  countsPosts: ParameterValue;
  configured: boolean;
  params: { year: number; stableMinMonths: number; stableCountsPosts: boolean; postChannel: string };
}

export interface EmploymentTargetFigures {
  year: number;
  regionCode: string | null;
  exitedHouseholds: number;
  exitedWithoutStableEmployment: number | null;
  exitedWithoutLabour: number;
  relocatedWithLabour: number;
  relocatedWithoutEnterpriseOrPost: number | null;
  labourMembers: number;
  labourWithoutStatus: number;
  stablyEmployedMembers: number | null;
  parametersUsed: ParameterValue[];
}

type Extend = (qb: SelectQueryBuilder<HouseholdEntity>) => void;

/**
 * The labour register (劳动力台账) and the plan's employment targets, computed from the records:
 * each answer is a figure and the list of the households or members behind it. The register is the
 * registry's current members with labour (ordinary, skilled, weak or half labour), so a member who
 * leaves or dies leaves it. Stable employment is a parameter (employment.stable_min_months, shown
 * with its status); where it is not configured the answers say so and give no verdict.
 */
@Injectable()
export class EmploymentFiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly householdsRepo: HouseholdsRepository,
    private readonly households: HouseholdsService,
    private readonly members: MembersRepository,
    private readonly parameters: ParametersService,
  ) {}

  /** The stable-employment rule in force at the year's end in the region (else the caller's). */
  async stableRule(principal: Principal, year: number, regionCode?: string): Promise<StableRule> {
    const [minMonths, countsPosts] = await this.parameters.valuesAt([STABLE_MIN_MONTHS_KEY, STABLE_COUNTS_POSTS_KEY], yearEnd(year), regionCode ?? principal.regionCode);
    const configured = minMonths.configured && countsPosts.configured;
    return {
      minMonths,
      countsPosts,
      configured,
      params: { year, stableMinMonths: configured ? Number(minMonths.value) : 0, stableCountsPosts: configured ? Boolean(countsPosts.value) : false, postChannel: PUBLIC_WELFARE_POST_CHANNEL },
    };
  }

  /** A rule the answer cannot do without: PARAMETER_NOT_CONFIGURED naming `year` when it is not in force. */
  private async requireStableRule(principal: Principal, year: number, regionCode?: string): Promise<StableRule> {
    const rule = await this.stableRule(principal, year, regionCode);
    const region = regionCode ?? principal.regionCode;
    if (!rule.minMonths.configured) await this.parameters.requireConfigured(STABLE_MIN_MONTHS_KEY, yearEnd(year), region, 'year');
    if (!rule.countsPosts.configured) await this.parameters.requireConfigured(STABLE_COUNTS_POSTS_KEY, yearEnd(year), region, 'year');
    return rule;
  }

  /** The condition of a status on alias `m` (named parameters of the rule): semi and anti joins, no per-member sums. */
  private statusSql(status: LabourStatus): string {
    const worked = memberWorkedSql('m');
    const marked = notSeekingSql('m');
    switch (status) {
      case LabourStatus.STABLY_EMPLOYED:
        return stablyEmployedSql('m');
      case LabourStatus.EMPLOYED:
        return `(${worked} AND NOT ${stablyEmployedSql('m')})`;
      case LabourStatus.NOT_SEEKING_WORK:
        return `(NOT ${worked} AND ${marked})`;
      case LabourStatus.WITHOUT_STATUS:
        return `(NOT ${worked} AND NOT ${marked})`;
    }
  }

  private needsRule(status?: LabourStatus): boolean {
    return status === LabourStatus.STABLY_EMPLOYED || status === LabourStatus.EMPLOYED;
  }

  /** The labour register of the caller's region (or a subtree), by name, with each member's year. */
  async register(
    principal: Principal,
    filter: { year: number; regionCode?: string; status?: LabourStatus; householdId?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<Connection<MemberEntity> & { years: Map<MemberEntity, MemberYear> }> {
    const rule = this.needsRule(filter.status) ? await this.requireStableRule(principal, filter.year, filter.regionCode) : await this.stableRule(principal, filter.year, filter.regionCode);
    const qb = this.members.query(principal, { regionPrefix: filter.regionCode ? subtreePrefix(filter.regionCode) : undefined, householdId: filter.householdId, active: true });
    qb.andWhere(onLabourRegisterSql('m')).setParameters(rule.params);
    if (filter.status) qb.andWhere(this.statusSql(filter.status));
    const page = await paginate(qb, args, { tag: 'name', column: 'm.name', type: 'text', idColumn: 'm.id', key: (m) => [m.name, m.id] }, { withTotalCount });
    const years = await this.yearsOf(page.edges.map((e) => e.node), rule);
    return { ...page, years };
  }

  /** Each member's year by the ledger (one statement for the page). */
  async yearsOf(members: readonly MemberEntity[], rule: StableRule): Promise<Map<MemberEntity, MemberYear>> {
    const out = new Map<MemberEntity, MemberYear>();
    if (!members.length) return out;
    const rows: { id: string; months: number; wages: string; stable: boolean; reason: string | null }[] = await this.dataSource
      .createQueryBuilder()
      .select('m.id', 'id')
      .addSelect(monthsInYearSql('m'), 'months')
      .addSelect(`${wagesInYearSql('m')}::text`, 'wages')
      .addSelect(stablyEmployedSql('m'), 'stable')
      .addSelect('(SELECT k.reason FROM labour_not_seeking_marks k WHERE k.member_id = m.id)', 'reason')
      .from(MemberEntity, 'm')
      .where('m.id = ANY(:ids)', { ids: members.map((m) => m.id) })
      .setParameters(rule.params)
      .getRawMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const m of members) {
      const r = byId.get(m.id)!;
      const months = Number(r.months);
      const stablyEmployed = rule.configured ? r.stable : null;
      const status = months > 0 ? (stablyEmployed ? LabourStatus.STABLY_EMPLOYED : LabourStatus.EMPLOYED) : r.reason !== null ? LabourStatus.NOT_SEEKING_WORK : LabourStatus.WITHOUT_STATUS;
      out.set(m, { months, wages: r.wages, stablyEmployed, status, notSeekingReason: r.reason, registryMonthsWorked: m.monthsWorked });
    }
    return out;
  }

  /** Exited households (on the roll) with fewer stably employed members than the target; `withoutLabour`: those with no member able to work, listed apart. */
  private exitedWithout(rule: StableRule, target: number, withoutLabour: boolean): Extend {
    return (qb) =>
      void qb
        .setParameters({ ...rule.params, targetCount: target })
        .andWhere(`h.status IN ('EXITED', 'EXITED_NO_POLICY')`)
        .andWhere(withoutLabour ? `NOT ${hasLabourSql('h')}` : `${hasLabourSql('h')} AND ${fewerStablyEmployedSql('h', ':targetCount')}`);
  }

  /** Relocated households (on the roll) with labour and fewer members in an enterprise or a post than the target. */
  private relocatedWithout(year: number, target: number): Extend {
    return (qb) =>
      void qb
        .setParameters({ year, targetCount: target, postChannel: PUBLIC_WELFARE_POST_CHANNEL })
        .andWhere('h.relocated')
        .andWhere(`${hasLabourSql('h')} AND ${fewerEnterpriseOrPostSql('h', ':targetCount')}`);
  }

  private async target(key: string, year: number, regionCode: string | undefined, principal: Principal): Promise<ParameterValue> {
    return this.parameters.requireConfigured(key, yearEnd(year), regionCode ?? principal.regionCode, 'year');
  }

  /** The households behind exitedWithoutStableEmployment (or, with `withoutLabour`, exitedWithoutLabour), by household number. */
  async exitedHouseholds(
    principal: Principal,
    filter: { year: number; regionCode?: string; withoutLabour: boolean },
    args: ConnectionArgs,
    withTotalCount: boolean,
    children: HouseholdChildrenWanted,
  ): Promise<Connection<HouseholdEntity> & { children?: Map<HouseholdEntity, HouseholdChildren> }> {
    const rule = filter.withoutLabour ? await this.stableRule(principal, filter.year, filter.regionCode) : await this.requireStableRule(principal, filter.year, filter.regionCode);
    const target = filter.withoutLabour ? 0 : Number((await this.target(EXITED_STABLE_TARGET_KEY, filter.year, filter.regionCode, principal)).value);
    return this.households.list(principal, { regionCode: filter.regionCode, extend: this.exitedWithout(rule, target, filter.withoutLabour) }, args, undefined, withTotalCount, children);
  }

  /** The households behind relocatedWithoutEnterpriseOrPost, by household number. */
  async relocatedHouseholds(
    principal: Principal,
    filter: { year: number; regionCode?: string },
    args: ConnectionArgs,
    withTotalCount: boolean,
    children: HouseholdChildrenWanted,
  ): Promise<Connection<HouseholdEntity> & { children?: Map<HouseholdEntity, HouseholdChildren> }> {
    const target = Number((await this.target(RELOCATED_TARGET_KEY, filter.year, filter.regionCode, principal)).value);
    return this.households.list(principal, { regionCode: filter.regionCode, extend: this.relocatedWithout(filter.year, target) }, args, undefined, withTotalCount, children);
  }

  /**
   * The plan's employment figures of a year in the caller's region (or a subtree), with the
   * parameters used: two statements after the parameters, one over the households in scope joined
   * with each household's year (householdYearSql) and one over the labour register joined with each
   * member's year (memberYearSql), both one grouped pass over the year's records; every figure a
   * FILTER of the same scan.
   */
  async targets(principal: Principal, year: number, regionCode?: string): Promise<EmploymentTargetFigures> {
    const region = regionCode ?? principal.regionCode;
    const used = new ParametersUsed();
    const rule = await this.stableRule(principal, year, regionCode);
    used.add(rule.minMonths);
    used.add(rule.countsPosts);
    const [exitedTarget, relocatedTarget] = (await this.parameters.valuesAt([EXITED_STABLE_TARGET_KEY, RELOCATED_TARGET_KEY], yearEnd(year), region)).map((v) => used.add(v));
    const regionPrefix = regionCode ? subtreePrefix(regionCode) : undefined;
    const exitedOk = rule.configured && exitedTarget.configured;
    const exited = `h.status IN ('EXITED', 'EXITED_NO_POLICY')`;
    const withLabour = 'hy.labour > 0';
    const [h, m] = await Promise.all([
      withSerialPlans(this.dataSource, (manager) => this.householdsRepo
        .query(principal, { regionPrefix }, manager)
        .select(`count(*) FILTER (WHERE ${exited})::int`, 'exited')
        .addSelect(`count(*) FILTER (WHERE ${exited} AND ${withLabour} AND hy.stable < :exitedTarget)::int`, 'exitedWithout')
        .addSelect(`count(*) FILTER (WHERE ${exited} AND NOT COALESCE(${withLabour}, false))::int`, 'exitedWithoutLabour')
        .addSelect(`count(*) FILTER (WHERE h.relocated AND ${withLabour})::int`, 'relocatedWithLabour')
        .addSelect(`count(*) FILTER (WHERE h.relocated AND ${withLabour} AND hy.enterprise_or_post < :relocatedTarget)::int`, 'relocatedWithout')
        .leftJoin(householdYearSql(), 'hy', 'hy.household_id = h.id')
        .setParameters({ ...rule.params, exitedTarget: exitedOk ? Number(exitedTarget.value) : 0, relocatedTarget: relocatedTarget.configured ? Number(relocatedTarget.value) : 0 })
        .getRawOne<{ exited: number; exitedWithout: number; exitedWithoutLabour: number; relocatedWithLabour: number; relocatedWithout: number }>()),
      withSerialPlans(this.dataSource, (manager) => this.members
        .query(principal, { regionPrefix, active: true }, manager)
        .andWhere(onLabourRegisterSql('m'))
        .select('count(*)::int', 'labour')
        .addSelect('count(*) FILTER (WHERE NOT COALESCE(y.worked, false) AND k.member_id IS NULL)::int', 'withoutStatus')
        .addSelect('count(*) FILTER (WHERE y.stable)::int', 'stably')
        .leftJoin(memberYearSql(), 'y', 'y.member_id = m.id')
        .leftJoin(NotSeekingWorkMarkEntity, 'k', 'k.member_id = m.id')
        .setParameters(rule.params)
        .getRawOne<{ labour: number; withoutStatus: number; stably: number }>()),
    ]);
    return {
      year,
      regionCode: regionCode ?? null,
      exitedHouseholds: h!.exited,
      exitedWithoutStableEmployment: exitedOk ? h!.exitedWithout : null,
      exitedWithoutLabour: h!.exitedWithoutLabour,
      relocatedWithLabour: h!.relocatedWithLabour,
      relocatedWithoutEnterpriseOrPost: relocatedTarget.configured ? h!.relocatedWithout : null,
      labourMembers: m!.labour,
      labourWithoutStatus: m!.withoutStatus,
      stablyEmployedMembers: rule.configured ? m!.stably : null,
      parametersUsed: used.list(),
    };
  }
}
