import { sumAmounts, toCents } from '../common/money/money';

/** The sum of a project's funding lines (筹资方式), exact. */
export function fundingTotalOf(lines: readonly { amount: string }[]): string {
  return sumAmounts(lines.map((l) => l.amount));
}

/** Whether the funding lines add up to the budget total exactly (shown on the project; an import warns when not). */
export function fundingMatchesBudget(budgetTotal: string, lines: readonly { amount: string }[]): boolean {
  return toCents(fundingTotalOf(lines)) === toCents(budgetTotal);
}
