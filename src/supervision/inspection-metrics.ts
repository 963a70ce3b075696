import { compareDecimals, ratioOfAmounts } from '../common/money/money';

/**
 * The metrics from inspection samples (issue #20 "Metrics with the records behind them"), as pure
 * arithmetic over the visit counts one grouped statement reads (inspection-visit.repository.ts).
 */

/** The counts of the visits counted in one group (the total, a town, an inspection). */
export interface VisitCounts {
  /** Visits counted. */
  visited: number;
  /** Of them, the identification verified (not NOT_VERIFIED). */
  verified: number;
  /** Of them, registered rightly (CORRECT). */
  correct: number;
  /** Of them, should not be registered (错评). */
  shouldNotBeRegistered: number;
  /** Poor households found not registered (漏评), summed over the visits. */
  missed: number;
  /** Visits that found at least one. */
  missedVisits: number;
  /** Visits of exited households with the exit checked. */
  exitsChecked: number;
  /** Of them, wrong exits (错退). */
  wrongExits: number;
}

/** Which side of its target a metric must be on: at least (accuracy), at most (a rate of errors). */
export type TargetSide = 'AT_LEAST' | 'AT_MOST';

/** The three metrics, each with the parameter of its target and the side it must be on. RULES.md gives none: declared, NOT_CONFIGURED until entered. */
export const INSPECTION_METRICS = {
  identificationAccuracy: { key: 'supervision.identification_accuracy_min', side: 'AT_LEAST' },
  missedRegistrationRate: { key: 'supervision.missed_registration_rate_max', side: 'AT_MOST' },
  wrongExitRate: { key: 'supervision.wrong_exit_rate_max', side: 'AT_MOST' },
} as const satisfies Record<string, { key: string; side: TargetSide }>;

export type InspectionMetricName = keyof typeof INSPECTION_METRICS;

/** One metric: numerator ÷ denominator as an exact 4-decimal ratio (half up; null when the denominator is 0), and the verdict against the target. */
export interface MetricValue {
  numerator: number;
  denominator: number;
  rate: string | null;
  /** Null: no target configured, or nothing counted (no verdict). */
  meetsTarget: boolean | null;
}

/**
 * The numerator and denominator of each metric from the counts:
 * - identification accuracy (识别准确率) = CORRECT ÷ verified visits;
 * - missed-registration rate (漏评率) = missed households ÷ (verified visits + missed households):
 *   of the poor households the inspection saw (the registered ones checked and the missed ones
 *   found), the share not registered;
 * - wrong-exit rate (错退率) = wrong exits ÷ exits checked.
 */
export function metricParts(c: VisitCounts): Record<InspectionMetricName, { numerator: number; denominator: number }> {
  return {
    identificationAccuracy: { numerator: c.correct, denominator: c.verified },
    missedRegistrationRate: { numerator: c.missed, denominator: c.verified + c.missed },
    wrongExitRate: { numerator: c.wrongExits, denominator: c.exitsChecked },
  };
}

/** A metric with its verdict: `target` the configured ratio (a decimal string) or null (not configured: no verdict). */
export function metricValue(numerator: number, denominator: number, target: string | null, side: TargetSide): MetricValue {
  const rate = ratioOfAmounts(String(numerator), String(denominator));
  if (rate === null || target === null) return { numerator, denominator, rate, meetsTarget: null };
  const cmp = compareDecimals(rate, target);
  return { numerator, denominator, rate, meetsTarget: side === 'AT_LEAST' ? cmp >= 0 : cmp <= 0 };
}
