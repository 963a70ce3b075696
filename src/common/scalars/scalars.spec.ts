import { GraphQLLocalDate } from 'graphql-scalars';
import { GraphQLLocalDateScalar } from './scalars';

describe('LocalDate serialize', () => {
  const outcome = (f: () => unknown) => {
    try {
      return { value: f() };
    } catch (e) {
      return { threw: (e as Error).message };
    }
  };

  it('answers as graphql-scalars’ LocalDate does, the first time and again (strings it let through are kept)', () => {
    const values: unknown[] = ['2018-03-01', '2016-02-29', '2018-02-29', '2018-02-30', '2018-13-01', '18-03-01', '2018-03-01T00:00:00Z', ' 2018-03-01', '', 20180301, null, undefined, {}, '0001-01-01', '9999-12-31'];
    for (let round = 0; round < 2; round++) {
      for (const v of values) expect({ v, ...outcome(() => GraphQLLocalDateScalar.serialize(v)) }).toEqual({ v, ...outcome(() => GraphQLLocalDate.serialize(v)) });
    }
    expect(GraphQLLocalDateScalar.serialize(new Date('2018-03-01T00:00:00Z'))).toBe('2018-03-01');
  });

  it('stays correct after its memory of strings starts over', () => {
    for (let i = 0; i < 50_001; i++) GraphQLLocalDateScalar.serialize(new Date(Date.UTC(1900, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    expect(GraphQLLocalDateScalar.serialize('2018-03-01')).toBe('2018-03-01');
    expect(() => GraphQLLocalDateScalar.serialize('2018-02-30')).toThrow();
  });
});
