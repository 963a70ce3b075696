import { parse } from 'csv-parse/sync';
import { Role, Sector } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { subtreePrefix } from '../../src/common/region/region-code';
import { INSURANCE_COLUMNS } from '../../src/health/import/insurance-columns';
import { InsuranceImportPort } from '../../src/health/import/insurance-import.port';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { activate, citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

jest.setTimeout(180_000);

type Json = Record<string, any>;

const HEADER = '户编号,成员姓名,与户主关系,成员身份证号,年度,险种,个人缴费（元）,资助金额（元）';

/** The insurance roster import and export (kind `insurance`, issue #17): real uploads through the import runner. */
describe('insurance rosters (import and export kind insurance)', () => {
  let t: TestApp;
  let village: SignedIn;
  let health: SignedIn;
  let education: SignedIn;
  let district: SignedIn;
  let h: CreatedHousehold;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    ids.head = citizenId('1970-03-05', 'MALE');
    ids.spouse = citizenId('1972-08-09', 'FEMALE');
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [member({ name: '王建国', idNumber: ids.head, joinedOn: '2014-01-01' }), member({ name: '刘桂兰', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09', idNumber: ids.spouse, joinedOn: '2014-01-01' })],
    }));
    await activate(t, h.id);
  });
  afterAll(() => t?.close());

  const finished = (id: string, who: SignedIn): Promise<Json> =>
    waitFor(async () => {
      const res = await t.http.get(`/exchange/imports/${id}`).set(who.headers);
      return res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED' ? (res.body as Json) : undefined;
    }, { timeoutMs: 120_000, intervalMs: 50, what: 'the insurance import to finish' });
  async function imported(who: SignedIn, body: string, query: Record<string, string> = {}, status = 'SUCCEEDED'): Promise<{ job: Json; counts: Json; problems: Json[] }> {
    const res = await t.http.post('/exchange/imports').query({ kind: 'insurance', ...query }).set(who.headers).attach('file', Buffer.from(body, 'utf8'), 'roster.csv');
    expect(res.status).toBe(202);
    const job = await finished(res.body.id, who);
    expect(job).toMatchObject({ status, kind: 'insurance', mode: 'SYNC' });
    const problems = await t.dataSource.query(`SELECT row_number, "column", code FROM import_problems WHERE job_id = $1 ORDER BY row_number, code`, [job.id]);
    return { job, counts: job.unitCounts[0], problems };
  }
  const stored = async (): Promise<Json[]> =>
    t.dataSource.query(`SELECT mb.name, e.year, e.layer, e.premium::text AS premium, e.subsidy::text AS subsidy, e.version FROM insurance_enrolments e JOIN members mb ON mb.id = e.member_id ORDER BY mb.name, e.layer`);
  type Cells = Partial<Record<'hh' | 'name' | 'relation' | 'id' | 'year' | 'layer' | 'premium' | 'subsidy', string>>;
  const row = (c: Cells) => [c.hh ?? h.householdNumber, c.name ?? '', c.relation ?? '', c.id ?? ids.head, c.year ?? '2018', c.layer ?? '基本医疗保险', c.premium ?? '180.00', c.subsidy ?? '180.00'].join(',');

  it('the template has the columns and the example', async () => {
    const csv = await t.http.get('/exchange/imports/template.csv').query({ kind: 'insurance' }).set(health.headers).buffer(true);
    expect(csv.status).toBe(200);
    const [header, example] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(HEADER);
    expect(example).toBe('41010610020100001,王示例,户主,,2018,基本医疗保险,180.00,180.00');
  });

  it('a roster creates enrolments (member by ID number, or by name and relation), audited as imports; again unchanged; a corrected amount updates', async () => {
    const body = [HEADER, row({}), row({ layer: '大病保险', premium: '', subsidy: '' }), row({ id: '', name: '刘桂兰', relation: '配偶', premium: '180', subsidy: '90.5' })].join('\n');
    const first = await imported(health, body);
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await stored()).toEqual([
      { name: '刘桂兰', year: 2018, layer: '基本医疗保险', premium: '180.00', subsidy: '90.50', version: 1 },
      { name: '王建国', year: 2018, layer: '基本医疗保险', premium: '180.00', subsidy: '180.00', version: 1 },
      // Blank amounts: not stated (大病保险 has no individual premium).
      { name: '王建国', year: 2018, layer: '大病保险', premium: null, subsidy: null, version: 1 },
    ]);
    const audits = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'InsuranceEnrolment' AND operation = 'health.importInsuranceEnrolment'`);
    expect(audits[0].n).toBe(3);
    expect((await imported(health, body)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    const corrected = await imported(village, [HEADER, row({ subsidy: '150' })].join('\n'));
    expect(corrected.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect((await stored()).find((r) => r.name === '王建国' && r.layer === '基本医疗保险')).toMatchObject({ subsidy: '150.00', version: 2 });
  });

  it('bad rows: each a problem naming its row and column; all or nothing writes nothing; another department is out of scope', async () => {
    const before = await stored();
    const body = [
      HEADER,
      row({ layer: '大病补充医疗保险', premium: '30', subsidy: '10' }), // 2: good
      row({ layer: '商业保险' }), // 3: layer not listed
      row({ layer: '医疗救助', premium: '10', subsidy: '20' }), // 4: subsidy above premium
      row({ year: '2019', layer: '医疗救助' }), // 5: no list in 2019
      row({ hh: '41010699999999999' }), // 6: unknown household
      row({ layer: '医疗救助', premium: '-1' }), // 7: negative
    ].join('\n');
    const result = await imported(village, body, { atomic: 'true' }, 'FAILED');
    expect(result.job).toMatchObject({ errorCode: 'ATOMIC_REJECTED' });
    expect(result.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([
      [3, '险种', 'CODE_NOT_LISTED'],
      [4, '资助金额（元）', 'SUBSIDY_ABOVE_PREMIUM'],
      [5, '险种', 'PARAMETER_NOT_CONFIGURED'],
      [6, '户编号', 'HOUSEHOLD_NOT_FOUND'],
      [7, '个人缴费（元）', expect.any(String)],
    ]);
    expect(await stored()).toEqual(before);
    const refused = await imported(education, [HEADER, row({ layer: '医疗救助' })].join('\n'));
    expect(refused.counts).toMatchObject({ created: 0, rejected: 1 });
    expect(refused.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([[2, '成员身份证号', 'INSURANCE_OUT_OF_SCOPE']]);
    expect(await stored()).toEqual(before);
  });

  it('exports the roster in the columns of its import (member by name and relation, never the ID number), which re-imports unchanged; scoped by region; refused without exchange.export or health.read; audited', async () => {
    // A household of another town with its own enrolment: outside the town officer's and the village officer's export.
    ids.other = citizenId('1965-01-02', 'MALE');
    const other = await createHousehold(t, district, householdInput(R.villageOfSiblingTown, { members: [member({ name: '赵外镇', idNumber: ids.other, joinedOn: '2014-01-01' })] }));
    await activate(t, other.id);
    expect((await imported(health, [HEADER, row({ hh: other.householdNumber, id: ids.other })].join('\n'))).counts).toMatchObject({ created: 1 });

    const exported = (who: SignedIn, query: Record<string, string> = {}) => t.http.get('/exchange/exports/insurance').query(query).set(who.headers).buffer(true);
    const rowsOf = (text: string) => parse(text.replace(/^\uFEFF/, '')) as string[][];
    const csv = await exported(health);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="insurance-410106000000-\d{8}\.csv"/);
    const [header, ...rows] = rowsOf(csv.text);
    expect(header).toEqual(HEADER.split(','));
    // In the roster's order: household number, year and layer, then the record's id.
    expect(rows.map((r) => r[0])).toEqual([h.householdNumber, h.householdNumber, h.householdNumber, other.householdNumber].sort());
    expect([...rows].sort()).toEqual([
      [h.householdNumber, '刘桂兰', '配偶', '', '2018', '基本医疗保险', '180.00', '90.50'],
      [h.householdNumber, '王建国', '户主', '', '2018', '基本医疗保险', '180.00', '150.00'],
      [h.householdNumber, '王建国', '户主', '', '2018', '大病保险', '', ''],
      [other.householdNumber, '赵外镇', '户主', '', '2018', '基本医疗保险', '180.00', '180.00'],
    ].sort());
    for (const id of Object.values(ids)) expect(csv.text).not.toContain(id);

    // Uploaded back: every row unchanged, no version moved.
    const versions = async (): Promise<string> => JSON.stringify(await t.dataSource.query(`SELECT id, version FROM insurance_enrolments ORDER BY id`));
    const versionsBefore = await versions();
    const again = await imported(health, csv.text);
    expect(again.problems).toEqual([]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(await versions()).toBe(versionsBefore);

    // The port's keyset pages: two a page give the file's rows, one statement a page.
    const principal: Principal = {
      kind: 'user', id: health.userId, personId: health.userId, name: health.username, roles: [Role.SECTOR_OFFICER], sector: Sector.HEALTH,
      permissions: new Set(['health.read']), regionCode: R.district, scopePrefix: subtreePrefix(R.district),
    };
    const source = t.get(InsuranceImportPort).export;
    const paged: string[][] = [];
    let after: string | null = null;
    do {
      const { result, count } = await countQueries(() => source.page(principal, {}, after, 2));
      expect(count).toBe(1);
      paged.push(...result.rows.map((r) => INSURANCE_COLUMNS.columns.map((c) => r[c.key])));
      after = result.next;
    } while (after !== null);
    expect(paged).toEqual(rows);

    // Region scope: the town officer's and the village officer's exports are their area's; another village is not found; the district narrows by regionCode.
    const town = await signIn(t, Role.TOWN_OFFICER, R.town);
    expect(rowsOf((await exported(town)).text).slice(1).map((r) => r[0])).toEqual([h.householdNumber, h.householdNumber, h.householdNumber]);
    expect(rowsOf((await exported(village)).text)).toHaveLength(4);
    expect((await exported(village, { regionCode: R.villageOfSiblingTown })).status).toBe(404);
    expect((await exported(town, { regionCode: R.siblingTown })).status).toBe(404);
    expect(rowsOf((await exported(district, { regionCode: R.siblingTown })).text).slice(1)).toEqual([[other.householdNumber, '赵外镇', '户主', '', '2018', '基本医疗保险', '180.00', '180.00']]);
    // Reads follow the region, not the sector: the education department reads them too. Refused: without exchange.export (a supervisor, who reads health records), without either (a district administrator).
    expect(rowsOf((await exported(education)).text)).toHaveLength(5);
    const supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    expect((await exported(supervisor)).status).toBe(403);
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    expect((await exported(admin)).status).toBe(403);

    const audits: Json[] = await t.dataSource.query(`SELECT actor_id, region_code, changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq`);
    expect(audits.map((a) => [a.actor_id, a.changes.kind, a.changes.format])).toEqual([
      [health.userId, 'insurance', 'csv'], [town.userId, 'insurance', 'csv'], [village.userId, 'insurance', 'csv'], [district.userId, 'insurance', 'csv'], [education.userId, 'insurance', 'csv'],
    ]);
  });
});
