import { Brackets, WhereExpressionBuilder } from 'typeorm';
import { applyConditions, condition, conditionsSql, rawSql, SqlCondition } from './conditions';

/** A where-builder that records its andWhere calls (what a query builder receives). */
function recorder(): WhereExpressionBuilder & { calls: [string, Record<string, unknown> | undefined][] } {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  const qb = {
    calls,
    andWhere(sql: string | Brackets, params?: Record<string, unknown>) {
      calls.push([sql as string, params]);
      return qb;
    },
  };
  return qb as unknown as WhereExpressionBuilder & { calls: typeof calls };
}

describe('conditions: one list, bound as named or positional parameters', () => {
  const member: SqlCondition = rawSql('m.active');
  const list: SqlCondition[] = [
    condition`h.status = ${'NOT_EXITED'}`,
    condition`EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND ${member} AND m.name LIKE ${'%刘%'} ESCAPE '\\')`,
    (v) => {
      const on = v('2019-01-01');
      return `(m.joined_on <= ${on} AND (m.left_on IS NULL OR m.left_on > ${on}))`;
    },
    rawSql('TRUE'),
  ];

  it('renders plain SQL with $n placeholders after the values already in params', () => {
    const params: unknown[] = ['before'];
    expect(conditionsSql(list, params)).toEqual([
      'h.status = $2',
      `EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.name LIKE $3 ESCAPE '\\')`,
      '(m.joined_on <= $4 AND (m.left_on IS NULL OR m.left_on > $4))',
      'TRUE',
    ]);
    expect(params).toEqual(['before', 'NOT_EXITED', '%刘%', '2019-01-01']);
  });

  it('renders one andWhere per condition with named parameters under the prefix', () => {
    const qb = applyConditions(recorder(), list, 'hf');
    expect(qb.calls).toEqual([
      ['h.status = :hf_0_0', { hf_0_0: 'NOT_EXITED' }],
      [`EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active AND m.name LIKE :hf_1_0 ESCAPE '\\')`, { hf_1_0: '%刘%' }],
      ['(m.joined_on <= :hf_2_0 AND (m.left_on IS NULL OR m.left_on > :hf_2_0))', { hf_2_0: '2019-01-01' }],
      ['TRUE', {}],
    ]);
  });

  it('binds every value, whatever it holds (never written into the SQL)', () => {
    const params: unknown[] = [];
    expect(conditionsSql([condition`h.id = ANY(${['a', 'b']}) AND h.name = ${"x' OR 1=1 --"} AND h.n = ${0} AND h.f = ${false}`], params)).toEqual([
      'h.id = ANY($1) AND h.name = $2 AND h.n = $3 AND h.f = $4',
    ]);
    expect(params).toEqual([['a', 'b'], "x' OR 1=1 --", 0, false]);
  });
});
