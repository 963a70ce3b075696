import { Role, Sector } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { subtreePrefix } from '../../src/common/region/region-code';
import { FAMILY_DOCTOR_COLUMNS } from '../../src/health/import/family-doctor-columns';
import { FamilyDoctorImportPort } from '../../src/health/import/family-doctor-import.port';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf } from '../support/gql-answers';
import { countQueries } from '../support/query-counter';
import { csvRows, exportRoster, importRoster, rosterErrors } from '../support/roster-import';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

jest.setTimeout(180_000);

type Json = Record<string, any>;

const HEADER = '户编号,成员姓名,与户主关系,成员身份证号,家庭医生,签约机构,签约日期,结束日期,重点疾病,应随访次数';
const FOLLOW = `mutation($i: RecordFollowUpInput!) { recordFollowUp(input: $i) { followUp { id } } }`;

/**
 * The family-doctor contract roster import and export (kind `family-doctor-contracts`, issue
 * #17): the health commission's signing roster, real uploads through the import runner; rows
 * checked and written as createFamilyDoctorContract and updateFamilyDoctorContract do.
 */
describe('family-doctor rosters (import and export kind family-doctor-contracts)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let health: SignedIn;
  let education: SignedIn;
  let h: CreatedHousehold;
  let h2: CreatedHousehold;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    ids.head = citizenId('1960-03-05', 'MALE');
    ids.spouse = citizenId('1962-08-09', 'FEMALE');
    ids.other = citizenId('1958-01-02', 'MALE');
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [member({ name: '冯建国', idNumber: ids.head, joinedOn: '2014-01-01' }), member({ name: '李秀英', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1962-08-09', idNumber: ids.spouse, joinedOn: '2014-01-01' })],
    }));
    await activate(t, h.id);
    h2 = await createHousehold(t, district, householdInput(R.villageOfSiblingTown, { members: [member({ name: '赵外镇', idNumber: ids.other, joinedOn: '2014-01-01' })] }));
    await activate(t, h2.id);
  });
  afterAll(() => t?.close());

  const imported = (who: SignedIn, body: string, query: Record<string, string> = {}, status: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED') => importRoster(t, who, 'family-doctor-contracts', body, { query, status });
  const errors = rosterErrors;
  const stored = async (): Promise<Json[]> =>
    t.dataSource.query(
      `SELECT mb.name, c.doctor, c.clinic, c.starts_on::text AS starts, c.ends_on::text AS ends, c.priority_disease AS disease, c.follow_ups_due AS due, c.version
         FROM family_doctor_contracts c JOIN members mb ON mb.id = c.member_id ORDER BY c.starts_on, mb.name`,
    );
  type Cells = Partial<Record<'hh' | 'name' | 'relation' | 'id' | 'doctor' | 'clinic' | 'starts' | 'ends' | 'disease' | 'due', string>>;
  const row = (c: Cells) =>
    [
      c.hh ?? h.householdNumber, c.name ?? '', c.relation ?? '', c.id ?? ids.head, c.doctor ?? '刘医生', c.clinic ?? '峡窝镇卫生院', c.starts ?? '2018-03-01', c.ends ?? '2018-12-31',
      c.disease ?? '高血压', c.due ?? '4',
    ].join(',');
  const total = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM family_doctor_contracts`))[0].n;
  const importAudits = async (): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'FamilyDoctorContract' AND operation = 'health.importFamilyDoctorContract'`))[0].n;

  it('the template has the columns and the example', async () => {
    const csv = await t.http.get('/exchange/imports/template.csv').query({ kind: 'family-doctor-contracts' }).set(health.headers).buffer(true);
    expect(csv.status).toBe(200);
    const [header, example] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(HEADER);
    expect(example).toBe('41010610020100001,王示例,户主,,刘医生,峡窝镇卫生院,2018-03-01,2018-12-31,高血压,4');
  });

  it('a dry run reports what it would write and writes nothing; the file then creates the contracts (member by ID number, or by name and relation), audited as imports; again unchanged; a corrected row updates, its follow-ups kept', async () => {
    const body = [
      HEADER,
      row({}),
      row({ id: '', name: '李秀英', relation: '配偶', doctor: '陈医生', clinic: '上街村卫生室', starts: '2018/05/01', ends: '', disease: '', due: '0' }),
      row({ hh: h2.householdNumber, id: ids.other, doctor: '王医生', clinic: '工业路社区卫生服务中心', starts: '20180601', ends: '2019-05-31', disease: '糖尿病', due: '6' }),
    ].join('\n');
    const dry = await imported(health, body, { dryRun: 'true' });
    expect(dry.counts).toMatchObject({ created: 3, updated: 0, rejected: 0 });
    expect(dry.problems.map((p) => [p.severity, p.row_number, p.code])).toEqual([['INFO', 2, 'WOULD_CREATE'], ['INFO', 3, 'WOULD_CREATE'], ['INFO', 4, 'WOULD_CREATE']]);
    expect(await total()).toBe(0);

    const first = await imported(health, body);
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await stored()).toEqual([
      { name: '冯建国', doctor: '刘医生', clinic: '峡窝镇卫生院', starts: '2018-03-01', ends: '2018-12-31', disease: '高血压', due: 4, version: 1 },
      { name: '李秀英', doctor: '陈医生', clinic: '上街村卫生室', starts: '2018-05-01', ends: null, disease: null, due: 0, version: 1 },
      { name: '赵外镇', doctor: '王医生', clinic: '工业路社区卫生服务中心', starts: '2018-06-01', ends: '2019-05-31', disease: '糖尿病', due: 6, version: 1 },
    ]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'FamilyDoctorContract' AND operation = 'health.importFamilyDoctorContract' AND actor_id = $1`, [health.userId])).toEqual([{ n: 3 }]);
    expect((await imported(health, body)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });

    // A follow-up is recorded one by one (not a roster column): the import neither adds nor removes it.
    const [{ id: headContract }] = await t.dataSource.query(`SELECT id FROM family_doctor_contracts WHERE starts_on = '2018-03-01'`);
    dataOf(await t.gql(FOLLOW, { i: { contractId: headContract, followedOn: '2018-09-15', note: '血压 150/95，调整用药' } }, village.headers));

    // A village officer corrects the doctor and the end: checked again as updateFamilyDoctorContract, version 2.
    const corrected = await imported(village, [HEADER, row({ doctor: '孙医生', ends: '2018-10-31' })].join('\n'));
    expect(corrected.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect((await stored())[0]).toMatchObject({ doctor: '孙医生', ends: '2018-10-31', version: 2 });
    // A correction the checks refuse (an end leaving the follow-up outside the period) leaves the contract as it was.
    const refused = await imported(village, [HEADER, row({ doctor: '孙医生', ends: '2018-08-31' })].join('\n'));
    expect(errors(refused.problems)).toEqual([[2, '结束日期', 'INVALID_PERIOD']]);
    expect((await stored())[0]).toMatchObject({ ends: '2018-10-31', version: 2 });
    // Only the file's columns are corrected: a file without 结束日期 and 重点疾病 leaves them as they are.
    const narrow = '户编号,成员身份证号,家庭医生,签约机构,签约日期,应随访次数';
    expect((await imported(village, [narrow, [h.householdNumber, ids.head, '孙医生', '峡窝镇卫生院', '2018-03-01', '4'].join(',')].join('\n'))).counts).toMatchObject({ unchanged: 1 });
    expect((await stored())[0]).toMatchObject({ ends: '2018-10-31', disease: '高血压', version: 2 });
    expect(await t.dataSource.query(`SELECT followed_on::text AS on FROM family_doctor_follow_ups`)).toEqual([{ on: '2018-09-15' }]);

    // Ending a running contract and signing the next in one file: the new one is checked against the
    // contract as the earlier row leaves it, in the dry run (and the all-or-nothing check) as in the write.
    const renew = [
      HEADER,
      row({ id: ids.spouse, doctor: '陈医生', clinic: '上街村卫生室', starts: '2018-05-01', ends: '2018-12-31', disease: '', due: '0' }),
      row({ id: ids.spouse, doctor: '陈医生', clinic: '峡窝镇卫生院', starts: '2019-01-01', ends: '', disease: '糖尿病', due: '4' }),
    ].join('\n');
    const renewDry = await imported(health, renew, { dryRun: 'true' });
    expect(renewDry.problems.map((p) => [p.severity, p.row_number, p.code])).toEqual([['INFO', 2, 'WOULD_UPDATE'], ['INFO', 3, 'WOULD_CREATE']]);
    expect((await imported(health, renew, { atomic: 'true' })).counts).toMatchObject({ created: 1, updated: 1, rejected: 0 });
    expect((await stored()).filter((c) => c.name === '李秀英')).toEqual([
      { name: '李秀英', doctor: '陈医生', clinic: '上街村卫生室', starts: '2018-05-01', ends: '2018-12-31', disease: null, due: 0, version: 2 },
      { name: '李秀英', doctor: '陈医生', clinic: '峡窝镇卫生院', starts: '2019-01-01', ends: null, disease: '糖尿病', due: 4, version: 1 },
    ]);
    // Three created, one corrected, then one ended and one signed, each audited as an import; the refused correction wrote nothing.
    const audits: Json[] = await t.dataSource.query(`SELECT operation, changes -> 'doctor' AS doctor FROM audit_log WHERE entity_type = 'FamilyDoctorContract' ORDER BY seq`);
    expect(audits.map((a) => a.operation)).toEqual(Array(6).fill('health.importFamilyDoctorContract'));
    expect(audits[3].doctor).toMatchObject({ from: '刘医生', to: '孙医生' });
  });

  it('bad rows: each a coded problem naming its row and column, the mutations\' codes; all or nothing writes nothing; another department is out of scope', async () => {
    const before = await stored();
    const auditsBefore = await importAudits();
    const body = [
      HEADER,
      row({ starts: '2019-02-01', ends: '2019-12-31' }), // 2: good
      row({ id: ids.spouse, clinic: '上街区人民医院', starts: '2019-03-01', ends: '' }), // 3: overlaps the spouse's stored contract (2019-01-01, running)
      row({ clinic: '上街区人民医院', starts: '2019-06-01', ends: '2019-12-31' }), // 4: overlaps row 2's contract
      row({ starts: '2020-01-01', ends: '2020-06-30', disease: '感冒' }), // 5: not a priority disease of health.family_doctor
      row({ starts: '2020-08-01', ends: '2020-07-01' }), // 6: ends before it starts
      row({ id: '', name: '张三', starts: '2020-09-01', ends: '2020-09-30' }), // 7: no such member in the household
      row({ hh: '41010699999999999', starts: '2020-10-01', ends: '2020-10-31' }), // 8: unknown household
      row({ starts: '2020-11-01', ends: '2020-11-30', due: '-1' }), // 9: a negative number of follow-ups
      row({ starts: '2021-03-01', ends: '' }), // 10: health.family_doctor not in force on the start
      row({ starts: '2020-12-01', ends: '2020-12-31', doctor: '' }), // 11: no doctor
      row({ starts: '2019-02-01', ends: '2019-12-31' }), // 12: the contract of row 2 again
    ].join('\n');
    const result = await imported(health, body, { atomic: 'true' }, 'FAILED');
    expect(result.job).toMatchObject({ errorCode: 'ATOMIC_REJECTED' });
    expect(errors(result.problems)).toEqual([
      [3, '签约日期', 'FAMILY_DOCTOR_CONTRACT_OVERLAP'],
      [4, '签约日期', 'FAMILY_DOCTOR_CONTRACT_OVERLAP'],
      [5, '重点疾病', 'CODE_NOT_LISTED'],
      [6, '结束日期', 'INVALID_PERIOD'],
      [7, '成员姓名', 'MEMBER_NOT_IN_HOUSEHOLD'],
      [8, '户编号', 'HOUSEHOLD_NOT_FOUND'],
      [9, '应随访次数', 'INVALID_VALUE'],
      [10, '重点疾病', 'PARAMETER_NOT_CONFIGURED'],
      [11, '家庭医生', 'REQUIRED'],
      [12, '户编号', 'DUPLICATE_FAMILY_DOCTOR_CONTRACT'],
    ]);
    expect(await stored()).toEqual(before);
    expect(await importAudits()).toBe(auditsBefore);
    // Not all or nothing: the bad rows are refused one by one (row 4 now against row 2's written contract), the good one written.
    const apart = await imported(health, body);
    expect(apart.counts).toMatchObject({ created: 1, rejected: 10 });
    expect(errors(apart.problems)).toEqual(errors(result.problems));
    expect(await total()).toBe(before.length + 1);

    // Another department writes no health records; a supervisor may not import them at all.
    const other = await imported(education, [HEADER, row({ starts: '2022-01-01', ends: '2022-12-31', disease: '' })].join('\n'));
    expect(other.counts).toMatchObject({ created: 0, rejected: 1 });
    expect(errors(other.problems)).toEqual([[2, '成员身份证号', 'FAMILY_DOCTOR_CONTRACT_OUT_OF_SCOPE']]);
    const supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    const upload = await t.http.post('/exchange/imports').query({ kind: 'family-doctor-contracts' }).set(supervisor.headers).attach('file', Buffer.from([HEADER, row({})].join('\n'), 'utf8'), 'roster.csv');
    expect(upload.status).toBe(403);
    expect(await total()).toBe(before.length + 1);
  });

  it('exports the roster in the columns of its import (member by name and relation, never the ID number), which re-imports unchanged; a town officer\'s export is his town\'s', async () => {
    const exported = (who: SignedIn, query: Record<string, string> = {}) => exportRoster(t, who, 'family-doctor-contracts', query);
    const rowsOf = csvRows;
    const csv = await exported(health);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="family-doctor-contracts-410106000000-\d{8}\.csv"/);
    const [header, ...rows] = rowsOf(csv.text);
    expect(header).toEqual(HEADER.split(','));
    const n = await total();
    expect(rows).toHaveLength(n);
    // By household number, then start: the first household's four contracts, then the other town's.
    expect(rows.map((r) => [r[0], r[6]])).toEqual([[h.householdNumber, '2018-03-01'], [h.householdNumber, '2018-05-01'], [h.householdNumber, '2019-01-01'], [h.householdNumber, '2019-02-01'], [h2.householdNumber, '2018-06-01']]);
    expect(rows[0]).toEqual([h.householdNumber, '冯建国', '户主', '', '孙医生', '峡窝镇卫生院', '2018-03-01', '2018-10-31', '高血压', '4']);
    expect(rows[2]).toEqual([h.householdNumber, '李秀英', '配偶', '', '陈医生', '峡窝镇卫生院', '2019-01-01', '', '糖尿病', '4']);
    expect(rows[4]).toEqual([h2.householdNumber, '赵外镇', '户主', '', '王医生', '工业路社区卫生服务中心', '2018-06-01', '2019-05-31', '糖尿病', '6']);
    for (const id of Object.values(ids)) expect(csv.text).not.toContain(id);

    const versions = async (): Promise<string> => JSON.stringify(await t.dataSource.query(`SELECT id, version FROM family_doctor_contracts ORDER BY id`));
    const versionsBefore = await versions();
    const again = await imported(health, csv.text);
    expect(errors(again.problems)).toEqual([]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: n, rejected: 0 });
    expect(await versions()).toBe(versionsBefore);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM family_doctor_follow_ups`)).toEqual([{ n: 1 }]);

    // The port's keyset pages: two a page give the file's rows, one statement a page.
    const principal: Principal = {
      kind: 'user', id: health.userId, personId: health.userId, name: health.username, roles: [Role.SECTOR_OFFICER], sector: Sector.HEALTH,
      permissions: new Set(['health.read']), regionCode: R.district, scopePrefix: subtreePrefix(R.district),
    };
    const source = t.get(FamilyDoctorImportPort).export;
    const paged: string[][] = [];
    let after: string | null = null;
    do {
      const { result, count } = await countQueries(() => source.page(principal, {}, after, 2));
      expect(count).toBe(1);
      paged.push(...result.rows.map((r) => FAMILY_DOCTOR_COLUMNS.columns.map((c) => r[c.key])));
      after = result.next;
    } while (after !== null);
    expect(paged).toEqual(rows);

    // A town officer's export is his town's contracts (not the sibling town's); a region outside his scope is not found.
    const townRows = rowsOf((await exported(town)).text).slice(1);
    expect(townRows).toHaveLength(n - 1);
    expect(townRows.every((r) => r[0] === h.householdNumber)).toBe(true);
    expect((await exported(town, { regionCode: R.siblingTown })).status).toBe(404);
    // The town officer's file uploaded back by him: unchanged too.
    expect((await imported(town, rowsOf((await exported(town)).text).map((r) => r.join(',')).join('\n'))).counts).toMatchObject({ created: 0, updated: 0, unchanged: n - 1, rejected: 0 });
    expect(rowsOf((await exported(district, { regionCode: R.siblingTown })).text).slice(1).map((r) => r[0])).toEqual([h2.householdNumber]);
    const audits: Json[] = await t.dataSource.query(`SELECT actor_id, changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq`);
    expect(audits.map((a) => [a.actor_id, a.changes.kind])).toEqual([
      [health.userId, 'family-doctor-contracts'], [town.userId, 'family-doctor-contracts'], [town.userId, 'family-doctor-contracts'], [district.userId, 'family-doctor-contracts'],
    ]);
  });
});
