import { columnTable, ImportColumn } from './columns';
import { ImportMode, ImportPort } from './import-port';
import { ImportPorts } from './import-ports';
import { addCountsByUnit, CountsByUnit, RawRow } from './import-types';
import { digestOf, groupRows } from './unit-rows';

const COLUMNS: ImportColumn<'roster' | 'pupil'>[] = [
  { header: '学校代码', key: 'schoolCode', scope: 'roster', kind: 'text', role: 'stored', required: true },
  { header: '姓名', key: 'name', scope: 'pupil', kind: 'text', role: 'stored', required: true, aliases: ['学生姓名'] },
  { header: '年级', key: 'grade.year', scope: 'pupil', kind: 'int', role: 'stored' },
];
const TABLE = columnTable(COLUMNS, { unitKey: 'schoolCode', nesting: { unitScope: 'roster', childScope: 'pupil', childrenKey: 'pupils' } });

const port = (kind: string, over: Partial<ImportPort> = {}): ImportPort => ({
  kind,
  table: TABLE,
  units: ['rosters', 'pupils'],
  modes: [ImportMode.SYNC],
  groupKey: (row) => String(row.values.get('schoolCode') ?? ''),
  open: () => ({ assemble: () => ({ problems: [], valid: true }), write: async () => ({ counts: {}, problems: [], settledByDigest: 0 }) }),
  ...over,
});

const row = (rowNumber: number, schoolCode: string, name: string): RawRow => ({ rowNumber, values: new Map([['schoolCode', schoolCode], ['name', name]]), problems: [] });

describe('the import kit', () => {
  it('finds a port by kind; refuses a kind twice, a port without units or modes, and an unknown kind', () => {
    const ports = new ImportPorts();
    const students = port('students');
    ports.register(students);
    expect(ports.get('students')).toBe(students);
    expect(ports.has('students')).toBe(true);
    expect(ports.kinds()).toEqual(['students']);
    expect(() => ports.register(port('students'))).toThrow(/twice/);
    expect(() => ports.register(port('a', { units: [] }))).toThrow(/no unit/);
    expect(() => ports.register(port('b', { modes: [] }))).toThrow(/no mode/);
    expect(() => ports.get('funds')).toThrow(/no import port for funds/);
  });

  it('serves the exports of ports and of export-only kinds by kind; an export-only kind is no import kind and is registered once', () => {
    const ports = new ImportPorts();
    const page = async () => ({ rows: [], next: null });
    const roster = { permission: 'projects.read' as const, fileName: 'students', displayName: '学生', page };
    ports.register(port('students', { export: roster }));
    ports.register(port('plain'));
    const ledger = { kind: 'ledger', table: TABLE, export: { ...roster, fileName: 'ledger' } };
    ports.registerExport(ledger);
    expect(ports.exportOf('students')).toEqual({ kind: 'students', table: TABLE, export: roster });
    expect(ports.exportOf('ledger')).toBe(ledger);
    expect(ports.exportOf('plain')).toBeUndefined();
    expect(ports.exportKinds()).toEqual(['students', 'ledger']);
    expect(ports.has('ledger')).toBe(false);
    expect(ports.kinds()).toEqual(['students', 'plain']);
    expect(() => ports.registerExport(ledger)).toThrow(/twice/);
    expect(() => ports.registerExport({ ...ledger, kind: 'students' })).toThrow(/twice/);
    expect(() => ports.register(port('ledger'))).toThrow(/twice/);
  });

  it("builds a column table from a module's columns: headers, aliases and keys (NFKC, blanks dropped), required columns", () => {
    expect(TABLE.forHeader(' 学生 姓名 ')?.key).toBe('name');
    expect(TABLE.forHeader('grade.year')?.key).toBe('grade.year');
    expect(TABLE.forHeader('班级')).toBeUndefined();
    expect(TABLE.required.map((c) => c.key)).toEqual(['schoolCode', 'name']);
    expect(() => columnTable(COLUMNS, { unitKey: 'nope', nesting: TABLE.nesting })).toThrow(/unit key/);
  });

  it('groups adjacent rows by the key it is given, caps a group, and digests rows without their row numbers', async () => {
    async function* rows() {
      yield row(2, 'S1', '甲');
      yield row(3, 'S1', '乙');
      yield row(4, 'S2', '丙');
      yield row(5, '', '丁');
      yield row(6, '', '戊');
    }
    const groups: { rows: RawRow[]; size: number }[] = [];
    for await (const g of groupRows(rows(), (r) => String(r.values.get('schoolCode')), 1)) groups.push(g);
    expect(groups.map((g) => [g.rows.map((r) => r.rowNumber), g.size])).toEqual([[[2], 2], [[4], 1], [[5], 1], [[6], 1]]);
    expect(digestOf([row(2, 'S1', '甲')], COLUMNS)).toBe(digestOf([row(9, 'S1', '甲')], COLUMNS));
    expect(digestOf([row(2, 'S1', '甲')], COLUMNS)).not.toBe(digestOf([row(2, 'S1', '乙')], COLUMNS));
  });

  it('adds counts per unit, starting absent units at zero', () => {
    const total: CountsByUnit = { rosters: { created: 1, updated: 0, unchanged: 0, rejected: 0, left: 0 } };
    addCountsByUnit(total, { rosters: { created: 1, updated: 1, unchanged: 0, rejected: 0, left: 0 }, pupils: { created: 3, updated: 0, unchanged: 0, rejected: 0, left: 2 } });
    expect(total).toEqual({ rosters: { created: 2, updated: 1, unchanged: 0, rejected: 0, left: 0 }, pupils: { created: 3, updated: 0, unchanged: 0, rejected: 0, left: 2 } });
  });
});
