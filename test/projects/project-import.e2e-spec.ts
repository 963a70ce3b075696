import ExcelJS from 'exceljs';
import { Role, Sector } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { subtreePrefix } from '../../src/common/region/region-code';
import { ProjectImportPort } from '../../src/projects/import/project-import.port';
import { PROJECT_COLUMNS } from '../../src/projects/import/project-columns';
import { ImportJobView } from '../support/import-job';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

type Json = Record<string, any>;
type Row = Record<string, string>;
type Job = ImportJobView & { kind: string; mode: string; unitCounts: { unit: string; created: number; updated: number; unchanged: number; rejected: number; left: number }[] };

const HEADER: Record<string, string> = Object.fromEntries(PROJECT_COLUMNS.map((c) => [c.key, c.header]));

/** A CSV of the rows (the keys of every row, in the column table's order), with the Chinese headers. */
function csvOf(rows: Row[]): Buffer {
  const keys = PROJECT_COLUMNS.map((c) => c.key).filter((k) => rows.some((r) => k in r));
  const cell = (v: string | undefined) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from([keys.map((k) => HEADER[k]).join(','), ...rows.map((r) => keys.map((k) => cell(r[k])).join(','))].join('\r\n') + '\r\n', 'utf8');
}

/** An XLSX of the rows as a county's spreadsheet holds them: numbers as numbers, dates as date cells. */
async function xlsxOf(rows: Row[]): Promise<Buffer> {
  const keys = PROJECT_COLUMNS.map((c) => c.key).filter((k) => rows.some((r) => k in r));
  const kinds = new Map(PROJECT_COLUMNS.map((c) => [c.key, c.kind]));
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('项目库');
  sheet.addRow(keys.map((k) => HEADER[k]));
  for (const r of rows) {
    const row = sheet.addRow(
      keys.map((k) => {
        const v = r[k];
        if (v === undefined || v === '') return null;
        if (kinds.get(k) === 'date') return new Date(`${v}T00:00:00Z`);
        if (kinds.get(k) === 'int' || kinds.get(k) === 'decimal') return Number(v);
        return v;
      }),
    );
    keys.forEach((k, i) => {
      if (kinds.get(k) === 'date') row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A complete project's rows (two funding lines, one target), as the port's example has them, under another code and village. */
function projectRows(t: TestApp, code: string, regionCode: string, extra: Row = {}, lines?: Row[]): Row[] {
  const [first, second] = t.get(ProjectImportPort).example();
  return [
    { ...first, libraryCode: code, regionCode, locationName: '', name: `项目 ${code}`, ...extra },
    ...(lines ?? [{ ...second, libraryCode: code }]),
  ];
}

/**
 * The project list import (kind `projects`, issue #15): a county's library spreadsheet through the
 * kit's import port, every rule ProjectService's, each bad row a coded problem naming its column.
 */
describe('project list import (kind projects)', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  let agriculture: SignedIn;
  let integration: SignedIn;
  let supervisor: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    agriculture = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.AGRICULTURE });
    integration = await signIn(t, Role.INTEGRATION, R.district);
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
  });
  afterAll(() => t?.close());

  const upload = (body: Buffer, name: string, who: SignedIn, query: Record<string, string> = {}) =>
    t.http.post('/exchange/imports').query({ kind: 'projects', ...query }).set(who.headers).attach('file', body, name);

  async function run(body: Buffer, name: string, who: SignedIn, query: Record<string, string> = {}): Promise<Job> {
    const res = await upload(body, name, who, query);
    if (res.status !== 202) throw new Error(`upload refused: ${res.status} ${JSON.stringify(res.body)}`);
    return waitFor(
      async () => {
        const r = await t.http.get(`/exchange/imports/${res.body.id}`).set(who.headers);
        return r.body.status === 'SUCCEEDED' || r.body.status === 'FAILED' ? (r.body as Job) : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 50, what: 'the project import to finish' },
    );
  }
  const problems = (jobId: string): Promise<Json[]> =>
    t.dataSource.query(`SELECT severity, row_number, household_number AS key, "column", code FROM import_problems WHERE job_id = $1 ORDER BY row_number, code`, [jobId]);
  const project = async (code: string): Promise<Json | undefined> =>
    (
      await t.dataSource.query(
        `SELECT p.id, p.stage, p.sector, p.version, p.budget_total::text AS budget, p.last_step_on::text AS "lastStepOn", p.name,
                (SELECT json_agg(json_build_object('level', l.level, 'channel', l.channel, 'amount', l.amount::text) ORDER BY l.position) FROM project_funding_lines l WHERE l.project_id = p.id) AS lines,
                (SELECT json_agg(json_build_object('indicator', x.indicator, 'value', x.target_value::text, 'unit', x.unit) ORDER BY x.position) FROM project_performance_targets x WHERE x.project_id = p.id) AS targets,
                (SELECT json_agg(json_build_object('action', e.action, 'from', e.from_stage, 'to', e.to_stage, 'note', e.note)) FROM project_events e WHERE e.project_id = p.id) AS events
         FROM projects p WHERE p.library_code = $1`,
        [code],
      )
    )[0];
  const audits = (id: string): Promise<Json[]> => t.dataSource.query(`SELECT operation, changes FROM audit_log WHERE entity_type = 'Project' AND entity_id = $1 ORDER BY seq`, [id]);
  const totals = async (): Promise<Json> =>
    (
      await t.dataSource.query(`SELECT (SELECT count(*)::int FROM projects) AS projects, (SELECT count(*)::int FROM project_funding_lines) AS lines,
        (SELECT count(*)::int FROM project_events) AS events, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'Project') AS audits`)
    )[0];
  const counts = (job: Job) => job.unitCounts.find((c) => c.unit === 'projects');

  it('a village officer\'s CSV proposes drafts (PROPOSE): the example template row is valid; funding lines and targets from the project\'s rows', async () => {
    const rows = t.get(ProjectImportPort).example().map((r) => ({ ...r }));
    const job = await run(csvOf(rows as Row[]), '项目库.csv', village);
    expect([job.status, job.kind, job.mode]).toEqual(['SUCCEEDED', 'projects', 'PROPOSE']);
    expect(counts(job)).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(await problems(job.id)).toEqual([]);
    const p = await project('SJ2018-0001');
    expect(p).toMatchObject({
      stage: 'DRAFT',
      sector: null,
      budget: '300000.00',
      lastStepOn: null,
      lines: [
        { level: 'CENTRAL', channel: '扶贫发展', amount: '180000.00' },
        { level: 'DISTRICT', channel: '区本级', amount: '120000.00' },
      ],
      targets: [{ indicator: '带动贫困户增收', value: '4.00', unit: '户' }],
      events: null,
    });
    const [audit] = await audits(p!.id);
    expect(audit.operation).toBe('projects.import.create');
    expect(audit.changes.importJob).toEqual({ from: null, to: job.id });

    // The same file again: unchanged, nothing written or audited.
    const before = await totals();
    const again = await run(csvOf(rows as Row[]), '项目库-again.csv', village);
    expect(counts(again)).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(await totals()).toEqual(before);
  });

  it('bad rows are coded problems naming their columns, and write nothing of their project', async () => {
    const before = await totals();
    const rows = [
      ...projectRows(t, 'BAD-CATEGORY', R.village, { category: '不存在的类别' }),
      ...projectRows(t, 'BAD-AMOUNT', R.village, {}, [{ libraryCode: 'BAD-AMOUNT', fundingLevel: '区县级', fundingChannel: '区本级', fundingAmount: '12.345' }]),
      ...projectRows(t, 'OUT-OF-SCOPE', R.villageSameTown),
      ...projectRows(t, 'BAD-STAGE', R.village, { stage: '入库（备案）' }),
      ...projectRows(t, 'HALF-LINE', R.village, {}, [{ libraryCode: 'HALF-LINE', fundingLevel: '区县级', fundingAmount: '120000.00' }]),
      ...projectRows(t, 'GOOD', R.village),
    ];
    const job = await run(csvOf(rows), 'bad.csv', village);
    expect(job.status).toBe('SUCCEEDED');
    expect(counts(job)).toMatchObject({ created: 1, rejected: 5 });
    expect((await problems(job.id)).filter((p) => p.severity === 'ERROR')).toEqual([
      { severity: 'ERROR', row_number: 2, key: 'BAD-CATEGORY', column: '项目类别', code: 'CODE_NOT_LISTED' },
      { severity: 'ERROR', row_number: 5, key: 'BAD-AMOUNT', column: '资金金额（元）', code: 'DECIMAL_FORMAT' },
      { severity: 'ERROR', row_number: 6, key: 'OUT-OF-SCOPE', column: '行政区划代码', code: 'REGION_NOT_FOUND' },
      { severity: 'ERROR', row_number: 8, key: 'BAD-STAGE', column: '项目阶段', code: 'STAGE_NEEDS_PROCEDURE' },
      { severity: 'ERROR', row_number: 11, key: 'HALF-LINE', column: '资金渠道', code: 'REQUIRED' },
    ]);
    expect(await project('BAD-CATEGORY')).toBeUndefined();
    expect(await project('BAD-AMOUNT')).toBeUndefined();
    expect(await project('GOOD')).toMatchObject({ stage: 'DRAFT' });
    // The library code is the region's: createProject refuses it again (GraphQL), naming the field.
    const taken = await t.gql(`mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } } }`, {
      i: { regionCode: R.village, libraryCode: 'GOOD', name: '另一个项目', year: 2018, category: '产业发展', industryType: '特色加工业', constructionNature: 'NEW', budgetTotal: '1000.00' },
    }, village.headers);
    expect(taken.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'LIBRARY_CODE_TAKEN', field: 'input.libraryCode' });
    const after = await totals();
    expect(after.projects).toBe(before.projects + 1);
    expect(after.lines).toBe(before.lines + 2);
  });

  it('a dry run checks everything and writes nothing (WOULD_CREATE)', async () => {
    const before = await totals();
    const job = await run(csvOf([...projectRows(t, 'DRY-1', R.village), ...projectRows(t, 'DRY-2', R.village, { category: '不存在的类别' })]), 'dry.csv', village, { dryRun: 'true' });
    expect(counts(job)).toMatchObject({ created: 1, rejected: 1 });
    expect((await problems(job.id)).map((p) => [p.key, p.severity, p.code])).toEqual([
      ['DRY-1', 'INFO', 'WOULD_CREATE'],
      ['DRY-2', 'ERROR', 'CODE_NOT_LISTED'],
    ]);
    expect(await totals()).toEqual(before);
  });

  it('a district officer\'s XLSX syncs the library as it stands (SYNC): projects land at the file\'s stage with an IMPORTED event; no targets, no library', async () => {
    const rows = [
      ...projectRows(t, 'SYNC-LIB', R.village, { stage: '入库（备案）' }),
      ...projectRows(t, 'SYNC-NO-TARGET', R.village, { stage: 'IN_LIBRARY', targetIndicator: '', targetValue: '', targetUnit: '' }),
      ...projectRows(t, 'SYNC-PLAN', R.village, { stage: '年度计划' }),
    ];
    const job = await run(await xlsxOf(rows), '项目库.xlsx', district);
    expect([job.status, job.format, job.mode]).toEqual(['SUCCEEDED', 'XLSX', 'SYNC']);
    expect(counts(job)).toMatchObject({ created: 1, rejected: 2 });
    expect((await problems(job.id)).map((p) => [p.row_number, p.key, p.column, p.code])).toEqual([
      [4, 'SYNC-NO-TARGET', '绩效指标', 'PERFORMANCE_TARGETS_REQUIRED'],
      [6, 'SYNC-PLAN', '项目阶段', 'SYNC_STAGE_NOT_SUPPORTED'],
    ]);
    const p = await project('SYNC-LIB');
    expect(p).toMatchObject({ stage: 'IN_LIBRARY', lastStepOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), targets: [{ indicator: '带动贫困户增收', value: '4.00', unit: '户' }] });
    expect(p!.events).toEqual([{ action: 'IMPORTED', from: null, to: 'IN_LIBRARY', note: expect.stringContaining(job.id) }]);
    expect(await project('SYNC-NO-TARGET')).toBeUndefined();
    // GraphQL answers the imported project with its library code and the IMPORTED event.
    const read = await t.gql(`query($id: ID!) { project(id: $id) { libraryCode stage fundingMatchesBudget events { action fromStage toStage } } }`, { id: p!.id }, district.headers);
    expect(read.body.data).toEqual({ project: { libraryCode: 'SYNC-LIB', stage: 'IN_LIBRARY', fundingMatchesBudget: true, events: [{ action: 'IMPORTED', fromStage: null, toStage: 'IN_LIBRARY' }] } });
  });

  it('NDJSON: one project a line, its funding lines and targets under lines', async () => {
    const [first] = t.get(ProjectImportPort).example();
    const { fundingLevel: _l, fundingChannel: _c, fundingAmount: _a, targetIndicator: _i, targetValue: _v, targetUnit: _u, targetActualValue: _x, ...own } = first;
    const line = {
      ...own,
      libraryCode: 'NDJSON-1',
      beneficiaryVillageCodes: [R.villageSameTown],
      lines: [
        { fundingLevel: 'CENTRAL', fundingChannel: '扶贫发展', fundingAmount: '180000.00', targetIndicator: '带动贫困户增收', targetValue: '4', targetUnit: '户' },
        { fundingLevel: 'DISTRICT', fundingChannel: '区本级', fundingAmount: 120000 },
      ],
    };
    const job = await run(Buffer.from(JSON.stringify(line) + '\n', 'utf8'), 'projects.ndjson', district);
    expect([job.status, job.format]).toEqual(['SUCCEEDED', 'NDJSON']);
    expect(counts(job)).toMatchObject({ created: 1, rejected: 0 });
    expect(await project('NDJSON-1')).toMatchObject({ stage: 'DRAFT', lines: [{ amount: '180000.00' }, { amount: '120000.00' }], targets: [{ value: '4.00' }] });
  });

  it('updates a known project from the columns the file has; not once it is closed, nor its stage', async () => {
    await run(csvOf(projectRows(t, 'UPD', R.village)), 'upd-1.csv', district);
    const created = await project('UPD');
    const changed = projectRows(t, 'UPD', R.village, { budgetTotal: '320000.00' }, [{ libraryCode: 'UPD', fundingLevel: '区县级', fundingChannel: '区本级', fundingAmount: '140000.00' }]);
    const job = await run(csvOf(changed), 'upd-2.csv', district);
    expect(counts(job)).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    const updated = await project('UPD');
    expect(updated).toMatchObject({ id: created!.id, version: created!.version + 1, budget: '320000.00', stage: 'DRAFT' });
    expect(updated!.lines[1]).toEqual({ level: 'DISTRICT', channel: '区本级', amount: '140000.00' });
    const rows = await audits(created!.id);
    expect(rows.map((r) => r.operation)).toEqual(['projects.import.create', 'projects.import.update']);
    expect(rows[1].changes).toMatchObject({ budgetTotal: { from: '300000.00', to: '320000.00' }, importJob: { from: null, to: job.id } });

    // Budget and plan apart: a warning, as the project shows it (fundingMatchesBudget).
    const apart = await run(csvOf(projectRows(t, 'UPD', R.village, { budgetTotal: '999999.00' }, [{ libraryCode: 'UPD', fundingLevel: '区县级', fundingChannel: '区本级', fundingAmount: '140000.00' }])), 'upd-3.csv', district, { dryRun: 'true' });
    expect((await problems(apart.id)).map((p) => [p.severity, p.column, p.code])).toEqual([
      ['WARNING', '资金规模（元）', 'FUNDING_NOT_BUDGET'],
      ['INFO', null, 'WOULD_UPDATE'],
    ]);

    // A file cannot move the stage; a closed project is not edited.
    const moved = await run(csvOf(projectRows(t, 'UPD', R.village, { stage: '村申报', budgetTotal: '330000.00' })), 'upd-4.csv', district);
    // (the budget apart from the plan is a warning beside it)
    expect((await problems(moved.id)).map((p) => [p.severity, p.column, p.code])).toEqual([
      ['WARNING', '资金规模（元）', 'FUNDING_NOT_BUDGET'],
      ['ERROR', '项目阶段', 'STAGE_NEEDS_PROCEDURE'],
    ]);
    await t.dataSource.query(`UPDATE projects SET stage = 'REJECTED', exit_reason = 'test' WHERE id = $1`, [created!.id]);
    const closed = await run(csvOf(projectRows(t, 'UPD', R.village, { name: '改名' })), 'upd-5.csv', district);
    expect(counts(closed)).toMatchObject({ updated: 0, rejected: 1 });
    expect((await problems(closed.id)).map((p) => [p.column, p.code])).toEqual([['项目库编号', 'PROJECT_NOT_EDITABLE']]);
    expect(await project('UPD')).toMatchObject({ budget: '320000.00', version: created!.version + 1 });
  });

  it('beneficiary households by 户编号: in the import\'s scope and the project\'s area, else coded on the column', async () => {
    const household = async (number: string, regionCode: string) =>
      t.dataSource.query(
        `INSERT INTO households (household_number, region_code, validity, status, year_registered, attribute, primary_cause)
         VALUES ($1, $2, 'ACTIVE', 'NOT_EXITED', 2014, 'GENERAL_POOR', 'ILLNESS') RETURNING id`,
        [number, regionCode],
      );
    const [[inVillage], [elsewhere]] = [await household('410106100201BEN1', R.village), await household('410106001001BEN2', R.villageOfSiblingTown)];
    const job = await run(
      csvOf([
        ...projectRows(t, 'BEN-OK', R.village, { beneficiaryHouseholdNumbers: '410106100201BEN1' }),
        ...projectRows(t, 'BEN-AREA', R.village, { beneficiaryHouseholdNumbers: '410106100201BEN1、410106001001BEN2' }),
        ...projectRows(t, 'BEN-NONE', R.village, { beneficiaryHouseholdNumbers: 'NO-SUCH-NUMBER' }),
      ]),
      'beneficiaries.csv',
      district,
    );
    expect(counts(job)).toMatchObject({ created: 1, rejected: 2 });
    expect((await problems(job.id)).filter((p) => p.severity === 'ERROR').map((p) => [p.key, p.column, p.code])).toEqual([
      ['BEN-AREA', '受益贫困户户编号', 'BENEFICIARY_OUTSIDE_PROJECT_AREA'],
      ['BEN-NONE', '受益贫困户户编号', 'HOUSEHOLD_NOT_FOUND'],
    ]);
    const [ok] = await t.dataSource.query(`SELECT array_agg(b.household_id) AS ids FROM project_beneficiaries b JOIN projects p ON p.id = b.project_id WHERE p.library_code = 'BEN-OK'`);
    expect(ok.ids).toEqual([inVillage.id]);
    expect(elsewhere.id).toBeDefined();
  });

  it('a sector department imports only its own sector\'s projects', async () => {
    const job = await run(
      csvOf([...projectRows(t, 'AGRI', R.village, { sector: '农业农村' }), ...projectRows(t, 'HEALTH', R.village, { sector: '卫生健康' }), ...projectRows(t, 'NONE', R.village)]),
      'sector.csv',
      agriculture,
    );
    expect(counts(job)).toMatchObject({ created: 1, rejected: 2 });
    expect((await problems(job.id)).map((p) => [p.key, p.column, p.code])).toEqual([
      ['HEALTH', '行业部门', 'REGION_OUT_OF_SCOPE'],
      ['NONE', '行业部门', 'REGION_OUT_OF_SCOPE'],
    ]);
    expect(await project('AGRI')).toMatchObject({ sector: 'agriculture' });
    // Another sector's (here the poverty office's) known project is not updated by the department.
    const other = await run(csvOf(projectRows(t, 'GOOD', R.village, { name: '改名' })), 'sector-2.csv', agriculture);
    expect((await problems(other.id)).map((p) => [p.key, p.column, p.code])).toEqual([['GOOD', '行业部门', 'REGION_OUT_OF_SCOPE']]);
  });

  it('the kind needs projects.write besides exchange.import', async () => {
    const body = csvOf(projectRows(t, 'REFUSED', R.village));
    const refused = await upload(body, 'refused.csv', integration);
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].extensions).toMatchObject({ reason: 'KIND_NOT_ALLOWED', field: 'kind' });
    expect((await upload(body, 'refused.csv', supervisor)).status).toBe(403);
    expect(await project('REFUSED')).toBeUndefined();
  });
  it('exports the library in the columns of its import (GET /exchange/exports/projects): scoped, audited, and the CSV re-imports unchanged', async () => {
    // A project entered through GraphQL: one funding line, two targets (one with its actual value), text a CSV must quote or guard.
    const created = await t.gql(`mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } } }`, {
      i: {
        regionCode: R.village,
        libraryCode: 'EXP-GQL',
        name: '出口测试, "引号"项目',
        year: 2018,
        category: '产业发展',
        industryType: '特色加工业',
        constructionNature: 'EXPANDED',
        budgetTotal: '50000.5',
        plannedStartOn: '2018-03-01',
        tasks: '第一行\n=第二行',
        responsibleUnit: '+村委会',
        beneficiaryPoorPeople: 0,
        fundingLines: [{ level: 'PROVINCIAL', channel: '以工代赈', amount: '50000.50' }],
        performanceTargets: [
          { indicator: '新增就业', targetValue: '12', unit: '人', actualValue: '11.5' },
          { indicator: '收益变化', targetValue: '-3.25', unit: '%' },
        ],
      },
    }, district.headers);
    expect(created.body.errors).toBeUndefined();
    // Another town's project: not in the village's or the town's export.
    const elsewhere = await run(csvOf(projectRows(t, 'EXP-ELSEWHERE', R.villageOfSiblingTown)), 'elsewhere.csv', district);
    expect(counts(elsewhere)).toMatchObject({ created: 1 });
    const exported = (who: SignedIn, query: Record<string, string> = {}) => t.http.get('/exchange/exports/projects').query(query).set(who.headers).buffer(true);
    const rowsOf = (text: string): Row[] => {
      const [header, ...lines] = parseCsv(text.replace(/^\uFEFF/, ''));
      return lines.map((cells) => Object.fromEntries(PROJECT_COLUMNS.map((c) => [c.key, cells[header.indexOf(c.header)]])));
    };

    const csv = await exported(district);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="projects-410106000000-\d{8}\.csv"/);
    expect(parseCsv(csv.text.replace(/^\uFEFF/, ''))[0]).toEqual(PROJECT_COLUMNS.map((c) => c.header));
    const rows = rowsOf(csv.text);
    const [{ n: stored }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM projects`);
    expect(new Set(rows.map((r) => r.libraryCode)).size).toBe(stored);
    // In 项目库编号 order; a project's rows adjacent: its columns on the first, a line and/or a target a row.
    const codes = rows.map((r) => r.libraryCode);
    expect(codes).toEqual([...codes].sort());
    expect(rows.filter((r) => r.libraryCode === 'EXP-GQL')).toEqual([
      expect.objectContaining({
        regionCode: R.village, name: '出口测试, "引号"项目', year: '2018', constructionNature: '改扩建', sector: '', stage: '草稿',
        plannedStartOn: '2018-03-01', plannedEndOn: '', tasks: '第一行\n=第二行', responsibleUnit: "'+村委会", budgetTotal: '50000.50', beneficiaryPoorPeople: '0', beneficiaryPeople: '',
        fundingLevel: '省级', fundingChannel: '以工代赈', fundingAmount: '50000.50', targetIndicator: '新增就业', targetValue: '12.00', targetUnit: '人', targetActualValue: '11.50',
      }),
      expect.objectContaining({ libraryCode: 'EXP-GQL', name: '', fundingLevel: '', targetIndicator: '收益变化', targetValue: '-3.25', targetUnit: '%', targetActualValue: '' }),
    ]);
    expect(rows.filter((r) => r.libraryCode === 'SYNC-LIB')[0]).toMatchObject({ stage: '入库（备案）', locationName: expect.any(String), fundingLevel: '中央', targetValue: '4.00' });
    expect(rows.find((r) => r.libraryCode === 'AGRI')).toMatchObject({ sector: '农业农村' });
    expect(rows.find((r) => r.libraryCode === 'NDJSON-1')).toMatchObject({ beneficiaryVillageCodes: R.villageSameTown });
    expect(rows.find((r) => r.libraryCode === 'BEN-OK')).toMatchObject({ beneficiaryHouseholdNumbers: '410106100201BEN1' });

    // The exported file uploaded again by the district: every project unchanged, the closed one (UPD, REJECTED) too.
    const before = await totals();
    const again = await run(Buffer.from(csv.text, 'utf8'), 'exported.csv', district);
    expect(again.status).toBe('SUCCEEDED');
    expect(counts(again)).toMatchObject({ created: 0, updated: 0, unchanged: stored, rejected: 0 });
    expect((await problems(again.id)).filter((p) => p.severity !== 'INFO')).toEqual([]);
    expect(await totals()).toEqual(before);

    // XLSX once (the import reads it back the same).
    const xlsx = await t.http.get('/exchange/exports/projects').query({ format: 'xlsx' }).set(district.headers).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(PROJECT_COLUMNS.map((c) => c.header));
    expect(sheet.rowCount).toBe(1 + rows.length);
    const fromXlsx = await run(xlsx.body as Buffer, 'exported.xlsx', district);
    expect(counts(fromXlsx)).toMatchObject({ created: 0, updated: 0, unchanged: stored, rejected: 0 });
    const ndjson = await exported(district, { format: 'ndjson' });
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const objects = ndjson.text.trim().split('\n').map((l) => JSON.parse(l));
    // NDJSON: a project a line, its rows' funding lines and targets under lines (as the import reads it); it re-imports unchanged too.
    expect(objects).toHaveLength(stored);
    expect(objects.find((o) => o.libraryCode === 'EXP-GQL')).toMatchObject({
      name: '出口测试, "引号"项目',
      budgetTotal: '50000.50',
      lines: [
        { fundingLevel: '省级', fundingChannel: '以工代赈', fundingAmount: '50000.50', targetIndicator: '新增就业', targetValue: '12.00', targetUnit: '人', targetActualValue: '11.50' },
        { targetIndicator: '收益变化', targetValue: '-3.25', targetUnit: '%' },
      ],
    });
    const fromNdjson = await run(Buffer.from(ndjson.text, 'utf8'), 'exported.ndjson', district);
    expect(counts(fromNdjson)).toMatchObject({ created: 0, updated: 0, unchanged: stored, rejected: 0 });
    expect((await problems(fromNdjson.id)).filter((p) => p.severity !== 'INFO')).toEqual([]);

    // Scope: a village officer's export has only its village's projects; a region outside the town officer's scope is not found.
    const villageRows = rowsOf((await exported(village)).text);
    expect(villageRows.length).toBeGreaterThan(0);
    const [{ n: inVillage }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM projects WHERE region_code = $1`, [R.village]);
    expect(new Set(villageRows.map((r) => r.libraryCode)).size).toBe(inVillage);
    expect(villageRows.every((r) => r.regionCode === R.village || r.regionCode === '')).toBe(true);
    expect(villageRows.map((r) => r.libraryCode)).not.toContain('EXP-ELSEWHERE');
    const town = await signIn(t, Role.TOWN_OFFICER, R.town);
    expect((await exported(town, { regionCode: R.siblingTown })).status).toBe(404);
    expect(rowsOf((await exported(district, { regionCode: R.siblingTown })).text).map((r) => r.libraryCode)).toEqual(['EXP-ELSEWHERE', 'EXP-ELSEWHERE']);

    // Without exchange.export (a supervisor reads projects) or without projects.read (a district administrator): 403.
    expect((await exported(supervisor)).status).toBe(403);
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    expect((await exported(admin)).status).toBe(403);

    const audits = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq`);
    expect(audits[0].changes).toMatchObject({ kind: 'projects', format: 'csv' });

    // A project without a 项目库编号 comes last with the column blank: the import has nothing to match it by and refuses it.
    const uncoded = await t.gql(`mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } } }`, {
      i: { regionCode: R.village, name: '无编号项目', year: 2018, category: '产业发展', industryType: '特色加工业', constructionNature: 'NEW', budgetTotal: '1000.00' },
    }, district.headers);
    expect(uncoded.body.errors).toBeUndefined();
    const all = rowsOf((await exported(village)).text);
    expect(all[all.length - 1]).toMatchObject({ libraryCode: '', name: '无编号项目' });

    // Keyset pages of 2 projects (across the uncoded one) give the same rows as one export, none twice.
    const principal: Principal = {
      kind: 'user', id: village.userId, personId: village.userId, name: village.username, roles: [Role.VILLAGE_OFFICER],
      permissions: new Set(['projects.read']), regionCode: R.village, scopePrefix: subtreePrefix(R.village),
    };
    const paged: Row[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await t.get(ProjectImportPort).export!.page(principal, {}, after, 2);
      paged.push(...page.rows);
      after = page.next;
      pages++;
    } while (after !== null);
    expect(pages).toBeGreaterThan(3);
    const brief = (r: Row) => [r.libraryCode, r.name ?? '', r.fundingAmount ?? '', r.targetIndicator ?? ''];
    expect(paged.map(brief)).toEqual(all.map(brief));

    // One 项目库编号 in two villages: adjacent in the export, one unit to the import (its key is the code), refused whole.
    expect(counts(await run(csvOf(projectRows(t, 'EXP-TWIN', R.village)), 'twin-1.csv', district))).toMatchObject({ created: 1 });
    expect(counts(await run(csvOf(projectRows(t, 'EXP-TWIN', R.villageSameTown)), 'twin-2.csv', district))).toMatchObject({ created: 1 });
    const twins = await exported(district, { regionCode: R.town });
    const twinJob = await run(Buffer.from(twins.text, 'utf8'), 'twins.csv', district);
    expect(counts(twinJob)).toMatchObject({ created: 0, updated: 0, rejected: 2 }); // the twins, and the uncoded project
    expect((await problems(twinJob.id)).filter((p) => p.key === 'EXP-TWIN' && p.severity === 'ERROR').map((p) => [p.column, p.code])).toEqual([['行政区划代码', 'PROJECT_VALUE_DIFFERS']]);
  });
});

/** A CSV's records as cells (quotes, doubled quotes and line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      records.push([...record, cell]);
      record = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || record.length) records.push([...record, cell]);
  return records;
}
