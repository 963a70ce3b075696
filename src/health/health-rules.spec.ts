import { ICD10, priorityDiseasesOf } from './health-rules';

describe('priorityDiseasesOf', () => {
  it('reads the names of health.family_doctor as RULES.md states them, or a list', () => {
    expect(priorityDiseasesOf({ text: 'priority 高血压; 糖尿病; 结核病; 严重精神障碍; target 1.00 (应签尽签)' })).toEqual(['高血压', '糖尿病', '结核病', '严重精神障碍']);
    expect(priorityDiseasesOf({ text: 'priority 高血压; 糖尿病' })).toEqual(['高血压', '糖尿病']);
    expect(priorityDiseasesOf(['高血压'])).toEqual(['高血压']);
  });

  it('answers null (not configured) for anything else', () => {
    for (const v of [null, undefined, {}, { text: 'target 1.00' }, { text: 'priority ' }, [], [1], 'priority 高血压']) expect(priorityDiseasesOf(v)).toBeNull();
  });
});

describe('ICD10', () => {
  it('takes a letter, two digits and optional decimals', () => {
    for (const ok of ['J18', 'J18.9', 'E11.65', 'I10']) expect(ICD10.test(ok)).toBe(true);
    for (const bad of ['j18', 'J1', 'J18.', 'J189', '18.9', 'JJ8', 'J18.12345', ' J18']) expect(ICD10.test(bad)).toBe(false);
  });
});
