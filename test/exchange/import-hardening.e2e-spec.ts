/**
 * Issue #10 (hardening from an outside review), the import's items: bounded XLSX and households
 * (8), coded job errors (9), upload options, reports and dry runs (20).
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '../../src/common/access/permissions';
import { ImportFormat, ImportJobEntity, ImportJobStatus } from '../../src/exchange/imports/import-job.entity';
import { ImportRunner } from '../../src/exchange/imports/import-runner';
import { generateHouseholds, GeneratedHousehold } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows, toNdjsonLine } from '../../src/demo/registry-format';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { ImportJobView } from '../support/import-job';
import { startTestApp, TestApp } from '../support/test-app';
import { claimImport } from '../support/import-claim';
import { repeat, workbookParts, writeZip } from '../support/zip-writer';
import { waitUntil } from '../support/wait-for';

jest.setTimeout(300_000);

const csv = (hs: GeneratedHousehold[]) => csvHeaderLine() + hs.map((h) => toCsvRows(h)).join('');
const REQUIRED = ['户编号', '行政区划代码', '贫困户属性', '主要致贫原因', '姓名', '证件号码', '与户主关系'];

const MAX_FILE_BYTES = 32 * 1024 * 1024;

describe('import hardening (issue #10)', () => {
  let t: TestApp;
  let officer: SignedIn;
  let dir: string;
  let imports: string;
  const stalePart = `upload-${randomUUID()}.part`;
  const freshPart = `upload-${randomUUID()}.part`;
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jzfp-import-hardening-'));
    // What an aborted upload of an older version left: a readable folder and part files.
    imports = join(dir, 'data', 'imports');
    mkdirSync(imports, { recursive: true, mode: 0o755 });
    chmodSync(imports, 0o755);
    for (const name of [stalePart, freshPart]) writeFileSync(join(imports, name), '户编号,姓名\nH1,张三\n', { mode: 0o644 });
    utimesSync(join(imports, stalePart), hoursAgo(2), hoursAgo(2));
    t = await startTestApp({
      DATA_DIR: join(dir, 'data'),
      // An hour: the recent part stays recent however long the start takes on a busy machine; stale ones are 2 h old.
      IMPORT_PART_MAX_AGE_MS: '3600000',
      IMPORT_PART_SWEEP_INTERVAL_MS: '100',
      IMPORT_WORKER_ENABLED: 'true',
      IMPORT_BATCH_HOUSEHOLDS: '50',
      // Small XLSX bounds, so that a crafted file passes them within seconds.
      IMPORT_XLSX_MAX_SHARED_STRING_BYTES: String(1024 * 1024),
      // Above the largest file here (500,000 rows, ~25 MB), small enough to pass in a test.
      IMPORT_MAX_FILE_BYTES: String(MAX_FILE_BYTES),
    });
    await loadRegions(t);
    officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function upload(body: Buffer | string, name = 'households.csv', query: Record<string, string> = {}) {
    return t.http
      .post('/exchange/imports')
      .query(query)
      .set(officer.headers)
      .attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);
  }

  async function finished(id: string, whileRunning?: () => Promise<void>): Promise<ImportJobView> {
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
      const res = await t.http.get(`/exchange/imports/${id}`).set(officer.headers);
      expect(res.status).toBe(200);
      if (res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED') return res.body as ImportJobView;
      if (res.body.status === 'RUNNING' && whileRunning) await whileRunning();
      await new Promise((r) => setImmediate(r));
    }
    throw new Error('import did not finish');
  }

  async function run(body: Buffer | string, name = 'households.csv', query: Record<string, string> = {}): Promise<ImportJobView> {
    const res = await upload(body, name, query);
    expect(res.status).toBe(202);
    return finished(res.body.id);
  }

  async function problems(id: string): Promise<{ severity: string; rowNumber: number | null; householdNumber: string | null; column: string | null; field: string | null; code: string; message: string }[]> {
    return t.dataSource.query(
      `SELECT severity, row_number AS "rowNumber", household_number AS "householdNumber", "column", field, code, message FROM import_problems WHERE job_id = $1 ORDER BY id`,
      [id],
    );
  }

  describe('item 8: bounded files', () => {
    it('500,000 rows under one 户编号: refused as HOUSEHOLD_TOO_MANY_ROWS (never INTERNAL), and /health/live answers throughout', async () => {
      const [h] = [...generateHouseholds({ households: 1, seed: 'one-household' })];
      const id = h.members[0].idNumber;
      const row = `H-500K,${h.villageCode},01,01,张三,${id},02\n`;
      const body = Buffer.concat([Buffer.from(`${REQUIRED.join(',')}\n`), Buffer.from(row.repeat(500_000))]);
      const res = await upload(body, 'one-household.csv');
      expect(res.status).toBe(202);
      let live = 0;
      const job = await finished(res.body.id, async () => {
        const health = await t.http.get('/health/live');
        expect(health.status).toBe(200);
        live++;
      });
      expect([job.status, job.errorCode, job.rowsTotal, job.rowsCommitted]).toEqual(['SUCCEEDED', null, 500_000, 500_000]);
      expect(job.counts).toMatchObject({ householdsRejected: 1, householdsCreated: 0 });
      expect(live).toBeGreaterThan(0);
      const report = await problems(job.id);
      expect(report.map((p) => [p.rowNumber, p.column, p.code])).toEqual([[2, '户编号', 'HOUSEHOLD_TOO_MANY_ROWS']]);
      expect(report[0].message).toContain('500000');
    });

    it('an XLSX whose shared strings expand past IMPORT_XLSX_MAX_SHARED_STRING_BYTES fails with that code, writing nothing', async () => {
      const path = join(dir, 'bomb.xlsx');
      const head = `<row r="1">${REQUIRED.map((h) => `<c t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`;
      const sheet = [`<worksheet><sheetData>${head}<row r="2"><c t="s"><v>0</v></c></row></sheetData></worksheet>`];
      await writeZip(path, workbookParts([], ['<sst>', ...repeat(`<si><t>${'字'.repeat(1000)}</t></si>`, 20_000), '</sst>'], sheet));
      const job = await run(readFileSync(path), 'bomb.xlsx');
      expect([job.status, job.errorCode]).toEqual(['FAILED', 'XLSX_SHARED_STRINGS_TOO_LARGE']);
      expect(job.errorMessage).toContain('IMPORT_XLSX_MAX_SHARED_STRING_BYTES');
      expect(job.counts.householdsCreated).toBe(0);
    });
  });

  const parts = () => readdirSync(imports).filter((n) => n.endsWith('.part'));
  const mode = (path: string) => statSync(path).mode & 0o777;
  const until = (what: string, condition: () => boolean, ms = 30_000) => waitUntil(what, condition, ms);
  const jobCount = async () => Number((await t.dataSource.query(`SELECT count(*) n FROM import_jobs`))[0].n);

  describe('item 6: upload part files', () => {
    it('at start: the imports folder is 700, files left in it 600, a stale part is removed and a recent one kept', () => {
      expect(mode(imports)).toBe(0o700);
      expect(parts()).toEqual([freshPart]);
      expect(mode(join(imports, freshPart))).toBe(0o600);
    });

    it('a part that goes stale later is removed by the timer', async () => {
      utimesSync(join(imports, freshPart), hoursAgo(2), hoursAgo(2));
      await until('the stale part to be swept', () => !parts().includes(freshPart));
    });

    it('an upload aborted by the client: its part file is mode 600 while it arrives, and removed when the client goes', async () => {
      const boundary = 'jzfp-abort-boundary';
      const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.csv"\r\ncontent-type: text/csv\r\n\r\n`);
      const req = httpRequest(`${t.baseUrl}/exchange/imports`, {
        method: 'POST',
        agent: false,
        headers: { ...officer.headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(100 * 1024 * 1024) },
      });
      req.on('error', () => undefined);
      req.write(head);
      req.write(Buffer.alloc(256 * 1024, 'a'));
      await until('the part file to appear', () => parts().length === 1);
      expect(mode(join(imports, parts()[0]))).toBe(0o600);
      req.destroy();
      await until('the part file to be removed', () => parts().length === 0);
      expect(await t.http.get('/health/live').then((r) => r.status)).toBe(200);
    });

    it('a file one byte over IMPORT_MAX_FILE_BYTES: 400 FILE_TOO_LARGE naming the file, no job, no part file left', async () => {
      const before = await jobCount();
      const res = await upload(Buffer.alloc(MAX_FILE_BYTES + 1, 'a'), 'big.csv');
      expect([res.status, res.body.errors?.[0]?.extensions]).toMatchObject([400, { field: 'file', reason: 'FILE_TOO_LARGE' }]);
      expect(await jobCount()).toBe(before);
      await until('no part file left', () => parts().length === 0);
    });
  });

  describe('item 20: upload options and the file field', () => {
    it('an unknown or repeated option, a bad value, a file in another field or two files: 400 naming it, no job, no part left', async () => {
      const before = await jobCount();
      const earlier = parts().join();
      const body = csv([...generateHouseholds({ households: 1, seed: 'options' })]);
      const cases: [string, () => Promise<{ status: number; body: { errors: { extensions: Record<string, unknown> }[] } }>, string, string][] = [
        ['dry_run in the query', () => upload(body, 'a.csv', { dry_run: 'true' }), 'dry_run', 'UNKNOWN_OPTION'],
        ['dryRun twice', () => t.http.post('/exchange/imports?dryRun=true&dryRun=false').set(officer.headers).attach('file', Buffer.from(body), 'a.csv'), 'dryRun', 'REPEATED_OPTION'],
        ['a bad value', () => upload(body, 'a.csv', { dryRun: 'maybe' }), 'dryRun', 'INVALID_OPTION'],
        ['dry_run as a field', () => t.http.post('/exchange/imports').set(officer.headers).field('dry_run', 'true').attach('file', Buffer.from(body), 'a.csv'), 'dry_run', 'UNKNOWN_OPTION'],
        ['a field after the file', () => t.http.post('/exchange/imports').set(officer.headers).attach('file', Buffer.from(body), 'a.csv').field('modus', 'x'), 'modus', 'UNKNOWN_OPTION'],
        ['the file as "upload"', () => t.http.post('/exchange/imports').set(officer.headers).attach('upload', Buffer.from(body), 'a.csv'), 'upload', 'UNEXPECTED_FILE'],
        ['two files', () => t.http.post('/exchange/imports').set(officer.headers).attach('file', Buffer.from(body), 'a.csv').attach('file', Buffer.from(body), 'b.csv'), 'file', 'TOO_MANY_FILES'],
      ];
      for (const [name, send, field, reason] of cases) {
        const res = await send();
        expect({ name, status: res.status, field: res.body.errors?.[0]?.extensions.field, reason: res.body.errors?.[0]?.extensions.reason }).toEqual({ name, status: 400, field, reason });
      }
      expect(await jobCount()).toBe(before);
      await until('no part file left', () => parts().join() === earlier);
    });
  });

  describe('item 20: reports, dry runs and hints', () => {
    const heads = [...generateHouseholds({ households: 6, seed: 'item-20' })];
    /** A household of its head alone, in the required columns (+ 联系电话). */
    const line = (h: GeneratedHousehold, o: { number?: string; attribute?: string; cause?: string; relation?: string; id?: string; phone?: string } = {}) =>
      [o.number ?? h.householdNumber, h.villageCode, o.attribute ?? '01', o.cause ?? '02', h.members[0].name, o.id ?? h.members[0].idNumber, o.relation ?? '01', o.phone ?? ''].join(',') + '\n';
    const file = (...lines: string[]) => `${[...REQUIRED, '联系电话'].join(',')}\n${lines.join('')}`;

    it('totalCount on importJobs and on a job\'s problems', async () => {
      const job = await run(file(line(heads[0], { relation: '02' }), line(heads[1], { id: '3.40524E+17' })), 'counted.csv');
      const res = await t.gql<{ importJobs: { totalCount: number | null }; importJob: { problems: { totalCount: number | null; edges: unknown[] } } }>(
        `query($id: ID!) { importJobs(first: 1) { totalCount } importJob(id: $id) { problems(first: 1) { totalCount edges { cursor } } } }`,
        { id: job.id },
        officer.headers,
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.importJobs.totalCount).toBe(await jobCount());
      expect(res.body.data!.importJob.problems.totalCount).toBe((await problems(job.id)).length);
      expect(res.body.data!.importJob.problems.totalCount).toBeGreaterThan(1);
    });

    it('NO_HEAD names the column; an ID number written by Excel as 3.40524E+17 gets the NUMBER_PRECISION hint', async () => {
      const job = await run(file(line(heads[0], { relation: '02' }), line(heads[1], { id: '3.40524E+17' })), 'hints.csv');
      expect(job.counts).toMatchObject({ householdsRejected: 2, householdsCreated: 0 });
      const report = await problems(job.id);
      expect(report.map((p) => [p.rowNumber, p.householdNumber, p.column, p.field, p.code])).toEqual([
        [2, heads[0].householdNumber, '与户主关系', 'members.relation', 'NO_HEAD'],
        [3, heads[1].householdNumber, '证件号码', 'members.idNumber', 'NUMBER_PRECISION'],
      ]);
      expect(report[1].message).toContain('科学计数法');
    });

    it('a dry run lists the households it would create or update (INFO WOULD_CREATE / WOULD_UPDATE), not the unchanged ones, and writes nothing', async () => {
      const [a, b, c, d] = heads.slice(2);
      const first = await run(file(line(a), line(b)), 'landed.csv');
      expect(first.counts).toMatchObject({ householdsCreated: 2 });
      const households = async () => Number((await t.dataSource.query(`SELECT count(*) n FROM households`))[0].n);
      const before = await households();
      const dry = await run(file(line(a), line(b, { phone: '13800000001' }), line(c), line(d)), 'dry.csv', { dryRun: 'true' });
      expect([dry.status, dry.problemCount, dry.warningCount]).toEqual(['SUCCEEDED', 0, 0]);
      expect(dry.counts).toMatchObject({ householdsCreated: 2, householdsUpdated: 1, householdsUnchanged: 1 });
      const report = await problems(dry.id);
      expect(report.map((p) => [p.severity, p.rowNumber, p.householdNumber, p.code])).toEqual([
        ['INFO', 3, b.householdNumber, 'WOULD_UPDATE'],
        ['INFO', 4, c.householdNumber, 'WOULD_CREATE'],
        ['INFO', 5, d.householdNumber, 'WOULD_CREATE'],
      ]);
      expect(report[0].message).toContain('联系电话');
      expect(await households()).toBe(before);
      const csvReport = await t.http.get(`/exchange/imports/${dry.id}/report.csv`).set(officer.headers);
      expect(csvReport.text).toContain(`3,${b.householdNumber},,,信息,WOULD_UPDATE`);
      // A real import of the same file reports no such lines.
      const real = await run(file(line(a), line(b, { phone: '13800000001' }), line(c), line(d)), 'real.csv');
      expect((await problems(real.id)).filter((p) => p.severity === 'INFO')).toEqual([]);
    });

    it('a re-import settled by digests keeps the warnings of the unchanged households', async () => {
      const h = heads[0];
      // 低保贫困户 without a member on 低保, cause 因病 with every member healthy: two warnings.
      const body = file(line(h, { number: 'WARN-1', attribute: '04', cause: '01' }));
      const first = await run(body, 'warnings.csv');
      expect([first.counts.householdsCreated, first.warningCount]).toEqual([1, 2]);
      const again = await run(body, 'warnings-again.csv');
      expect([again.counts.householdsUnchanged, again.warningCount]).toEqual([1, 2]);
      const strip = (ps: Awaited<ReturnType<typeof problems>>) => ps.map((p) => [p.severity, p.rowNumber, p.householdNumber, p.column, p.field, p.code, p.message]);
      expect(strip(await problems(again.id))).toEqual(strip(await problems(first.id)));
      // Moved further down a file, the warning follows its rows.
      const moved = await run(file(line(heads[5]), line(h, { number: 'WARN-1', attribute: '04', cause: '01' })), 'warnings-moved.csv');
      expect((await problems(moved.id)).filter((p) => p.householdNumber === 'WARN-1').map((p) => [p.rowNumber, p.code])).toEqual([
        [3, 'ILLNESS_CAUSE_ALL_HEALTHY'],
        [3, 'LOW_INCOME_POOR_WITHOUT_LOW_INCOME_MEMBER'],
      ]);
    });
  });

  describe('item 9: coded job errors', () => {
    it("a damaged XLSX or an unreadable stored file: the job's errorMessage is the coded message, never an exception's text", async () => {
      const hs = [...generateHouseholds({ households: 40, seed: 'damaged-xlsx' })];
      const path = join(dir, 'good.xlsx');
      // A workbook whose sheet data is garbled in the middle (inflate fails).
      const rows = [REQUIRED, ...hs.flatMap((h) => h.members.map((m) => [h.householdNumber, h.villageCode, '01', '01', m.name, m.idNumber, m.relation]))];
      await writeZip(path, workbookParts(rows));
      const bytes = readFileSync(path);
      const sheetAt = bytes.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 40;
      bytes.fill(0x41, sheetAt + 200, sheetAt + 2000);
      const job = await run(bytes, 'damaged.xlsx');
      expect([job.status, job.errorCode]).toEqual(['FAILED', 'CORRUPT_XLSX']);
      expect(job.errorMessage).toMatch(/^(第 \d+ 行：)?XLSX 文件已损坏或不完整 \(corrupt or truncated XLSX file( at row \d+)?: the part xl\/worksheets\/sheet1\.xml (is damaged|is not well-formed XML)\)/);
      expect(job.errorMessage).not.toMatch(/invalid|Error|distance|stream|block/);
    });

    it('a NUL character in a cell or a household number rejects that household as NUL_CHARACTER, naming the column (never INTERNAL); the rest is imported', async () => {
      const [named, numbered, clean] = [...generateHouseholds({ households: 3, seed: 'nul-cells' })];
      const spouse = named.members[1].name;
      const badNumber = `${numbered.householdNumber}\u0000`;
      const csvText =
        csvHeaderLine() +
        toCsvRows(named).replace(`,${spouse},`, `,${spouse}\u0000x,`) +
        toCsvRows(numbered)
          .split('\n')
          .map((l) => (l.startsWith(`${numbered.householdNumber},`) ? badNumber + l.slice(numbered.householdNumber.length) : l))
          .join('\n') +
        toCsvRows(clean);
      const job = await run(csvText, 'nul.csv');
      expect([job.status, job.errorCode]).toEqual(['SUCCEEDED', null]);
      expect(job.counts).toMatchObject({ householdsCreated: 1, householdsRejected: 2 });
      const report = (await problems(job.id)).filter((p) => p.code === 'NUL_CHARACTER');
      expect(report[0]).toMatchObject({ rowNumber: 3, householdNumber: named.householdNumber, column: '姓名', field: 'members.name' });
      expect(report.slice(1).map((p) => [p.householdNumber, p.column, p.field])).toEqual(
        numbered.members.map(() => [`${numbered.householdNumber}\uFFFD`, '户编号', 'householdNumber']),
      );
      const stored = await t.dataSource.query(`SELECT household_number FROM households WHERE household_number = ANY($1) ORDER BY 1`, [[named, numbered, clean].map((h) => h.householdNumber)]);
      expect(stored).toEqual([{ household_number: clean.householdNumber }]);

      // NDJSON: the same in a JSON string (\u0000).
      const [other] = [...generateHouseholds({ households: 1, seed: 'nul-ndjson' })];
      const line = toNdjsonLine(other).replace(JSON.stringify(other.members[1].name), JSON.stringify(`${other.members[1].name}\u0000`));
      expect(line).toContain('\\u0000');
      const nd = await run(line, 'nul.ndjson');
      expect([nd.status, nd.errorCode]).toEqual(['SUCCEEDED', null]);
      expect(nd.counts).toMatchObject({ householdsCreated: 0, householdsRejected: 1 });
      expect((await problems(nd.id)).map((p) => [p.rowNumber, p.column, p.field, p.code])).toEqual([[1, 'name', 'members.name', 'NUL_CHARACTER']]);
    });

    it('a NUL character in the file name or an option is refused with 400, no job', async () => {
      const before = await jobCount();
      const body = csv([...generateHouseholds({ households: 1, seed: 'nul-name' })]);
      // The multipart parser refuses a part header with a NUL character: the file name never reaches a job.
      const named = await upload(body, 'a\u0000b.csv');
      expect([named.status, named.body.errors?.[0]?.extensions]).toMatchObject([400, { code: 'BAD_USER_INPUT', reason: 'MALFORMED_UPLOAD', field: 'file' }]);
      const option = await upload(body, 'a.csv', { dryRun: 'true\u0000' });
      expect([option.status, option.body.errors?.[0]?.extensions]).toMatchObject([400, { code: 'BAD_USER_INPUT', field: 'dryRun' }]);
      expect(await jobCount()).toBe(before);
    });

    it('a stored file that cannot be read fails as UNREADABLE_FILE without the system error or the path', async () => {
      const folder = mkdtempSync(join(dir, 'not-a-file-'));
      const job = await t.dataSource.getRepository(ImportJobEntity).save({
        status: ImportJobStatus.RUNNING,
        format: ImportFormat.CSV,
        fileName: 'households.csv',
        filePath: folder,
        fileSha256: randomBytes(32).toString('hex'),
        fileSize: '1',
        regionCode: R.district,
        createdByName: 'test',
      });
      await t.get(ImportRunner).run(job, await claimImport(t.dataSource, job.id));
      const after = await t.dataSource.getRepository(ImportJobEntity).findOneByOrFail({ id: job.id });
      expect([after.status, after.errorCode]).toEqual([ImportJobStatus.FAILED, 'UNREADABLE_FILE']);
      expect(after.errorMessage).not.toMatch(/EISDIR|illegal|jzfp-import-hardening/);
    });
  });
});
