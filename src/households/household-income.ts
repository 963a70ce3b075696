/**
 * The registry's income structure (money arithmetic: common/money/money.ts). The national structure:
 *
 *   转移性收入 transfers   = family planning + 低保 + 特困供养 + pension + ecological + other
 *   年收入 annual income   = wages + production/business + property + transfers
 *   纯收入 net income      = annual income − production costs
 *   人均纯收入 per capita  = net income ÷ household size at the end of the year
 *
 * SQL reports use the same formulas (see INCOME_SQL).
 */

import { divideAmount, fromCents, toCents } from '../common/money/money';

/** The stored components of one year's income (household_incomes). */
export interface IncomeComponents {
  wages: string;
  productionBusiness: string;
  property: string;
  assetIncomeDividend: string;
  transferFamilyPlanning: string;
  transferLowIncome: string;
  transferExtremePoverty: string;
  transferPension: string;
  transferEcological: string;
  transferOther: string;
  productionCosts: string;
}

export const INCOME_COMPONENTS: readonly (keyof IncomeComponents)[] = [
  'wages',
  'productionBusiness',
  'property',
  'assetIncomeDividend',
  'transferFamilyPlanning',
  'transferLowIncome',
  'transferExtremePoverty',
  'transferPension',
  'transferEcological',
  'transferOther',
  'productionCosts',
];

export const TRANSFER_COMPONENTS: readonly (keyof IncomeComponents)[] = [
  'transferFamilyPlanning',
  'transferLowIncome',
  'transferExtremePoverty',
  'transferPension',
  'transferEcological',
  'transferOther',
];

export interface IncomeTotals {
  transfers: string;
  annualIncome: string;
  netIncome: string;
}

/** 转移性收入, 年收入, 纯收入 of one year's components. */
export function incomeTotals(c: IncomeComponents): IncomeTotals {
  const transfers = TRANSFER_COMPONENTS.reduce((acc, k) => acc + toCents(c[k]), 0n);
  // The asset-income dividend is part of property income ("of which"), not added again.
  const annual = toCents(c.wages) + toCents(c.productionBusiness) + toCents(c.property) + transfers;
  const net = annual - toCents(c.productionCosts);
  return { transfers: fromCents(transfers), annualIncome: fromCents(annual), netIncome: fromCents(net) };
}

/** 人均纯收入: net income ÷ the household's size at the end of that year (null when 0). */
export function perCapitaNetIncome(c: IncomeComponents, householdSize: number): string | null {
  return divideAmount(incomeTotals(c).netIncome, householdSize);
}

/** The last day of a year, 'YYYY-12-31': household size is counted as of this date (the kit's dates). */
export { yearEnd } from '../common/dates/local-date';

/**
 * The same formulas in SQL over `household_incomes` aliased `i`, for reports in SQL. Net income
 * is exact in numeric; divide by the year-end size with ROUND(…, 2) (half away from zero, as here).
 */
export const INCOME_SQL = {
  transfers: `(i.transfer_family_planning + i.transfer_low_income + i.transfer_extreme_poverty + i.transfer_pension + i.transfer_ecological + i.transfer_other)`,
  annualIncome: `(i.wages + i.production_business + i.property + i.transfer_family_planning + i.transfer_low_income + i.transfer_extreme_poverty + i.transfer_pension + i.transfer_ecological + i.transfer_other)`,
  netIncome: `(i.wages + i.production_business + i.property + i.transfer_family_planning + i.transfer_low_income + i.transfer_extreme_poverty + i.transfer_pension + i.transfer_ecological + i.transfer_other - i.production_costs)`,
} as const;
