/**
 * Money arithmetic of the registry, exact: amounts are Decimal strings ("2952.00"), summed as
 * integer cents in BigInt, never as floats. The national income structure:
 *
 *   转移性收入 transfers   = family planning + 低保 + 特困供养 + pension + ecological + other
 *   年收入 annual income   = wages + production/business + property + transfers
 *   纯收入 net income      = annual income − production costs
 *   人均纯收入 per capita  = net income ÷ household size at the end of the year
 *
 * SQL reports use the same formulas (see INCOME_SQL).
 */

const AMOUNT = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** Decimal string with at most 2 fraction digits → cents. Throws RangeError on anything else. */
export function toCents(amount: string | number | null | undefined): bigint {
  if (amount == null || amount === '') return 0n;
  const text = typeof amount === 'number' ? amount.toFixed(2) : amount.trim();
  const m = AMOUNT.exec(text);
  if (!m) {
    // numeric(12,2) columns come back as "123.40"; anything with more fraction digits is a bug.
    throw new RangeError(`not an amount with at most 2 decimals: ${String(amount)}`);
  }
  const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** Cents → "1234.50" (always two fraction digits). */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** Exact sum of Decimal strings. */
export function sumAmounts(amounts: readonly (string | null | undefined)[]): string {
  return fromCents(amounts.reduce((acc, a) => acc + toCents(a), 0n));
}

/** a − b, exact. */
export function subtractAmounts(a: string, b: string): string {
  return fromCents(toCents(a) - toCents(b));
}

/** Compares two Decimal strings: −1, 0, 1. */
export function compareAmounts(a: string, b: string): number {
  const d = toCents(a) - toCents(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/**
 * amount ÷ divisor rounded to cents, half away from zero (四舍五入). Null when divisor is 0
 * (a household with no member at year end has no per-capita figure).
 */
export function divideAmount(amount: string, divisor: number): string | null {
  if (!Number.isInteger(divisor) || divisor < 0) throw new RangeError('divisor must be a non-negative integer');
  if (divisor === 0) return null;
  const cents = toCents(amount);
  const d = BigInt(divisor);
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return fromCents(negative ? -q : q);
}

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
