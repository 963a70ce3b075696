import { makeCitizenId } from '../common/identity-number/citizen-id';
import { amountKeyOf, categoryDigit, categoryName, checkCertificateNumber, livingScopeOf, monthBounds, nursingRuleOf } from './disability-rules';
import { DisabilitySubsidyKind } from './disability.entities';

describe('disability rules', () => {
  const id = makeCitizenId('410106', '1970-05-06', 123, 'MALE');

  it('reads the categories of the registry code list: name and digit', () => {
    expect([categoryName('VISUAL'), categoryDigit('VISUAL'), categoryName('MULTIPLE'), categoryDigit('MULTIPLE')]).toEqual(['视力', '1', '多重', '7']);
  });

  it('checks the form of a second-generation certificate number', () => {
    expect(checkCertificateNumber(`${id}42`, 'PHYSICAL', 2)).toEqual({ ok: true, idNumber: id });
    expect(checkCertificateNumber(`${id}4`, 'PHYSICAL', 2)).toEqual({ ok: false, problem: 'FORM' });
    expect(checkCertificateNumber(`${id}45`, 'PHYSICAL', 2)).toEqual({ ok: false, problem: 'FORM' });
    expect(checkCertificateNumber(`${id}82`, 'PHYSICAL', 2)).toEqual({ ok: false, problem: 'FORM' });
    expect(checkCertificateNumber(`${id}32`, 'PHYSICAL', 2)).toEqual({ ok: false, problem: 'CATEGORY', digit: '4' });
    expect(checkCertificateNumber(`${id}41`, 'PHYSICAL', 2)).toEqual({ ok: false, problem: 'GRADE' });
    const badCheck = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}42`;
    expect(checkCertificateNumber(badCheck, 'PHYSICAL', 2)).toMatchObject({ ok: false, problem: 'ID' });
  });

  it('bounds months', () => {
    expect(monthBounds('2018-02')).toEqual({ start: '2018-02-01', end: '2018-02-28' });
    expect(monthBounds('2020-02')).toEqual({ start: '2020-02-01', end: '2020-02-29' });
    expect(monthBounds('2018-12')).toEqual({ start: '2018-12-01', end: '2018-12-31' });
  });

  it('names the amount parameter of a subsidy and grade (the declared extension amount for grades 3–4)', () => {
    expect([1, 2, 3, 4].map((g) => amountKeyOf(DisabilitySubsidyKind.NURSING, g))).toEqual(['disability.amount.nursing_grade1', 'disability.amount.nursing_grade2', 'disability.amount.nursing_extension', 'disability.amount.nursing_extension']);
    expect(amountKeyOf(DisabilitySubsidyKind.LIVING, 4)).toBe('disability.amount.living');
  });

  it('reads the eligibility rules from their texts', () => {
    expect(livingScopeOf({ text: 'holder personally on 低保' })).toBe('PERSON');
    expect(livingScopeOf({ text: '低保 family' })).toBe('FAMILY');
    expect(livingScopeOf({ text: 'something else' })).toBeNull();
    expect(nursingRuleOf({ text: 'grade 1–2 + long-term care need' })).toEqual({ maxGrade: 2, needsLongTermCare: true });
    expect(nursingRuleOf({ text: 'grade 1-1' })).toEqual({ maxGrade: 1, needsLongTermCare: false });
    expect(nursingRuleOf({ text: 'severe' })).toBeNull();
    expect(nursingRuleOf(null)).toBeNull();
  });
});
