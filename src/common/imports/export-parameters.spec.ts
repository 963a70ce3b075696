import { AppError } from '../errors/app-error';
import { KindExportParameter, parseExportParameters } from './export-parameters';

const DECLARED: KindExportParameter[] = [
  { name: 'year', type: 'int', min: 2013, max: 2100, required: true, description: 'the year' },
  { name: 'asOf', type: 'date', required: true, description: 'the date' },
  { name: 'by', type: 'option', values: ['LEVEL', 'TOWN'], default: 'LEVEL', description: 'the grouping' },
  { name: 'since', type: 'date', description: 'optional' },
];

const problem = (query: Record<string, unknown>) => {
  try {
    parseExportParameters(DECLARED, query);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return JSON.stringify((e as AppError).toExtensions());
  }
  throw new Error('no error');
};

describe('an export kind\'s declared parameters', () => {
  it('parses integers, dates and options (case-insensitively, answered as listed), defaults and leaves absent optional ones out', () => {
    expect(parseExportParameters(DECLARED, { year: '2018', asOf: '2018-06-30', by: 'town', other: 'x' })).toEqual({ year: 2018, asOf: '2018-06-30', by: 'TOWN' });
    expect(parseExportParameters(DECLARED, { year: ' 2018 ', asOf: '2018-06-30', since: '2018-01-01' })).toEqual({ year: 2018, asOf: '2018-06-30', by: 'LEVEL', since: '2018-01-01' });
  });

  it('refuses a missing, malformed, out-of-range, repeated or unlisted value with a code naming the parameter', () => {
    expect(problem({ asOf: '2018-06-30' })).toMatch(/INVALID_VALUE.*"field":"year"/);
    expect(problem({ year: '20x8', asOf: '2018-06-30' })).toMatch(/INVALID_VALUE.*"field":"year"/);
    expect(problem({ year: '1999', asOf: '2018-06-30' })).toMatch(/"field":"year"/);
    expect(problem({ year: '2018', asOf: '2018-02-30' })).toMatch(/INVALID_DATE.*"field":"asOf"/);
    expect(problem({ year: '2018', asOf: ['2018-06-30', '2018-07-01'] })).toMatch(/INVALID_VALUE.*"field":"asOf"/);
    expect(problem({ year: '2018', asOf: '2018-06-30', by: 'PROJECT' })).toMatch(/INVALID_VALUE.*"field":"by"/);
  });
});
