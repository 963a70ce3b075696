import { baseLevelsOf, ownInputFigures } from './own-input';

const LEVELS = ['中央', '省', '市', '区'];

describe('the district own input (funds.district_own_input_base, RULES.md §8)', () => {
  it('reads the base definition as positions of funds.levels', () => {
    expect(baseLevelsOf('central+provincial+municipal', LEVELS)).toEqual(['中央', '省', '市']);
    expect(baseLevelsOf('municipal', LEVELS)).toEqual(['市']);
    expect(baseLevelsOf(' municipal + central ', LEVELS)).toEqual(['中央', '市']);
  });

  it('answers null for a definition it cannot read (not configured, never a guess)', () => {
    expect(baseLevelsOf('', LEVELS)).toBeNull();
    expect(baseLevelsOf('central+county', LEVELS)).toBeNull();
    // The base never includes the district's own level (the last one): a short list cannot place "municipal".
    expect(baseLevelsOf('municipal', ['中央', '省', '区'])).toBeNull();
  });

  it('sums own input and base exactly and compares the ratio with the target', () => {
    const docs = [
      { level: '中央', amount: '1000000.01' },
      { level: '省', amount: '500000.00' },
      { level: '市', amount: '300000.00' },
      { level: '区', amount: '720000.00' },
      { level: '区', amount: '0.01' },
    ];
    expect(ownInputFigures(docs, '区', ['中央', '省', '市'], '0.40')).toEqual({ ownInput: '720000.01', base: '1800000.01', ratio: '0.4000', meetsTarget: true });
    expect(ownInputFigures(docs, '区', ['市'], '0.40')).toEqual({ ownInput: '720000.01', base: '300000.00', ratio: '2.4000', meetsTarget: true });
    expect(ownInputFigures(docs, '区', ['中央', '省', '市'], '0.41')).toMatchObject({ ratio: '0.4000', meetsTarget: false });
    expect(ownInputFigures(docs, '区', ['中央'], null)).toMatchObject({ meetsTarget: null });
    expect(ownInputFigures(docs, '区', null, '0.40')).toEqual({ ownInput: '720000.01', base: null, ratio: null, meetsTarget: null });
    expect(ownInputFigures([], '区', ['市'], '0.40')).toEqual({ ownInput: '0.00', base: '0.00', ratio: null, meetsTarget: null });
  });
});
