import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Role, Sector } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { subtreePrefix } from '../../src/common/region/region-code';
import { LINKAGE_COLUMNS } from '../../src/projects/import/linkage-columns';
import { LinkageImportPort } from '../../src/projects/import/linkage-import.port';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { countQueries } from '../support/query-counter';
import { waitFor } from '../support/wait-for';
import { createHousehold, householdInput } from '../households/registry-fixtures';

jest.setTimeout(180_000);

type Json = Record<string, any>;
type Counts = { unit: string; created: number; updated: number; unchanged: number; rejected: number; left: number };

const CREATE_PROJECT = `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } } }`;
const CREATE_LINKAGE = `mutation($i: CreateBenefitLinkageInput!) { createBenefitLinkage(input: $i) { benefitLinkage { id } } }`;
const CREATE_ENTITY = `mutation($i: CreateImplementingEntityInput!) { createImplementingEntity(input: $i) { implementingEntity { id sector } } }`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEADER = '户编号,项目,经营主体统一社会信用代码,联结方式,协议内容,约定金额/年,收入类别,起始日期,终止日期';
/** The template's example (LinkageImportPort.example): the households template's household, the demo's project and cooperative names. */
const EXAMPLE_HOUSEHOLD = '41010610020100001';
const EXAMPLE_PROJECT = '北峡窝村光伏扶贫电站';
const EXAMPLE_CREDIT_CODE = makeCreditCode('9', '3', '410106', 'MA000001');

/**
 * The benefit-linkage roster import (kind `linkages`, issue #15) and the kit's template endpoint
 * (GET /exchange/imports/template.csv|xlsx?kind=…): real uploads through the import runner.
 */
