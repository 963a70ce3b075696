import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ImportFormat } from '../import-job.entity';
import { REGISTRY_TABLE } from '../../../households/import/registry-columns';
import { inspectImportFile, openImportFile, RawRow } from './index';
import { fileError, readImportFile } from '../../../../test/support/import-readers';
import { repeat, workbookParts, writeZip } from '../../../../test/support/zip-writer';


const XLSX = { format: ImportFormat.XLSX, table: REGISTRY_TABLE };
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

  describe('bounds: a crafted workbook never costs more than the limits (issue #10, item 8)', () => {
    const ROW = ['H1', '110101001001', '一般贫困户', '因病', '张三', '110101199003074514', '户主'];
    const HEAD = HEADER.slice(0, 7);
    const sheetWithShared = [`<worksheet><sheetData><row r="1">${HEAD.map((h) => `<c t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>` +
      `<row r="2">${ROW.map((_, i) => (i === 4 ? '<c t="s"><v>0</v></c>' : `<c t="inlineStr"><is><t>${ROW[i]}</t></is></c>`)).join('')}</row></sheetData></worksheet>`];

    /** Peak heap growth while `f` runs (sampled while it awaits). */
    async function peakHeap<T>(f: () => Promise<T>): Promise<{ result: T; peak: number }> {
      global.gc?.();
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed - base));
      const timer = setInterval(sample, 2);
      try {
        const result = await f();
        sample();
        return { result, peak };
      } finally {
        clearInterval(timer);
      }
    }

    it('reads a hand-made workbook (inline strings, shared strings, no styles)', async () => {
      const path = join(dir, 'minimal.xlsx');
      await writeZip(path, workbookParts([], ['<sst><si><t>张三</t></si></sst>'], sheetWithShared));
      const rows = await readAll(path);
      expect(rows.map((r) => [r.rowNumber, r.values.get('name'), r.values.get('idNumber')])).toEqual([[2, '张三', '110101199003074514']]);
    });

    it('Chinese text is read whole where the inflater cuts a character in two', async () => {
      const path = join(dir, 'chinese.xlsx');
      const names = Array.from({ length: 5000 }, (_, i) => `长期慢性病${'甲乙丙丁'.slice(0, (i % 4) + 1)}`);
      await writeZip(path, workbookParts([HEAD, ...names.map((n) => ROW.map((v, i) => (i === 4 ? n : v)))]));
      const rows = await readAll(path);
      expect(rows.map((r) => r.values.get('name'))).toEqual(names);
    });

    it('shared strings that expand to 150 MB: refused at IMPORT_XLSX_MAX_SHARED_STRING_BYTES, holding no more than that', async () => {
      const path = join(dir, 'bomb-bytes.xlsx');
      const item = `<si><t>${'字'.repeat(1000)}</t></si>`;
      await writeZip(path, workbookParts([], ['<sst>', ...repeat(item, 50_000), '</sst>'], sheetWithShared));
      expect(readFileSync(path).length).toBeLessThan(2 * 1024 * 1024);
      expect((await fileError(readAll(path))).code).toBe('XLSX_SHARED_STRINGS_TOO_LARGE');
      // Memory: the strings kept stay within the bound (16 MiB of text here), whatever the part expands to.
      const { result, peak } = await peakHeap(() => fileError(readImportFile(path, { ...XLSX, xlsx: { maxSharedStringBytes: 16 * 1024 * 1024 } })));
      expect(result.code).toBe('XLSX_SHARED_STRINGS_TOO_LARGE');
      expect(peak).toBeLessThan(64 * 1024 * 1024);
    });

    it('too many shared strings, declared or found: XLSX_TOO_MANY_SHARED_STRINGS', async () => {
      const path = join(dir, 'bomb-count.xlsx');
      await writeZip(path, workbookParts([], ['<sst>', ...repeat('<si><t>x</t></si>', 200_000), '</sst>'], sheetWithShared));
      const found = await fileError(readImportFile(path, { ...XLSX, xlsx: { maxSharedStrings: 50_000 } }));
      expect(found.code).toBe('XLSX_TOO_MANY_SHARED_STRINGS');
      const declared = join(dir, 'declared-count.xlsx');
      await writeZip(declared, workbookParts([], ['<sst uniqueCount="999999999"><si><t>张三</t></si></sst>'], sheetWithShared));
      expect((await fileError(readAll(declared))).code).toBe('XLSX_TOO_MANY_SHARED_STRINGS');
    });

    it('a part larger than IMPORT_XLSX_MAX_PART_BYTES is refused, and a part that expands past its declared size is corrupt', async () => {
      const path = join(dir, 'big-part.xlsx');
      const sheet = [sheetWithShared[0].replace('</sheetData>', ''), ...repeat('<row/>', 2_000_000), '</sheetData></worksheet>'];
      await writeZip(path, workbookParts([], ['<sst><si><t>张三</t></si></sst>'], sheet));
      const e = await fileError(readImportFile(path, { ...XLSX, xlsx: { maxPartBytes: 1024 * 1024 } }));
      expect([e.code, e.message]).toEqual(['XLSX_PART_TOO_LARGE', expect.stringContaining('xl/worksheets/sheet1.xml')]);
      // The directory says 1 KiB; the data inflates to megabytes: refused when it passes the declared size.
      const lying = join(dir, 'lying.xlsx');
      const parts = workbookParts([], ['<sst>', ...repeat('<si><t>x</t></si>', 500_000), '</sst>'], sheetWithShared);
      parts[3].declaredSize = 1024;
      await writeZip(lying, parts);
      const corrupt = await fileError(readAll(lying));
      expect(corrupt.code).toBe('CORRUPT_XLSX');
      expect(corrupt.message).not.toMatch(/Error|stream|inflate/i);
    });

    it('a cell longer than IMPORT_MAX_CELL_BYTES (inline, shared, or one endless text node) is CELL_TOO_LONG at its row', async () => {
      const inline = join(dir, 'long-inline.xlsx');
      await writeZip(inline, workbookParts([HEAD, ROW, ROW.map((v, i) => (i === 4 ? 'x'.repeat(200_000) : v))]));
      const a = await fileError(readAll(inline));
      expect([a.code, a.rowNumber]).toEqual(['CELL_TOO_LONG', 3]);
      const shared = join(dir, 'long-shared.xlsx');
      await writeZip(shared, workbookParts([], [`<sst><si><t>${'x'.repeat(100_000)}</t></si></sst>`], sheetWithShared));
      expect((await fileError(readAll(shared))).code).toBe('CELL_TOO_LONG');
      const endless = join(dir, 'endless.xlsx');
      const open = sheetWithShared[0].slice(0, sheetWithShared[0].indexOf('<v>0</v>') + '<v>'.length);
      await writeZip(endless, workbookParts([], undefined, [open, ...repeat('1', 50_000_000)]));
      const { result, peak } = await peakHeap(() => fileError(readAll(endless)));
      expect(result.code).toBe('CELL_TOO_LONG');
      expect(peak).toBeLessThan(64 * 1024 * 1024);
    });
  });
});
