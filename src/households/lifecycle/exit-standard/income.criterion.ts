import { IncomeComponents, incomeTotals, perCapitaNetIncome } from '../../household-income';
import { fromCents, toCents } from '../../../common/money/money';
import { CriterionResult, ExitCriterion } from './exit-criterion';

/** The poverty line of a year, yuan per person per year; either may be missing. */
export interface PovertyLineFacts {
  nationalLine: string | null;
  provincialExitLine: string | null;
}

export interface IncomeCriterionInput {
  year: number;
  /** The income recorded for that year (the national structure's components); null when none is. */
  income: IncomeComponents | null;
  /** Members of the household on the reference date (the divisor of per-capita income). */
  householdSize: number;
  line: PovertyLineFacts | null;
}

/**
 * INCOME: per-capita net income of the year above that year's line — the provincial exit line
 * when the district has entered one, else the national line. "Above" is strict, and it is
 * decided exactly in integer cents (net income > line × household size), not on the rounded
 * per-capita figure shown. No income recorded, no line for the year, or no members: fail,
 * with the reason.
 */
export function assessIncome(input: IncomeCriterionInput): CriterionResult {
  const criterion = ExitCriterion.INCOME;
  const fail = (reason: string, facts: Record<string, unknown> = {}) => ({ criterion, passed: false, reason, facts: { year: input.year, ...facts } });
  const provincial = input.line?.provincialExitLine ?? null;
  const national = input.line?.nationalLine ?? null;
  const lineText = provincial ?? national;
  if (lineText == null) return fail(`${input.year} 年扶贫标准（国家线或省定退出线）未录入，无法判断收入是否达标`);
  const lineSource = provincial != null ? 'PROVINCIAL_EXIT_LINE' : 'NATIONAL_LINE';
  const lineName = provincial != null ? '省定退出标准' : '国家扶贫标准';
  const line = toCents(lineText);
  const lineFacts = { line: fromCents(line), lineSource };
  if (!input.income) return fail(`未录入 ${input.year} 年家庭收入，无法判断收入是否达标`, lineFacts);
  if (input.householdSize <= 0) return fail('家庭无在册成员，无法计算人均纯收入', lineFacts);
  const totals = incomeTotals(input.income);
  const perCapita = perCapitaNetIncome(input.income, input.householdSize)!;
  const facts = {
    year: input.year,
    ...lineFacts,
    annualIncome: totals.annualIncome,
    netIncome: totals.netIncome,
    householdSize: input.householdSize,
    perCapitaNetIncome: perCapita,
  };
  const passed = toCents(totals.netIncome) > line * BigInt(input.householdSize);
  const reason = passed
    ? `${input.year} 年人均纯收入 ${perCapita} 元，高于${lineName} ${facts.line} 元`
    : `${input.year} 年人均纯收入 ${perCapita} 元，未超过${lineName} ${facts.line} 元`;
  return { criterion, passed, reason, facts };
}
