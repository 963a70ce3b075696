import { consequencesOf, normaliseScore, scoreProblem, termEndedShort, totalKeyOf, weightedTotal, weightsOf, workTeamMinimumOf, workTeamMinimumTermOf } from './appraisal-score';

describe('appraisal score (考核综合得分)', () => {
  const seeded = weightsOf({ 日常督查: '0.40', 年度核查: '0.30', 第三方评估: '0.30' })!;

  it('reads the weights from the parameter value by the names RULES.md gives them', () => {
    expect(seeded).toEqual({ daily: '0.40', annual: '0.30', thirdParty: '0.30' });
    expect(weightsOf({ 日常督查: '0.5', 年度核查: '0.25', 第三方评估: '0.25' })).toEqual({ daily: '0.5', annual: '0.25', thirdParty: '0.25' });
  });

  it('answers no weights when the value lacks one or holds something else', () => {
    expect(weightsOf(null)).toBeNull();
    expect(weightsOf({ 日常督查: '0.40', 年度核查: '0.30' })).toBeNull();
    expect(weightsOf({ 日常督查: '0.40', 年度核查: '0.30', 第三方评估: 'x' })).toBeNull();
    expect(weightsOf({ 日常督查: '0.405', 年度核查: '0.30', 第三方评估: '0.30' })).toBeNull();
    expect(weightsOf(['0.40', '0.30', '0.30'])).toBeNull();
  });

  it('weights the three sub-scores exactly, to four decimals', () => {
    expect(weightedTotal({ daily: '85.50', annual: '90.00', thirdParty: '78.25' }, seeded)).toBe('84.6750');
    // 0.40 × 33.33 + 0.30 × 66.67 + 0.30 × 99.99 = 13.332 + 20.001 + 29.997: a float sum would not be exact.
    expect(weightedTotal({ daily: '33.33', annual: '66.67', thirdParty: '99.99' }, seeded)).toBe('63.3300');
    expect(weightedTotal({ daily: '100', annual: '100', thirdParty: '100' }, seeded)).toBe('100.0000');
    expect(weightedTotal({ daily: '0', annual: '0', thirdParty: '0.01' }, seeded)).toBe('0.0030');
    expect(weightedTotal({ daily: '80', annual: '70', thirdParty: '60' }, { daily: '0.5', annual: '0.25', thirdParty: '0.25' })).toBe('72.5000');
  });

  it('checks a sub-score: 0–100, at most two decimals', () => {
    expect(scoreProblem('0')).toBeNull();
    expect(scoreProblem('100.00')).toBeNull();
    expect(scoreProblem('99.99')).toBeNull();
    expect(scoreProblem('100.01')).toBe('RANGE');
    expect(scoreProblem('-1')).toBe('RANGE');
    expect(scoreProblem('1000')).toBe('RANGE');
    expect(scoreProblem('85.505')).toBe('SCALE');
    expect(scoreProblem('eighty')).toBe('INVALID');
    expect(normaliseScore('85')).toBe('85.00');
    expect(normaliseScore('85.5')).toBe('85.50');
  });

  it('keys the ranking on ten-thousandths', () => {
    expect(totalKeyOf('84.6750')).toBe(846750);
    expect(totalKeyOf('100.0000')).toBe(1000000);
    expect(totalKeyOf('0.0030')).toBe(30);
  });

  it('derives the consequences of a unit grade from RULES.md, none for persons', () => {
    expect(consequencesOf('一般', true)).toEqual({ followUps: ['ADMONITION_TALK'], awardExcluded: true });
    expect(consequencesOf('差', true)).toEqual({ followUps: ['RECTIFICATION_BY_DEADLINE'], awardExcluded: false });
    expect(consequencesOf('好', true)).toEqual({ followUps: [], awardExcluded: false });
    expect(consequencesOf('差', false)).toEqual({ followUps: [], awardExcluded: false });
  });

  it('reads the smallest work team from the rule text, or nothing', () => {
    expect(workTeamMinimumOf({ text: '≥3 members; term ≥2 years' })).toBe(3);
    expect(workTeamMinimumOf({ text: 'term ≥2 years' })).toBeNull();
    expect(workTeamMinimumOf(null)).toBeNull();
  });

  it('reads the shortest term from the rule text, and judges a term that ended against it', () => {
    expect(workTeamMinimumTermOf({ text: '≥3 members; term ≥2 years' })).toBe(2);
    expect(workTeamMinimumTermOf({ text: '≥3 members' })).toBeNull();
    expect(workTeamMinimumTermOf(null)).toBeNull();
    // Two years from 2018-03-01 are served on 2020-02-29 (the day before 2020-03-01).
    expect(termEndedShort('2018-03-01', '2020-02-28', 2)).toBe(true);
    expect(termEndedShort('2018-03-01', '2020-02-29', 2)).toBe(false);
    expect(termEndedShort('2018-03-01', '2018-09-30', 2)).toBe(true);
    expect(termEndedShort('2018-03-01', null, 2)).toBeNull();
    expect(termEndedShort('2018-03-01', '2018-09-30', null)).toBeNull();
  });
});
