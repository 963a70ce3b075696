import { AppError } from '../common/errors/app-error';
import { checkEmploymentTerms, EmploymentTerms, monthsSpannedInYear } from './employment-rules';
import { periodsOverlap } from '../common/kit/records';

const terms = (over: Partial<EmploymentTerms> = {}): EmploymentTerms => ({
  year: 2018,
  channel: ' 劳务输出 ',
  place: 'OUTSIDE_PROVINCE',
  startsOn: '2018-03-01',
  endsOn: '2018-10-31',
  monthsWorked: 8,
  monthlyIncome: '3200.00',
  ...over,
});

function problemOf(f: () => unknown): { reason?: string; field?: string } {
  try {
    f();
  } catch (e) {
    const err = e as AppError;
    return err.problems?.[0] ?? { reason: err.reason, field: err.field };
  }
  throw new Error('no error');
}

describe('employment rules (issue #16)', () => {
  it('counts the calendar months of the year a period touches', () => {
    expect(monthsSpannedInYear('2018-03-15', '2018-10-02', 2018)).toBe(8);
    expect(monthsSpannedInYear('2017-06-01', null, 2018)).toBe(12);
    expect(monthsSpannedInYear('2018-12-31', null, 2018)).toBe(1);
    expect(monthsSpannedInYear('2017-06-01', '2018-02-10', 2018)).toBe(2);
    expect(monthsSpannedInYear('2019-01-01', null, 2018)).toBe(0);
    expect(monthsSpannedInYear('2016-01-01', '2017-12-31', 2018)).toBe(0);
  });

  it('trims and keeps good terms; empty texts are null', () => {
    expect(checkEmploymentTerms(terms({ employerName: '  ', overlapReason: '' }))).toEqual({
      year: 2018, channel: '劳务输出', place: 'OUTSIDE_PROVINCE', employerEntityId: null, employerName: null,
      startsOn: '2018-03-01', endsOn: '2018-10-31', monthsWorked: 8, monthlyIncome: '3200.00', overlapReason: null, workshopId: null, contactPhone: null,
    });
    expect(checkEmploymentTerms(terms({ contactPhone: ' 0371-68881234 ' })).contactPhone).toBe('0371-68881234');
  });

  it('refuses a contact phone that is not a mobile number or a landline with its area code, naming input.contactPhone', () => {
    for (const bad of ['123', '138****5678', '2381234567890', 'abc']) {
      expect(problemOf(() => checkEmploymentTerms(terms({ contactPhone: bad })))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.contactPhone' });
    }
    expect(checkEmploymentTerms(terms({ contactPhone: '13812345678' })).contactPhone).toBe('13812345678');
  });

  it('refuses months outside 0–12, more months than the period spans, an end before the start, a period outside the year, a bad amount', () => {
    expect(problemOf(() => checkEmploymentTerms(terms({ monthsWorked: 13 })))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.monthsWorked' });
    expect(problemOf(() => checkEmploymentTerms(terms({ monthsWorked: -1 })))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.monthsWorked' });
    expect(problemOf(() => checkEmploymentTerms(terms({ monthsWorked: 9 })))).toMatchObject({ reason: 'EMPLOYMENT_MONTHS_OVER_PERIOD', field: 'input.monthsWorked' });
    expect(problemOf(() => checkEmploymentTerms(terms({ endsOn: '2018-02-01' })))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.endsOn' });
    expect(problemOf(() => checkEmploymentTerms(terms({ startsOn: '2019-01-01', endsOn: null, monthsWorked: 1 })))).toMatchObject({ reason: 'EMPLOYMENT_PERIOD_OUTSIDE_YEAR', field: 'input.startsOn' });
    expect(problemOf(() => checkEmploymentTerms(terms({ monthlyIncome: '-1.00' })))).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.monthlyIncome' });
    expect(problemOf(() => checkEmploymentTerms(terms({ monthlyIncome: '1.234' })))).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.monthlyIncome' });
  });

  it('periods overlap when they share a day; an open end runs on', () => {
    expect(periodsOverlap({ startsOn: '2018-01-01', endsOn: '2018-03-31' }, { startsOn: '2018-03-31', endsOn: null })).toBe(true);
    expect(periodsOverlap({ startsOn: '2018-01-01', endsOn: '2018-03-30' }, { startsOn: '2018-03-31', endsOn: null })).toBe(false);
    expect(periodsOverlap({ startsOn: '2018-05-01', endsOn: null }, { startsOn: '2018-01-01', endsOn: '2018-04-30' })).toBe(false);
    expect(periodsOverlap({ startsOn: '2018-05-01', endsOn: null }, { startsOn: '2019-01-01', endsOn: null })).toBe(true);
  });
});
