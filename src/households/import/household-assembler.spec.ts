import { generateHouseholds } from '../../demo/generator';
import { ProblemSeverity, RawRow } from '../../common/imports/import-types';
import { digestOf, groupRows } from '../../common/imports/unit-rows';
import { COLUMNS, Raw } from './registry-columns';
import { AssembleContext, assembleHousehold, householdNumberOf, ImportProblem } from './household-assembler';

/** The rows a reader gives for one generated household: one per member, codes as values. */
function rowsOf(seed: string, firstRow = 2): RawRow[] {
  const [h] = [...generateHouseholds({ households: 1, seed })];
  return h.members.map((m, i) => {
    const values = new Map<string, Raw>([
      ['householdNumber', h.householdNumber],
      ['regionCode', h.villageCode],
      ['attribute', h.attribute],
      ['primaryCause', h.primaryCause],
      ['yearRegistered', String(h.yearRegistered)],
      ['status', 'NOT_EXITED'],
      ['name', m.name],
      ['idNumber', m.idNumber],
      ['relation', m.relation],
    ]);
    return { rowNumber: firstRow + i, values, problems: [] };
  });
}

const ctx = (over: Partial<AssembleContext> = {}): AssembleContext => ({
  columns: COLUMNS.filter((c) => ['householdNumber', 'regionCode', 'attribute', 'primaryCause', 'yearRegistered', 'status', 'name', 'idNumber', 'relation'].includes(c.key)),
  today: '2026-11-28',
  splitHouseholds: new Set(),
  checkRegion: () => null,
  ...over,
});

