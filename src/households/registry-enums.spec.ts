import { coded, codedList } from './registry-enums';
import { PovertyCause, Sex } from './registry-codes';

describe('coded values', () => {
  it('are one frozen object per value of a list, shared by every row', () => {
    const a = coded(Sex, 'MALE');
    expect(a).toEqual({ value: 'MALE', code: Sex.code.MALE, label: Sex.label.MALE });
    expect(coded(Sex, 'MALE')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(coded(Sex, null)).toBeNull();
    const [first] = codedList(PovertyCause, [Object.keys(PovertyCause.values)[0] as never]);
    expect(codedList(PovertyCause, [first!.value])[0]).toBe(first);
    expect(codedList(PovertyCause, null)).toEqual([]);
  });
});
