import { ageOn, yearsBefore } from '../common/dates/local-date';
import { makeCitizenId } from '../common/identity-number/citizen-id';
import { checkHousehold, checkHouseholdMembers, checkIncome, checkMember, warningsOf } from './registry-validation';
import { INCOME_COMPONENTS } from './household-income';

const TODAY = '2018-06-30';
const id = (birth: string, sex: 'MALE' | 'FEMALE', seq = 123) => makeCitizenId('410106', birth, seq, sex);
const reasons = (problems: { reason: string }[]) => problems.map((p) => p.reason);
const adult = { relation: 'HEAD' as const, educationLevel: 'PRIMARY' as const };

describe('registry validation: member rules', () => {
  it('accepts a valid resident ID, normalises lower-case x and derives sex and birth date', () => {
    // 11010519491231002X is the GB 11643 standard's own example (female, 1949-12-31).
    const r = checkMember({ ...adult, idNumber: '11010519491231002x' }, 'input.members.0', TODAY);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ idNumber: '11010519491231002X', sex: 'FEMALE', birthDate: '1949-12-31' });
  });

  it('refuses 15-digit, malformed, wrong-checksum and future-born ID numbers with the field path', () => {
    const cases: [string, string][] = [
      ['410106800101123', 'CITIZEN_ID_15_DIGIT'],
      ['41010619800101', 'CITIZEN_ID_LENGTH'],
      ['4101061980010112X3', 'CITIZEN_ID_FORMAT'],
      [id('1980-01-01', 'MALE').slice(0, 17) + (id('1980-01-01', 'MALE').endsWith('1') ? '2' : '1'), 'CITIZEN_ID_CHECKSUM'],
      [id('2018-07-01', 'MALE'), 'CITIZEN_ID_BIRTH_DATE'],
    ];
    for (const [value, reason] of cases) {
      const r = checkMember({ ...adult, idNumber: value }, 'input.members.2', TODAY);
      expect(r.problems).toEqual([expect.objectContaining({ field: 'input.members.2.idNumber', reason })]);
    }
  });

  it('refuses a sex or birth date that contradicts the ID number', () => {
    const r = checkMember({ ...adult, idNumber: id('1980-05-06', 'MALE'), sex: 'FEMALE', birthDate: '1980-05-07' }, 'input', TODAY);
    expect(r.problems.map((p) => [p.field, p.reason])).toEqual([
      ['input.sex', 'SEX_CONTRADICTS_ID_NUMBER'],
      ['input.birthDate', 'BIRTH_DATE_CONTRADICTS_ID_NUMBER'],
    ]);
    expect(checkMember({ ...adult, idNumber: id('1980-05-06', 'MALE'), sex: 'MALE', birthDate: '1980-05-06' }, 'input', TODAY).problems).toEqual([]);
  });

  it('needs sex and birth date with another document type', () => {
    const r = checkMember({ ...adult, idType: 'DISABILITY_CERTIFICATE', idNumber: '41010619800101123X41' }, 'input', TODAY);
    expect(reasons(r.problems)).toEqual(['SEX_REQUIRED', 'BIRTH_DATE_REQUIRED']);
  });

  it('keeps months worked within 0–12, a disability grade 1–4 only with DISABLED, and HEALTHY alone', () => {
    const base = { ...adult, idNumber: id('1980-05-06', 'MALE') };
    expect(reasons(checkMember({ ...base, monthsWorked: 13 }, 'input', TODAY).problems)).toEqual(['MONTHS_WORKED_RANGE']);
    expect(reasons(checkMember({ ...base, monthsWorked: -1 }, 'input', TODAY).problems)).toEqual(['MONTHS_WORKED_RANGE']);
    expect(checkMember({ ...base, monthsWorked: 12 }, 'input', TODAY).problems).toEqual([]);
    expect(reasons(checkMember({ ...base, disabilityGrade: 2 }, 'input', TODAY).problems)).toEqual(['DISABILITY_GRADE_WITHOUT_DISABILITY']);
    expect(reasons(checkMember({ ...base, health: ['DISABLED'], disabilityGrade: 5 }, 'input', TODAY).problems)).toEqual(['DISABILITY_GRADE_RANGE']);
    expect(checkMember({ ...base, health: ['DISABLED', 'CHRONIC_ILLNESS'], disabilityGrade: 1, disabilityType: 'PHYSICAL' }, 'input', TODAY).problems).toEqual([]);
    expect(reasons(checkMember({ ...base, health: ['HEALTHY', 'CHRONIC_ILLNESS'] }, 'input', TODAY).problems)).toEqual(['HEALTHY_WITH_CONDITION']);
    expect(reasons(checkMember({ ...base, disabilityType: 'VISUAL' }, 'input', TODAY).problems)).toEqual(['DISABILITY_TYPE_WITHOUT_DISABILITY']);
  });

  it('a school-age member (6–15) has exactly one of education level and schooling status', () => {
    const child = { relation: 'SON' as const, idNumber: id('2006-03-01', 'MALE') }; // 12 on TODAY
    expect(reasons(checkMember(child, 'input.members.1', TODAY).problems)).toEqual(['SCHOOL_AGE_EDUCATION_OR_SCHOOLING']);
    expect(reasons(checkMember({ ...child, educationLevel: 'PRIMARY', schoolingStatus: 'GRADE_7' }, 'm', TODAY).problems)).toEqual([
      'SCHOOL_AGE_EDUCATION_OR_SCHOOLING',
    ]);
    expect(checkMember({ ...child, schoolingStatus: 'GRADE_7' }, 'm', TODAY).problems).toEqual([]);
    expect(checkMember({ ...child, educationLevel: 'PRIMARY' }, 'm', TODAY).problems).toEqual([]);
    // 16 and 5 are outside the rule.
    expect(checkMember({ relation: 'SON', idNumber: id('2002-06-01', 'MALE') }, 'm', TODAY).problems).toEqual([]);
    expect(checkMember({ relation: 'SON', idNumber: id('2013-01-01', 'MALE') }, 'm', TODAY).problems).toEqual([]);
  });
});

