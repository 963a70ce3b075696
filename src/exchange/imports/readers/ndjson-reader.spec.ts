import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { ImportFormat } from '../import-job.entity';
import { REGISTRY_TABLE } from '../../../households/import/registry-columns';
import { detectFormat, inspectImportFile, openImportFile, RawRow } from './index';
import { fileError, readImportFile } from '../../../../test/support/import-readers';


const NDJSON = { format: ImportFormat.NDJSON, table: REGISTRY_TABLE };
let dir: string;
let n = 0;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ndjson-reader-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(content: string | Buffer): string {
  const path = join(dir, `f${n++}.ndjson`);
  writeFileSync(path, content);
  return path;
}

const readAll = (path: string, options = NDJSON): Promise<{ rows: RawRow[]; unknown: string[] }> => readImportFile(path, options);


const household = {
  householdNumber: 'H1',
  regionCode: '110101001001',
  attribute: 'GENERAL',
  otherCauses: ['ILLNESS', 'DISABILITY'],
  villageCode: 'unknown key',
  income: { year: 2020, wages: '1200.50', dividends: 1 },
  'income.property': 10,
  members: [
    { name: '张三', idNumber: '110101199003074514', relation: 'HEAD', insurance: { basicMedical: true, pension: false }, dibao: true },
    { name: '李四', idNumber: '110101199203074511', relation: 'SPOUSE', birthDate: null },
  ],
};

describe('NDJSON reader', () => {
  it('reads one row per member with the household values, nested income and insurance, unknown keys once', async () => {
    const lines = [JSON.stringify(household), '', JSON.stringify({ householdNumber: 'H2', regionCode: '1', members: [] }), JSON.stringify({ ...household, householdNumber: 'H3' })];
    const { rows, unknown } = await readAll(file(`\uFEFF${lines.join('\r\n')}`));
    expect(rows.map((r) => [r.rowNumber, r.values.get('householdNumber'), r.values.get('name')])).toEqual([
      [1, 'H1', '张三'], [1, 'H1', '李四'], [3, 'H2', undefined], [4, 'H3', '张三'], [4, 'H3', '李四'],
    ]);
    expect(Object.fromEntries(rows[0].values)).toEqual({
      householdNumber: 'H1', regionCode: '110101001001', attribute: 'GENERAL', otherCauses: 'ILLNESS,DISABILITY',
      'income.year': 2020, 'income.wages': '1200.50', 'income.property': 10,
      name: '张三', idNumber: '110101199003074514', relation: 'HEAD', 'insurance.basicMedical': true, 'insurance.pension': false,
    });
    expect(rows[1].values.get('birthDate')).toBeNull();
    expect(rows[1].values.has('insurance.basicMedical')).toBe(false);
    expect(unknown).toEqual(['villageCode', 'income.dividends', 'members[].dibao']);
    expect(rows.every((r) => r.problems.length === 0)).toBe(true);
  });

  it('treats every column as present (required values are checked per row by the pipeline)', async () => {
    const opened = await openImportFile(file('{"householdNumber":"H1"}\n'), NDJSON);
    expect(opened.header.columns.length).toBeGreaterThan(60);
    expect(opened.encoding).toBe('UTF-8');
  });

  it('reports a line that is not JSON or not an object as INVALID_JSON and goes on', async () => {
    const path = file(`{"householdNumber":"H1","members":[{"name":"a"}]}\n{"householdNumber": "H2",\n[1,2]\n{"householdNumber":"H3","members":{"name":"x"}}\n{"householdNumber":"H4","members":[1],"regionCode":{"a":1}}\n{"householdNumber":"H5"}`);
    const { rows } = await readAll(path);
    expect(rows.map((r) => [r.rowNumber, r.problems.map((p) => p.code)])).toEqual([
      [1, []], [2, ['INVALID_JSON']], [3, ['INVALID_JSON']], [4, ['INVALID_JSON']], [5, ['VALUE_TYPE', 'INVALID_JSON']], [6, []],
    ]);
  });

  it('an income or insurance that is not an object is a VALUE_TYPE error of its row, not an unknown key; null is blank', async () => {
    const path = file(
      `{"householdNumber":"H1","income":2020,"members":[{"name":"a","insurance":true}]}\n{"householdNumber":"H2","income":null,"members":[{"name":"b","insurance":null}]}`,
    );
    const { rows, unknown } = await readAll(path);
    expect(rows.map((r) => r.problems.map((p) => `${p.field}:${p.code}`))).toEqual([['income:VALUE_TYPE', 'members.insurance:VALUE_TYPE'], []]);
    expect(unknown).toEqual([]);
  });

  it('reads GBK when detected or given; an explicit UTF-8 on GBK bytes is WRONG_ENCODING at the line', async () => {
    const path = file(iconv.encode('{"householdNumber":"H1","members":[{"name":"张三"}]}\n', 'gbk'));
    for (const encoding of ['AUTO', 'GB18030'] as const) {
      const { rows } = await readAll(path, { ...NDJSON, encoding } as typeof NDJSON);
      expect(rows[0].values.get('name')).toBe('张三');
    }
    const e = await fileError(readAll(path, { ...NDJSON, encoding: 'UTF-8' } as typeof NDJSON));
    expect([e.code, e.rowNumber]).toEqual(['WRONG_ENCODING', 1]);
  });

  it('refuses an empty file and a 10 MB line (ROW_TOO_LONG with its line number)', async () => {
    expect((await fileError(openImportFile(file(' \n\n'), NDJSON))).code).toBe('EMPTY_FILE');
    const big = file(Buffer.concat([Buffer.from('{"householdNumber":"H1"}\n{"householdNumber":"'), Buffer.alloc(10 << 20, 'x'), Buffer.from('"}\n')]));
    const seen: number[] = [];
    const e = await fileError(
      (async () => {
        for await (const r of (await openImportFile(big, NDJSON)).rows) seen.push(r.rowNumber);
      })(),
    );
    expect(seen).toEqual([1]);
    expect([e.code, e.rowNumber]).toEqual(['ROW_TOO_LONG', 2]);
  });

  it('inspects: a household number on two lines is split', async () => {
    const lines = ['H1', 'H2', 'H1'].map((h) => JSON.stringify({ householdNumber: h, members: [{ name: 'a' }, { name: 'b' }] }));
    const inspection = await inspectImportFile(file(lines.join('\n')), NDJSON);
    expect([inspection.totalRows, inspection.householdCount, [...inspection.splitHouseholds]]).toEqual([6, 2, ['H1']]);
  });
});

describe('detectFormat', () => {
  it('uses magic bytes first, then the extension', () => {
    expect(detectFormat('data.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe(ImportFormat.XLSX);
    expect(detectFormat('data.csv', Buffer.from('\uFEFF \n{"householdNumber":1}'))).toBe(ImportFormat.NDJSON);
    expect(detectFormat('导出.CSV', Buffer.from('户编号,姓名'))).toBe(ImportFormat.CSV);
    expect(detectFormat('data.xlsx', Buffer.from('oops'))).toBe(ImportFormat.XLSX);
    expect(detectFormat('data.jsonl', Buffer.alloc(0))).toBe(ImportFormat.NDJSON);
    expect(detectFormat('data.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toBeUndefined();
  });
});
