import { compareDecimals, ratioOfAmounts } from './money';

describe('ratioOfAmounts', () => {
  it('is part ÷ whole to 4 decimals, half up, exactly', () => {
    expect(ratioOfAmounts('80000.00', '100000.00')).toBe('0.8000');
    expect(ratioOfAmounts('1.00', '3.00')).toBe('0.3333');
    expect(ratioOfAmounts('2.00', '3.00')).toBe('0.6667');
    // 0.00005 exactly: rounds up.
    expect(ratioOfAmounts('0.01', '200.00')).toBe('0.0001');
    expect(ratioOfAmounts('0.01', '200.01')).toBe('0.0000');
    expect(ratioOfAmounts('0', '5')).toBe('0.0000');
    expect(ratioOfAmounts('5', '5')).toBe('1.0000');
    expect(ratioOfAmounts('9999999999.99', '9999999999.99')).toBe('1.0000');
  });
  it('is null of nothing', () => {
    expect(ratioOfAmounts('0', '0.00')).toBeNull();
  });
});

describe('compareDecimals', () => {
  it('compares across scales', () => {
    expect(compareDecimals('0.8000', '0.80')).toBe(0);
    expect(compareDecimals('0.7999', '0.80')).toBe(-1);
    expect(compareDecimals('0.8001', '0.8')).toBe(1);
    expect(compareDecimals('1', '0.99999')).toBe(1);
  });
  it('refuses what is not a decimal', () => {
    expect(() => compareDecimals('-1', '0')).toThrow(RangeError);
    expect(() => compareDecimals('0.8', 'x')).toThrow(RangeError);
  });
});
