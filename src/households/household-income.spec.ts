import { incomeTotals, IncomeComponents, perCapitaNetIncome } from './household-income';
import { compareAmounts, divideAmount, fromCents, sumAmounts, toCents } from '../common/money/money';

const zero: IncomeComponents = {
  wages: '0',
  productionBusiness: '0',
  property: '0',
  assetIncomeDividend: '0',
  transferFamilyPlanning: '0',
  transferLowIncome: '0',
  transferExtremePoverty: '0',
  transferPension: '0',
  transferEcological: '0',
  transferOther: '0',
  productionCosts: '0',
};

describe('household income: exact money arithmetic in cents', () => {
  it('parses and prints amounts exactly', () => {
    expect(toCents('2952.00')).toBe(295200n);
    expect(toCents('0.1')).toBe(10n);
    expect(toCents('-3.05')).toBe(-305n);
    expect(fromCents(-5n)).toBe('-0.05');
    expect(fromCents(123456789012345n)).toBe('1234567890123.45');
    expect(() => toCents('1.234')).toThrow(RangeError);
    expect(() => toCents('abc')).toThrow(RangeError);
  });

  it('sums without float error (0.1 + 0.2 = 0.30)', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(Array(1000).fill('0.01'))).toBe('10.00');
    expect(compareAmounts('2952.01', '2952.00')).toBe(1);
    expect(compareAmounts('2952', '2952.00')).toBe(0);
  });

  it('computes transfers, annual income and net income from the national structure (the dividend is part of property income)', () => {
    const c: IncomeComponents = {
      ...zero,
      wages: '6000.10',
      productionBusiness: '3000.20',
      property: '500.00',
      assetIncomeDividend: '300.00',
      transferFamilyPlanning: '100.00',
      transferLowIncome: '1200.00',
      transferExtremePoverty: '0.05',
      transferPension: '840.00',
      transferEcological: '10.00',
      transferOther: '0.10',
      productionCosts: '1500.30',
    };
    expect(incomeTotals(c)).toEqual({ transfers: '2150.15', annualIncome: '11650.45', netIncome: '10150.15' });
  });

  it('divides net income by the household size with half-up rounding; none for an empty household', () => {
    expect(perCapitaNetIncome({ ...zero, wages: '10000.00' }, 3)).toBe('3333.33');
    expect(perCapitaNetIncome({ ...zero, wages: '10000.01' }, 2)).toBe('5000.01');
    expect(divideAmount('0.05', 2)).toBe('0.03');
    expect(divideAmount('-0.05', 2)).toBe('-0.03');
    expect(perCapitaNetIncome({ ...zero, wages: '100.00' }, 0)).toBeNull();
    expect(perCapitaNetIncome({ ...zero, productionCosts: '900.00' }, 3)).toBe('-300.00');
  });
});
