import { compareDecimals, fromCents, ratioOfAmounts, toCents } from '../common/money/money';

/** The parameters of the district's own input (RULES.md §8, seed §19). */
export const OWN_INPUT_MIN_RATIO_KEY = 'funds.district_own_input_min_ratio';
export const OWN_INPUT_BASE_KEY = 'funds.district_own_input_base';

/**
 * The terms of funds.district_own_input_base ("central+provincial+municipal", or "municipal" per
 * Zhengzhou's rule), each naming a position of funds.levels from the top (中央; 省; 市; 区 in 2018);
 * the district's own input is the last level of the list.
 */
export const BASE_TERMS = ['central', 'provincial', 'municipal'] as const;

/**
 * The levels a base definition names, in funds.levels' order; null when the definition is empty,
 * names a term not in BASE_TERMS, or a position the list does not have (the answer then says the
 * base is not configured, never a guess).
 */
export function baseLevelsOf(definition: string, levels: readonly string[]): string[] | null {
  const terms = definition
    .split('+')
    .map((t) => t.trim())
    .filter(Boolean);
  if (!terms.length) return null;
  const positions = new Set<number>();
  for (const t of terms) {
    const i = (BASE_TERMS as readonly string[]).indexOf(t);
    if (i < 0 || i >= levels.length - 1) return null;
    positions.add(i);
  }
  return [...positions].sort((a, b) => a - b).map((i) => levels[i]);
}

export interface OwnInputFigures {
  ownInput: string | null;
  base: string | null;
  ratio: string | null;
  meetsTarget: boolean | null;
}

/**
 * own input ÷ base from the documents at the top of their chains (each sum exact, in fen): own =
 * the documents of `ownLevel`, base = those of `baseLevels`; the ratio with 4 decimals (null
 * without a base or a base of 0); meetsTarget = ratio ≥ target (null when either is missing).
 */
export function ownInputFigures(
  documents: readonly { level: string; amount: string }[],
  ownLevel: string | null,
  baseLevels: readonly string[] | null,
  target: string | null,
): OwnInputFigures {
  const sum = (levels: readonly string[]) => fromCents(documents.filter((d) => levels.includes(d.level)).reduce((s, d) => s + toCents(d.amount), 0n));
  const ownInput = ownLevel === null ? null : sum([ownLevel]);
  const base = baseLevels === null ? null : sum(baseLevels);
  const ratio = ownInput === null || base === null ? null : ratioOfAmounts(ownInput, base);
  const meetsTarget = ratio === null || target === null ? null : compareDecimals(ratio, target) >= 0;
  return { ownInput, base, ratio, meetsTarget };
}
