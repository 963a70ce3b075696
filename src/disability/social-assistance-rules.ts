/**
 * The social-assistance rules that are pure functions of their inputs (RULES.md §7): the roster's
 * categories as a code list, the parameter keys the roster import and the 低保 check read, and the
 * comparisons against them. No literal policy value: minimums and standards come from the
 * parameter store.
 */
import { createHash } from 'node:crypto';
import type { CodeListLike } from '../common/imports/columns';
import { compareAmounts } from '../common/money/money';
import { SocialAssistanceCategory } from './social-assistance.entities';

/** The roster's categories as the import reads them: the name, the code (1–3) or the label. */
export const SOCIAL_ASSISTANCE_CATEGORY_CODES: CodeListLike = {
  values: { DIBAO: 'DIBAO', TEKUN: 'TEKUN', TEMPORARY: 'TEMPORARY' },
  code: { DIBAO: '1', TEKUN: '2', TEMPORARY: '3' },
  label: { DIBAO: '低保', TEKUN: '特困', TEMPORARY: '临时救助' },
};

/** The Henan floor of the rural 低保 standard (元/人/年; RULES.md §7, verified). */
export const DIBAO_RURAL_MIN_KEY = 'assistance.dibao_rural_min';
/** The rural 低保 standard Shangjie applies (元/人/年; RULES.md §7: — until entered). */
export const DIBAO_RURAL_LOCAL_KEY = 'assistance.dibao_rural_local';
/**
 * The Henan floor of a rural 低保 person's monthly subsidy (元/人/月): RULES.md §7 gives it in the
 * note of assistance.dibao_rural_min (`dibao_subsidy_min` ≥154 rural), not as a row of its own, so
 * this module declares it, seeded from that note.
 */
export const DIBAO_SUBSIDY_MIN_KEY = 'disability.dibao_subsidy_min_rural';

/** What a roster row's amounts are checked against, as the parameters in force give them (null: not configured). */
export interface RosterMinimums {
  /** 元/人/月: a 低保 row's monthly amount may not be below it. */
  subsidyMin: string | null;
  /** 元/人/年: a 低保 row's applied standard may not be below it. */
  standardMin: string | null;
}

/** One finding of the amount checks of a roster row. */
export type RosterAmountFinding =
  | { code: 'AMOUNT_BELOW_MINIMUM'; key: 'monthlyAmount'; minimum: string }
  | { code: 'DIBAO_STANDARD_BELOW_MINIMUM'; key: 'dibaoStandard'; minimum: string }
  | { code: 'MINIMUM_NOT_CONFIGURED'; key: 'monthlyAmount' | 'dibaoStandard'; parameter: string };

/**
 * The amount checks of a 低保 row (特困 and temporary assistance rows have no floor here): the
 * monthly amount against the subsidy floor, the applied standard against the standard's floor;
 * a floor not configured is said so (a warning, never a pass).
 */
export function checkRosterAmounts(category: SocialAssistanceCategory, monthlyAmount: string, dibaoStandard: string | null, min: RosterMinimums): RosterAmountFinding[] {
  if (category !== SocialAssistanceCategory.DIBAO) return [];
  const out: RosterAmountFinding[] = [];
  if (min.subsidyMin === null) out.push({ code: 'MINIMUM_NOT_CONFIGURED', key: 'monthlyAmount', parameter: DIBAO_SUBSIDY_MIN_KEY });
  else if (compareAmounts(monthlyAmount, min.subsidyMin) < 0) out.push({ code: 'AMOUNT_BELOW_MINIMUM', key: 'monthlyAmount', minimum: min.subsidyMin });
  if (dibaoStandard !== null) {
    if (min.standardMin === null) out.push({ code: 'MINIMUM_NOT_CONFIGURED', key: 'dibaoStandard', parameter: DIBAO_RURAL_MIN_KEY });
    else if (compareAmounts(dibaoStandard, min.standardMin) < 0) out.push({ code: 'DIBAO_STANDARD_BELOW_MINIMUM', key: 'dibaoStandard', minimum: min.standardMin });
  }
  return out;
}

/** The 低保 standard against the applied poverty line (target.dibao_vs_line: above). */
export type DibaoLineCheck =
  | { status: 'NOT_CONFIGURED'; missing: string[] }
  | { status: 'ABOVE' | 'NOT_ABOVE'; standard: string; line: string };

/** Compares the local rural 低保 standard with the poverty line (both 元/人/年); either missing: NOT_CONFIGURED naming it. */
export function checkDibaoAboveLine(standard: string | null, line: string | null, keys: { standard: string; line: string }): DibaoLineCheck {
  const missing = [...(standard === null ? [keys.standard] : []), ...(line === null ? [keys.line] : [])];
  if (standard === null || line === null) return { status: 'NOT_CONFIGURED', missing };
  return { status: compareAmounts(standard, line) > 0 ? 'ABOVE' : 'NOT_ABOVE', standard, line };
}

/** JSON with the keys of every object sorted: the same facts always give the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 (hex) of the facts behind a case. */
export function factsDigestOf(facts: Record<string, unknown>): string {
  return createHash('sha256').update(stableJson(facts)).digest('hex');
}

/** What a re-run does with a case it finds again (or for the first time). */
export type CaseAction = 'OPEN_NEW' | 'KEEP_RESOLVED' | 'REOPEN' | 'REFRESH_OPEN';

/**
 * A case found by a run: new → opened; resolved with the same facts (digest) → stays resolved;
 * resolved with other facts → reopened (the data behind it changed); open → kept open with the
 * facts refreshed.
 */
export function caseActionOf(existing: { status: 'OPEN' | 'RESOLVED'; factsDigest: string } | undefined, digest: string): CaseAction {
  if (!existing) return 'OPEN_NEW';
  if (existing.status === 'RESOLVED') return existing.factsDigest === digest ? 'KEEP_RESOLVED' : 'REOPEN';
  return 'REFRESH_OPEN';
}
