import { addDays, yearsBefore } from '../common/dates/local-date';

/**
 * The weighted appraisal score (考核综合得分), pure and exact: three sub-scores of 0–100 with at
 * most two decimals, weighted by supervision.appraisal_weights (RULES.md §9: 日常督查 0.40; 年度核查
 * 0.30; 第三方评估 0.30), summed in integers (no float ever touches a score).
 */

/** The sub-scores, by their field names. */
export type SubScore = 'daily' | 'annual' | 'thirdParty';
export const SUB_SCORES: readonly SubScore[] = ['daily', 'annual', 'thirdParty'];

/** The names the parameter's value gives the sub-scores (its RATIOS map, as RULES.md states them). */
export const SUB_SCORE_PARAMETER_NAMES: Readonly<Record<SubScore, string>> = { daily: '日常督查', annual: '年度核查', thirdParty: '第三方评估' };

/** The input field of each sub-score. */
export const SUB_SCORE_FIELDS: Readonly<Record<SubScore, string>> = { daily: 'dailyScore', annual: 'annualScore', thirdParty: 'thirdPartyScore' };

const SCORE_FORM = /^(\d{1,3})(?:\.(\d+))?$/;
const WEIGHT_FORM = /^(\d+)(?:\.(\d+))?$/;

/** Why a sub-score is refused: not a number, more than two decimals, outside 0–100. */
export type ScoreProblem = 'INVALID' | 'SCALE' | 'RANGE';

/** A sub-score's problem, or null when it is a decimal of 0–100 with at most two decimals. */
export function scoreProblem(text: string): ScoreProblem | null {
  const m = SCORE_FORM.exec(text.trim());
  if (!m) return /^-?\d+(\.\d+)?$/.test(text.trim()) ? 'RANGE' : 'INVALID';
  if ((m[2] ?? '').length > 2) return 'SCALE';
  return toHundredths(text) > 10_000n ? 'RANGE' : null;
}

/** A checked sub-score as a two-decimal string ("85" → "85.00"). */
export function normaliseScore(text: string): string {
  const h = toHundredths(text);
  return `${h / 100n}.${(h % 100n).toString().padStart(2, '0')}`;
}

function toHundredths(text: string): bigint {
  const m = SCORE_FORM.exec(text.trim())!;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0').slice(0, 2));
}

/**
 * The weights of the parameter's value (`{ 日常督查: "0.40", … }`), or null when one is missing or
 * not a non-negative decimal of at most two places: the caller answers PARAMETER_NOT_CONFIGURED.
 */
export function weightsOf(value: unknown): Record<SubScore, string> | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const out = {} as Record<SubScore, string>;
  for (const s of SUB_SCORES) {
    const w = (value as Record<string, unknown>)[SUB_SCORE_PARAMETER_NAMES[s]];
    const text = typeof w === 'number' ? String(w) : w;
    if (typeof text !== 'string') return null;
    const m = WEIGHT_FORM.exec(text.trim());
    if (!m || (m[2] ?? '').length > 2) return null;
    out[s] = text.trim();
  }
  return out;
}

function weightHundredths(text: string): bigint {
  const m = WEIGHT_FORM.exec(text)!;
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Σ weight × sub-score, exact to four decimals ("85.50" × "0.40" + …): scores and weights of two
 * decimals each make a product of four, so nothing is rounded.
 */
export function weightedTotal(scores: Readonly<Record<SubScore, string>>, weights: Readonly<Record<SubScore, string>>): string {
  const tenThousandths = SUB_SCORES.reduce((sum, s) => sum + toHundredths(scores[s]) * weightHundredths(weights[s]), 0n);
  return `${tenThousandths / 10_000n}.${(tenThousandths % 10_000n).toString().padStart(4, '0')}`;
}

/** A four-decimal total as an integer of ten-thousandths (the ranking's key). */
export function totalKeyOf(total: string): number {
  const [whole, frac = ''] = total.split('.');
  return Number(whole) * 10_000 + Number(frac.padEnd(4, '0').slice(0, 4));
}

/**
 * What a unit's grade brings (RULES.md §9, supervision.appraisal_unit_grades, note: "一般 → 约谈, no
 * award; 差 → 限期整改"): the follow-ups to record and whether the unit is excluded from awards.
 * The note is not a parameter value, so the module states it here by the grade's code; a grade the
 * list in force does not hold never reaches this (refused as CODE_NOT_LISTED). Person grades carry
 * no consequence in RULES.md.
 */
export const UNIT_GRADE_CONSEQUENCES: Readonly<Record<string, { followUps: readonly ('ADMONITION_TALK' | 'RECTIFICATION_BY_DEADLINE')[]; awardExcluded: boolean }>> = {
  一般: { followUps: ['ADMONITION_TALK'], awardExcluded: true },
  差: { followUps: ['RECTIFICATION_BY_DEADLINE'], awardExcluded: false },
};

/** The consequences of a unit's grade (none for the others). */
export function consequencesOf(grade: string, unit: boolean): { followUps: readonly ('ADMONITION_TALK' | 'RECTIFICATION_BY_DEADLINE')[]; awardExcluded: boolean } {
  return (unit && UNIT_GRADE_CONSEQUENCES[grade]) || { followUps: [], awardExcluded: false };
}

/**
 * The smallest work team of supervision.work_team (a RULE: "≥3 members; term ≥2 years"): the
 * number the rule's text states for members, or null when it states none (not configured).
 */
export function workTeamMinimumOf(value: unknown): number | null {
  return ruleNumber(value, /(?:≥|>=)\s*(\d+)\s*members?/i);
}

/**
 * The shortest term of supervision.work_team ("term ≥2 years"), in years: the number the rule's
 * text states for the term, or null when it states none (not configured).
 */
export function workTeamMinimumTermOf(value: unknown): number | null {
  return ruleNumber(value, /term\s*(?:≥|>=)\s*(\d+)\s*years?/i);
}

/**
 * Whether a term ended before the shortest term (provisional appointments replaced early, 撤换,
 * show here): true when it ended on or before the day before `years` years after its start, false
 * when it ended later, null while it is open (no end yet) or without a minimum.
 */
export function termEndedShort(startOn: string, endOn: string | null, years: number | null): boolean | null {
  if (years === null || endOn === null) return null;
  return endOn < addDays(yearsBefore(startOn, -years), -1);
}

function ruleNumber(value: unknown, pattern: RegExp): number | null {
  const text = value && typeof value === 'object' ? (value as { text?: unknown }).text : undefined;
  if (typeof text !== 'string') return null;
  const m = pattern.exec(text);
  return m ? Number(m[1]) : null;
}
