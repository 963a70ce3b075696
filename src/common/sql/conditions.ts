import type { WhereExpressionBuilder } from 'typeorm';

/**
 * A list's filter conditions, written once for both read paths: each condition is SQL over the
 * query's alias that binds its values through `bind` (which answers the value's placeholder), so
 * one list renders both as a query builder's `andWhere`s with named parameters
 * (`applyConditions`, for `paginate` and the resolvers' path) and as plain SQL with positional
 * `$n` parameters (`conditionsSql`, for `paginateSql` and `CompiledReads.page`). Region scope is
 * such a list too (`regionScopeConditions`), so a repository writes, e.g.:
 *
 * ```ts
 * private conditions(principal: Principal, filter: PaymentFilter): SqlCondition[] {
 *   const out = regionScopeConditions('p.region_code', principal);
 *   if (filter.householdId) out.push(condition`p.household_id = ${filter.householdId}`);
 *   if (filter.nameContains) out.push(condition`p.payee LIKE ${containsPattern(filter.nameContains)}`);
 *   return out;
 * }
 * // the query builder's page:  applyConditions(qb, this.conditions(principal, filter), 'pf')
 * // the compiled page:         this.reads.page(plan, { …, where: this.conditions(principal, filter) })
 * ```
 *
 * A value is always bound, never written into the SQL; a placeholder may be used more than once
 * (bind the value once, use its placeholder twice). The one exception is the region scope's
 * subtree pattern, a region code's digits checked as such (src/common/access/region-scope.ts),
 * written as a literal so that a prepared statement is planned for its subtree.
 */
export type SqlCondition = (bind: (value: unknown) => string) => string;

/**
 * A condition from a template: each `${value}` is bound as a parameter, except a SqlCondition
 * (e.g. `rawSql('m.active')`, or a shared rule's condition), which is written in place with the
 * same binding: condition`h.status = ${status}`, condition`EXISTS (… AND ${memberOf('ml')})`.
 */
export function condition(strings: TemplateStringsArray, ...values: unknown[]): SqlCondition {
  return (bind) => {
    let out = strings[0]!;
    values.forEach((v, i) => {
      out += (typeof v === 'function' ? (v as SqlCondition)(bind) : bind(v)) + strings[i + 1]!;
    });
    return out;
  };
}

/** SQL without values (an alias's column, a constant condition). */
export function rawSql(sql: string): SqlCondition {
  return () => sql;
}

/**
 * Adds each condition to a query builder (or a `Brackets` builder) with `andWhere`, its values as
 * named parameters `${prefix}_${i}_${j}`: the prefix keeps them apart from other parameters of the
 * query (give each list applied to one query its own).
 */
export function applyConditions<Q extends WhereExpressionBuilder>(qb: Q, conditions: readonly SqlCondition[], prefix: string): Q {
  conditions.forEach((c, i) => {
    const params: Record<string, unknown> = {};
    let n = 0;
    const sql = c((value) => {
      const name = `${prefix}_${i}_${n++}`;
      params[name] = value;
      return `:${name}`;
    });
    qb.andWhere(sql, params);
  });
  return qb;
}

/** The conditions as plain SQL, their values pushed onto `params` (`$n` placeholders), one string per condition. */
export function conditionsSql(conditions: readonly SqlCondition[], params: unknown[]): string[] {
  return conditions.map((c) => c((value) => `$${params.push(value)}`));
}
