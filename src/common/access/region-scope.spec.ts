import { DataSource } from 'typeorm';
import { Role, Sector } from './permissions';
import { applyRegionScope, inRegionScope, regionScopeSql, ScopeHolder, systemScope, writeSector } from './region-scope';
import { subtreeLikePattern } from '../region/region-code';

const ds = new DataSource({ type: 'postgres' });
const qb = () => ds.createQueryBuilder().select('t.id').from('things', 't').where('t.id = :id', { id: 'x' });

/** The query's WHERE clause with its parameters inlined, for reading. */
function whereOf(q: ReturnType<typeof qb>): string {
  const [sql, params] = q.getQueryAndParameters();
  const where = sql.slice(sql.indexOf('WHERE') + 'WHERE '.length);
  return where.replace(/\$(\d+)/g, (_, n: string) => JSON.stringify(params[Number(n) - 1]));
}

const village: ScopeHolder = { scopePrefix: '410106100201', roles: [Role.VILLAGE_OFFICER], sector: null };
const district: ScopeHolder = { scopePrefix: '410106', roles: [Role.DISTRICT_OFFICER], sector: null };
const town: ScopeHolder = { scopePrefix: '410106100', roles: [Role.TOWN_OFFICER], sector: null };
const education: ScopeHolder = { scopePrefix: '410106', roles: [Role.SECTOR_OFFICER], sector: Sector.EDUCATION };
const noSector: ScopeHolder = { scopePrefix: '410106', roles: [Role.SECTOR_OFFICER], sector: null };

describe('region scope on a query builder', () => {
  it('matches the subtree by prefix (the C-collated index answers LIKE prefix%)', () => {
    expect(whereOf(applyRegionScope(qb(), 't.region_code', town))).toBe(`t.id = "x" AND t.region_code LIKE '410106100%'`);
  });

  it('denies everything without a principal', () => {
    expect(whereOf(applyRegionScope(qb(), 't.region_code', undefined))).toBe(`t.id = "x" AND 1 = 0`);
  });

  it('narrows to a filter subtree on top of the scope', () => {
    expect(whereOf(applyRegionScope(qb(), 't.region_code', district, { within: '410106100' }))).toBe(
      `t.id = "x" AND t.region_code LIKE '410106%' AND t.region_code LIKE '410106100%'`,
    );
  });

  it('shows rows with no region to district-level readers and above only', () => {
    expect(whereOf(applyRegionScope(qb(), 'a.region_code', district, { unplaced: true }))).toBe(
      `t.id = "x" AND (a.region_code LIKE '410106%' OR a.region_code IS NULL)`,
    );
    expect(whereOf(applyRegionScope(qb(), 'a.region_code', town, { unplaced: true }))).toBe(`t.id = "x" AND a.region_code LIKE '410106100%'`);
  });

  it('escapes wildcards in a prefix', () => {
    expect(whereOf(applyRegionScope(qb(), 't.region_code', { scopePrefix: '41_%' }))).toBe(`t.id = "x" AND t.region_code LIKE "41\\\\_\\\\%%"`);
  });
});

describe('the sector dimension', () => {
  const write = { sector: { column: 't.sector', access: 'write' as const } };
  const read = { sector: { column: 't.sector', access: 'read' as const } };

  it('confines a sector officer’s writes to its sector within its subtree', () => {
    expect(whereOf(applyRegionScope(qb(), 't.region_code', education, write))).toBe(`t.id = "x" AND t.region_code LIKE '410106%' AND t.sector = "education"`);
  });

  it('leaves reads to the permission table', () => {
    expect(whereOf(applyRegionScope(qb(), 't.region_code', education, read))).toBe(`t.id = "x" AND t.region_code LIKE '410106%'`);
  });

  it('does not confine other roles by sector', () => {
    expect(whereOf(applyRegionScope(qb(), 't.region_code', district, write))).toBe(`t.id = "x" AND t.region_code LIKE '410106%'`);
    expect(whereOf(applyRegionScope(qb(), 't.region_code', systemScope('410106000000'), write))).toBe(`t.id = "x" AND t.region_code LIKE '410106%'`);
  });

  it('gives a sector officer without a sector no writes at all', () => {
    expect(whereOf(applyRegionScope(qb(), 't.region_code', noSector, write))).toBe(`t.id = "x" AND 1 = 0`);
    expect(writeSector(noSector, 'write')).toBeNull();
    expect(writeSector(noSector, 'read')).toBeUndefined();
    expect(writeSector(education, 'write')).toBe(Sector.EDUCATION);
    expect(writeSector(village, 'write')).toBeUndefined();
  });

  it('checks one row in memory the same way', () => {
    const w = (value: Sector | null) => ({ sector: { value, access: 'write' as const } });
    expect(inRegionScope(education, '410106100201', w(Sector.EDUCATION))).toBe(true);
    expect(inRegionScope(education, '410106100201', w(Sector.HEALTH))).toBe(false);
    expect(inRegionScope(education, '410106100201', w(null))).toBe(false);
    expect(inRegionScope(education, '410102000000', w(Sector.EDUCATION))).toBe(false);
    expect(inRegionScope(education, '410106100201', { sector: { value: Sector.HEALTH, access: 'read' } })).toBe(true);
    expect(inRegionScope(noSector, '410106100201', w(Sector.EDUCATION))).toBe(false);
    expect(inRegionScope(district, '410106100201', w(Sector.HEALTH))).toBe(true);
  });
});

describe('region scope in memory and as raw SQL', () => {
  it('checks a code against the scope and a filter', () => {
    expect(inRegionScope(town, '410106100201')).toBe(true);
    expect(inRegionScope(town, '410106001001')).toBe(false);
    expect(inRegionScope(village, '410106100201')).toBe(true);
    expect(inRegionScope(village, '410106100202')).toBe(false);
    expect(inRegionScope(undefined, '410106100201')).toBe(false);
    expect(inRegionScope(district, null)).toBe(false);
    expect(inRegionScope(district, '410106100201', { within: '410106001' })).toBe(false);
  });

  it('gives a fragment with numbered parameters appended to the query’s own, a code prefix written as a literal', () => {
    const params: unknown[] = ['first'];
    // A region code's digits are the statement's text (a prepared statement is planned for its subtree).
    expect(regionScopeSql('h.region_code', district, params, { within: '410106100' })).toBe(`h.region_code LIKE '410106%' AND h.region_code LIKE '410106100%'`);
    expect(params).toEqual(['first']);
    expect(regionScopeSql('h.sector_code', education, params, { sector: { column: 'h.sector', access: 'write' } })).toBe(`h.sector_code LIKE '410106%' AND h.sector = $2`);
    expect(params).toEqual(['first', 'education']);
    // Anything else is bound, never written into the SQL.
    for (const prefix of [`41'; DROP TABLE households; --`, '4101061002010001', '41010６', '41_0%']) {
      const bound: unknown[] = [];
      expect(regionScopeSql('h.region_code', district, bound, { within: prefix })).toBe(`h.region_code LIKE '410106%' AND h.region_code LIKE $1`);
      expect(bound).toEqual([subtreeLikePattern(prefix)]);
    }
    expect(regionScopeSql('h.region_code', undefined, [])).toBe('FALSE');
  });
});
