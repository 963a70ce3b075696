import { ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { Principal } from './principal';

/**
 * Region scope, applied where the data is read: a caller sees and changes only rows whose
 * region code lies in their home region's subtree. Codes are hierarchical, so the subtree is
 * the prefix `code LIKE '410106100%'`, answered by the C-collated index on the column.
 * Repositories call this on every query of region-owned rows; a row outside the scope is
 * simply not found, so asking for it by id answers exactly as if it did not exist.
 */
export function applyRegionScope<T extends ObjectLiteral, Q extends SelectQueryBuilder<T> | WhereExpressionBuilder>(
  qb: Q,
  column: string,
  principal: Principal | undefined,
): Q {
  if (!principal) {
    // No principal: nothing region-owned is visible (default-deny).
    qb.andWhere('1 = 0');
    return qb;
  }
  const param = `scope_${column.replace(/\W/g, '_')}`;
  qb.andWhere(`${column} LIKE :${param}`, { [param]: `${principal.scopePrefix}%` });
  return qb;
}

export function inRegionScope(principal: Principal | undefined, regionCode: string | null | undefined): boolean {
  return !!principal && !!regionCode && regionCode.startsWith(principal.scopePrefix);
}
