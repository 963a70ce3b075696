import { assessBasicMedical } from './basic-medical.criterion';
import { assessCompulsorySchooling, SchoolingMember } from './compulsory-schooling.criterion';
import { ExitCriterion } from './exit-criterion';
import { assessExit, ExitFacts } from './exit-standard';
import { assessFoodClothing } from './food-clothing.criterion';
import { IncomeComponents } from '../../household-income';
import { assessIncome } from './income.criterion';
import { assessSafeHousing } from './safe-housing.criterion';
import { assessSafeWater } from './safe-water.criterion';

const zero: IncomeComponents = {
  wages: '0', productionBusiness: '0', property: '0', assetIncomeDividend: '0', transferFamilyPlanning: '0', transferLowIncome: '0',
  transferExtremePoverty: '0', transferPension: '0', transferEcological: '0', transferOther: '0', productionCosts: '0',
};

describe('exit standard (§28: no paper exits)', () => {
  describe('INCOME: per-capita net income of the year above that year’s line', () => {
    it('computes per-capita net income from the components, in cents (property already holds the dividend)', () => {
      const r = assessIncome({
        year: 2016,
        income: { ...zero, wages: '6000.10', property: '500.00', assetIncomeDividend: '300.00', transferLowIncome: '1200.20', transferOther: '0.05', productionCosts: '700.35' },
        householdSize: 3,
        line: { nationalLine: '2952.00', provincialExitLine: null },
      });
      expect(r.facts).toMatchObject({ annualIncome: '7700.35', netIncome: '7000.00', perCapitaNetIncome: '2333.33', householdSize: 3 });
      expect(r.passed).toBe(false);
    });

    it('uses the provincial exit line when set, else the national line, and decides strictly and exactly', () => {
      const income = { ...zero, wages: '9000.00' }; // 3,000.00 per head for 3
      const national = assessIncome({ year: 2016, income, householdSize: 3, line: { nationalLine: '2952.00', provincialExitLine: null } });
      expect(national).toMatchObject({ passed: true, facts: { lineSource: 'NATIONAL_LINE', line: '2952.00', perCapitaNetIncome: '3000.00' } });
      const provincial = assessIncome({ year: 2016, income, householdSize: 3, line: { nationalLine: '2952.00', provincialExitLine: '3000.00' } });
      expect(provincial).toMatchObject({ passed: false, facts: { lineSource: 'PROVINCIAL_EXIT_LINE' } });
      expect(provincial.reason).toContain('未超过省定退出标准 3000.00 元');
      // One cent of net income above line × size passes even though the rounded per-capita shows the line.
      const justAbove = assessIncome({ year: 2016, income: { ...income, wages: '9000.01' }, householdSize: 3, line: { nationalLine: null, provincialExitLine: '3000.00' } });
      expect(justAbove.passed).toBe(true);
    });

    it('fails with a reason when the income or the line of the year is missing, or nobody is in the household', () => {
      expect(assessIncome({ year: 2018, income: null, householdSize: 2, line: { nationalLine: '3000', provincialExitLine: null } })).toMatchObject({ passed: false, reason: expect.stringContaining('未录入 2018 年家庭收入') });
      expect(assessIncome({ year: 2018, income: zero, householdSize: 2, line: null })).toMatchObject({ passed: false, reason: expect.stringContaining('2018 年扶贫标准') });
      expect(assessIncome({ year: 2018, income: zero, householdSize: 2, line: { nationalLine: null, provincialExitLine: null } }).passed).toBe(false);
      expect(assessIncome({ year: 2018, income: { ...zero, wages: '99999' }, householdSize: 0, line: { nationalLine: '3000', provincialExitLine: null } }).passed).toBe(false);
    });
  });

  describe('COMPULSORY_SCHOOLING: every member aged 6–15 on 31 August in school or exempted', () => {
    const child = (over: Partial<SchoolingMember>): SchoolingMember => ({ memberId: 'm', name: '小明', birthDate: '2006-05-01', schoolingStatus: 'PRIMARY', schoolingExemption: null, ...over });

    it('fails a 12-year-old who is not enrolled, naming the child', () => {
      const r = assessCompulsorySchooling({ year: 2018, members: [child({ schoolingStatus: 'NOT_IN_SCHOOL' })] });
      expect(r).toMatchObject({ criterion: ExitCriterion.COMPULSORY_SCHOOLING, passed: false });
      expect(r.reason).toContain('小明（12 岁');
      expect(r.facts.notInSchool).toEqual([{ memberId: 'm', name: '小明', age: 12, schoolingStatus: 'NOT_IN_SCHOOL' }]);
    });

    it('passes members in compulsory grades, beyond them, or with a recorded exemption; ignores other ages', () => {
      const r = assessCompulsorySchooling({
        year: 2018,
        members: [
          child({ schoolingStatus: 'GRADE_8' }),
          child({ birthDate: '2003-01-01', schoolingStatus: 'SENIOR_1' }),
          child({ schoolingStatus: null, schoolingExemption: '重度残疾，送教上门' }),
          child({ birthDate: '1980-01-01', schoolingStatus: null }),
          child({ birthDate: '2013-01-01', schoolingStatus: 'PRESCHOOL' }),
        ],
      });
      expect(r.passed).toBe(true);
    });

    it('counts age on 31 August: six by then must be in primary school, sixteen by then is past it', () => {
      expect(assessCompulsorySchooling({ year: 2018, members: [child({ birthDate: '2012-08-31', schoolingStatus: 'PRESCHOOL' })] }).passed).toBe(false);
      expect(assessCompulsorySchooling({ year: 2018, members: [child({ birthDate: '2012-09-01', schoolingStatus: 'PRESCHOOL' })] }).passed).toBe(true);
      expect(assessCompulsorySchooling({ year: 2018, members: [child({ birthDate: '2002-08-31', schoolingStatus: 'NOT_IN_SCHOOL' })] }).passed).toBe(true);
      expect(assessCompulsorySchooling({ year: 2018, members: [child({ birthDate: '2002-09-01', schoolingStatus: null })] }).passed).toBe(false);
    });
  });

  it('BASIC_MEDICAL: every member in basic medical AND serious-illness insurance that year', () => {
    const ok = { memberId: 'a', name: '甲', basicMedical: true, seriousIllness: true };
    expect(assessBasicMedical({ year: 2018, members: [ok] }).passed).toBe(true);
    const r = assessBasicMedical({ year: 2018, members: [ok, { memberId: 'b', name: '乙', basicMedical: true, seriousIllness: false }, { memberId: 'c', name: '丙', basicMedical: null, seriousIllness: null }] });
    expect(r.passed).toBe(false);
    expect(r.reason).toContain('乙（未参加大病保险）');
    expect(r.reason).toContain('丙（未参加基本医疗保险、大病保险）');
  });

  it('FOOD_CLOTHING, SAFE_WATER and SAFE_HOUSING pass only on recorded facts', () => {
    expect(assessFoodClothing({ foodClothingSecure: true }).passed).toBe(true);
    expect(assessFoodClothing({ foodClothingSecure: null })).toMatchObject({ passed: false, reason: '未登记“不愁吃、不愁穿”情况' });
    expect(assessSafeWater({ safeDrinkingWater: true }).passed).toBe(true);
    expect(assessSafeWater({ safeDrinkingWater: false }).passed).toBe(false);
    expect(assessSafeHousing({ ownsHousing: true, dilapidatedHousing: false, dilapidationGrade: null }).passed).toBe(true);
    expect(assessSafeHousing({ ownsHousing: false, dilapidatedHousing: false, dilapidationGrade: null })).toMatchObject({ passed: false, reason: '无自有住房' });
    expect(assessSafeHousing({ ownsHousing: true, dilapidatedHousing: true, dilapidationGrade: 'D' })).toMatchObject({ passed: false, reason: '住房为危房（D级）' });
    expect(assessSafeHousing({ ownsHousing: true, dilapidatedHousing: null, dilapidationGrade: null }).passed).toBe(false);
  });

  it('the household passes only when every criterion passes', () => {
    const facts: ExitFacts = {
      householdId: 'h',
      year: 2018,
      membersOn: '2018-12-31',
      income: { year: 2018, income: { ...zero, wages: '10000' }, householdSize: 2, line: { nationalLine: '3000', provincialExitLine: null } },
      foodClothing: { foodClothingSecure: true },
      compulsorySchooling: { year: 2018, members: [] },
      basicMedical: { year: 2018, members: [{ memberId: 'a', name: '甲', basicMedical: true, seriousIllness: true }] },
      safeHousing: { ownsHousing: true, dilapidatedHousing: false, dilapidationGrade: null },
      safeWater: { safeDrinkingWater: true },
      parametersUsed: [],
    };
    expect(assessExit(facts).passed).toBe(true);
    const failing = assessExit({ ...facts, safeWater: { safeDrinkingWater: null } });
    expect(failing.passed).toBe(false);
    expect(failing.results.filter((r) => !r.passed).map((r) => r.criterion)).toEqual([ExitCriterion.SAFE_WATER]);
    expect(failing.results.map((r) => r.criterion)).toEqual(Object.values(ExitCriterion));
  });
});
