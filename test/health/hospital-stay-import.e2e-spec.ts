import { Role, Sector } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { subtreePrefix } from '../../src/common/region/region-code';
import { HOSPITAL_STAY_COLUMNS } from '../../src/health/import/hospital-stay-columns';
import { HospitalStayImportPort } from '../../src/health/import/hospital-stay-import.port';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { csvRows, exportRoster, importRoster, rosterErrors } from '../support/roster-import';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

jest.setTimeout(180_000);

type Json = Record<string, any>;

const HEADER = '户编号,成员姓名,与户主关系,成员身份证号,医院名称,医院等级,是否县域内,入院日期,出院日期,诊断,ICD-10编码,总费用（元）,各层级报销（元）,个人自付（元）,先诊疗后付费';
const LAYERS = '基本医疗保险：7000.00；大病保险：1500.00；医疗救助：800.00';

/**
 * The hospital-stay roster import and export (kind `hospital-stays`, issue #17): the medical
 * insurance bureau's one-stop settlement roster, real uploads through the import runner; rows
 * checked and written as createHospitalStay and updateHospitalStay do.
 */
describe('hospital-stay rosters (import and export kind hospital-stays)', () => {
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

  const imported = (who: SignedIn, body: string, query: Record<string, string> = {}, status: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED') => importRoster(t, who, 'hospital-stays', body, { query, status });
  const errors = rosterErrors;
  const stored = async (): Promise<Json[]> =>
    t.dataSource.query(
      `SELECT mb.name, s.hospital, s.hospital_level AS level, s.in_county, s.admitted_on::text AS admitted, s.discharged_on::text AS discharged, s.diagnosis, s.icd10_code AS icd10,
              s.total_cost::text AS total, s.layer_payments AS layers, s.household_paid::text AS paid, s.treat_first_pay_later AS deferred, s.version
         FROM hospital_stays s JOIN members mb ON mb.id = s.member_id ORDER BY s.admitted_on, mb.name`,
    );
  type Cells = Partial<Record<'hh' | 'name' | 'relation' | 'id' | 'hospital' | 'level' | 'inCounty' | 'admitted' | 'discharged' | 'diagnosis' | 'icd10' | 'total' | 'layers' | 'paid' | 'deferred', string>>;
  const row = (c: Cells) =>
    [
      c.hh ?? h.householdNumber, c.name ?? '', c.relation ?? '', c.id ?? ids.head, c.hospital ?? '上街区人民医院', c.level ?? '二级', c.inCounty ?? '是', c.admitted ?? '2018-04-01', c.discharged ?? '2018-04-10',
      c.diagnosis ?? '肺炎', c.icd10 ?? 'J18.9', c.total ?? '10000.00', c.layers ?? LAYERS, c.paid ?? '700.00', c.deferred ?? '是',
    ].join(',');
  const total = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM hospital_stays`))[0].n;

  it('the template has the columns and the example', async () => {
    const csv = await t.http.get('/exchange/imports/template.csv').query({ kind: 'hospital-stays' }).set(health.headers).buffer(true);
    expect(csv.status).toBe(200);
    const [header, example] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(HEADER);
    expect(example).toBe(`41010610020100001,王示例,户主,,上街区人民医院,二级,是,2018-04-01,2018-04-10,肺炎,J18.9,10000.00,${LAYERS},700.00,是`);
  });

  it('a dry run reports what it would write and writes nothing; the file then creates the stays (member by ID number, or by name and relation), audited as imports; again unchanged; a corrected row updates', async () => {
    const body = [
      HEADER,
      row({}),
      row({ id: '', name: '李秀英', relation: '配偶', hospital: '郑州大学第一附属医院', level: '三级', inCounty: '否', admitted: '2018/06/01', discharged: '20180615', diagnosis: '2型糖尿病', icd10: 'E11', total: '20000', layers: '基本医疗保险:12000;大病保险:4000', paid: '4000', deferred: '' }),
      row({ hh: h2.householdNumber, id: ids.other, hospital: '上街区中医院', level: '一级', admitted: '2018-09-01', discharged: '2018-09-03', icd10: '', total: '800', layers: '', paid: '800', deferred: '否' }),
    ].join('\n');
    const dry = await imported(health, body, { dryRun: 'true' });
    expect(dry.counts).toMatchObject({ created: 3, updated: 0, rejected: 0 });
    expect(dry.problems.map((p) => [p.severity, p.row_number, p.code])).toEqual([['INFO', 2, 'WOULD_CREATE'], ['INFO', 3, 'WOULD_CREATE'], ['INFO', 4, 'WOULD_CREATE']]);
    expect(await total()).toBe(0);

    const first = await imported(health, body);
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await stored()).toEqual([
      {
        name: '冯建国', hospital: '上街区人民医院', level: 'SECONDARY', in_county: true, admitted: '2018-04-01', discharged: '2018-04-10', diagnosis: '肺炎', icd10: 'J18.9', total: '10000.00',
        layers: [{ layer: '基本医疗保险', amount: '7000.00' }, { layer: '大病保险', amount: '1500.00' }, { layer: '医疗救助', amount: '800.00' }], paid: '700.00', deferred: true, version: 1,
      },
      {
        name: '李秀英', hospital: '郑州大学第一附属医院', level: 'TERTIARY', in_county: false, admitted: '2018-06-01', discharged: '2018-06-15', diagnosis: '2型糖尿病', icd10: 'E11', total: '20000.00',
        layers: [{ layer: '基本医疗保险', amount: '12000.00' }, { layer: '大病保险', amount: '4000.00' }], paid: '4000.00', deferred: false, version: 1,
      },
      { name: '赵外镇', hospital: '上街区中医院', level: 'PRIMARY', in_county: true, admitted: '2018-09-01', discharged: '2018-09-03', diagnosis: '肺炎', icd10: null, total: '800.00', layers: [], paid: '800.00', deferred: false, version: 1 },
    ]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'HospitalStay' AND operation = 'health.importHospitalStay' AND actor_id = $1`, [health.userId])).toEqual([{ n: 3 }]);
    expect((await imported(health, body)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });

    // A village officer corrects what the household paid (and a layer): checked again as updateHospitalStay, version 2.
    const corrected = await imported(village, [HEADER, row({ layers: '基本医疗保险：7100；大病保险：1500；医疗救助：800', paid: '600' })].join('\n'));
    expect(corrected.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect((await stored())[0]).toMatchObject({ paid: '600.00', layers: [{ layer: '基本医疗保险', amount: '7100.00' }, { layer: '大病保险', amount: '1500.00' }, { layer: '医疗救助', amount: '800.00' }], version: 2 });
    // A correction the checks refuse (the total below a layer) leaves the stay as it was.
    const refused = await imported(village, [HEADER, row({ total: '5000', layers: '基本医疗保险：7100；大病保险：1500；医疗救助：800', paid: '600' })].join('\n'));
    expect(errors(refused.problems)).toEqual([[2, '各层级报销（元）', 'LAYER_PAID_ABOVE_TOTAL']]);
    // Only the file's columns are corrected: a file without 各层级报销 and 先诊疗后付费 leaves them as they are.
    const narrow = '户编号,成员身份证号,医院名称,医院等级,是否县域内,入院日期,出院日期,诊断,ICD-10编码,总费用（元）,个人自付（元）';
    expect((await imported(village, [narrow, [h.householdNumber, ids.head, '上街区人民医院', '二级', '是', '2018-04-01', '2018-04-10', '肺炎', 'J18.9', '10000', '600'].join(',')].join('\n'))).counts).toMatchObject({ unchanged: 1 });
    expect((await stored())[0]).toMatchObject({ total: '10000.00', paid: '600.00', deferred: true, version: 2 });
    // Three created and one corrected, each audited as an import; the refused correction wrote nothing.
    const audits: Json[] = await t.dataSource.query(`SELECT operation, changes -> 'householdPaid' AS paid FROM audit_log WHERE entity_type = 'HospitalStay' ORDER BY seq`);
    expect(audits.map((a) => a.operation)).toEqual(Array(4).fill('health.importHospitalStay'));
    expect(audits[3].paid).toMatchObject({ from: '700.00', to: '600.00' });
  });

  it('bad rows: each a coded problem naming its row and column, the mutations\' codes; all or nothing writes nothing; another department is out of scope', async () => {
    const before = await stored();
    const body = [
      HEADER,
      row({ admitted: '2018-10-01', discharged: '2018-10-05' }), // 2: good
      row({ admitted: '2018-10-11', discharged: '2018-10-12', total: '1000', layers: '基本医疗保险：1500', paid: '0' }), // 3: a layer above the total
      row({ admitted: '2018-10-13', discharged: '2018-10-14', total: '-1' }), // 4: negative total
      row({ admitted: '2018-10-15', discharged: '2018-10-14' }), // 5: discharged before admitted
      row({ admitted: '2018-10-16', discharged: '2018-10-17', icd10: 'j18' }), // 6: not an ICD-10 code
      row({ admitted: '2018-10-18', discharged: '2018-10-19', total: '1000', layers: '基本医疗保险：900', paid: '200' }), // 7: payments above the total
      row({ admitted: '2018-10-20', discharged: '2018-10-21', layers: '基本医疗保险' }), // 8: a layer without its amount
      row({ admitted: '2018-10-22', discharged: '2018-10-23', layers: '商业保险：10' }), // 9: a layer not listed
      row({ admitted: '2018-10-24', discharged: '2018-10-25', layers: '基本医疗保险：-5' }), // 10: a negative layer payment
      row({ admitted: '2018-10-26', discharged: '2018-10-27', paid: '-1' }), // 11: negative household share
      row({ hh: '41010699999999999', admitted: '2018-10-28', discharged: '2018-10-29' }), // 12: unknown household
      row({ admitted: '2018-10-01', discharged: '2018-10-05' }), // 13: the stay of row 2 again
    ].join('\n');
    const result = await imported(health, body, { atomic: 'true' }, 'FAILED');
    expect(result.job).toMatchObject({ errorCode: 'ATOMIC_REJECTED' });
    expect(errors(result.problems)).toEqual([
      [3, '各层级报销（元）', 'LAYER_PAID_ABOVE_TOTAL'],
      [4, '总费用（元）', 'INVALID_DECIMAL'],
      [5, '出院日期', 'INVALID_PERIOD'],
      [6, 'ICD-10编码', 'ICD10_INVALID'],
      [7, '个人自付（元）', 'PAYMENTS_ABOVE_TOTAL'],
      [8, '各层级报销（元）', 'LAYER_PAYMENTS_FORMAT'],
      [9, '各层级报销（元）', 'CODE_NOT_LISTED'],
      [10, '各层级报销（元）', 'INVALID_DECIMAL'],
      [11, '个人自付（元）', 'INVALID_DECIMAL'],
      [12, '户编号', 'HOUSEHOLD_NOT_FOUND'],
      [13, '户编号', 'DUPLICATE_HOSPITAL_STAY'],
    ]);
    expect(await stored()).toEqual(before);
    // Not all or nothing: the bad rows are refused one by one, the good one written.
    const apart = await imported(health, body);
    expect(apart.counts).toMatchObject({ created: 1, rejected: 11 });
    expect(await total()).toBe(before.length + 1);

    // Another department writes no health records; a supervisor may not import them at all.
    const other = await imported(education, [HEADER, row({ admitted: '2018-11-01', discharged: '2018-11-02' })].join('\n'));
    expect(other.counts).toMatchObject({ created: 0, rejected: 1 });
    expect(errors(other.problems)).toEqual([[2, '成员身份证号', 'HOSPITAL_STAY_OUT_OF_SCOPE']]);
    const supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    const upload = await t.http.post('/exchange/imports').query({ kind: 'hospital-stays' }).set(supervisor.headers).attach('file', Buffer.from([HEADER, row({})].join('\n'), 'utf8'), 'roster.csv');
    expect(upload.status).toBe(403);
    expect(await total()).toBe(before.length + 1);
  });

  it('exports the roster in the columns of its import (member by name and relation, never the ID number), which re-imports unchanged; a town officer\'s export is his town\'s', async () => {
    const exported = (who: SignedIn, query: Record<string, string> = {}) => exportRoster(t, who, 'hospital-stays', query);
    const rowsOf = csvRows;
    const csv = await exported(health);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="hospital-stays-410106000000-\d{8}\.csv"/);
    const [header, ...rows] = rowsOf(csv.text);
    expect(header).toEqual(HEADER.split(','));
    const n = await total();
    expect(rows).toHaveLength(n);
    // By household number, then admission: the first household's three stays (the third from the previous test), then the other town's.
    expect(rows.map((r) => [r[0], r[7]])).toEqual([[h.householdNumber, '2018-04-01'], [h.householdNumber, '2018-06-01'], [h.householdNumber, '2018-10-01'], [h2.householdNumber, '2018-09-01']]);
    expect(rows[0]).toEqual([h.householdNumber, '冯建国', '户主', '', '上街区人民医院', '二级', '是', '2018-04-01', '2018-04-10', '肺炎', 'J18.9', '10000.00', '基本医疗保险：7100.00；大病保险：1500.00；医疗救助：800.00', '600.00', '是']);
    expect(rows[1]).toEqual([h.householdNumber, '李秀英', '配偶', '', '郑州大学第一附属医院', '三级', '否', '2018-06-01', '2018-06-15', '2型糖尿病', 'E11', '20000.00', '基本医疗保险：12000.00；大病保险：4000.00', '4000.00', '否']);
    expect(rows[3]).toEqual([h2.householdNumber, '赵外镇', '户主', '', '上街区中医院', '一级', '是', '2018-09-01', '2018-09-03', '肺炎', '', '800.00', '', '800.00', '否']);
    for (const id of Object.values(ids)) expect(csv.text).not.toContain(id);

    const versions = async (): Promise<string> => JSON.stringify(await t.dataSource.query(`SELECT id, version FROM hospital_stays ORDER BY id`));
    const versionsBefore = await versions();
    const again = await imported(health, csv.text);
    expect(errors(again.problems)).toEqual([]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: n, rejected: 0 });
    expect(await versions()).toBe(versionsBefore);

    // The port's keyset pages: two a page give the file's rows, one statement a page.
    const principal: Principal = {
      kind: 'user', id: health.userId, personId: health.userId, name: health.username, roles: [Role.SECTOR_OFFICER], sector: Sector.HEALTH,
      permissions: new Set(['health.read']), regionCode: R.district, scopePrefix: subtreePrefix(R.district),
    };
    const source = t.get(HospitalStayImportPort).export;
    const paged: string[][] = [];
    let after: string | null = null;
    do {
      const { result, count } = await countQueries(() => source.page(principal, {}, after, 2));
      expect(count).toBe(1);
      paged.push(...result.rows.map((r) => HOSPITAL_STAY_COLUMNS.columns.map((c) => r[c.key])));
      after = result.next;
    } while (after !== null);
    expect(paged).toEqual(rows);

    // A town officer's export is his town's stays (not the sibling town's); a region outside his scope is not found.
    const townRows = rowsOf((await exported(town)).text).slice(1);
    expect(townRows).toHaveLength(n - 1);
    expect(townRows.every((r) => r[0] === h.householdNumber)).toBe(true);
    expect((await exported(town, { regionCode: R.siblingTown })).status).toBe(404);
    // The town officer's file uploaded back by him: unchanged too.
    expect((await imported(town, rowsOf((await exported(town)).text).map((r) => r.join(',')).join('\n'))).counts).toMatchObject({ created: 0, updated: 0, unchanged: n - 1, rejected: 0 });
    expect(rowsOf((await exported(district, { regionCode: R.siblingTown })).text).slice(1).map((r) => r[0])).toEqual([h2.householdNumber]);
    const audits: Json[] = await t.dataSource.query(`SELECT actor_id, changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq`);
    expect(audits.map((a) => [a.actor_id, a.changes.kind])).toEqual([
      [health.userId, 'hospital-stays'], [town.userId, 'hospital-stays'], [town.userId, 'hospital-stays'], [district.userId, 'hospital-stays'],
    ]);

    // Two stored stays of one key (recorded twice through GraphQL): a row naming them is refused, neither changed.
    const twice = await t.gql(`mutation($i: CreateHospitalStayInput!) { createHospitalStay(input: $i) { stay { id } } }`, {
      i: { memberId: h.members[0].id, hospital: '上街区人民医院', hospitalLevel: 'SECONDARY', inCounty: true, admittedOn: '2018-04-01', dischargedOn: '2018-04-02', diagnosis: '肺炎', totalCost: '100', householdPaid: '10' },
    }, health.headers);
    expect(twice.body.errors).toBeUndefined();
    const ambiguous = await imported(health, [HEADER, row({ paid: '500' })].join('\n'));
    expect(ambiguous.counts).toMatchObject({ updated: 0, rejected: 1 });
    expect(errors(ambiguous.problems)).toEqual([[2, '入院日期', 'HOSPITAL_STAY_AMBIGUOUS']]);
  });
});
