/**
 * Issue #5, import: every file format through the whole pipeline (upload → worker → report →
 * database), the bad inputs and faults of "Bad input and faults", and export → re-import.
 * Each case checks the job (status, error code, problems with row, column and code) and the
 * database: nothing half-written (a rejected household writes nothing, a broken file writes
 * nothing at all) and nothing silently dropped (every good household lands with all its members).
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { Role } from '../../src/common/access/permissions';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { generateHouseholds, GeneratedHousehold } from '../../src/demo/generator';
import { csvHeaderLine, HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, toCsvRows, toNdjsonLine } from '../../src/demo/registry-format';
import { columnForHeader, COLUMNS } from '../../src/households/import/registry-columns';
import { activate, createHousehold, householdInput, member } from '../households/registry-fixtures';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { ImportJobView } from '../support/import-job';

jest.setTimeout(120_000);

const HEADERS = COLUMNS.map((c) => c.header);
const at = (key: string) => COLUMNS.findIndex((c) => c.key === key);

type Job = ImportJobView;

/** A line of the validation report (report.csv). */
interface Problem {
  row: number | null;
  household: string;
  column: string;
  field: string;
  severity: string;
  code: string;
  message: string;
}

const gen = (households: number, seed: string): GeneratedHousehold[] => [...generateHouseholds({ households, seed })];
const memberCount = (hs: GeneratedHousehold[]) => hs.reduce((n, h) => n + h.members.length, 0);
/** The generator's own CSV (its column set, labels). */
const generatorCsv = (hs: GeneratedHousehold[]) => csvHeaderLine() + hs.map((h) => toCsvRows(h)).join('');

// ------------------------------------------------------------------ files in the exchange columns

type Typed = string | number | boolean | Date | null | { formula: string; result?: unknown };

/** The generator's values by exchange key (labels), and 是否危房 which it leaves implied. */
const VALUE = new Map<string, (h: GeneratedHousehold, m: GeneratedHousehold['members'][number]) => Typed>();
for (const [, key, value] of HOUSEHOLD_COLUMNS) VALUE.set(key, (h) => value(h, 'labels'));
for (const [, key, value] of MEMBER_COLUMNS) VALUE.set(key, (_h, m) => value(m, 'labels'));
VALUE.set('dilapidatedHousing', (h) => h.living.dilapidatedHouse !== null);

interface Overrides {
  household?: Record<string, Typed>;
  /** By member index. */
  members?: Record<number, Record<string, Typed>>;
}

/** A household's rows in COLUMNS order, typed as a spreadsheet holds them (numbers, yes/no, dates). */
function tableOf(h: GeneratedHousehold, o: Overrides = {}): Typed[][] {
  return h.members.map((m, i) =>
    COLUMNS.map((c) => {
      const over = c.scope === 'household' ? o.household : o.members?.[i];
      if (over && c.key in over) return over[c.key];
      const v = VALUE.get(c.key)?.(h, m) ?? null;
      if (v === '') return null;
      return c.key === 'birthDate' && typeof v === 'string' ? new Date(`${v}T00:00:00Z`) : v;
    }),
  );
}