describe('registry validation: household rules', () => {
  it('exactly one head: none or two are refused, naming the second head', () => {
    expect(reasons(checkHouseholdMembers([{ relation: 'SPOUSE', sex: 'FEMALE', path: 'input.members.0' }], 'input.members'))).toEqual(['NO_HEAD']);
    const two = checkHouseholdMembers(
      [
        { relation: 'HEAD', sex: 'MALE', path: 'input.members.0' },
        { relation: 'SON', sex: 'MALE', path: 'input.members.1' },
        { relation: 'HEAD', sex: 'MALE', path: 'input.members.2' },
      ],
      'input.members',
    );
    expect(two).toEqual([expect.objectContaining({ field: 'input.members.2.relation', reason: 'MORE_THAN_ONE_HEAD' })]);
  });

  it('head and spouse of the same sex are refused; one ID number appears once', () => {
    const same = checkHouseholdMembers(
      [
        { relation: 'HEAD', sex: 'FEMALE', path: 'input.members.0' },
        { relation: 'SPOUSE', sex: 'FEMALE', path: 'input.members.1' },
      ],
      'input.members',
    );
    expect(same).toEqual([expect.objectContaining({ field: 'input.members.1.relation', reason: 'HEAD_SPOUSE_SAME_SEX' })]);
    const dup = checkHouseholdMembers(
      [
        { relation: 'HEAD', sex: 'MALE', idNumber: 'A', path: 'input.members.0' },
        { relation: 'SON', sex: 'MALE', idNumber: 'A', path: 'input.members.1' },
      ],
      'input.members',
    );
    expect(dup).toEqual([expect.objectContaining({ field: 'input.members.1.idNumber', reason: 'DUPLICATE_ID_NUMBER' })]);
  });

  it('at most two other causes, none repeating the primary', () => {
    expect(reasons(checkHousehold({ primaryCause: 'ILLNESS', otherCauses: ['DISABILITY', 'SCHOOLING', 'DISASTER'] }, 'input', TODAY))).toEqual([
      'TOO_MANY_OTHER_CAUSES',
    ]);
    expect(reasons(checkHousehold({ primaryCause: 'ILLNESS', otherCauses: ['ILLNESS'] }, 'input', TODAY))).toEqual(['OTHER_CAUSE_REPEATS_PRIMARY']);
    expect(reasons(checkHousehold({ primaryCause: 'ILLNESS', otherCauses: ['DISABILITY', 'DISABILITY'] }, 'input', TODAY))).toEqual(['OTHER_CAUSE_REPEATED']);
    expect(checkHousehold({ primaryCause: 'ILLNESS', otherCauses: ['DISABILITY', 'SCHOOLING'] }, 'input', TODAY)).toEqual([]);
  });

  it('relocation details only for a relocated household; a dilapidation grade only for dilapidated housing', () => {
    expect(reasons(checkHousehold({ relocationScope: 'SINGLE_HOUSEHOLD' }, 'input', TODAY))).toEqual(['RELOCATION_DETAILS_WITHOUT_RELOCATION']);
    expect(checkHousehold({ relocated: true, relocationScope: 'SINGLE_HOUSEHOLD', resettlementMode: 'CONCENTRATED' }, 'input', TODAY)).toEqual([]);
    expect(reasons(checkHousehold({ dilapidatedHousing: false, dilapidationGrade: 'D' }, 'input', TODAY))).toEqual(['DILAPIDATION_GRADE_WITHOUT_DILAPIDATED_HOUSING']);
    expect(checkHousehold({ dilapidatedHousing: true, dilapidationGrade: 'C' }, 'input', TODAY)).toEqual([]);
    expect(reasons(checkHousehold({ yearRegistered: 2019 }, 'input', TODAY))).toEqual(['YEAR_REGISTERED_RANGE']);
  });

  it('income components: non-negative amounts with two decimals; the dividend within property income', () => {
    const ok = { wages: '100.5', property: '50', assetIncomeDividend: '50.00' };
    expect(checkIncome(ok, 'input', INCOME_COMPONENTS)).toEqual([]);
    expect(checkIncome({ wages: '-1' }, 'input', INCOME_COMPONENTS)).toEqual([expect.objectContaining({ field: 'input.wages', reason: 'AMOUNT_FORMAT' })]);
    expect(checkIncome({ wages: '1.005' }, 'input', INCOME_COMPONENTS)).toEqual([expect.objectContaining({ reason: 'AMOUNT_FORMAT' })]);
    expect(checkIncome({ wages: '12345678901' }, 'input', INCOME_COMPONENTS)).toEqual([expect.objectContaining({ reason: 'AMOUNT_TOO_LARGE' })]);
    expect(checkIncome({ property: '10', assetIncomeDividend: '10.01' }, 'input', INCOME_COMPONENTS)).toEqual([
      expect.objectContaining({ field: 'input.assetIncomeDividend', reason: 'DIVIDEND_EXCEEDS_PROPERTY_INCOME' }),
    ]);
  });
});