const errors = (h: { problems: ImportProblem[] }) => h.problems.filter((p) => p.severity === ProblemSeverity.ERROR);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('household assembler', () => {
  it('a good household: members parsed, sex and birth date taken from the ID number, no problem', () => {
    const rows = rowsOf('assembler-good');
    const h = assembleHousehold(rows, 0, ctx());
    expect(errors(h)).toEqual([]);
    expect(h.valid).toBe(true);
    expect(h.members).toHaveLength(rows.length);
    expect(h.members[0].birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(h.rows).toBe(rows.length);
  });

  it('names the row, the header, the API field and a code; a member field is members.<key>', () => {
    const rows = rowsOf('assembler-bad-id');
    const id = String(rows[0].values.get('idNumber'));
    rows[0].values.set('idNumber', id.slice(0, 17) + (id[17] === '0' ? '1' : '0'));
    const h = assembleHousehold(rows, 0, ctx());
    expect(h.valid).toBe(false);
    expect(h.members).toHaveLength(rows.length - 1);
    expect(h.problems).toContainEqual(
      expect.objectContaining({ severity: ProblemSeverity.ERROR, rowNumber: 2, column: '证件号码', field: 'members.idNumber', code: 'CITIZEN_ID_CHECKSUM' }),
    );
  });

  it('a household column that differs between the rows of one household is an error on the later row', () => {
    const rows = rowsOf('assembler-differs');
    expect(rows.length).toBeGreaterThan(1);
    rows[1].values.set('attribute', rows[0].values.get('attribute') === 'GENERAL' ? 'LOW_INCOME_SUPPORT' : 'GENERAL');
    const h = assembleHousehold(rows, 0, ctx());
    expect(h.problems).toContainEqual(expect.objectContaining({ rowNumber: 3, field: 'attribute', code: 'HOUSEHOLD_VALUE_DIFFERS' }));
    expect(h.valid).toBe(false);
  });

  it('the same value written in full-width form is not a difference', () => {
    const rows = rowsOf('assembler-fullwidth');
    const year = String(rows[0].values.get('yearRegistered'));
    rows[rows.length - 1].values.set('yearRegistered', year.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))));
    expect(errors(assembleHousehold(rows, 0, ctx()))).toEqual([]);
  });

  it('a row without any member value, a region out of scope and rows of a split household are reported', () => {
    const rows = rowsOf('assembler-faults');
    const number = String(rows[0].values.get('householdNumber'));
    rows.push({ rowNumber: 2 + rows.length, values: new Map(rows[0].values).set('name', '').set('idNumber', null).set('relation', undefined), problems: [] });
    const h = assembleHousehold(rows, 0, ctx({ splitHouseholds: new Set([number]), checkRegion: () => ({ code: 'REGION_OUT_OF_SCOPE', message: 'outside' }) }));
    const codes = h.problems.map((p) => `${p.rowNumber}:${p.field}:${p.code}`);
    expect(codes).toContain(`${rows.length + 1}:members.name:NO_MEMBER`);
    expect(codes).toContain('2:regionCode:REGION_OUT_OF_SCOPE');
    expect(codes).toContain('2:householdNumber:HOUSEHOLD_ROWS_NOT_ADJACENT');
  });

  it('groups adjacent rows by household number; a blank number is a household of its own', async () => {
    const a = rowsOf('assembler-group-a');
    const b = rowsOf('assembler-group-b', 2 + a.length);
    const blank: RawRow = { rowNumber: 99, values: new Map(), problems: [] };
    const groups = await collect(groupRows(from([...a, ...b, blank, { ...blank, rowNumber: 100 }]), householdNumberOf));
    expect(groups.map((g) => g.rows.length)).toEqual([a.length, b.length, 1, 1]);
  });

  it('a household longer than the cap keeps its first rows, counts the rest, and is refused as HOUSEHOLD_TOO_MANY_ROWS', async () => {
    const a = rowsOf('assembler-cap-a');
    const b = rowsOf('assembler-cap-b', 2 + a.length);
    const many = Array.from({ length: 50 }, (_, i) => ({ ...a[0], rowNumber: 2 + i }));
    const groups = await collect(groupRows(from([...many, ...b]), householdNumberOf, 10));
    expect(groups.map((g) => [g.rows.length, g.size])).toEqual([
      [10, 50],
      [b.length, b.length],
    ]);
    const h = assembleHousehold(groups[0].rows, 0, ctx(), groups[0].size, 10);
    expect([h.valid, h.rows, h.problems.map((p) => [p.rowNumber, p.column, p.code])]).toEqual([false, 50, [[2, '户编号', 'HOUSEHOLD_TOO_MANY_ROWS']]]);
  });

  it('a digest is the rows and the columns: row numbers do not count, a moved or changed cell does', () => {
    const columns = ctx().columns;
    const rows = rowsOf('assembler-digest');
    const d = digestOf(rows, columns);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(digestOf(rowsOf('assembler-digest', 500), columns)).toBe(d);
    const name = String(rows[0].values.get('name'));
    const shifted = rowsOf('assembler-digest');
    shifted[0].values.set('name', name.slice(0, 1)).set('idNumber', name.slice(1) + String(rows[0].values.get('idNumber')));
    expect(digestOf(shifted, columns)).not.toBe(d);
    const blank = rowsOf('assembler-digest');
    blank[0].values.delete('name');
    const empty = rowsOf('assembler-digest');
    empty[0].values.set('name', '');
    expect(new Set([d, digestOf(blank, columns), digestOf(empty, columns)]).size).toBe(3);
    expect(digestOf(rows, columns.slice(1))).not.toBe(d);
  });

  it('a row the reader refused is not reported again as missing values, a missing member or a missing head', () => {
    const rows = rowsOf('assembler-noise');
    const head = rows.findIndex((r) => r.values.get('relation') === '01');
    rows[head] = { rowNumber: rows[head].rowNumber, values: new Map([['householdNumber', rows[0].values.get('householdNumber')]]), problems: [{ column: null, field: null, code: 'INVALID_JSON', message: 'bad line' }] };
    const h = assembleHousehold(rows, 0, ctx());
    expect(h.valid).toBe(false);
    expect(errors(h).map((p) => p.code)).toEqual(['INVALID_JSON']);
  });
});
