import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { ImportFormat } from '../import-job.entity';
import { REGISTRY_TABLE } from '../../../households/import/registry-columns';
import { inspectImportFile, openImportFile, OpenOptions, RawRow } from './index';
import { fileError, readImportFile } from '../../../../test/support/import-readers';


const HEADER = '户编号,行政区划代码,贫困户属性,主要致贫原因,姓名,身份证号,与户主关系';
const row = (hh: string, name: string, id = '110101199003074514') => `${hh},110101001001,一般贫困户,因病,${name},${id},户主`;

let dir: string;
let n = 0;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'csv-reader-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(content: string | Buffer): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
}

const CSV: OpenOptions = { format: ImportFormat.CSV, table: REGISTRY_TABLE };

const readAll = async (path: string, options: OpenOptions = CSV): Promise<RawRow[]> => (await readImportFile(path, options)).rows;


describe('CSV reader', () => {
  it('reads UTF-8: columns by Chinese header, alias or English key; unknown headers listed; blank cells left out', async () => {
    const path = file(`${HEADER},民族,备注,contactPhone,,\n${row('H1', '张三')},汉族,x,13800000000,,\n${row('H1', '李四')},,,,,\n`);
    const opened = await openImportFile(path, CSV);
    expect(opened.encoding).toBe('UTF-8');
    expect(opened.header.columns.map((c) => c.key)).toEqual([
      'householdNumber', 'regionCode', 'attribute', 'primaryCause', 'name', 'idNumber', 'relation', 'ethnicity', 'contactPhone',
    ]);
    expect(opened.header.unknown).toEqual(['备注']);
    const rows: RawRow[] = [];
    for await (const r of opened.rows) rows.push(r);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3]);
    expect(Object.fromEntries(rows[0].values)).toEqual({
      householdNumber: 'H1', regionCode: '110101001001', attribute: '一般贫困户', primaryCause: '因病', name: '张三',
      idNumber: '110101199003074514', relation: '户主', ethnicity: '汉族', contactPhone: '13800000000',
    });
    expect(rows[1].values.has('ethnicity')).toBe(false);
    expect(rows.every((r) => r.problems.length === 0)).toBe(true);
  });

  it('strips a UTF-8 BOM', async () => {
    const opened = await openImportFile(file(`\uFEFF${HEADER}\n${row('H1', '张三')}\n`), CSV);
    expect(opened.encoding).toBe('UTF-8');
    expect(opened.header.columns[0].key).toBe('householdNumber');
    expect(opened.header.unknown).toEqual([]);
  });

  it('detects GBK (read as GB18030) and reads it given explicitly', async () => {
    const gbk = iconv.encode(`${HEADER}\r\n${row('H1', '张三')}\r\n${row('H2', '王𠀀')}\r\n`.replace('王𠀀', '王五'), 'gbk');
    for (const encoding of ['AUTO', 'GB18030'] as const) {
      const opened = await openImportFile(file(gbk), { ...CSV, encoding });
      expect(opened.encoding).toBe('GB18030');
      const rows: RawRow[] = [];
      for await (const r of opened.rows) rows.push(r);
      expect(rows.map((r) => r.values.get('name'))).toEqual(['张三', '王五']);
      expect(rows[0].values.get('attribute')).toBe('一般贫困户');
    }
  });

  it('reads UTF-8 with a damaged byte as UTF-8 (that row an ENCODING problem), not the whole file as GBK', async () => {
    const text = Buffer.from(`${HEADER}\n${row('H1', '张三')}\n${row('H2', '李四')}\n`);
    const at = text.indexOf(Buffer.from('李四'));
    const damaged = Buffer.concat([text.subarray(0, at), Buffer.from([0xff]), text.subarray(at)]);
    const opened = await openImportFile(file(damaged), CSV);
    expect(opened.encoding).toBe('UTF-8');
    const rows: RawRow[] = [];
    for await (const r of opened.rows) rows.push(r);
    expect(rows.map((r) => r.problems.map((p) => [p.code, p.column]))).toEqual([[], [['ENCODING', '姓名']]]);
    expect(rows[0].values.get('name')).toBe('张三');
    // GBK text forms a UTF-8 sequence only by chance: still detected as GBK.
    const gbk = Buffer.concat([iconv.encode(`${HEADER}\n${row('H1', '张三')}\n`, 'gbk'), Buffer.from(`${row('H2', '李四')}\n`)]);
    expect((await openImportFile(file(gbk), CSV)).encoding).toBe('GB18030');
  });

  it('refuses a contradicted explicit encoding', async () => {
    const gbk = file(iconv.encode(`${HEADER}\n${row('H1', '张三')}\n`, 'gbk'));
    const e = await fileError(openImportFile(gbk, { ...CSV, encoding: 'UTF-8' }));
    expect(e.code).toBe('WRONG_ENCODING');
    expect(e.rowNumber).toBe(1);
    expect(e.message).toContain('UTF-8');
    const utf8 = file(`${HEADER}\n${row('H1', '张三')}\n`);
    expect((await fileError(openImportFile(utf8, { ...CSV, encoding: 'GB18030' }))).code).toBe('WRONG_ENCODING');
  });

  it('after 64 KiB of UTF-8: a GBK row is an ENCODING problem (auto) or WRONG_ENCODING at that row (explicit)', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 1000; i++) lines.push(row(`H${i}`, '张三'));
    const head = Buffer.from(`${lines.join('\n')}\n`);
    const path = file(Buffer.concat([head, iconv.encode(`${row('H9', '李四')}\n`, 'gbk'), Buffer.from(`${row('H10', '赵六')}\n`)]));
    const rows = await readAll(path);
    expect(rows).toHaveLength(1002);
    const bad = rows[1000];
    expect(bad.rowNumber).toBe(1002);
    expect(bad.problems).toEqual([expect.objectContaining({ code: 'ENCODING', column: '贫困户属性', field: 'attribute' })]);
    expect(rows[1001].problems).toEqual([]);
    const e = await fileError(readAll(path, { ...CSV, encoding: 'UTF-8' }));
    expect([e.code, e.rowNumber]).toEqual(['WRONG_ENCODING', 1002]);
  });

  it('names missing required columns in Chinese, and refuses duplicate columns', async () => {
    const missing = await fileError(openImportFile(file('户编号,行政区划代码,姓名\nH1,1,张三\n'), CSV));
    expect(missing.code).toBe('MISSING_COLUMNS');
    for (const h of ['贫困户属性', '主要致贫原因', '证件号码', '与户主关系']) expect(missing.message).toContain(h);
    const dup = await fileError(openImportFile(file(`${HEADER},证件号码\n`), CSV));
    expect(dup.code).toBe('DUPLICATE_COLUMNS');
    expect(dup.message).toContain('证件号码');
  });

  it('refuses an empty file; a header-only file has no rows', async () => {
    expect((await fileError(openImportFile(file(''), CSV))).code).toBe('EMPTY_FILE');
    expect((await fileError(openImportFile(file('\uFEFF\n\r\n,,,\n'), CSV))).code).toBe('EMPTY_FILE');
    expect(await readAll(file(`${HEADER}\n`))).toEqual([]);
    const inspection = await inspectImportFile(file(`${HEADER}\n\n`), CSV);
    expect([inspection.totalRows, inspection.householdCount]).toEqual([0, 0]);
  });

  it('numbers rows as a spreadsheet does: blank lines skipped but counted, a multi-line field one row', async () => {
    const path = file(`\n${HEADER}\n${row('H1', '张三')}\n\n,,,,,,\n"H2",1,一般贫困户,因病,"王\n五",1,户主\n${row('H3', '赵六')}`);
    const rows = await readAll(path);
    expect(rows.map((r) => [r.rowNumber, r.values.get('householdNumber')])).toEqual([[3, 'H1'], [6, 'H2'], [7, 'H3']]);
    expect(rows[1].values.get('name')).toBe('王\n五');
  });

  it('reports rows with missing or extra fields as COLUMN_COUNT', async () => {
    const rows = await readAll(file(`${HEADER},\n${row('H1', '张三')},,\nH2,1,一般贫困户\n${row('H3', '赵六')},,extra\n`));
    expect(rows.map((r) => r.problems.map((p) => p.code))).toEqual([[], ['COLUMN_COUNT'], ['COLUMN_COUNT']]);
    expect(rows[1].values.get('householdNumber')).toBe('H2');
  });

  it('hands out the good rows, then TRUNCATED_FILE for a file cut inside a quoted field', async () => {
    const opened = await openImportFile(file(`${HEADER}\n${row('H1', '张三')}\n${row('H2', '李四')}\nH3,1,一般贫困户,因病,"王`), CSV);
    const seen: number[] = [];
    const e = await fileError(
      (async () => {
        for await (const r of opened.rows) seen.push(r.rowNumber);
      })(),
    );
    expect(seen).toEqual([2, 3]);
    expect([e.code, e.rowNumber]).toEqual(['TRUNCATED_FILE', 4]);
    expect(e.message).toMatch(/截断.*truncated/);
  });

  it('refuses a 10 MB single line as ROW_TOO_LONG without reading it whole', async () => {
    const path = file(Buffer.concat([Buffer.from(`${HEADER}\n${row('H1', '张三')}\n`), Buffer.alloc(10 << 20, 'x'), Buffer.from('\n')]));
    const e = await fileError(readAll(path));
    expect([e.code, e.rowNumber]).toEqual(['ROW_TOO_LONG', 3]);
    const quoted = file(Buffer.concat([Buffer.from(`${HEADER}\n"`), Buffer.alloc(10 << 20, 'x')]));
    expect((await fileError(readAll(quoted))).code).toBe('ROW_TOO_LONG');
    const longHeader = file(Buffer.alloc(10 << 20, 'x'));
    expect((await fileError(openImportFile(longHeader, CSV))).code).toBe('ROW_TOO_LONG');
  });

  it("drops the export's formula guard ('=…) and refuses unguarded formula text in free-text columns", async () => {
    const header = `${HEADER},联系电话,开户银行,民族,政治面貌`;
    const rows = await readAll(
      file(
        `${header}\n` +
          `${row('H1', "'-张三")},'+8613800000000,'=1+1,'@x,'abc\n` +
          `${row('H2', '-李四')},+8613800000001,"=HYPERLINK(""http://x"")",''=1,'123\n` +
          `${row('H3', '王五')},13800000002,@农行, =1,-\n`,
      ),
    );
    const v = rows.map((r) => Object.fromEntries(['name', 'contactPhone', 'bankName', 'ethnicity', 'politicalStatus'].map((k) => [k, r.values.get(k)])));
    expect(v[0]).toEqual({ name: '-张三', contactPhone: '+8613800000000', bankName: '=1+1', ethnicity: '@x', politicalStatus: "'abc" });
    // Refused, but kept as written: the row is an error and nothing of it is stored.
    expect(v[1]).toEqual({ name: '-李四', contactPhone: '+8613800000001', bankName: '=HYPERLINK("http://x")', ethnicity: "'=1", politicalStatus: "'123" });
    expect(rows[0].problems).toEqual([]);
    expect(rows[1].problems).toEqual([expect.objectContaining({ code: 'FORMULA_NOT_ALLOWED', column: '开户银行', field: 'bankName' })]);
    expect(rows[2].problems.map((p) => [p.code, p.column, p.field])).toEqual([
      ['FORMULA_NOT_ALLOWED', '开户银行', 'bankName'],
      ['FORMULA_NOT_ALLOWED', '民族', 'members.ethnicity'],
    ]);
    expect(rows[2].problems[0].message).toMatch(/公式.*formula/);
  });

  it('inspects: counts rows and households, finds households whose rows are not adjacent', async () => {
    const path = file(`${HEADER}\n${row('H1', 'a')}\n${row('H1', 'b')}\n${row('H2', 'c')}\n${row(' H1', 'd')}\n${row('H3', 'e')}\n${row('H3', 'f')}\n`);
    const inspection = await inspectImportFile(path, CSV);
    expect(inspection.totalRows).toBe(6);
    expect(inspection.householdCount).toBe(3);
    expect([...inspection.splitHouseholds]).toEqual(['H1']);
    expect(inspection.encoding).toBe('UTF-8');
  });

  it("reads only the unit key's cell when asked (the inspection pass), and still refuses what makes the file unreadable", async () => {
    const path = file(`${HEADER},民族\n${row('H1', '=1+1')},汉族\n${row('H2', '李四')}\n`);
    const rows = await readAll(path, { ...CSV, cells: 'unitKey' });
    expect(rows.map((r) => [r.rowNumber, Object.fromEntries(r.values), r.problems.map((p) => p.code)])).toEqual([
      [2, { householdNumber: 'H1' }, []],
      [3, { householdNumber: 'H2' }, ['COLUMN_COUNT']],
    ]);
    // The same file in full: the formula in 姓名 is the first row's problem.
    expect((await readAll(path)).map((r) => r.problems.map((p) => p.code))).toEqual([['FORMULA_NOT_ALLOWED'], ['COLUMN_COUNT']]);
    const lines = [HEADER];
    for (let i = 0; i < 1000; i++) lines.push(row(`H${i}`, '张三'));
    const gbkLate = file(Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), iconv.encode(`${row('H9', '李四')}\n`, 'gbk')]));
    const e = await fileError(inspectImportFile(gbkLate, { ...CSV, encoding: 'UTF-8' }));
    expect([e.code, e.rowNumber]).toEqual(['WRONG_ENCODING', 1002]);
    expect((await fileError(inspectImportFile(file(`${HEADER}\n${row('H1', 'a')}\n"H2,x\n`), CSV))).code).toBe('TRUNCATED_FILE');
  });

  it('a NUL character in a cell or a header is never passed on: the cell is a NUL_CHARACTER problem of its row, shown as U+FFFD', async () => {
    const path = file(`${HEADER},备\u0000注\n${row('H\u00001', '张三')},x\n${row('H2', '李\u0000四')},\n`);
    const { rows, unknown } = await readImportFile(path, CSV);
    expect(unknown).toEqual(['备\uFFFD注']);
    expect(rows.map((r) => [r.values.get('householdNumber'), r.values.get('name'), r.problems.map((p) => [p.column, p.field, p.code])])).toEqual([
      ['H\uFFFD1', '张三', [['户编号', 'householdNumber', 'NUL_CHARACTER']]],
      ['H2', '李\uFFFD四', [['姓名', 'members.name', 'NUL_CHARACTER']]],
    ]);
    const inspected = await inspectImportFile(path, CSV);
    expect(inspected.header.unknown).toEqual(['备\uFFFD注']);
  });
});