describe('benefit linkage rosters (import kind linkages) and import templates', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  let agriculture: SignedIn;
  let supervisor: SignedIn;
  let integration: SignedIn;
  let auditor: SignedIn;
  let h1: Json;
  let h2: Json;
  let h3: Json;
  let officeProject: string;
  let agricultureProject: string;
  let seq = 0;

  /** A project of the village at a stage that benefits households (the procedure is not under test here: the stage is set directly). */
  async function project(who: SignedIn, beneficiaryHouseholdIds: string[], over: Json = {}): Promise<string> {
    const res = await t.gql(CREATE_PROJECT, {
      i: {
        regionCode: R.village, name: `北峡窝村名单项目${(seq += 1)}`, year: 2018, category: '产业发展', industryType: '特色加工业', constructionNature: 'NEW',
        budgetTotal: '100000.00', fundingLines: [{ level: 'DISTRICT', channel: '区本级', amount: '100000.00' }], beneficiaryHouseholdIds, ...over,
      },
    }, who.headers);
    const id = dataOf(res).createProject.project.id as string;
    await t.dataSource.query(`UPDATE projects SET stage = 'IN_ANNUAL_PLAN' WHERE id = $1`, [id]);
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    agriculture = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.AGRICULTURE });
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    integration = await signIn(t, Role.INTEGRATION, R.district);
    auditor = await signIn(t, Role.AUDITOR, R.district);
    h1 = await createHousehold(t, district, householdInput(R.village));
    h2 = await createHousehold(t, district, householdInput(R.village));
    h3 = await createHousehold(t, district, householdInput(R.village));
    const example = await createHousehold(t, district, householdInput(R.village, { householdNumber: EXAMPLE_HOUSEHOLD }));
    officeProject = await project(village, [h1.id, h2.id, h3.id]);
    agricultureProject = await project(agriculture, [h1.id, h2.id, h3.id], { sector: 'AGRICULTURE' });
    // The template's example: its project and cooperative as the demo names them.
    await project(village, [example.id], { name: EXAMPLE_PROJECT });
    const entity = { type: '农民专业合作社', name: '北峡窝村种养殖专业合作社', creditCode: EXAMPLE_CREDIT_CODE, legalRepresentative: '王建国', regionCode: R.village, listedOn: '2018-02-01' };
    dataOf(await t.gql(CREATE_ENTITY, { i: entity }, district.headers));
  });
  afterAll(() => t?.close());

  const upload = (who: SignedIn, body: Buffer | string, name: string, query: Record<string, string> = {}) =>
    t.http.post('/exchange/imports').query({ kind: 'linkages', ...query }).set(who.headers).attach('file', typeof body === 'string' ? Buffer.from(body, 'utf8') : body, name);
  const finished = (id: string, who: SignedIn = district): Promise<Json> =>
    waitFor(async () => {
      const res = await t.http.get(`/exchange/imports/${id}`).set(who.headers);
      return res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED' ? (res.body as Json) : undefined;
    }, { timeoutMs: 120_000, intervalMs: 50, what: 'the linkage import to finish' });
  async function imported(who: SignedIn, body: Buffer | string, name: string, query: Record<string, string> = {}): Promise<{ job: Json; counts: Counts; problems: Json[] }> {
    const res = await upload(who, body, name, query);
    expect(res.status).toBe(202);
    const job = await finished(res.body.id, who);
    expect(job).toMatchObject({ status: 'SUCCEEDED', kind: 'linkages', mode: 'SYNC' });
    const problems = await t.dataSource.query(
      `SELECT row_number, household_number, "column", severity, code FROM import_problems WHERE job_id = $1 ORDER BY row_number, code`,
      [job.id],
    );
    return { job, counts: job.unitCounts[0], problems };
  }
  const linkagesOf = (householdId: string): Promise<Json[]> =>
    t.dataSource.query(
      `SELECT project_id, entity_id, type, agreed_amount_per_year::text AS amount, starts_on::text AS starts_on, ends_on::text AS ends_on, income_component, sector, version
       FROM benefit_linkages WHERE household_id = $1 ORDER BY type, starts_on`,
      [householdId],
    );
  const total = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM benefit_linkages`))[0].n;
  const row = (h: Json, projectName: string, over: Partial<Record<'type' | 'amount' | 'start' | 'end' | 'terms' | 'component' | 'code', string>> = {}) =>
    [h.householdNumber, projectName, over.code ?? '', over.type ?? '保底收益+按股分红', over.terms ?? '到户资金入股，保底分红', over.amount ?? '1200.00', over.component ?? '资产收益扶贫分红', over.start ?? '2018-11-01', over.end ?? ''].join(',');
  const nameOf = async (id: string): Promise<string> => (await t.dataSource.query(`SELECT name FROM projects WHERE id = $1`, [id]))[0].name;

  it('the template of a kind: CSV and XLSX from its columns and example; households the registry\'s own; unknown kind 400, a kind without its permission 403', async () => {
    const csv = await t.http.get('/exchange/imports/template.csv').query({ kind: 'linkages' }).set(district.headers).buffer(true);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = csv.body instanceof Buffer ? csv.body.toString('utf8') : csv.text;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, example] = text.slice(1).split('\r\n');
    expect(header).toBe(`${HEADER},退出时返还股金`);
    expect(example).toContain(`${EXAMPLE_HOUSEHOLD},${EXAMPLE_PROJECT},${EXAMPLE_CREDIT_CODE},光伏收益`);

    const registry = await t.http.get('/exchange/households/template.csv').set(district.headers).buffer(true);
    const viaKind = await t.http.get('/exchange/imports/template.csv').query({ kind: 'households' }).set(district.headers).buffer(true);
    expect(viaKind.status).toBe(200);
    expect(viaKind.text).toBe(registry.text);

    const unknown = await t.http.get('/exchange/imports/template.csv').query({ kind: 'nothing' }).set(district.headers);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_OPTION', field: 'kind' });
    const forbidden = await t.http.get('/exchange/imports/template.xlsx').query({ kind: 'linkages' }).set(integration.headers);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'KIND_NOT_ALLOWED', field: 'kind' });
    expect((await t.http.get('/exchange/imports/template.csv').query({ kind: 'linkages' }).set(supervisor.headers)).status).toBe(403);

    const xlsx = await t.http.get('/exchange/imports/template.xlsx').query({ kind: 'linkages' }).set(agriculture.headers).buffer(true).parse(binary as never);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const [data, codes] = book.worksheets;
    expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(`${HEADER},退出时返还股金`.split(','));
    expect(data.getRow(1).getCell(1).note).toBeTruthy();
    expect(data.getRow(2).getCell(1).value).toBe(EXAMPLE_HOUSEHOLD);
    expect(codes.name).toBe('代码表');
    expect(codes.getColumn(1).values.filter((v) => v === '收入类别')).toHaveLength(4);
  });

  it('the template re-imports cleanly against seeded data: the example row is created, the same file as XLSX is unchanged', async () => {
    const csv = await t.http.get('/exchange/imports/template.csv').query({ kind: 'linkages' }).set(district.headers).buffer(true);
    const first = await imported(district, Buffer.from(csv.text, 'utf8'), 'template.csv');
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    const xlsx = await t.http.get('/exchange/imports/template.xlsx').query({ kind: 'linkages' }).set(district.headers).buffer(true).parse(binary as never);
    const again = await imported(district, xlsx.body as Buffer, 'template.xlsx');
    expect(again.problems).toEqual([]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    const [stored] = await t.dataSource.query(
      `SELECT l.type, l.agreed_amount_per_year::text AS amount, l.income_component, l.ends_on::text AS ends_on, p.name FROM benefit_linkages l JOIN households h ON h.id = l.household_id JOIN projects p ON p.id = l.project_id WHERE h.household_number = $1`,
      [EXAMPLE_HOUSEHOLD],
    );
    expect(stored).toEqual({ type: '光伏收益', amount: '3000.00', income_component: 'ASSET_INCOME_DIVIDEND', ends_on: '2020-10-31', name: EXAMPLE_PROJECT });

    // A file without the 终止日期 column keeps the stored end: the row is unchanged.
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n').map((l) => l.split(','));
    const end = lines[0].indexOf('终止日期');
    const withoutEnd = lines.filter((l) => l.length > 1).map((l) => l.filter((_, i) => i !== end).join(',')).join('\n');
    const kept = await imported(district, withoutEnd, 'template-without-end.csv');
    expect(kept.counts).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
  });

  it('a district officer\'s CSV: good rows land (audited as an import), bad ones are reported with their column and code, duplicates refused; dry run writes nothing; the same file again is unchanged; a changed amount updates', async () => {
    const office = await nameOf(officeProject);
    const agri = await nameOf(agricultureProject);
    const body = [
      HEADER,
      row(h1, office), // 2: created
      row(h2, agri, { type: '订单农业', component: '生产经营性收入', amount: '800.50' }), // 3: created (agriculture's project: the office may write it)
      row({ householdNumber: '41010699999999999' }, office), // 4: unknown household
      row(h2, office, { amount: '12.345' }), // 5: bad amount
      row(h2, office, { type: '自定义联结' }), // 6: type not listed
      row(h1, office), // 7: the same linkage as row 2
      row(h2, '没有这个项目'), // 8: unknown project
      row(h2, office, { start: '2018-11-01', end: '2018-10-01' }), // 9: ends before it starts
      row(h3, office), // 10: created
      row(h3, office), // 11: adjacent duplicate of 10
    ].join('\n');
    const before = await total();

    const dry = await imported(district, body, 'roster.csv', { dryRun: 'true' });
    expect(dry.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 7 });
    expect(dry.problems.filter((p) => p.severity === 'INFO').map((p) => [p.row_number, p.code])).toEqual([[2, 'WOULD_CREATE'], [3, 'WOULD_CREATE'], [10, 'WOULD_CREATE']]);
    expect(await total()).toBe(before);

    const first = await imported(district, body, 'roster.csv');
    expect(first.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 7 });
    expect(first.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([
      [4, '户编号', 'HOUSEHOLD_NOT_FOUND'],
      [5, '约定金额/年', 'DECIMAL_FORMAT'],
      [6, '联结方式', 'CODE_NOT_LISTED'],
      [7, '户编号', 'DUPLICATE_LINKAGE'],
      [8, '项目', 'PROJECT_NOT_FOUND'],
      [9, '终止日期', 'INVALID_PERIOD'],
      [11, '户编号', 'DUPLICATE_LINKAGE'],
    ]);
    expect(first.problems.find((p) => p.row_number === 4)?.household_number).toBe('41010699999999999');
    expect(await total()).toBe(before + 3);
    expect(await linkagesOf(h2.id)).toEqual([
      { project_id: agricultureProject, entity_id: null, type: '订单农业', amount: '800.50', starts_on: '2018-11-01', ends_on: null, income_component: 'PRODUCTION_BUSINESS', sector: 'agriculture', version: 1 },
    ]);
    const audits = await t.dataSource.query(
      `SELECT a.operation, a.actor_id FROM audit_log a JOIN benefit_linkages l ON l.id::text = a.entity_id WHERE a.entity_type = 'BenefitLinkage' AND l.household_id = ANY($1::uuid[])`,
      [[h1.id, h2.id, h3.id]],
    );
    expect(audits).toHaveLength(3);
    expect(audits.every((a: Json) => a.operation === 'projects.importBenefitLinkage' && a.actor_id === district.userId)).toBe(true);

    const again = await imported(district, body, 'roster-again.csv');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 7 });

    const changed = [HEADER, row(h1, office, { amount: '1500.00' })].join('\n');
    const update = await imported(district, changed, 'roster-update.csv');
    expect(update.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect(await linkagesOf(h1.id)).toEqual([
      { project_id: officeProject, entity_id: null, type: '保底收益+按股分红', amount: '1500.00', starts_on: '2018-11-01', ends_on: null, income_component: 'ASSET_INCOME_DIVIDEND', sector: null, version: 2 },
    ]);
    const [audit] = await t.dataSource.query(
      `SELECT a.operation, a.changes FROM audit_log a JOIN benefit_linkages l ON l.id::text = a.entity_id WHERE l.household_id = $1 ORDER BY a.seq DESC LIMIT 1`,
      [h1.id],
    );
    expect(audit).toMatchObject({ operation: 'projects.importBenefitLinkage', changes: { agreedAmountPerYear: { from: '1200.00', to: '1500.00' } } });
  });

  it('a sector officer\'s XLSX: its own sector\'s rows land, rows of the office\'s project are refused LINKAGE_OUT_OF_SCOPE naming 项目', async () => {
    const office = await nameOf(officeProject);
    const agri = await nameOf(agricultureProject);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名单');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(row(h1, agri, { type: '土地流转+优先务工', component: '财产性收入', amount: '600.00' }).split(','));
    sheet.addRow(row(h3, office, { type: '务工', component: '工资性收入', amount: '6000.00' }).split(','));
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const before = await total();
    const result = await imported(agriculture, file, 'agriculture.xlsx');
    expect(result.counts).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(result.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([[3, '项目', 'LINKAGE_OUT_OF_SCOPE']]);
    expect(await total()).toBe(before + 1);
    const mine = (await linkagesOf(h1.id)).find((l) => l.type === '土地流转+优先务工');
    expect(mine).toMatchObject({ project_id: agricultureProject, sector: 'agriculture', amount: '600.00', income_component: 'PROPERTY' });
    expect((await linkagesOf(h3.id)).filter((l) => l.type === '务工')).toEqual([]);
  });

  it('all or nothing: a file with one bad row writes nothing; a clean one lands whole (its second pass finds no duplicates); same-named projects are told apart by the beneficiaries', async () => {
    const h4 = await createHousehold(t, district, householdInput(R.village));
    const h5 = await createHousehold(t, district, householdInput(R.village));
    // Two projects of one name: h4 benefits from the first only, h5 from both.
    const twin = `北峡窝村同名项目${(seq += 1)}`;
    const first = await project(village, [h4.id, h5.id], { name: twin });
    await project(village, [h5.id], { name: twin });
    const before = await total();
    const bad = [HEADER, row(h4, twin, { type: '二次分红' }), row(h4, twin, { type: '务工', amount: 'abc' })].join('\n');
    const refused = await upload(district, bad, 'atomic-bad.csv', { atomic: 'true' });
    expect(refused.status).toBe(202);
    expect(await finished(refused.body.id)).toMatchObject({ status: 'FAILED', errorCode: 'ATOMIC_REJECTED' });
    expect(await total()).toBe(before);

    const good = [HEADER, row(h4, twin, { type: '二次分红' }), row(h4, twin, { type: '务工', component: '工资性收入' })].join('\n');
    const landed = await imported(district, good, 'atomic-good.csv', { atomic: 'true' });
    expect(landed.problems).toEqual([]);
    expect(landed.counts).toMatchObject({ created: 2, rejected: 0 });
    expect((await linkagesOf(h4.id)).map((l) => `${l.project_id} ${l.type}`).sort()).toEqual([`${first} 二次分红`, `${first} 务工`].sort());
    expect(await total()).toBe(before + 2);

    const ambiguous = await imported(district, [HEADER, row(h5, twin)].join('\n'), 'ambiguous.csv');
    expect(ambiguous.counts).toMatchObject({ created: 0, rejected: 1 });
    expect(ambiguous.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([[2, '项目', 'PROJECT_AMBIGUOUS']]);
  });

  it('a village officer imports its own village\'s roster (SYNC, the kind has no approval procedure); a household of another village is not found; a project by its 项目库编号', async () => {
    const office = await nameOf(officeProject);
    // A project found by its 项目库编号 as well as by its name.
    const coded = await project(village, [h2.id], { libraryCode: 'BXW-2018-017' });
    const elsewhere = await createHousehold(t, district, householdInput(R.villageSameTown));
    const body = [HEADER, row(h1, office, { start: '2018-12-01' }), row(elsewhere, office, { start: '2018-12-01' }), row(h2, 'BXW-2018-017', { start: '2018-12-01' })].join('\n');
    const { job, counts, problems } = await imported(village, body, 'village-roster.csv');
    expect(job.mode).toBe('SYNC');
    expect(problems.map((p) => [p.row_number, p.column, p.code])).toEqual([[3, '户编号', 'HOUSEHOLD_NOT_FOUND']]);
    expect(counts).toMatchObject({ created: 2, rejected: 1 });
    expect((await linkagesOf(h1.id)).filter((l) => l.starts_on === '2018-12-01')).toHaveLength(1);
    expect((await linkagesOf(h2.id)).filter((l) => l.starts_on === '2018-12-01').map((l) => l.project_id)).toEqual([coded]);
  });

  it('the kind is refused without projects.write (supervisor, integration key), and PROPOSE is not a mode of it', async () => {
    const body = [HEADER, row(h1, 'x')].join('\n');
    const bySupervisor = await upload(supervisor, body, 'refused.csv');
    expect(bySupervisor.status).toBe(403);
    const byKey = await upload(integration, body, 'refused.csv');
    expect(byKey.status).toBe(403);
    expect(byKey.body.errors[0].extensions).toMatchObject({ reason: 'KIND_NOT_ALLOWED', field: 'kind' });
    const propose = await upload(district, body, 'propose.csv', { mode: 'PROPOSE' });
    expect(propose.status).toBe(400);
    expect(propose.body.errors[0].extensions).toMatchObject({ reason: 'INVALID_OPTION', field: 'mode' });
  });

  it('exports the roster in the columns of its import (GET /exchange/exports/linkages): one row a linkage, the project by its 项目库编号 else its id; the CSV (and the XLSX) re-import only unchanged; scoped, refused without its permissions, audited', async () => {
    // An entity-only linkage with the 优先股 flag, an end, and terms a spreadsheet would take for a formula (the CSV guards them), with a comma, quotes and a line break.
    const [entity] = await t.dataSource.query(`SELECT id FROM implementing_entities WHERE credit_code = $1`, [EXAMPLE_CREDIT_CODE]);
    const terms = '=入股 5000 元, 每年保底分红 "8%"\n退出时返还股金';
    const linkage = (i: Json) => t.gql(CREATE_LINKAGE, { i: { agreedTerms: '到户资金入股，保底分红', agreedAmountPerYear: '1200.00', incomeComponent: 'ASSET_INCOME_DIVIDEND', startsOn: '2018-10-01', ...i } }, district.headers);
    dataOf(await linkage({ householdId: h3.id, entityId: entity.id, type: '资产收益(优先股)', agreedTerms: terms, agreedAmountPerYear: '400.00', incomeComponent: 'PROPERTY', endsOn: '2021-12-31', returnedAtExit: true }));
    // A project without a 项目库编号 (exported by its id) and one with it (by the code), both agricultural; the file also holds the earlier tests' linkages.
    dataOf(await linkage({ householdId: h1.id, projectId: officeProject, type: '二次分红' }));
    const coded = await project(agriculture, [h2.id], { sector: 'AGRICULTURE', libraryCode: 'BXW-2018-099' });
    dataOf(await linkage({ householdId: h2.id, projectId: coded, type: '订单农业', incomeComponent: 'PRODUCTION_BUSINESS', endsOn: '2018-12-31' }));
    // A linkage in another village of the town: outside a village officer's export.
    const other = await createHousehold(t, district, householdInput(R.villageSameTown));
    const otherProject = await project(district, [other.id], { regionCode: R.villageSameTown, libraryCode: 'XW-2019-001' });
    dataOf(await linkage({ householdId: other.id, projectId: otherProject, type: '务工', incomeComponent: 'WAGE', returnedAtExit: false }));

    // What the file must hold, read independently: every linkage, sorted by household number, start and id.
    const COMPONENT: Record<string, string> = { WAGE: '工资性收入', PRODUCTION_BUSINESS: '生产经营性收入', PROPERTY: '财产性收入', ASSET_INCOME_DIVIDEND: '资产收益扶贫分红' };
    const stored: Json[] = await t.dataSource.query(
      `SELECT h.household_number, p.library_code, p.id::text AS project_id, e.credit_code, l.type, l.agreed_terms, l.agreed_amount_per_year::text AS amount,
              l.income_component::text AS component, l.starts_on::text AS starts_on, l.ends_on::text AS ends_on, l.returned_at_exit, l.region_code
         FROM benefit_linkages l JOIN households h ON h.id = l.household_id LEFT JOIN projects p ON p.id = l.project_id LEFT JOIN implementing_entities e ON e.id = l.entity_id
        ORDER BY h.household_number, l.starts_on, l.id::text`,
    );
    const expected = stored.map((l) => [
      l.household_number, l.library_code ?? l.project_id ?? '', l.credit_code ?? '', l.type, l.agreed_terms, l.amount, COMPONENT[l.component], l.starts_on, l.ends_on ?? '',
      l.returned_at_exit === null ? '' : l.returned_at_exit ? '是' : '否',
    ]);
    expect(stored.length).toBeGreaterThanOrEqual(4);
    const header = `${HEADER},退出时返还股金`.split(',');
    const exported = (who: SignedIn, query: Record<string, string> = {}) => t.http.get('/exchange/exports/linkages').query(query).set(who.headers).buffer(true);
    const rowsOf = (text: string): string[][] => parse(text.replace(/^\uFEFF/, '')) as string[][];

    const csv = await exported(district);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="linkages-410106000000-\d{8}\.csv"/);
    const [csvHeader, ...csvRows] = rowsOf(csv.text);
    expect(csvHeader).toEqual(header);
    // The guard against formulas as written (undone by the import), never a project's name.
    expect(csvRows.map((r) => r.map((c) => (c.startsWith("'=") ? c.slice(1) : c)))).toEqual(expected);
    expect(csv.text).toContain(`"'${terms.replace(/"/g, '""')}"`);
    expect(csvRows).toContainEqual([h3.householdNumber, '', EXAMPLE_CREDIT_CODE, '资产收益(优先股)', `'${terms}`, '400.00', '财产性收入', '2018-10-01', '2021-12-31', '是']);
    expect(csvRows).toContainEqual([other.householdNumber, 'XW-2019-001', '', '务工', '到户资金入股，保底分红', '1200.00', '工资性收入', '2018-10-01', '', '否']);
    expect(csvRows).toContainEqual([h1.householdNumber, officeProject, '', '二次分红', '到户资金入股，保底分红', '1200.00', '资产收益扶贫分红', '2018-10-01', '', '']);
    expect(csvRows).toContainEqual([h2.householdNumber, 'BXW-2018-099', '', '订单农业', '到户资金入股，保底分红', '1200.00', '生产经营性收入', '2018-10-01', '2018-12-31', '']);
    expect(csv.text).not.toContain(await nameOf(officeProject));
    expect(csv.text).not.toContain(EXAMPLE_PROJECT);

    // The exported file uploaded again by the district officer: every linkage unchanged, nothing written or audited.
    const audited = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'BenefitLinkage'`))[0].n;
    const auditsBefore = await audited();
    const versions = async (): Promise<string> => JSON.stringify(await t.dataSource.query(`SELECT id, version FROM benefit_linkages ORDER BY id`));
    const versionsBefore = await versions();
    const again = await imported(district, Buffer.from(csv.text, 'utf8'), 'linkages-export.csv');
    expect(again.problems.filter((p) => p.severity !== 'INFO')).toEqual([]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: stored.length, rejected: 0 });
    expect(await audited()).toBe(auditsBefore);
    expect(await versions()).toBe(versionsBefore);

    // The XLSX: the same rows as text cells (the terms unguarded: a string cell is no formula); uploaded again, unchanged.
    const xlsx = await exported(district, { format: 'xlsx' }).parse(binary as never);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const cells = (i: number) => Array.from({ length: header.length }, (_, c) => {
      const v = sheet.getRow(i).getCell(c + 1).value;
      return v === null || v === undefined ? '' : String(v);
    });
    expect(cells(1)).toEqual(header);
    expect(sheet.actualRowCount).toBe(1 + stored.length);
    expect(Array.from({ length: stored.length }, (_, i) => cells(i + 2))).toEqual(expected);
    const fromXlsx = await imported(district, xlsx.body as Buffer, 'linkages-export.xlsx');
    expect(fromXlsx.problems.filter((p) => p.severity !== 'INFO')).toEqual([]);
    expect(fromXlsx.counts).toMatchObject({ created: 0, updated: 0, unchanged: stored.length, rejected: 0 });

    // NDJSON: one object a linkage keyed by column key, blank cells left out.
    const ndjson = await exported(district, { format: 'ndjson' });
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const objects = ndjson.text.trim().split('\n').map((l) => JSON.parse(l) as Json);
    expect(objects).toHaveLength(stored.length);
    expect(objects).toContainEqual({
      householdNumber: h3.householdNumber, entityCreditCode: EXAMPLE_CREDIT_CODE, type: '资产收益(优先股)', agreedTerms: terms, agreedAmountPerYear: '400.00',
      incomeComponent: '财产性收入', startsOn: '2018-10-01', endsOn: '2021-12-31', returnedAtExit: '是',
    });

    // The port's keyset pages (the route reads 500 a page): two a page give the same rows in the same order, in one statement a page.
    const principal: Principal = {
      kind: 'user', id: district.userId, personId: district.userId, name: district.username, roles: [Role.DISTRICT_OFFICER],
      permissions: new Set(['projects.read']), regionCode: R.district, scopePrefix: subtreePrefix(R.district),
    };
    const source = t.get(LinkageImportPort).export;
    const paged: string[][] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { result, count } = await countQueries(() => source.page(principal, {}, after, 2));
      expect(count).toBe(1);
      paged.push(...result.rows.map((r) => LINKAGE_COLUMNS.columns.map((c) => r[c.key])));
      after = result.next;
      pages += 1;
    } while (after !== null);
    expect(paged).toEqual(expected);
    expect(pages).toBe(Math.floor(stored.length / 2) + 1);

    // Scope: a village officer's export is its village's linkages; a region outside its scope is not found; the district narrows by regionCode.
    const villageCsv = await exported(village);
    expect(villageCsv.status).toBe(200);
    expect(rowsOf(villageCsv.text).slice(1).map((r) => r[0])).toEqual(stored.filter((l) => l.region_code === R.village).map((l) => l.household_number));
    expect(stored.filter((l) => l.region_code !== R.village)).toHaveLength(1);
    expect(villageCsv.text).not.toContain(other.householdNumber);
    expect((await exported(village, { regionCode: R.villageSameTown })).status).toBe(404);
    // The village's file uploaded back by the village officer: unchanged too.
    const villageAgain = await imported(village, Buffer.from(villageCsv.text, 'utf8'), 'linkages-village.csv');
    expect(villageAgain.problems.filter((p) => p.severity !== 'INFO')).toEqual([]);
    expect(villageAgain.counts).toMatchObject({ created: 0, updated: 0, unchanged: stored.length - 1, rejected: 0 });
    const narrowed = await exported(district, { regionCode: R.villageSameTown });
    expect(rowsOf(narrowed.text).slice(1).map((r) => r[0])).toEqual([other.householdNumber]);

    // Refused: without exchange.export (a supervisor, who reads projects), without either (an auditor).
    expect((await exported(supervisor)).status).toBe(403);
    expect((await exported(auditor)).status).toBe(403);

    const audits: Json[] = await t.dataSource.query(`SELECT actor_id, changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq`);
    expect(audits.map((a) => [a.actor_id, a.changes.kind, a.changes.format])).toEqual([
      [district.userId, 'linkages', 'csv'], [district.userId, 'linkages', 'xlsx'], [district.userId, 'linkages', 'ndjson'], [village.userId, 'linkages', 'csv'], [district.userId, 'linkages', 'csv'],
    ]);
  });
});

/** supertest: a binary body as a Buffer (as test/exchange/export.e2e-spec.ts downloads). */
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
