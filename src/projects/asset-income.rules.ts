import { yearEnd } from '../common/dates/local-date';
import { compareDecimals, ratioOfAmounts } from '../common/money/money';
import { ParameterValue } from '../parameters/parameters.service';
import { AssetKind } from './asset.entity';

/**
 * The rules of assets' yearly incomes (扶贫资产收益), each in one place: the PV share (used by the
 * income's `pvShare` field and by pvIncomeShares) and the SQL of the two asset lists of a year.
 */

/** RULES.md §3: the least share of a village PV station's income paid as public-welfare post wages. */
export const PV_INCOME_TO_PWP_MIN_KEY = 'employment.pv_income_to_pwp_min';

/**
 * The PV share of a year's income: toPublicWelfarePosts ÷ income, 4 decimals, exact (integer
 * arithmetic, half up). Null for an asset that is not a PV station and when the income is 0.
 */
export function pvShareOf(kind: AssetKind, income: { income: string; toPublicWelfarePosts: string }): string | null {
  return kind === AssetKind.PV_STATION ? ratioOfAmounts(income.toPublicWelfarePosts, income.income) : null;
}

/** Whether the share reaches the minimum; null (no verdict) without a share or when the minimum is not configured. */
export function pvShareMeetsMinimum(share: string | null, minimum: ParameterValue): boolean | null {
  if (share === null || !minimum.configured) return null;
  return compareDecimals(share, String(minimum.value)) >= 0;
}

/** The parameters of the SQL below for a year (`:incomeYear`, `:incomeYearEnd`). */
export function incomeYearParams(year: number): { incomeYear: number; incomeYearEnd: string } {
  return { incomeYear: year, incomeYearEnd: yearEnd(year) };
}

/** The asset (alias `a`) has an income row for the year. */
export const ASSET_INCOME_RECORDED_IN_YEAR = `EXISTS (SELECT 1 FROM project_asset_incomes ai WHERE ai.asset_id = a.id AND ai.year = :incomeYear)`;

/**
 * The asset (alias `a`) was handed over by the end of the year and earned nothing in it: no
 * income row for the year, or one of 0 ("assets keep earning", §19).
 */
export const ASSET_WITHOUT_INCOME_IN_YEAR = `(a.handed_over_on IS NOT NULL AND a.handed_over_on <= CAST(:incomeYearEnd AS date)
  AND NOT EXISTS (SELECT 1 FROM project_asset_incomes ai WHERE ai.asset_id = a.id AND ai.year = :incomeYear AND ai.income > 0))`;