describe('registry validation: warnings and dates', () => {
  it('warns on cause ILLNESS with every member healthy, and LOW_INCOME_POOR with nobody on 低保', () => {
    const healthy = { health: ['HEALTHY' as const], lowIncomeSupport: false };
    expect(warningsOf({ primaryCause: 'ILLNESS', attribute: 'GENERAL_POOR' }, [healthy, healthy])).toEqual(['ILLNESS_CAUSE_ALL_HEALTHY']);
    expect(warningsOf({ primaryCause: 'ILLNESS', attribute: 'GENERAL_POOR' }, [healthy, { ...healthy, health: ['SERIOUS_ILLNESS'] }])).toEqual([]);
    expect(warningsOf({ primaryCause: 'LACK_OF_FUNDS', attribute: 'LOW_INCOME_POOR' }, [healthy])).toEqual(['LOW_INCOME_POOR_WITHOUT_LOW_INCOME_MEMBER']);
    expect(warningsOf({ primaryCause: 'LACK_OF_FUNDS', attribute: 'LOW_INCOME_POOR' }, [{ ...healthy, lowIncomeSupport: true }])).toEqual([]);
  });

  it('counts ages in full years and steps back over 29 February', () => {
    expect(ageOn('2006-06-30', '2018-06-30')).toBe(12);
    expect(ageOn('2006-07-01', '2018-06-30')).toBe(11);
    expect(yearsBefore('2018-06-30', 60)).toBe('1958-06-30');
    expect(yearsBefore('2000-02-29', 1)).toBe('1999-02-28');
  });
});
