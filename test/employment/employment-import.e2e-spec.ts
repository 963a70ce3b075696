import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Role, Sector } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { subtreePrefix } from '../../src/common/region/region-code';
import { EMPLOYMENT_COLUMNS } from '../../src/employment/import/employment-columns';
import { EmploymentImportPort } from '../../src/employment/import/employment-import.port';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf } from '../support/gql-answers';
import { countQueries } from '../support/query-counter';
import { assertBuilt, cleanupSpawned, runScript, tempDir } from '../support/spawn-service';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { activate, citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

jest.setTimeout(180_000);

type Json = Record<string, any>;
type Counts = { unit: string; created: number; updated: number; unchanged: number; rejected: number };

const CREATE_ENTITY = `mutation($i: CreateImplementingEntityInput!) { createImplementingEntity(input: $i) { implementingEntity { id } } }`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = '户编号,成员姓名,与户主关系,成员身份证号,年度,就业渠道,务工地点,用工单位,用工单位统一社会信用代码,开始日期,结束日期,务工月数,月收入（元）,重叠原因,联系方式';
const EXAMPLE_HOUSEHOLD = '41010610020100001';
const CREDIT_CODE = makeCreditCode('9', '3', '410106', 'EM000002');

/**
 * The employment roster import and export (kind `employment`, issue #16): real uploads through the
 * import runner, the member found by its ID number's blind index or by name and relation.
 */
describe('employment rosters (import and export kind employment)', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  let hr: SignedIn;
  let education: SignedIn;
  let h1: CreatedHousehold;
  let h2: CreatedHousehold;
  let other: CreatedHousehold;
  const ids: Record<string, string> = {};

  // Members on the roll since 2014 (a job of a year before a member joined is refused).
  const labour = (name: string, extra: Json = {}) => member({ name, labourSkill: 'ORDINARY', joinedOn: '2014-01-01', ...extra });
  async function household(regionCode: string, members: Json[], over: Json = {}): Promise<CreatedHousehold> {
    const h = await createHousehold(t, district, householdInput(regionCode, { members, ...over }));
    await activate(t, h.id);
    return h;
  }

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    hr = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HUMAN_RESOURCES });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    ids.head = citizenId('1970-03-05', 'MALE');
    ids.spouse = citizenId('1972-08-09', 'FEMALE');
    ids.h2head = citizenId('1969-01-01', 'MALE');
    h1 = await household(R.village, [labour('王建国', { idNumber: ids.head }), labour('刘桂兰', { relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09', idNumber: ids.spouse })]);
    h2 = await household(R.village, [labour('赵明', { idNumber: ids.h2head, birthDate: '1969-01-01' })]);
    other = await household(R.villageSameTown, [labour('孙强')]);
    await household(R.village, [labour('王示例')], { householdNumber: EXAMPLE_HOUSEHOLD });
    dataOf(await t.gql(CREATE_ENTITY, { i: { type: '龙头企业', name: '上街食品加工厂', creditCode: CREDIT_CODE, legalRepresentative: '陈强', regionCode: R.village, listedOn: '2018-06-01' } }, district.headers));
  });
  afterAll(async () => {
    await t?.close();
    await cleanupSpawned();
  });

  const upload = (who: SignedIn, body: Buffer | string, name: string, query: Record<string, string> = {}) =>
    t.http.post('/exchange/imports').query({ kind: 'employment', ...query }).set(who.headers).attach('file', typeof body === 'string' ? Buffer.from(body, 'utf8') : body, name);
  const finished = (id: string, who: SignedIn): Promise<Json> =>
    waitFor(async () => {
      const res = await t.http.get(`/exchange/imports/${id}`).set(who.headers);
      return res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED' ? (res.body as Json) : undefined;
    }, { timeoutMs: 120_000, intervalMs: 50, what: 'the employment import to finish' });
  async function imported(who: SignedIn, body: Buffer | string, name: string, query: Record<string, string> = {}, status = 'SUCCEEDED'): Promise<{ job: Json; counts: Counts; problems: Json[] }> {
    const res = await upload(who, body, name, query);
    expect(res.status).toBe(202);
    const job = await finished(res.body.id, who);
    expect(job).toMatchObject({ status, kind: 'employment', mode: 'SYNC' });
    const problems = await t.dataSource.query(`SELECT row_number, "column", severity, code FROM import_problems WHERE job_id = $1 ORDER BY row_number, code`, [job.id]);
    return { job, counts: job.unitCounts[0], problems };
  }
  const records = async (): Promise<Json[]> =>
    t.dataSource.query(
      `SELECT mb.name, e.year, e.channel, e.place, e.employer_name, e.employer_entity_id IS NOT NULL AS entity, e.starts_on::text AS starts_on, e.ends_on::text AS ends_on,
              e.months_worked, e.monthly_income::text AS income, e.overlap_reason, e.version
         FROM employment_records e JOIN members mb ON mb.id = e.member_id ORDER BY mb.name, e.starts_on`,
    );
  const total = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM employment_records`))[0].n;
  type Cells = Partial<Record<'hh' | 'name' | 'relation' | 'id' | 'year' | 'channel' | 'place' | 'employer' | 'code' | 'start' | 'end' | 'months' | 'income' | 'reason' | 'phone', string>>;
  const row = (c: Cells) =>
    [c.hh ?? h1.householdNumber, c.name ?? '', c.relation ?? '', c.id ?? ids.head, c.year ?? '2018', c.channel ?? '劳务输出', c.place ?? '省外', c.employer ?? '深圳某电子厂', c.code ?? '',
      c.start ?? '2018-03-01', c.end ?? '2018-10-31', c.months ?? '8', c.income ?? '3200.00', c.reason ?? '', c.phone ?? ''].join(',');

  it('the template: CSV and XLSX from the columns and the example, which imports (created) and again (unchanged)', async () => {
    const csv = await t.http.get('/exchange/imports/template.csv').query({ kind: 'employment' }).set(hr.headers).buffer(true);
    expect(csv.status).toBe(200);
    const [header, example] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(HEADER);
    expect(example).toBe(`${EXAMPLE_HOUSEHOLD},王示例,户主,,2018,劳务输出,省外,深圳示例电子有限公司,,2018-03-01,2018-10-31,8,3200.00,,`);
    const first = await imported(hr, Buffer.from(csv.text, 'utf8'), 'template.csv');
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    const xlsx = await t.http.get('/exchange/imports/template.xlsx').query({ kind: 'employment' }).set(hr.headers).buffer(true).parse(binary as never);
    expect(xlsx.headers['content-type']).toContain(XLSX);
    const again = await imported(hr, xlsx.body as Buffer, 'template.xlsx');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
  });

  it('a roster creates records (member by ID number, or by name and relation; employer by credit code), audited as imports; again unchanged; a corrected row updates', async () => {
    const body = [
      HEADER,
      row({}), // the head by ID number
      row({ id: '', name: '刘桂兰', relation: '配偶', channel: '就地吸纳', place: '乡（镇）内', employer: '', code: CREDIT_CODE, start: '2018-01-01', end: '', months: '12', income: '1800.00' }),
      row({ hh: h2.householdNumber, id: ids.h2head, name: '赵明', channel: '公益岗', place: '乡（镇）内', employer: '北峡窝村', start: '2018-04-01', end: '2018-12-31', months: '9', income: '500' }),
    ].join('\n');
    const before = await total();
    const first = await imported(hr, body, 'roster.csv');
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await total()).toBe(before + 3);
    const stored = (await records()).filter((r) => ['王建国', '刘桂兰', '赵明'].includes(r.name));
    expect(stored).toEqual([
      { name: '刘桂兰', year: 2018, channel: '就地吸纳', place: 'WITHIN_TOWN', employer_name: '上街食品加工厂', entity: true, starts_on: '2018-01-01', ends_on: null, months_worked: 12, income: '1800.00', overlap_reason: null, version: 1 },
      { name: '王建国', year: 2018, channel: '劳务输出', place: 'OUTSIDE_PROVINCE', employer_name: '深圳某电子厂', entity: false, starts_on: '2018-03-01', ends_on: '2018-10-31', months_worked: 8, income: '3200.00', overlap_reason: null, version: 1 },
      { name: '赵明', year: 2018, channel: '公益岗', place: 'WITHIN_TOWN', employer_name: '北峡窝村', entity: false, starts_on: '2018-04-01', ends_on: '2018-12-31', months_worked: 9, income: '500.00', overlap_reason: null, version: 1 },
    ]);
    const audits = await t.dataSource.query(
      `SELECT a.operation, a.actor_id FROM audit_log a JOIN employment_records e ON e.id::text = a.entity_id WHERE a.entity_type = 'EmploymentRecord' AND e.household_id = ANY($1::uuid[])`,
      [[h1.id, h2.id]],
    );
    expect(audits).toHaveLength(3);
    expect(audits.every((a: Json) => a.operation === 'employment.importEmploymentRecord' && a.actor_id === hr.userId)).toBe(true);

    expect((await imported(hr, body, 'roster-again.csv')).counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });

    const corrected = await imported(hr, [HEADER, row({ income: '3500.00', months: '7' })].join('\n'), 'roster-corrected.csv');
    expect(corrected.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect((await records()).find((r) => r.name === '王建国')).toMatchObject({ months_worked: 7, income: '3500.00', version: 2 });
    const [audit] = await t.dataSource.query(
      `SELECT a.operation, a.changes FROM audit_log a JOIN employment_records e ON e.id::text = a.entity_id JOIN members mb ON mb.id = e.member_id WHERE mb.name = '王建国' ORDER BY a.seq DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ operation: 'employment.importEmploymentRecord', changes: { monthlyIncome: { from: '3200.00', to: '3500.00' }, monthsWorked: { from: 8, to: 7 } } });
  });

  it('bad rows: each a problem naming its row and column with the reason; all or nothing writes nothing', async () => {
    const body = [
      HEADER,
      row({ start: '2018-11-01', end: '2018-12-31', months: '2', channel: '居家灵活' }), // 2: good (after the head's March–October job)
      row({ year: '2019', start: '2019-01-01', end: '2019-12-31', months: '13' }), // 3: months 13
      row({ year: '2019', start: '2019-05-01', end: '2019-04-01', months: '1' }), // 4: end before start
      row({ start: '2018-06-01', end: '2018-12-31', months: '7' }), // 5: overlaps the head's job, no reason
      row({ year: '2019', end: '', months: '3', start: '2019-02-01', channel: '自己找的' }), // 6: channel not listed
      row({ id: ids.h2head, year: '2019', start: '2019-03-01', end: '', months: '3' }), // 7: member of another household
      row({ hh: '41010699999999999', year: '2019', start: '2019-04-01', end: '', months: '3' }), // 8: unknown household
      row({ hh: other.householdNumber, id: '', name: '孙强', year: '2019', start: '2019-05-01', end: '', months: '3' }), // 9: a village outside the uploader's
      row({ code: '91410106MA0000000X', year: '2019', start: '2019-06-01', end: '', months: '3' }), // 10: bad credit code
      row({ id: '410106********1234', year: '2019', start: '2019-07-01', end: '', months: '3' }), // 11: a masked ID number
    ].join('\n');
    const before = await total();
    const result = await imported(village, body, 'bad.csv', { atomic: 'true' }, 'FAILED');
    expect(result.job).toMatchObject({ errorCode: 'ATOMIC_REJECTED' });
    expect(result.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([
      [3, '务工月数', 'INVALID_VALUE'],
      [4, '结束日期', 'INVALID_PERIOD'],
      [5, '开始日期', 'EMPLOYMENT_OVERLAP'],
      [6, '就业渠道', 'CODE_NOT_LISTED'],
      [7, '成员身份证号', 'MEMBER_NOT_IN_HOUSEHOLD'],
      [8, '户编号', 'HOUSEHOLD_NOT_FOUND'],
      [9, '户编号', 'HOUSEHOLD_NOT_FOUND'],
      [10, '用工单位统一社会信用代码', expect.stringMatching(/^CREDIT_CODE_/)],
      [11, '成员身份证号', 'MASKED_VALUE'],
    ]);
    expect(await total()).toBe(before);
  });

  it("an education officer's upload is refused row by row as outside its write scope (the ledger is the human resources department's)", async () => {
    const before = await total();
    const result = await imported(education, [HEADER, row({ year: '2019', start: '2019-08-01', end: '2019-09-30', months: '2' }), row({ start: '2018-03-01', income: '9999.00' })].join('\n'), 'education.csv');
    expect(result.counts).toMatchObject({ created: 0, updated: 0, unchanged: 0, rejected: 2 });
    expect(result.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([[2, '成员身份证号', 'EMPLOYMENT_OUT_OF_SCOPE'], [3, '成员身份证号', 'EMPLOYMENT_OUT_OF_SCOPE']]);
    expect(await total()).toBe(before);
  });

  it('an income above employment.monthly_income_ceiling: the row imported with a WARNING on 月收入（元）; a dry run warns too; no ceiling in force, no warning', async () => {
    const h2row = (c: Cells) => row({ hh: h2.householdNumber, id: ids.h2head, name: '赵明', channel: '劳务输出', place: '省外', ...c });
    const rows = [
      HEADER,
      h2row({ year: '2020', start: '2020-01-01', end: '2020-06-30', months: '6', income: '25000.00' }), // 2: above the ceiling of 2020
      h2row({ year: '2020', start: '2020-07-01', end: '2020-12-31', months: '6', income: '3000.00' }), // 3: below it
      h2row({ year: '2019', start: '2019-01-01', end: '2019-06-30', months: '6', income: '25000.00' }), // 4: no ceiling in force in 2019
    ].join('\n');
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const set = await t.gql(`mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id } } }`, {
      input: { key: 'employment.monthly_income_ceiling', regionCode: R.district, value: '20000', effectiveFrom: '2020-01-01', status: 'UNVERIFIED', reason: '收入上限' },
    }, admin.headers);
    expect(set.body.errors).toBeUndefined();
    const before = await total();
    const dry = await imported(hr, rows, 'ceiling.csv', { dryRun: 'true' });
    expect(dry.problems.filter((p) => p.severity !== 'INFO').map((p) => [p.row_number, p.column, p.severity, p.code])).toEqual([[2, '月收入（元）', 'WARNING', 'MONTHLY_INCOME_ABOVE_CEILING']]);
    expect(await total()).toBe(before);
    const result = await imported(hr, rows, 'ceiling.csv');
    expect(result.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(result.problems.map((p) => [p.row_number, p.column, p.severity, p.code])).toEqual([[2, '月收入（元）', 'WARNING', 'MONTHLY_INCOME_ABOVE_CEILING']]);
    expect(await total()).toBe(before + 3);
    expect((await records()).filter((r) => r.name === '赵明' && r.year === 2020).map((r) => r.income)).toEqual(['25000.00', '3000.00']);
    // A corrected row over the ceiling: updated, with the warning.
    const corrected = await imported(hr, [HEADER, h2row({ year: '2020', start: '2020-07-01', end: '2020-12-31', months: '6', income: '21000.00' })].join('\n'), 'ceiling-2.csv');
    expect(corrected.counts).toMatchObject({ created: 0, updated: 1, rejected: 0 });
    expect(corrected.problems.map((p) => [p.row_number, p.column, p.severity, p.code])).toEqual([[2, '月收入（元）', 'WARNING', 'MONTHLY_INCOME_ABOVE_CEILING']]);
  });

  it('联系方式: a phone imported is stored encrypted and answered masked; a bad or masked one is refused on its column; a blank cell keeps it', async () => {
    const h2row = (c: Cells) => row({ hh: h2.householdNumber, id: ids.h2head, name: '赵明', channel: '劳务输出', place: '省外', year: '2021', ...c });
    const result = await imported(hr, [
      HEADER,
      h2row({ start: '2021-01-01', end: '2021-03-31', months: '3', phone: '13912345678' }), // 2: stored
      h2row({ start: '2021-04-01', end: '2021-05-31', months: '2', phone: '123' }), // 3: not a phone
      h2row({ start: '2021-06-01', end: '2021-07-31', months: '2', phone: '139****5678' }), // 4: an export's mask
    ].join('\n'), 'phones.csv');
    expect(result.counts).toMatchObject({ created: 1, rejected: 2 });
    expect(result.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([[3, '联系方式', 'INVALID_VALUE'], [4, '联系方式', 'MASKED_VALUE']]);
    const stored = async () => (await t.dataSource.query(`SELECT id, contact_phone_enc, version FROM employment_records WHERE member_id = $1 AND year = 2021`, [h2.members[0].id]))[0];
    const first = await stored();
    expect(first.contact_phone_enc).not.toContain('13912345678');
    const phone = async () => dataOf(await t.gql(`query($id: ID!) { employmentRecord(id: $id) { contactPhone } }`, { id: first.id }, hr.headers)).employmentRecord.contactPhone;
    expect(await phone()).toBe('139****5678');
    // The same row with a blank phone (as an export writes it): unchanged, the phone kept; another phone: updated.
    expect((await imported(hr, [HEADER, h2row({ start: '2021-01-01', end: '2021-03-31', months: '3' })].join('\n'), 'phones-2.csv')).counts).toMatchObject({ unchanged: 1 });
    expect(await phone()).toBe('139****5678');
    expect((await imported(hr, [HEADER, h2row({ start: '2021-01-01', end: '2021-03-31', months: '3', phone: '13700001111' })].join('\n'), 'phones-3.csv')).counts).toMatchObject({ updated: 1 });
    expect(await phone()).toBe('137****1111');
  });

  it('exports the ledger in the columns of its import (member by name and relation, never the ID number); CSV and XLSX re-import all unchanged; one statement a page', async () => {
    const exported = (who: SignedIn, query: Record<string, string> = {}) => t.http.get('/exchange/exports/employment').query(query).set(who.headers).buffer(true);
    const csv = await exported(hr);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="employment-410106000000-\d{8}\.csv"/);
    const [header, ...rows] = parse(csv.text.replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual(HEADER.split(','));
    const n = await total();
    expect(rows).toHaveLength(n);
    expect(rows).toContainEqual([h1.householdNumber, '刘桂兰', '配偶', '', '2018', '就地吸纳', '乡（镇）内', '上街食品加工厂', CREDIT_CODE, '2018-01-01', '', '12', '1800.00', '', '']);
    for (const id of Object.values(ids)) expect(csv.text).not.toContain(id);
    // The contact phone is never exported, masked or not (the column stays blank).
    expect(csv.text).not.toContain('13700001111');
    expect(csv.text).not.toContain('137****1111');

    const versions = async (): Promise<string> => JSON.stringify(await t.dataSource.query(`SELECT id, version FROM employment_records ORDER BY id`));
    const versionsBefore = await versions();
    const again = await imported(hr, Buffer.from(csv.text, 'utf8'), 'employment-export.csv');
    expect(again.problems).toEqual([]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: n, rejected: 0 });

    const xlsx = await exported(hr, { format: 'xlsx' }).parse(binary as never);
    expect(xlsx.headers['content-type']).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets[0].actualRowCount).toBe(1 + n);
    const fromXlsx = await imported(hr, xlsx.body as Buffer, 'employment-export.xlsx');
    expect(fromXlsx.problems).toEqual([]);
    expect(fromXlsx.counts).toMatchObject({ created: 0, updated: 0, unchanged: n, rejected: 0 });
    // The import CLI through the same machinery: the XLSX again, all unchanged.
    assertBuilt();
    const file = join(tempDir(), 'employment.xlsx');
    writeFileSync(file, xlsx.body as Buffer);
    const token = hr.headers.authorization.replace(/^Bearer /, '');
    const cli = await runScript('import', [file, '--kind', 'employment'], { env: { JZFP_TOKEN: token, JZFP_URL: t.baseUrl } });
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    expect(cli.stdout).toContain(`employmentRecords: 0 created, 0 updated, ${n} unchanged, 0 rejected`);
    expect(await versions()).toBe(versionsBefore);

    // The port's keyset pages: two a page give the file's rows, one statement a page.
    const principal: Principal = {
      kind: 'user', id: hr.userId, personId: hr.userId, name: hr.username, roles: [Role.SECTOR_OFFICER], sector: Sector.HUMAN_RESOURCES,
      permissions: new Set(['employment.read']), regionCode: R.district, scopePrefix: subtreePrefix(R.district),
    };
    const source = t.get(EmploymentImportPort).export!;
    const paged: string[][] = [];
    let after: string | null = null;
    do {
      const { result, count } = await countQueries(() => source.page(principal, {}, after, 2));
      expect(count).toBe(1);
      paged.push(...result.rows.map((r) => EMPLOYMENT_COLUMNS.columns.map((c) => r[c.key])));
      after = result.next;
    } while (after !== null);
    expect(paged).toEqual(rows);

    // A village officer's export is its village's records; another village is not found.
    expect((await exported(village, { regionCode: R.villageSameTown })).status).toBe(404);
    expect((parse((await exported(village)).text.replace(/^\uFEFF/, '')) as string[][]).length).toBe(1 + n);
  });
});

/** supertest: a binary body as a Buffer (as test/exchange/export.e2e-spec.ts downloads). */
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