/** RFC 4180 CSV of typed rows, written as they are: no formula guard (the tests add it where they mean it). */
function csvText(rows: Typed[][], header: readonly string[] = HEADERS): string {
  const cell = (v: Typed): string => {
    const s =
      v === null ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'object' ? `=${v.formula}` : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** An XLSX workbook (shared strings, as Excel writes it) of typed rows; dates as date cells. */
async function xlsxOf(rows: Typed[][], workbook?: ExcelJS.Workbook): Promise<Buffer> {
  const wb = workbook ?? new ExcelJS.Workbook();
  const sheet = workbook ? wb.worksheets[0] : wb.addWorksheet('贫困户家庭成员');
  if (!workbook) sheet.addRow(HEADERS);
  for (const r of rows) {
    const row = sheet.addRow(r);
    if (r[at('birthDate')] instanceof Date) row.getCell(at('birthDate') + 1).numFmt = 'yyyy-mm-dd';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ------------------------------------------------------------------ the tests

describe('import formats, bad input and the export round trip (issue #5)', () => {
  let t: TestApp;
  let officer: SignedIn;
  let secrets: Secrets;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true', IMPORT_BATCH_HOUSEHOLDS: '5' });
    await loadRegions(t);
    officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    secrets = t.get<Secrets>(SECRETS as never);
  });
  afterAll(() => t?.close());

  // The registry's invariants after every case: no household without its head or an active member, no member of a missing household.
  afterEach(async () => {
    const [broken] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM households h WHERE h.head_member_id IS NULL
                 OR NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.active)) AS headless,
              (SELECT count(*)::int FROM members m WHERE NOT EXISTS (SELECT 1 FROM households h WHERE h.id = m.household_id)) AS orphans,
              (SELECT count(*)::int FROM households h JOIN members m ON m.id = h.head_member_id WHERE m.household_id <> h.id OR NOT m.active) AS foreign_heads`,
    );
    expect(broken).toEqual({ headless: 0, orphans: 0, foreign_heads: 0 });
  });

  async function upload(body: Buffer | string, name: string, query: Record<string, string> = {}) {
    const res = await t.http
      .post('/exchange/imports')
      .query(query)
      .set(officer.headers)
      .attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);
    expect(res.status).toBe(202);
    return res.body.id as string;
  }

  async function finished(id: string): Promise<Job> {
    for (let i = 0; i < 1200; i++) {
      const res = await t.http.get(`/exchange/imports/${id}`).set(officer.headers);
      expect(res.status).toBe(200);
      if (res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED') return res.body as Job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('import did not finish');
  }

  const run = async (body: Buffer | string, name: string, query: Record<string, string> = {}) => finished(await upload(body, name, query));

  async function report(id: string): Promise<Problem[]> {
    const res = await t.http.get(`/exchange/imports/${id}/report.csv`).set(officer.headers);
    expect(res.status).toBe(200);
    const rows = parse(res.text.replace(/^\uFEFF/, '')) as string[][];
    expect(rows[0]).toEqual(['行号', '户编号', '列', '字段', '级别', '代码', '说明']);
    return rows.slice(1).map(([row, household, column, field, severity, code, message]) => ({
      row: row === '' ? null : Number(row),
      household,
      column,
      field,
      severity,
      code,
      message,
    }));
  }
  const errors = (ps: Problem[]) => ps.filter((p) => p.severity === '错误');
  const brief = (ps: Problem[]) => ps.map((p) => [p.row, p.column, p.code]);

  /** Row counts of everything an import writes, or that its writes cause. */
  async function snapshot(): Promise<Record<string, number>> {
    const tables = ['households', 'members', 'household_incomes', 'member_insurance', 'household_events', 'audit_log', 'change_feed'];
    const [row] = await t.dataSource.query(`SELECT ${tables.map((x) => `(SELECT count(*)::int FROM ${x}) AS ${x}`).join(', ')}`);
    return row as Record<string, number>;
  }

  /** Household number → its active members' names, sorted (only households that exist). */
  async function landed(numbers: string[]): Promise<Map<string, string[]>> {
    const rows: { household_number: string; names: string[] }[] = await t.dataSource.query(
      `SELECT h.household_number, array_agg(m.name ORDER BY m.name) AS names FROM households h
         JOIN members m ON m.household_id = h.id AND m.active WHERE h.household_number = ANY($1::varchar[]) GROUP BY h.household_number`,
      [numbers],
    );
    return new Map(rows.map((r) => [r.household_number, r.names]));
  }

  /** Exactly these households exist among `all`, each with exactly its members. */
  async function expectLanded(all: GeneratedHousehold[], good: GeneratedHousehold[]) {
    const found = await landed(all.map((h) => h.householdNumber));
    const expected = new Map(good.map((h) => [h.householdNumber, h.members.map((m) => m.name).sort()]));
    expect(Object.fromEntries([...found].sort())).toEqual(Object.fromEntries([...expected].sort()));
  }

  /** Re-importing `hs` as the generator's CSV changes nothing: the file landed exactly as the CSV path reads it. */
  async function expectUnchangedAsCsv(hs: GeneratedHousehold[]) {
    const before = await snapshot();
    const job = await run(generatorCsv(hs), `again-${hs[0].householdNumber}.csv`);
    expect([job.status, job.errorCode, job.problemCount]).toEqual(['SUCCEEDED', null, 0]);
    expect(job.counts).toMatchObject({ householdsUnchanged: hs.length, householdsCreated: 0, householdsUpdated: 0, householdsRejected: 0 });
    expect(job.counts).toMatchObject({ membersUnchanged: memberCount(hs), membersCreated: 0, membersUpdated: 0, membersLeft: 0 });
    expect(await snapshot()).toEqual(before);
  }

  describe('formats through the whole pipeline', () => {
    it('XLSX filled from the template: typed cells (numbers, yes/no, dates, shared strings) land as the CSV would have them', async () => {
      const template = await t.http
        .get('/exchange/households/template.xlsx')
        .set(officer.headers)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(template.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(template.body as ArrayBuffer);
      const sheet = wb.worksheets[0];
      expect(COLUMNS.map((_, i) => sheet.getRow(1).getCell(i + 1).value)).toEqual(HEADERS);
      const example = String(sheet.getRow(2).getCell(1).value);

      // The template's example row stays (row 2): it must import too. The generated households follow from row 3.
      const hs = gen(8, 'xlsx-e2e');
      const body = await xlsxOf(hs.flatMap((h) => tableOf(h, { household: { contactPhone: 13800000000 + hs.indexOf(h) } })), wb);
      const job = await run(body, '贫困户.xlsx');
      expect([job.status, job.format, job.encoding, job.errorCode]).toEqual(['SUCCEEDED', 'XLSX', null, null]);
      expect(job.rowsTotal).toBe(memberCount(hs) + 1);
      expect(job.rowsCommitted).toBe(job.rowsTotal);
      expect(job.counts).toMatchObject({ householdsCreated: hs.length + 1, householdsRejected: 0, membersCreated: memberCount(hs) + 1 });
      expect(await report(job.id)).toEqual([]);

      await expectLanded(hs, hs);
      expect((await landed([example])).get(example)).toEqual(['王示例']);
      // Dates, numbers, yes/no cells and the phone number typed as a number, as stored.
      const h = hs[0];
      const [stored] = await t.dataSource.query(
        `SELECT h.year_registered, h.contact_phone_enc, h.housing_area::text, i.wages::text, i.year,
                (SELECT array_agg(m.birth_date::text ORDER BY m.birth_date) FROM members m WHERE m.household_id = h.id) AS births,
                (SELECT count(*)::int FROM member_insurance s JOIN members m ON m.id = s.member_id WHERE m.household_id = h.id AND s.serious_illness) AS serious
           FROM households h JOIN household_incomes i ON i.household_id = h.id WHERE h.household_number = $1`,
        [h.householdNumber],
      );
      expect(stored.year_registered).toBe(h.yearRegistered);
      expect(secrets.cipher.decrypt(stored.contact_phone_enc)).toBe('13800000000');
      expect(Number(stored.housing_area)).toBe(h.living.housingArea);
      expect([Number(stored.wages), stored.year]).toEqual([h.income.wage, h.income.year]);
      expect(stored.births).toEqual(h.members.map((m) => m.birthDate).sort());
      expect(stored.serious).toBe(h.members.filter((m) => m.insurance.criticalIllness).length);

      await expectUnchangedAsCsv(hs);
    });

    it('NDJSON as the generator writes it: every household lands; bad lines are coded at their line, nothing of them written', async () => {
      // The generator's keys are the exchange format's keys.
      for (const [header, key] of [...HOUSEHOLD_COLUMNS, ...MEMBER_COLUMNS]) expect([header, columnForHeader(header)?.key]).toEqual([header, key]);

      const hs = gen(8, 'ndjson-e2e');
      const lines = hs.map((h) => toNdjsonLine(h));
      const first = JSON.parse(lines[0]) as Record<string, unknown> & { members: Record<string, unknown>[]; income: Record<string, unknown> };
      expect(first.householdNumber).toBe(hs[0].householdNumber);
      expect(first.regionCode).toBe(hs[0].villageCode);
      expect(first.income.year).toBe(hs[0].income.year);
      expect(Object.keys(first.members[0].insurance as object).sort()).toEqual(['accidentSubsidy', 'basicMedical', 'pension', 'seriousIllness', 'supplementaryMedical']);
      // Line 2 carries a key the format does not have (a warning); lines 4 and 6 are broken.
      lines[1] = JSON.stringify({ ...JSON.parse(lines[1]), remark: '备注' }) + '\n';
      const broken = '{"householdNumber": "N-BROKEN", "regionCode": "410106100201", "members": [{"name": "断"\n';
      const notArray = JSON.stringify({ ...JSON.parse(lines[2]), householdNumber: 'N-MEMBERS', members: { name: '张三' } }) + '\n';
      const file = [lines[0], lines[1], lines[2], broken, lines[3], notArray, ...lines.slice(4)].join('');

      const job = await run(file, 'households.ndjson');
      expect([job.status, job.format, job.encoding, job.errorCode]).toEqual(['SUCCEEDED', 'NDJSON', 'UTF-8', null]);
      expect(job.counts).toMatchObject({ householdsCreated: hs.length, householdsRejected: 2, membersCreated: memberCount(hs) });
      const problems = await report(job.id);
      // Each broken line: INVALID_JSON first (what follows, REQUIRED / NO_MEMBER / NO_HEAD, are its consequences).
      expect([...new Set(errors(problems).map((p) => p.row))]).toEqual([4, 6]);
      expect(brief(errors(problems).filter((p) => p.code === 'INVALID_JSON'))).toEqual([
        [4, '', 'INVALID_JSON'],
        [6, 'members', 'INVALID_JSON'],
      ]);
      for (const row of [4, 6]) expect(errors(problems).find((p) => p.row === row)!.code).toBe('INVALID_JSON');
      expect(errors(problems)[0].message).toMatch(/JSON/);
      expect(problems.find((p) => p.code === 'UNKNOWN_COLUMNS')?.message).toContain('remark');
      expect(await landed(['N-BROKEN', 'N-MEMBERS'])).toEqual(new Map());
      await expectLanded(hs, hs);
      const [flags] = await t.dataSource.query(
        `SELECT count(*) FILTER (WHERE dilapidated_housing)::int AS dilapidated, count(*) FILTER (WHERE dilapidation_grade IS NOT NULL)::int AS graded
           FROM households WHERE household_number = ANY($1::varchar[])`,
        [hs.map((h) => h.householdNumber)],
      );
      expect(flags.dilapidated).toBe(flags.graded);

      // The same households as the generator's CSV, and as NDJSON with labels instead of codes: nothing changes.
      await expectUnchangedAsCsv(hs);
      const before = await snapshot();
      const labels = await run(hs.map((h) => toNdjsonLine(h, 'labels')).join(''), 'labels.ndjson');
      expect([labels.status, labels.problemCount, labels.counts.householdsUnchanged]).toEqual(['SUCCEEDED', 0, hs.length]);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('encodings', () => {
    it('GBK CSV as Excel in China saves it: detected, Chinese names land as written', async () => {
      const hs = gen(5, 'gbk-e2e');
      hs[0].members[0].name = '李堃';
      hs[1].members[hs[1].members.length - 1].name = '王喆';
      const job = await run(iconv.encode(generatorCsv(hs), 'gbk'), 'gbk.csv');
      expect([job.status, job.encoding, job.errorCode, job.problemCount]).toEqual(['SUCCEEDED', 'GB18030', null, 0]);
      expect(job.counts).toMatchObject({ householdsCreated: 5, membersCreated: memberCount(hs) });
      await expectLanded(hs, hs);
      const names = await landed([hs[0].householdNumber, hs[1].householdNumber]);
      expect(names.get(hs[0].householdNumber)).toContain('李堃');
      expect(names.get(hs[1].householdNumber)).toContain('王喆');
      const [village] = await t.dataSource.query(`SELECT region_code FROM households WHERE household_number = $1`, [hs[0].householdNumber]);
      expect(village.region_code).toBe(hs[0].villageCode);
    });

    it('a UTF-8 file with a GBK household further on: that household is refused as ENCODING at its rows, the rest lands', async () => {
      const hs = gen(4, 'mixed-e2e');
      // A long note (an unknown column) on the first row pushes the GBK rows past the 64 KiB the detection reads.
      const rows = hs.map((h) => tableOf(h));
      const header = [...HEADERS, '备注'];
      const withNote = (r: Typed[][], note = '') => r.map((cells, i) => [...cells, i === 0 ? note : null]);
      const utf8 = (r: Typed[][]) => Buffer.from(csvText(r, header).split('\r\n').slice(1).join('\r\n'), 'utf8');
      const head = Buffer.from(csvText([], header), 'utf8');
      const first = Buffer.concat([head, utf8(withNote(rows[0], 'x'.repeat(70_000))), utf8(withNote(rows[1]))]);
      expect(first.length).toBeGreaterThan(64 * 1024);
      const gbk = iconv.encode(csvText(withNote(rows[2]), header).split('\r\n').slice(1).join('\r\n'), 'gbk');
      const file = Buffer.concat([first, gbk, utf8(withNote(rows[3]))]);

      const before = await snapshot();
      const job = await run(file, 'mixed.csv');
      expect([job.status, job.encoding, job.errorCode]).toEqual(['SUCCEEDED', 'UTF-8', null]);
      expect(job.counts).toMatchObject({ householdsCreated: 3, householdsRejected: 1 });
      const gbkRows = hs[2].members.map((_, i) => 2 + hs[0].members.length + hs[1].members.length + i);
      const problems = errors(await report(job.id));
      expect(problems.filter((p) => p.code === 'ENCODING').map((p) => p.row)).toEqual(gbkRows);
      for (const p of problems) {
        expect(p.household === hs[2].householdNumber || p.household === '').toBe(true);
        expect(gbkRows).toContain(p.row);
      }
      expect(problems.find((p) => p.code === 'ENCODING')!.column).not.toBe('');
      await expectLanded(hs, [hs[0], hs[1], hs[3]]);
      const after = await snapshot();
      expect(after.households - before.households).toBe(3);

      // Said to be UTF-8, the same file is refused as a whole at the first GBK row: nothing written.
      const again = await run(file, 'mixed.csv', { encoding: 'UTF-8' });
      expect([again.status, again.errorCode]).toEqual(['FAILED', 'WRONG_ENCODING']);
      expect(again.errorMessage).toContain(`row ${gbkRows[0]}`);
      expect(await snapshot()).toEqual(after);
    });

    it('a wrong explicit encoding is a coded file error that writes nothing; a stray invalid byte refuses only its household', async () => {
      const hs = gen(2, 'wrong-encoding-e2e');
      const before = await snapshot();
      const gbkAsUtf8 = await run(iconv.encode(generatorCsv(hs), 'gbk'), 'a.csv', { encoding: 'UTF-8' });
      expect([gbkAsUtf8.status, gbkAsUtf8.errorCode]).toEqual(['FAILED', 'WRONG_ENCODING']);
      expect(gbkAsUtf8.errorMessage).toMatch(/UTF-8/);
      const utf8AsGbk = await run(generatorCsv(hs), 'b.csv', { encoding: 'GBK' });
      expect([utf8AsGbk.status, utf8AsGbk.errorCode]).toEqual(['FAILED', 'WRONG_ENCODING']);
      // UTF-8 with one byte that is not UTF-8 (a damaged copy): the damaged row is refused, the file is not misread as GBK.
      const text = Buffer.from(generatorCsv(hs), 'utf8');
      const secondRow = text.indexOf('\n') + 1;
      const name = text.indexOf(Buffer.from(hs[0].members[0].name), secondRow);
      const damaged = Buffer.concat([text.subarray(0, name), Buffer.from([0xff]), text.subarray(name)]);
      const stray = await run(damaged, 'c.csv');
      expect([stray.status, stray.encoding, stray.errorCode]).toEqual(['SUCCEEDED', 'UTF-8', null]);
      expect(stray.counts).toMatchObject({ householdsCreated: 1, householdsRejected: 1 });
      // The byte sits before the head's name in 户主姓名 (a column the import only reads): the household is refused all the same.
      expect(brief(errors(await report(stray.id)))).toEqual([[2, '户主姓名', 'ENCODING']]);
      await expectLanded(hs, [hs[1]]);
      expect((await snapshot()).households).toBe(before.households + 1);
    });
  });

  describe('bad input and faults: coded problems, nothing half-written', () => {
    it('a CSV cut in the middle of a row (or NDJSON in its last line): that row is refused, its household writes nothing, the others land', async () => {
      const hs = gen(4, 'cut-row-e2e');
      const text = csvText(hs.flatMap((h) => tableOf(h)));
      const lastRow = 1 + memberCount(hs);
      const lastLine = text.lastIndexOf('\r\n', text.length - 3) + 2;
      const cut = text.slice(0, lastLine + Math.floor((text.length - lastLine) / 2));
      const job = await run(cut, 'cut-row.csv');
      expect([job.status, job.errorCode, job.rowsTotal]).toEqual(['SUCCEEDED', null, memberCount(hs)]);
      expect(job.counts).toMatchObject({ householdsCreated: 3, householdsRejected: 1 });
      const problems = errors(await report(job.id));
      expect(problems[0]).toMatchObject({ row: lastRow, household: hs[3].householdNumber, code: 'COLUMN_COUNT' });
      expect(problems.every((p) => p.household === hs[3].householdNumber)).toBe(true);
      await expectLanded(hs, hs.slice(0, 3));

      // NDJSON cut inside its last line: that line is not JSON, the households before it land.
      const more = gen(7, 'cut-line-e2e').slice(4);
      const lines = more.map((h) => toNdjsonLine(h)).join('');
      const nd = await run(lines.slice(0, lines.length - Math.floor(toNdjsonLine(more[2]).length / 2)), 'cut-line.ndjson');
      expect([nd.status, nd.errorCode]).toEqual(['SUCCEEDED', null]);
      expect(nd.counts).toMatchObject({ householdsCreated: 2, householdsRejected: 1 });
      const ndProblems = errors(await report(nd.id));
      expect(ndProblems[0]).toMatchObject({ row: 3, code: 'INVALID_JSON' });
      expect(ndProblems.every((p) => p.row === 3)).toBe(true);
      await expectLanded(more, more.slice(0, 2));
    });

    it('a CSV cut inside a quoted field: TRUNCATED_FILE at that row, and nothing at all is written', async () => {
      const hs = gen(4, 'cut-quote-e2e');
      const last = hs[3].members.length - 1;
      const text = csvText(hs.flatMap((h, i) => tableOf(h, i === 3 ? { members: { [last]: { name: '张,三' } } } : {})));
      const cut = text.slice(0, text.lastIndexOf('"张,') + 2);
      const before = await snapshot();
      const job = await run(cut, 'cut-quote.csv');
      expect([job.status, job.errorCode]).toEqual(['FAILED', 'TRUNCATED_FILE']);
      expect(job.errorMessage).toContain(`row ${1 + memberCount(hs)}`);
      expect(job.errorMessage).toMatch(/截断.*truncated/);
      expect(job.rowsCommitted).toBe(0);
      expect(await snapshot()).toEqual(before);
      await expectLanded(hs, []);
    });

    it('an XLSX cut in half: CORRUPT_XLSX, nothing written', async () => {
      const hs = gen(12, 'cut-xlsx-e2e');
      const whole = await xlsxOf(hs.flatMap((h) => tableOf(h)));
      const before = await snapshot();
      for (const part of [0.5, 0.8]) {
        const job = await run(whole.subarray(0, Math.floor(whole.length * part)), `cut-${part}.xlsx`);
        expect([job.status, job.errorCode]).toEqual(['FAILED', 'CORRUPT_XLSX']);
        expect(job.errorMessage).toMatch(/损坏|不完整/);
      }
      expect(await snapshot()).toEqual(before);
      await expectLanded(hs, []);
    });

    it('a 10 MB single line (CSV and NDJSON): ROW_TOO_LONG at that row, nothing written', async () => {
      const hs = gen(3, 'long-line-e2e');
      const rows = generatorCsv(hs.slice(0, 2));
      const before = await snapshot();
      const csv = await run(Buffer.concat([Buffer.from(rows), Buffer.alloc(10 << 20, 'x'), Buffer.from(`\n${toCsvRows(hs[2])}`)]), 'long.csv');
      expect([csv.status, csv.errorCode]).toEqual(['FAILED', 'ROW_TOO_LONG']);
      expect(csv.errorMessage).toContain(`row ${2 + memberCount(hs.slice(0, 2))}`);
      const long = JSON.stringify({ householdNumber: 'N-LONG', remark: 'x'.repeat(10 << 20) });
      const nd = await run(`${toNdjsonLine(hs[0])}${long}\n${toNdjsonLine(hs[1])}`, 'long.ndjson');
      expect([nd.status, nd.errorCode]).toEqual(['FAILED', 'ROW_TOO_LONG']);
      expect(nd.errorMessage).toContain('row 2');
      expect(await snapshot()).toEqual(before);
      await expectLanded(hs, []);
    });

    it('duplicate rows inside the file: a member row twice, a household twice apart, a household repeated at once', async () => {
      const hs = gen(8, 'duplicates-e2e');
      const [a, b, c, d] = hs.filter((h) => h.members.length >= 2);
      const rows: Typed[][] = [];
      const rowOf = new Map<GeneratedHousehold, number[]>();
      const add = (h: GeneratedHousehold, table: Typed[][]) => {
        const start = 2 + rows.length;
        rowOf.set(h, [...(rowOf.get(h) ?? []), ...table.map((_, i) => start + i)]);
        rows.push(...table);
      };
      const ta = tableOf(a);
      add(a, [...ta, ta[1]]); // a's second member twice
      add(b, tableOf(b));
      add(c, tableOf(c));
      add(b, tableOf(b)); // b again, apart
      add(d, [...tableOf(d), ...tableOf(d)]); // d twice in a row
      const job = await run(csvText(rows), 'duplicates.csv');
      expect([job.status, job.errorCode, job.rowsTotal]).toEqual(['SUCCEEDED', null, rows.length]);
      expect(job.counts).toMatchObject({ householdsCreated: 1, householdsRejected: 4, membersCreated: c.members.length });
      const problems = errors(await report(job.id));
      const of = (h: GeneratedHousehold) => brief(problems.filter((p) => p.household === h.householdNumber));
      expect(of(a)).toEqual([[rowOf.get(a)![a.members.length], '证件号码', 'DUPLICATE_ID_NUMBER']]);
      const bRows = rowOf.get(b)!;
      expect(of(b)).toEqual([
        [bRows[0], '户编号', 'HOUSEHOLD_ROWS_NOT_ADJACENT'],
        [bRows[b.members.length], '户编号', 'HOUSEHOLD_ROWS_NOT_ADJACENT'],
      ]);
      const dRows = rowOf.get(d)!;
      expect(of(d)).toEqual(expect.arrayContaining([[dRows[d.members.length], '与户主关系', 'MORE_THAN_ONE_HEAD']]));
      expect(of(d).filter(([, , code]) => code === 'DUPLICATE_ID_NUMBER').map(([row]) => row)).toEqual(dRows.slice(d.members.length));
      expect(problems.every((p) => [a, b, d].some((h) => h.householdNumber === p.household))).toBe(true);
      await expectLanded([a, b, c, d], [c]);
    });

    it('XLSX numbers that lost digits: a bank account or ID number typed as a number is refused, not stored with its last digits zeroed', async () => {
      const [x, y, z] = gen(3, 'digits-e2e');
      const yId = Number(y.members[0].idNumber.replace(/X$/, '0'));
      const xlsx = await xlsxOf([
        // eslint-disable-next-line no-loss-of-precision -- the point: a JSON number that lost digits
        ...tableOf(x, { household: { bankAccount: 6228480000000000011 } }),
        ...tableOf(y, { members: { 0: { idNumber: yId } } }),
        ...tableOf(z, { household: { bankAccount: '6228480000000000011', contactPhone: 13800000000 } }),
      ]);
      const job = await run(xlsx, 'digits.xlsx');
      expect(job.counts).toMatchObject({ householdsCreated: 1, householdsRejected: 2 });
      const problems = errors(await report(job.id));
      expect(problems.filter((p) => p.code === 'NUMBER_PRECISION').map((p) => [p.row, p.household, p.column])).toEqual([
        [2, x.householdNumber, '银行账号'],
        [2 + x.members.length, y.householdNumber, '证件号码'],
      ]);
      expect(problems.every((p) => p.household === x.householdNumber || p.household === y.householdNumber)).toBe(true);
      await expectLanded([x, y, z], [z]);
      const [stored] = await t.dataSource.query(`SELECT bank_account_enc, contact_phone_enc FROM households WHERE household_number = $1`, [z.householdNumber]);
      expect([secrets.cipher.decrypt(stored.bank_account_enc), secrets.cipher.decrypt(stored.contact_phone_enc)]).toEqual(['6228480000000000011', '13800000000']);
    });

    it('formulas: an XLSX formula cell and unguarded formula text in CSV are refused; text starting with = is kept as text', async () => {
      const hs = gen(3, 'formulas-e2e');
      const [x, y, z] = hs;
      const xlsx = await xlsxOf([
        ...tableOf(x),
        ...tableOf(y, { members: { 0: { name: { formula: 'E2&"x"', result: '张x' } } }, household: { bankName: '中国农业银行' } }),
        ...tableOf(z, { household: { bankName: '=1+1' } }),
      ]);
      const job = await run(xlsx, 'formulas.xlsx');
      expect([job.status, job.errorCode]).toEqual(['SUCCEEDED', null]);
      expect(job.counts).toMatchObject({ householdsCreated: 2, householdsRejected: 1 });
      const yRow = 2 + x.members.length;
      const problems = errors(await report(job.id));
      expect([problems[0].row, problems[0].household, problems[0].column, problems[0].field, problems[0].code]).toEqual([yRow, y.householdNumber, '姓名', 'members.name', 'FORMULA_NOT_ALLOWED']);
      // The formula cell counts as blank, so the required 姓名 is also reported missing: same row, same household.
      expect(problems.every((p) => p.row === yRow && p.household === y.householdNumber && ['FORMULA_NOT_ALLOWED', 'REQUIRED'].includes(p.code))).toBe(true);
      await expectLanded(hs, [x, z]);
      const [bank] = await t.dataSource.query(`SELECT bank_name FROM households WHERE household_number = $1`, [z.householdNumber]);
      expect(bank.bank_name).toBe('=1+1');

      // CSV: the export's guard ('=…) is text; unguarded formula text in a text column is refused.
      const more = gen(6, 'formulas-csv-e2e').slice(3);
      const csv = csvText([
        ...tableOf(more[0], { household: { bankName: "'=1+1", contactPhone: "'+8613800000000" }, members: { 0: { ethnicity: "'-" } } }),
        ...tableOf(more[1], { household: { bankName: '=HYPERLINK("http://example.org")' } }),
        ...tableOf(more[2], { household: { contactPhone: '+8613800000001' } }),
      ]);
      const csvJob = await run(csv, 'formulas.csv');
      expect(csvJob.counts).toMatchObject({ householdsCreated: 2, householdsRejected: 1 });
      const csvProblems = errors(await report(csvJob.id));
      expect(csvProblems.map((p) => [p.household, p.column, p.code])).toEqual(
        more[1].members.map(() => [more[1].householdNumber, '开户银行', 'FORMULA_NOT_ALLOWED']),
      );
      expect(csvProblems.map((p) => p.row)).toEqual(more[1].members.map((_, i) => 2 + more[0].members.length + i));
      await expectLanded(more, [more[0], more[2]]);
      const stored: { household_number: string; bank_name: string | null; contact_phone_enc: string | null }[] = await t.dataSource.query(
        `SELECT household_number, bank_name, contact_phone_enc FROM households WHERE household_number = ANY($1::varchar[]) ORDER BY household_number`,
        [[more[0].householdNumber, more[2].householdNumber]],
      );
      const byNumber = new Map(stored.map((r) => [r.household_number, r]));
      expect(byNumber.get(more[0].householdNumber)!.bank_name).toBe('=1+1');
      expect(secrets.cipher.decrypt(byNumber.get(more[0].householdNumber)!.contact_phone_enc!)).toBe('+8613800000000');
      expect(secrets.cipher.decrypt(byNumber.get(more[2].householdNumber)!.contact_phone_enc!)).toBe('+8613800000001');
      const [head] = await t.dataSource.query(
        `SELECT m.ethnicity FROM members m JOIN households h ON h.head_member_id = m.id WHERE h.household_number = $1`,
        [more[0].householdNumber],
      );
      expect(head.ethnicity).toBe('-');
    });
  });

  describe('export → re-import', () => {
    async function download(query: string): Promise<Buffer> {
      const res = await t.http
        .get(`/exchange/households/export?${query}`)
        .set(officer.headers)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      return res.body as Buffer;
    }

    it('a revealed export (CSV, GB18030 CSV, XLSX, NDJSON) re-imports with every household unchanged and writes nothing', async () => {
      // Cells starting with = + - @ in household and member columns: the CSV guard must come off again.
      const hs = gen(6, 'round-trip-e2e');
      hs[0].members[0].name = `-${hs[0].members[0].name}`;
      const objects = hs.map((h) => JSON.parse(toNdjsonLine(h)) as Record<string, unknown> & { members: Record<string, unknown>[] });
      Object.assign(objects[0], { contactPhone: '+8613800001111', bankName: '@中国农业银行', bankAccount: '6228480000000000011' });
      Object.assign(objects[1], { bankName: '=1+1', contactPhone: '-' });
      Object.assign(objects[2].members[objects[2].members.length - 1], { ethnicity: '-', politicalStatus: '+群众', disabilityCertificate: '@41010619' });
      const created = await run(objects.map((o) => JSON.stringify(o)).join('\n'), 'round-trip.ndjson');
      expect([created.status, created.problemCount, created.counts.householdsCreated]).toEqual(['SUCCEEDED', 0, hs.length]);
      // And one entered through GraphQL, with full-width text as people type it, and a formula-like value.
      const typed = await createHousehold(
        t,
        officer,
        householdInput(R.village, {
          bankName: '中国农业银行（上街支行）',
          members: [member({ name: '欧阳　明', politicalStatus: '=党员' }), member({ name: '李秀英', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09' })],
        }),
      );
      await activate(t, typed.id);

      const [{ households, members }] = await t.dataSource.query(
        `SELECT count(*)::int AS households, (SELECT count(*)::int FROM members m JOIN households h ON h.id = m.household_id
            WHERE h.validity = 'ACTIVE' AND m.active) AS members FROM households WHERE validity = 'ACTIVE'`,
      );
      expect(households).toBeGreaterThan(hs.length); // the other cases' households come along too
      const reveal = `reveal=true&reason=${encodeURIComponent('省平台数据比对')}`;

      const files: [string, string][] = [
        ['export.csv', `format=csv&${reveal}`],
        ['export-gb18030.csv', `format=csv&encoding=gb18030&values=codes&${reveal}`],
        ['export.xlsx', `format=xlsx&${reveal}`],
        ['export.ndjson', `format=ndjson&${reveal}`],
      ];
      for (const [name, query] of files) {
        const audit = (await snapshot()).audit_log;
        const file = await download(query);
        const after = await snapshot();
        // The export's own audit rows: the export and the unmasking.
        expect(after.audit_log).toBe(audit + 2);
        if (name === 'export.csv') {
          const text = file.toString('utf8');
          for (const guarded of [`'+8613800001111`, `'@中国农业银行`, `'=1+1`, `'-${hs[0].members[0].name.slice(1)}`, `,'-,`, `'+群众`, `'@41010619`]) expect(text).toContain(guarded);
        }
        const job = await run(file, name);
        expect({ name, status: job.status, errorCode: job.errorCode, problems: job.problemCount }).toEqual({ name, status: 'SUCCEEDED', errorCode: null, problems: 0 });
        expect({ name, ...job.counts }).toEqual({
          name,
          householdsCreated: 0,
          householdsUpdated: 0,
          householdsUnchanged: households,
          householdsRejected: 0,
          membersCreated: 0,
          membersUpdated: 0,
          membersUnchanged: members,
          membersLeft: 0,
        });
        // No audit rows, change-feed entries, events or rows of any kind.
        expect({ name, ...(await snapshot()) }).toEqual({ name, ...after });
      }

      const [typedBack] = await t.dataSource.query(
        `SELECT h.bank_name, array_agg(m.name || '/' || coalesce(m.political_status, '') ORDER BY m.name) AS members
           FROM households h JOIN members m ON m.household_id = h.id WHERE h.id = $1 GROUP BY h.bank_name`,
        [typed.id],
      );
      expect(typedBack).toEqual({ bank_name: '中国农业银行（上街支行）', members: ['李秀英/', '欧阳　明/=党员'].sort() });

      // The values starting with = + - @ are stored as they were given, never with the guard.
      const [h0] = await t.dataSource.query(`SELECT id, contact_phone_enc, bank_name FROM households WHERE household_number = $1`, [hs[0].householdNumber]);
      expect([secrets.cipher.decrypt(h0.contact_phone_enc), h0.bank_name]).toEqual(['+8613800001111', '@中国农业银行']);
      const [head] = await t.dataSource.query(`SELECT name FROM members WHERE household_id = $1 AND relation = 'HEAD'`, [h0.id]);
      expect(head.name).toBe(hs[0].members[0].name);
      const [h1] = await t.dataSource.query(`SELECT contact_phone_enc, bank_name FROM households WHERE household_number = $1`, [hs[1].householdNumber]);
      expect([secrets.cipher.decrypt(h1.contact_phone_enc), h1.bank_name]).toEqual(['-', '=1+1']);
      // The disability certificate number is personal data: stored encrypted only, compared on its value.
      const [m2] = await t.dataSource.query(
        `SELECT m.ethnicity, m.political_status, m.disability_certificate_enc FROM members m JOIN households h ON h.id = m.household_id
          WHERE h.household_number = $1 AND m.disability_certificate_enc IS NOT NULL`,
        [hs[2].householdNumber],
      );
      expect({ ...m2, disability_certificate_enc: secrets.cipher.decrypt(m2.disability_certificate_enc) }).toEqual({
        ethnicity: '-',
        political_status: '+群众',
        disability_certificate_enc: '@41010619',
      });
    });

    it('a masked export does not import back: every household refused on its ID numbers, nothing written', async () => {
      const file = await download('format=csv');
      const before = await snapshot();
      const job = await run(file, 'masked.csv');
      expect(job.status).toBe('SUCCEEDED');
      expect(job.counts.householdsCreated + job.counts.householdsUpdated + job.counts.householdsUnchanged).toBe(0);
      expect(job.counts.householdsRejected).toBe(before.households);
      const codes = new Set(errors(await report(job.id)).filter((p) => p.column === '证件号码').map((p) => p.household));
      expect(codes.size).toBe(before.households);
      expect(await snapshot()).toEqual(before);
    });

    it("writes a member's insurance only for the income year it writes, never another year's record in its place", async () => {
      const h = await createHousehold(t, officer, householdInput(R.villageSameTown));
      await activate(t, h.id);
      const spouse = h.members.find((m) => m.id !== h.headMemberId)!;
      const income = await t.gql(`mutation($input: SetHouseholdIncomeInput!) { setHouseholdIncome(input: $input) { income { year } } }`, {
        input: { householdId: h.id, year: 2018, wages: '1000.00' },
      }, officer.headers);
      expect(income.body.errors).toBeUndefined();
      const insure = `mutation($input: SetMemberInsuranceInput!) { setMemberInsurance(input: $input) { insurance { year } } }`;
      for (const input of [
        { memberId: h.headMemberId, year: 2017, basicMedical: true, seriousIllness: true },
        { memberId: spouse.id, year: 2018, basicMedical: true, seriousIllness: false },
      ]) expect((await t.gql(insure, { input }, officer.headers)).body.errors).toBeUndefined();

      const rowsOf = async (query: string) =>
        (parse((await download(`format=csv&regionCode=${R.villageSameTown}&${query}`)).toString('utf8').replace(/^\uFEFF/, '')) as string[][]).filter(
          (r) => r[at('householdNumber')] === h.householdNumber,
        );
      const cells = (r: string[]) => [r[at('name')], r[at('income.year')], r[at('insurance.basicMedical')], r[at('insurance.seriousIllness')]];
      // Latest income year (2018): the head has no 2018 record, so no insurance is shown (his 2017 one would re-import as 2018's).
      expect((await rowsOf('')).map(cells)).toEqual([
        [h.members.find((m) => m.id === h.headMemberId)!.name, '2018', '', ''],
        [spouse.name, '2018', '是', '否'],
      ]);
      // An explicit year without income: that year's insurance.
      expect((await rowsOf('incomeYear=2017')).map(cells)).toEqual([
        [h.members.find((m) => m.id === h.headMemberId)!.name, '', '是', '是'],
        [spouse.name, '', '', ''],
      ]);
    });
  });
});
