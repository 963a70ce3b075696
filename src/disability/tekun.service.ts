import { Injectable } from "@nestjs/common";
import { Principal } from "../common/access/principal";
import { inRegionScope } from "../common/access/region-scope";
import {
  ageOn,
  minDate,
  todayInChina,
  yearEnd,
} from "../common/dates/local-date";
import { fromCents, toCents } from "../common/money/money";
import { Connection, ConnectionArgs } from "../common/pagination/connection";
import { subtreePrefix } from "../common/region/region-code";
import { MemberEntity } from "../households/member.entity";
import {
  ParametersService,
  ParametersUsed,
  ParameterValue,
} from "../parameters/parameters.service";
import { DisabilityErrors } from "./disability.errors";
import { DIBAO_RURAL_LOCAL_KEY } from "./social-assistance-rules";
import { TekunRepository, TekunSqlInput } from "./tekun.repository";
import {
  checkTekunSupport,
  noLabourRulesOf,
  ratioText,
  TEKUN_NO_INCOME_MAX_KEY,
  TEKUN_NO_LABOUR_KEY,
  TEKUN_SUPPORT_MIN_KEY,
  TekunCriterion,
  tekunCriteria,
  TekunSupportCheck,
  TekunVerdict,
  tekunVerdict,
} from "./tekun-rules";

/** A member's 特困 eligibility in a year, with the criteria, the roster and the support. */
export interface TekunEligibilityRow {
  member: MemberEntity;
  year: number;
  asOf: string;
  verdict: TekunVerdict;
  criteria: (TekunCriterion & { parametersUsed: ParameterValue[] })[];
  onTekunRoster: boolean;
  /** For members on the 特困 roster: the entries covering the day, their monthly support, the check. */
  support:
    | (TekunSupportCheck & {
        rosterEntryIds: string[];
        monthlyAmount: string;
        parametersUsed: ParameterValue[];
      })
    | null;
}

const YEAR = { min: 2010, max: 2100 };

/**
 * 特困 eligibility (特困人员, RULES.md §7): per registry member in scope and year, no labour (age and
 * disability per assistance.tekun_no_labour), no income (the module's declared ceiling
 * disability.tekun_no_income_max), no able supporter in the household; whether the member is on the
 * 特困 roster (by blind index, as the reconciliation matches), and their support against
 * assistance.tekun_support_min × assistance.dibao_rural_local. Parameters as of the year's last day
 * (today for the current year) in the region asked.
 */
@Injectable()
export class TekunService {
  constructor(
    private readonly repo: TekunRepository,
    private readonly parameters: ParametersService,
  ) {}

  async eligibility(
    principal: Principal,
    filter: { year: number; regionCode?: string; verdict?: TekunVerdict },
    args: ConnectionArgs,
    withTotalCount: boolean,
  ): Promise<
    Connection<TekunEligibilityRow> & { parametersUsed: ParameterValue[] }
  > {
    if (
      !Number.isInteger(filter.year) ||
      filter.year < YEAR.min ||
      filter.year > YEAR.max
    )
      throw DisabilityErrors.invalidValue(
        "year",
        "年份应在 2010–2100 之间 (a year 2010–2100)",
      );
    const today = todayInChina();
    if (`${filter.year}-01-01` > today)
      throw DisabilityErrors.invalidPeriod(
        "year",
        "年份不能晚于今年 (not after this year)",
      );
    const regionCode = filter.regionCode ?? principal.regionCode;
    if (!inRegionScope(principal, regionCode))
      throw DisabilityErrors.invalidValue(
        "regionCode",
        "不在管辖范围内 (outside your region)",
      );
    const asOf = minDate(yearEnd(filter.year), today);
    const used = new ParametersUsed();
    const [noLabour, incomeMax, ratio, standard] = (
      await this.parameters.valuesAt(
        [
          TEKUN_NO_LABOUR_KEY,
          TEKUN_NO_INCOME_MAX_KEY,
          TEKUN_SUPPORT_MIN_KEY,
          DIBAO_RURAL_LOCAL_KEY,
        ],
        asOf,
        regionCode,
      )
    ).map((v) => used.add(v));
    const rules = noLabour.configured ? noLabourRulesOf(noLabour.value) : null;
    if (noLabour.configured && !rules)
      throw DisabilityErrors.tekunRuleUnreadable(TEKUN_NO_LABOUR_KEY, "year");
    const ratioValue = ratio.configured ? ratioText(ratio.value) : null;
    if (ratio.configured && ratioValue === null)
      throw DisabilityErrors.tekunRuleUnreadable(TEKUN_SUPPORT_MIN_KEY, "year");
    const incomeMaxValue = incomeMax.configured
      ? fromCents(toCents(String(incomeMax.value)))
      : null;
    const standardValue = standard.configured
      ? fromCents(toCents(String(standard.value)))
      : null;
    const input: TekunSqlInput = {
      asOf,
      year: filter.year,
      rules,
      incomeMax: incomeMaxValue,
    };

    const page = await this.repo.page(
      principal,
      {
        regionPrefix: filter.regionCode
          ? subtreePrefix(filter.regionCode)
          : undefined,
        verdict: filter.verdict,
      },
      input,
      args,
      withTotalCount,
    );
    const facts = await this.repo.facts(
      page.edges.map((e) => e.node.id),
      input,
    );
    const byKey = new Map(
      [noLabour, incomeMax, ratio, standard].map((v) => [v.key, v]),
    );
    return {
      ...page,
      edges: page.edges.map((e) => {
        const f = facts.get(e.node.id)!;
        const criteria = tekunCriteria(
          { ...f, age: ageOn(f.birthDate, asOf) },
          rules,
          incomeMaxValue,
        ).map((c) => ({
          ...c,
          parametersUsed: c.parameters.map((k) => byKey.get(k)!),
        }));
        const monthly = fromCents(
          f.tekunEntries.reduce((acc, x) => acc + toCents(x.monthlyAmount), 0n),
        );
        const support = f.onTekunRoster
          ? {
              ...checkTekunSupport(monthly, ratioValue, standardValue, {
                ratio: TEKUN_SUPPORT_MIN_KEY,
                standard: DIBAO_RURAL_LOCAL_KEY,
              }),
              rosterEntryIds: f.tekunEntries.map((x) => x.id),
              monthlyAmount: monthly,
              parametersUsed: [ratio, standard],
            }
          : null;
        return {
          cursor: e.cursor,
          node: {
            member: e.node,
            year: filter.year,
            asOf,
            verdict: tekunVerdict(criteria),
            criteria,
            onTekunRoster: f.onTekunRoster,
            support,
          },
        };
      }),
      parametersUsed: used.list(),
    };
  }
}
