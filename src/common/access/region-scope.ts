import { ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { isWithin, LEVEL_PREFIX_LENGTH, RegionLevel, subtreeLikePattern, subtreePrefix } from '../region/region-code';
import { Role, Sector } from './permissions';
import type { Principal } from './principal';
import { applyConditions, conditionsSql, rawSql, SqlCondition } from '../sql/conditions';

/**
 * Region scope (and the sector dimension), applied where the data is read: the one helper every
 * repository of region-owned rows calls. A caller sees and changes only rows whose region code
 * lies in their home region's subtree. Codes are hierarchical, so the subtree is the prefix
 * `code LIKE '410106100%'`, answered by the C-collated index on the column. A row outside the
 * scope is simply not found, so asking for it by id answers exactly as if it did not exist.
 * Without a principal nothing region-owned is visible (default-deny).
 *
 * The subtree's pattern is written into the SQL as a literal when it is a code's digits (always,
 * for a principal: see `subtreePattern`), so that a prepared statement's plan is made for it.
 *
 * Three forms of the same rule (one list of conditions, bound either way):
 * - `applyRegionScope(qb, 'h.region_code', principal, options)` scopes a TypeORM query builder
 *   (or a `Brackets` where-builder) and returns it, so it composes with the query's own filters;
 * - `regionScopeSql('h.region_code', principal, params, options)` gives the same condition as a
 *   SQL fragment for raw queries, pushing its values onto `params` (`$n` placeholders);
 *   `regionScopeConditions(…)` gives it as the first conditions of a list's filters written once
 *   for both (src/common/sql/conditions.ts);
 * - `inRegionScope(principal, regionCode, options)` checks one code in memory (a region named
 *   in an input, a row of an import file).
 *
 * Options:
 * - `within`: a filter's subtree prefix (a query's `regionCode` argument), on top of the scope;
 * - `unplaced`: rows with no region (sign-ins, system jobs) are visible too, to callers whose
 *   home region is a district or above (the audit trail);
 * - `sector`: for a table with a `sector` column. Reads follow the permission table (who may read
 *   is the resolver's `@RequirePermission`), so `access: 'read'` adds nothing; `access: 'write'`
 *   confines a sector officer (行业部门) to the rows of its own sector within its subtree, and a
 *   sector officer without a sector to nothing. Other roles are not confined by sector.
 *
 * How a sector module uses it (e.g. the education department's student-aid records, a table
 * `student_aids` with `region_code` and `sector` columns):
 *
 * ```ts
 * // reading: region scope only
 * applyRegionScope(qb, 's.region_code', principal);
 * // the locked read before an update or delete: region and sector
 * applyRegionScope(qb, 's.region_code', principal, { sector: { column: 's.sector', access: 'write' } });
 * // creating: the new row's region and sector must be in the caller's write scope
 * if (!inRegionScope(principal, input.regionCode, { sector: { value: input.sector, access: 'write' } })) throw …;
 * ```
 * A row outside the write scope then answers as missing (by id) or as out of scope (create).
 */
export interface ScopeOptions {
  /** A filter's subtree prefix, narrowing the scope further (null/undefined: no filter). */
  within?: string | null;
  /** Rows with no region are visible to callers whose home region is a district or above. */
  unplaced?: boolean;
  /** The sector dimension, for tables with a sector column. */
  sector?: { column: string; access: SectorAccess };
}

export type SectorAccess = 'read' | 'write';

/**
 * What a scope is computed from: a Principal, or (for a background task acting for one region's
 * subtree, such as a webhook subscription's dispatcher) `systemScope(regionCode)`.
 */
export type ScopeHolder = Pick<Principal, 'scopePrefix'> & Partial<Pick<Principal, 'roles' | 'sector'>>;

/** The scope of a background task acting for a region's subtree (no roles, no sector). */
export function systemScope(regionCode: string): ScopeHolder {
  return { scopePrefix: subtreePrefix(regionCode), roles: [], sector: null };
}

const DISTRICT_PREFIX_LENGTH = LEVEL_PREFIX_LENGTH[RegionLevel.DISTRICT];

/** Whether rows with no region are visible to this holder (home region a district or above). */
export function seesUnplaced(holder: ScopeHolder): boolean {
  return holder.scopePrefix.length <= DISTRICT_PREFIX_LENGTH;
}

/**
 * The sector a holder's writes are confined to: undefined when not confined (not a sector
 * officer, or a read), null when confined to nothing (a sector officer without a sector).
 */
export function writeSector(holder: ScopeHolder, access: SectorAccess): Sector | null | undefined {
  if (access !== 'write') return undefined;
  const officer = holder.roles?.includes(Role.SECTOR_OFFICER) ?? false;
  if (!officer && !holder.sector) return undefined;
  return holder.sector ?? null;
}

/** The conditions of the scope (conditions.ts: written once, bound either way), or null when it sees nothing. */
function parts(column: string, holder: ScopeHolder | undefined, options: ScopeOptions): SqlCondition[] | null {
  if (!holder) return null;
  const out: SqlCondition[] = [];
  const scope = subtreePattern(holder.scopePrefix);
  out.push((v) => (options.unplaced && seesUnplaced(holder) ? `(${column} LIKE ${scope(v)} OR ${column} IS NULL)` : `${column} LIKE ${scope(v)}`));
  if (options.within != null) out.push(withinCondition(column, options.within));
  if (options.sector) {
    const sector = writeSector(holder, options.sector.access);
    const sectorColumn = options.sector.column;
    if (sector === null) return null;
    if (sector !== undefined) out.push((v) => `${sectorColumn} = ${v(sector)}`);
  }
  return out;
}

/**
 * The scope as a list of conditions (src/common/sql/conditions.ts: `FALSE` without a holder), for
 * a list whose filters are written once for the query builder and plain SQL: its first conditions.
 */
export function regionScopeConditions(column: string, holder: ScopeHolder | undefined, options: ScopeOptions = {}): SqlCondition[] {
  return parts(column, holder, options) ?? [rawSql('FALSE')];
}

/** A filter's subtree (a query's `regionCode` argument, as a code prefix) on a column, as a condition. */
export function withinCondition(column: string, prefix: string): SqlCondition {
  const pattern = subtreePattern(prefix);
  return (v) => `${column} LIKE ${pattern(v)}`;
}

/** A region code's prefix: its digits, at most a village code's twelve (empty: the whole tree). */
const CODE_PREFIX = /^[0-9]{0,12}$/;

/**
 * A subtree's LIKE pattern in SQL: a string literal (`'410106100%'`) when the prefix is a region
 * code's digits, as a principal's scope and a checked `regionCode` filter always are; bound as a
 * value otherwise. Issue #12: a prepared statement (src/common/sql/read-statements.ts) is then one
 * per subtree, and PostgreSQL's plan for it knows the prefix (the region code's index for a
 * village, the list's order for a district), so it can keep that plan instead of planning each
 * execution again. Only digits reach the SQL text, so nothing a caller typed is written into it.
 */
function subtreePattern(prefix: string): (bind: (value: unknown) => string) => string {
  const pattern = subtreeLikePattern(prefix);
  if (CODE_PREFIX.test(prefix)) {
    const literal = `'${pattern}'`;
    return () => literal;
  }
  return (bind) => bind(pattern);
}

/** Scopes a query builder to the holder (see the module comment); returns it. */
export function applyRegionScope<T extends ObjectLiteral, Q extends SelectQueryBuilder<T> | WhereExpressionBuilder>(
  qb: Q,
  column: string,
  holder: ScopeHolder | undefined,
  options: ScopeOptions = {},
): Q {
  const conditions = parts(column, holder, options);
  if (!conditions) {
    qb.andWhere('1 = 0');
    return qb;
  }
  applyConditions(qb as WhereExpressionBuilder, conditions, `scope_${column.replace(/\W/g, '_')}`);
  return qb;
}

/**
 * Narrows a query to a filter's subtree (a query's `regionCode` argument), for queries whose scope
 * is applied elsewhere (in a shared base query); no-op without a prefix.
 */
export function applyWithin<Q extends WhereExpressionBuilder>(qb: Q, column: string, prefix: string | null | undefined): Q {
  if (prefix == null) return qb;
  return applyConditions(qb, [withinCondition(column, prefix)], `within_${column.replace(/\W/g, '_')}`);
}

/**
 * The scope as a SQL fragment for a raw query: appends its values to `params` and returns the
 * condition with `$n` placeholders (`FALSE` without a holder).
 */
export function regionScopeSql(column: string, holder: ScopeHolder | undefined, params: unknown[], options: ScopeOptions = {}): string {
  return conditionsSql(regionScopeConditions(column, holder, options), params).join(' AND ');
}

/** Whether one region code (and, for a write with a sector, the row's sector) is in the holder's scope. */
export function inRegionScope(
  holder: ScopeHolder | undefined,
  regionCode: string | null | undefined,
  options: { within?: string | null; sector?: { value: Sector | null | undefined; access: SectorAccess } } = {},
): boolean {
  if (!holder || !isWithin(regionCode, holder.scopePrefix)) return false;
  if (options.within != null && !isWithin(regionCode, options.within)) return false;
  if (options.sector) {
    const sector = writeSector(holder, options.sector.access);
    if (sector === null) return false;
    if (sector !== undefined && options.sector.value !== sector) return false;
  }
  return true;
}
