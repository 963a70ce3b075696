import { ParameterStatus, ParameterType } from '../parameters/parameter-types';
import type { ParameterValue } from '../parameters/parameters.service';
import { dueForTerm, termStartsOn } from './aid.service';
import { AidProgramme, dueProgrammes, overlappingTerms, schoolingStatusOf, SchoolStage, SchoolTerm, stageAges, STAGE_GRADES, termsOverlap } from './education-rules';

const amount = (value: string | null, type: ParameterType | null = ParameterType.AMOUNT): ParameterValue => ({
  key: 'k', asOf: '2018-09-01', regionCode: '410106100201', configured: value !== null, id: null, type, value, unit: '元/生/年', effectiveFrom: null, effectiveTo: null,
  scopeCode: null, source: null, status: value === null ? ParameterStatus.NOT_CONFIGURED : ParameterStatus.VERIFIED, note: null, stated: null,
});

describe('education rules', () => {
  it('maps a stage and grade to the registry’s schooling status, within the stage’s grades', () => {
    expect(schoolingStatusOf(SchoolStage.PRIMARY, 6)).toBe('PRIMARY');
    expect(schoolingStatusOf(SchoolStage.JUNIOR, 2)).toBe('GRADE_8');
    expect(schoolingStatusOf(SchoolStage.SECONDARY_VOCATIONAL, 3)).toBe('VOCATIONAL_SECONDARY_3');
    expect(schoolingStatusOf(SchoolStage.DOCTOR, 1)).toBe('TERTIARY');
    expect(STAGE_GRADES[SchoolStage.JUNIOR]).toHaveLength(3);
  });

  it('the whole year overlaps both terms; two terms do not overlap each other', () => {
    expect(termsOverlap(SchoolTerm.AUTUMN, SchoolTerm.SPRING)).toBe(false);
    expect(termsOverlap(SchoolTerm.WHOLE_YEAR, SchoolTerm.SPRING)).toBe(true);
    expect(overlappingTerms(SchoolTerm.AUTUMN).sort()).toEqual([SchoolTerm.AUTUMN, SchoolTerm.WHOLE_YEAR]);
    expect(overlappingTerms(SchoolTerm.WHOLE_YEAR)).toHaveLength(3);
  });

  it('a stage is due its programmes, never the loan', () => {
    expect(dueProgrammes(SchoolStage.PRESCHOOL)).toEqual([AidProgramme.PRESCHOOL_FEE_WAIVER, AidProgramme.PRESCHOOL_LIVING]);
    expect(dueProgrammes(SchoolStage.HIGHER_VOCATIONAL)).toEqual([AidProgramme.COLLEGE_GRANT, AidProgramme.YULU_PLAN]);
    expect(dueProgrammes(SchoolStage.BACHELOR)).toEqual([AidProgramme.UNIVERSITY_GRANT]);
  });

  it('the due amount: the yearly amount for the whole year, half for a term, none for a rule in words or not configured', () => {
    expect(dueForTerm(amount('1000.00'), SchoolTerm.WHOLE_YEAR)).toBe('1000.00');
    expect(dueForTerm(amount('1250.00'), SchoolTerm.SPRING)).toBe('625.00');
    expect(dueForTerm(amount('3000.00', ParameterType.RULE), SchoolTerm.AUTUMN)).toBeNull();
    expect(dueForTerm(amount(null), SchoolTerm.AUTUMN)).toBeNull();
    expect(termStartsOn(2018, SchoolTerm.AUTUMN)).toBe('2018-09-01');
    expect(termStartsOn(2018, SchoolTerm.SPRING)).toBe('2019-03-01');
  });

  it('reads a stage’s ages from the parameter’s value, or none', () => {
    expect(stageAges({ PRIMARY: [6, 13] }, SchoolStage.PRIMARY)).toEqual([6, 13]);
    expect(stageAges({ PRIMARY: [6, 13] }, SchoolStage.JUNIOR)).toBeNull();
    expect(stageAges({ PRIMARY: ['6', 13] }, SchoolStage.PRIMARY)).toBeNull();
    expect(stageAges(null, SchoolStage.PRIMARY)).toBeNull();
  });
});
