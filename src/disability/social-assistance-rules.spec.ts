import { caseActionOf, checkDibaoAboveLine, checkRosterAmounts, DIBAO_RURAL_MIN_KEY, DIBAO_SUBSIDY_MIN_KEY, factsDigestOf } from './social-assistance-rules';
import { SocialAssistanceCategory } from './social-assistance.entities';

const { DIBAO, TEKUN, TEMPORARY } = SocialAssistanceCategory;

describe('social-assistance rules (RULES.md §7)', () => {
  const min = { subsidyMin: '154.00', standardMin: '3450.00' };

  it('a 低保 row: the monthly amount against the subsidy floor, the standard applied against the standard floor (equal passes)', () => {
    expect(checkRosterAmounts(DIBAO, '154.00', '3450.00', min)).toEqual([]);
    expect(checkRosterAmounts(DIBAO, '153.99', '3449.99', min)).toEqual([
      { code: 'AMOUNT_BELOW_MINIMUM', key: 'monthlyAmount', minimum: '154.00' },
      { code: 'DIBAO_STANDARD_BELOW_MINIMUM', key: 'dibaoStandard', minimum: '3450.00' },
    ]);
    expect(checkRosterAmounts(DIBAO, '10.00', null, min)).toEqual([{ code: 'AMOUNT_BELOW_MINIMUM', key: 'monthlyAmount', minimum: '154.00' }]);
  });

  it('a floor not configured is said so, never passed; 特困 and temporary rows have no floor here', () => {
    expect(checkRosterAmounts(DIBAO, '1.00', '1.00', { subsidyMin: null, standardMin: null })).toEqual([
      { code: 'MINIMUM_NOT_CONFIGURED', key: 'monthlyAmount', parameter: DIBAO_SUBSIDY_MIN_KEY },
      { code: 'MINIMUM_NOT_CONFIGURED', key: 'dibaoStandard', parameter: DIBAO_RURAL_MIN_KEY },
    ]);
    expect(checkRosterAmounts(TEKUN, '1.00', null, min)).toEqual([]);
    expect(checkRosterAmounts(TEMPORARY, '1.00', null, { subsidyMin: null, standardMin: null })).toEqual([]);
  });

  it('the local 低保 standard against the poverty line: strictly above; either missing is NOT_CONFIGURED naming it', () => {
    const keys = { standard: 'assistance.dibao_rural_local', line: 'registry.poverty_line_national' };
    expect(checkDibaoAboveLine('3700.00', '2995.00', keys)).toEqual({ status: 'ABOVE', standard: '3700.00', line: '2995.00' });
    expect(checkDibaoAboveLine('2995.00', '2995.00', keys)).toEqual({ status: 'NOT_ABOVE', standard: '2995.00', line: '2995.00' });
    expect(checkDibaoAboveLine(null, '2995.00', keys)).toEqual({ status: 'NOT_CONFIGURED', missing: ['assistance.dibao_rural_local'] });
    expect(checkDibaoAboveLine(null, null, keys)).toEqual({ status: 'NOT_CONFIGURED', missing: ['assistance.dibao_rural_local', 'registry.poverty_line_national'] });
  });
});

describe('reconciliation cases: digests and re-runs', () => {
  it('the digest ignores key order and changes with any fact', () => {
    const a = factsDigestOf({ memberId: 'm', entries: [{ id: 'e', version: 1 }] });
    expect(factsDigestOf({ entries: [{ version: 1, id: 'e' }], memberId: 'm' })).toBe(a);
    expect(factsDigestOf({ memberId: 'm', entries: [{ id: 'e', version: 2 }] })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a resolved case stays resolved unless its facts changed; an open one stays open; a new one opens', () => {
    expect(caseActionOf(undefined, 'x')).toBe('OPEN_NEW');
    expect(caseActionOf({ status: 'RESOLVED', factsDigest: 'x' }, 'x')).toBe('KEEP_RESOLVED');
    expect(caseActionOf({ status: 'RESOLVED', factsDigest: 'x' }, 'y')).toBe('REOPEN');
    expect(caseActionOf({ status: 'OPEN', factsDigest: 'x' }, 'y')).toBe('REFRESH_OPEN');
  });
});
