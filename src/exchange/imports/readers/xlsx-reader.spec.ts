import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ImportFormat } from '../import-job.entity';
import { inspectImportFile, openImportFile, RawRow } from './index';
import { fileError, readImportFile } from '../../../../test/support/import-readers';


const XLSX = { format: ImportFormat.XLSX };
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'xlsx-reader-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function workbook(name: string, fill: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('户籍'));
  wb.addWorksheet('说明').addRow(['这张表不读']);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}


const readAll = async (path: string): Promise<RawRow[]> => (await readImportFile(path, XLSX)).rows;

const HEADER = ['户编号', '行政区划代码', '贫困户属性', '主要致贫原因', '姓名', '证件号码', '与户主关系', '出生日期', '是否享受低保', '备注'];

describe('XLSX reader', () => {
  let path: string;
  beforeAll(async () => {
    path = await workbook('registry.xlsx', (sheet) => {
      sheet.addRow([]);
      sheet.addRow(HEADER);
      sheet.addRow(['H1', '110101001001', '一般贫困户', '因病', '张三', '110101199003074514', '户主', new Date(Date.UTC(1990, 2, 7)), true, 'x']);
      sheet.addRow([
        'H1',
        { richText: [{ text: '1101010' }, { font: { bold: true }, text: '01001' }] },
        '一般贫困户',
        '因病',
        { text: '李四', hyperlink: 'https://example.org' },
        110101199003074000,
        { formula: 'A1&"子"', result: '之子' },
        null,
        { error: '#N/A' },
      ]);
      sheet.addRow([]);
      sheet.addRow(['H2', '110101001001', '一般贫困户', '因病', '王五', '110101199003074514', '户主', null, null, null, 'no header']);
    });
  });

  it('reads the first worksheet: header on the first non-empty row, typed values, sheet row numbers', async () => {
    const opened = await openImportFile(path, XLSX);
    expect(opened.encoding).toBeNull();
    expect(opened.header.columns.map((c) => c.header)).toEqual(HEADER.slice(0, -1));
    expect(opened.header.unknown).toEqual(['备注']);
    const rows: RawRow[] = [];
    for await (const r of opened.rows) rows.push(r);
    expect(rows.map((r) => r.rowNumber)).toEqual([3, 4, 6]);
    const first = rows[0].values;
    expect(first.get('birthDate')).toEqual(new Date(Date.UTC(1990, 2, 7)));
    expect(first.get('lowIncomeSupport')).toBe(true);
    expect(first.get('idNumber')).toBe('110101199003074514');
    expect(rows[0].problems).toEqual([]);
  });

  it('takes rich text and hyperlinks as text, keeps a number as a number, refuses formulas and error cells', async () => {
    const [, second, third] = await readAll(path);
    expect(second.values.get('regionCode')).toBe('110101001001');
    expect(second.values.get('name')).toBe('李四');
    // An ID number typed as a number has lost digits: kept as the number for parseCell to refuse.
    expect(typeof second.values.get('idNumber')).toBe('number');
    expect(second.values.get('relation') ?? null).toBeNull();
    expect(second.problems.map((p) => [p.code, p.column, p.field])).toEqual([
      ['FORMULA_NOT_ALLOWED', '与户主关系', 'members.relation'],
      ['CELL_ERROR', '是否享受低保', 'members.lowIncomeSupport'],
    ]);
    expect(third.problems.map((p) => p.code)).toEqual(['COLUMN_COUNT']);
  });

  it("takes a text cell starting with = as text, and drops a CSV-style '=… guard as the CSV reader does", async () => {
    const guarded = await workbook('guarded.xlsx', (sheet) => {
      sheet.addRow(['户编号', '行政区划代码', '贫困户属性', '主要致贫原因', '姓名', '证件号码', '与户主关系', '开户银行', '联系电话', '民族']);
      sheet.addRow(['H1', '110101001001', '一般贫困户', '因病', "'-张三", '110101199003074514', '户主', '=1+1', "'+8613800000000", "'abc"]);
      sheet.addRow(['H1', '110101001001', '一般贫困户', '因病', '-李四', '110101199003074514', '户主', "'@农行", '+8613800000000', { formula: '1+1', result: 2 }]);
    });
    const rows = await readAll(guarded);
    const v = rows.map((r) => Object.fromEntries(['name', 'bankName', 'contactPhone', 'ethnicity'].map((k) => [k, r.values.get(k) ?? null])));
    expect(v).toEqual([
      { name: '-张三', bankName: '=1+1', contactPhone: '+8613800000000', ethnicity: "'abc" },
      { name: '-李四', bankName: '@农行', contactPhone: '+8613800000000', ethnicity: null },
    ]);
    expect(rows.map((r) => r.problems.map((p) => p.code))).toEqual([[], ['FORMULA_NOT_ALLOWED']]);
  });

  it('inspects an XLSX file', async () => {
    const inspection = await inspectImportFile(path, XLSX);
    expect([inspection.totalRows, inspection.householdCount, inspection.splitHouseholds.size]).toEqual([3, 2, 0]);
  });

  it('refuses missing columns, a sheet without a header, a file that is not a zip, and a truncated workbook', async () => {
    const missing = await workbook('missing.xlsx', (s) => s.addRow(['户编号', '姓名']));
    expect((await fileError(openImportFile(missing, XLSX))).code).toBe('MISSING_COLUMNS');
    const empty = await workbook('empty.xlsx', () => undefined);
    expect((await fileError(openImportFile(empty, XLSX))).code).toBe('EMPTY_FILE');
    const csv = join(dir, 'not.xlsx');
    writeFileSync(csv, `${HEADER.join(',')}\n`);
    expect((await fileError(openImportFile(csv, XLSX))).code).toBe('NOT_XLSX');

    const big = await workbook('big.xlsx', (s) => {
      s.addRow(HEADER);
      for (let i = 0; i < 3000; i++) s.addRow([`H${i}`, '110101001001', '一般贫困户', '因病', `名${i}`, `${i}`.padStart(18, '1'), '户主']);
    });
    const bytes = readFileSync(big);
    for (const cut of [0.3, 0.6, 0.95]) {
      const truncated = join(dir, `cut-${cut}.xlsx`);
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * cut)));
      const e = await fileError(readAll(truncated));
      expect(e.code).toBe('CORRUPT_XLSX');
    }
    const garbled = join(dir, 'garbled.xlsx');
    const copy = Buffer.from(bytes);
    copy.fill(0x41, Math.floor(copy.length * 0.2), Math.floor(copy.length * 0.5));
    writeFileSync(garbled, copy);
    expect((await fileError(readAll(garbled))).code).toBe('CORRUPT_XLSX');
  });
});
