import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { columnTable, ImportColumn } from '../../../common/imports/columns';
import type { RawRow } from '../../../common/imports/import-types';
import { ImportFormat } from '../import-job.entity';
import { inspectImportFile, OpenOptions } from './index';
import { fileError, readImportFile } from '../../../../test/support/import-readers';

/** A roster of another module (a school's pupils): the readers know only the table they are given. */
const COLUMNS: ImportColumn<'school' | 'pupil'>[] = [
  { header: '学校代码', key: 'schoolCode', scope: 'school', kind: 'text', role: 'stored', required: true },
  { header: '学年', key: 'term.year', scope: 'school', kind: 'int', role: 'stored' },
  { header: '姓名', key: 'name', scope: 'pupil', kind: 'text', role: 'stored', required: true, aliases: ['学生姓名'] },
  { header: '年级', key: 'grade.level', scope: 'pupil', kind: 'int', role: 'stored' },
];
const TABLE = columnTable(COLUMNS, { unitKey: 'schoolCode', nesting: { unitScope: 'school', childScope: 'pupil', childrenKey: 'pupils' } });

let dir: string;
let n = 0;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'any-table-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (content: string, ext: string) => {
  const path = join(dir, `f${n++}.${ext}`);
  writeFileSync(path, content);
  return path;
};
const values = (rows: RawRow[]) => rows.map((r) => Object.fromEntries(r.values));

describe('the readers read any module’s column table', () => {
  it('CSV: headers and aliases of the table, its required columns, its unit key for split units', async () => {
    const csv: OpenOptions = { format: ImportFormat.CSV, table: TABLE };
    const path = file('学校代码,学生姓名,年级,班主任\nS1,甲,3,王\nS2,乙,4,李\nS1,丙,3,王\n', 'csv');
    const { rows, unknown } = await readImportFile(path, csv);
    expect(values(rows)).toEqual([
      { schoolCode: 'S1', name: '甲', 'grade.level': '3' },
      { schoolCode: 'S2', name: '乙', 'grade.level': '4' },
      { schoolCode: 'S1', name: '丙', 'grade.level': '3' },
    ]);
    expect(unknown).toEqual(['班主任']);
    const inspection = await inspectImportFile(path, csv);
    expect([...inspection.splitHouseholds]).toEqual(['S1']);
    expect((await fileError(readImportFile(file('学校代码,年级\nS1,3\n', 'csv'), csv))).code).toBe('MISSING_COLUMNS');
  });

  it('NDJSON: children under the table’s key, nested objects from its dotted keys, fields named after its scopes', async () => {
    const nd: OpenOptions = { format: ImportFormat.NDJSON, table: TABLE };
    const line = { schoolCode: 'S1', term: { year: 2026 }, pupils: [{ name: '甲', grade: { level: 3 } }, { name: '乙', grade: 'x', members: [] }] };
    const { rows, unknown } = await readImportFile(file(`${JSON.stringify(line)}\n`, 'ndjson'), nd);
    expect(values(rows)).toEqual([
      { schoolCode: 'S1', 'term.year': 2026, name: '甲', 'grade.level': 3 },
      { schoolCode: 'S1', 'term.year': 2026, name: '乙' },
    ]);
    expect(rows[1].problems).toEqual([expect.objectContaining({ column: 'grade', field: 'pupils.grade', code: 'VALUE_TYPE' })]);
    expect(unknown).toEqual(['pupils[].members']);
  });
});
