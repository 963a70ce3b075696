import { Role, Sector } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { subtreePrefix } from '../../src/common/region/region-code';
import { AID_COLUMNS } from '../../src/education/import/aid-columns';
import { AidImportPort } from '../../src/education/import/aid-import.port';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { csvRows, exportRoster, importRoster, rosterErrors } from '../support/roster-import';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

jest.setTimeout(180_000);

type Json = Record<string, any>;

const HEADER = '户编号,成员姓名,与户主关系,成员身份证号,学年,学期,资助项目,资助金额（元）,发放日期,金额不符原因';

/**
 * The student aid roster import and export (kind `education-aid`, issue #17): the student-aid
 * management centre's 学生资助名册, real uploads through the import runner; rows checked and
 * written as createEducationAidRecord and updateEducationAidRecord do. education.stage_ages stays
 * NOT_CONFIGURED (no age check): the aid's checks do not read it.
 */
describe('student aid rosters (import and export kind education-aid)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let education: SignedIn;
  let hr: SignedIn;
  let h: CreatedHousehold;
  let h2: CreatedHousehold;
  const ids: Record<string, string> = {};
  const enrolment: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    hr = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HUMAN_RESOURCES });
    ids.pupil = citizenId('2008-03-01', 'MALE');
    ids.senior = citizenId('2002-05-01', 'FEMALE');
    ids.junior = citizenId('2005-06-01', 'MALE');
    ids.other = citizenId('2009-04-01', 'MALE');
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [
        member({ name: '王建国', joinedOn: '2014-01-01' }),
        member({ name: '王小明', relation: 'SON', birthDate: '2008-03-01', idNumber: ids.pupil, joinedOn: '2014-01-01' }),
        member({ name: '王小红', relation: 'DAUGHTER', sex: 'FEMALE', birthDate: '2002-05-01', idNumber: ids.senior, joinedOn: '2014-01-01' }),
        member({ name: '王小刚', relation: 'SON', birthDate: '2005-06-01', idNumber: ids.junior, joinedOn: '2014-01-01' }),
      ],
    }));
    await activate(t, h.id);
    h2 = await createHousehold(t, district, householdInput(R.villageOfSiblingTown, {
      members: [member({ name: '赵大山', joinedOn: '2014-01-01' }), member({ name: '赵小军', relation: 'SON', birthDate: '2009-04-01', idNumber: ids.other, joinedOn: '2014-01-01' })],
    }));
    await activate(t, h2.id);
    const id = (hh: CreatedHousehold, name: string) => hh.members.find((x) => x.name === name)!.id;
    const enrol = async (key: string, memberId: string, over: Json) => {
      const res = await t.gql(`mutation($i: CreateEnrolmentInput!) { createEnrolment(input: $i) { enrolment { id } } }`, {
        i: { memberId, schoolYear: 2018, term: 'AUTUMN', stage: 'PRIMARY', school: '上街区实验小学', grade: 4, ...over },
      }, education.headers);
      if (res.body.errors) throw new Error(`createEnrolment: ${JSON.stringify(res.body.errors)}`);
      enrolment[key] = (res.body.data as Json).createEnrolment.enrolment.id;
    };
    await enrol('pupilAutumn', id(h, '王小明'), {});
    await enrol('pupilSpring', id(h, '王小明'), { term: 'SPRING' });
    await enrol('senior', id(h, '王小红'), { term: 'WHOLE_YEAR', stage: 'SENIOR_HIGH', school: '上街区高级中学', grade: 1 });
    await enrol('junior', id(h, '王小刚'), { stage: 'JUNIOR', school: '上街区第二初级中学', grade: 2 });
    await enrol('otherAutumn', id(h2, '赵小军'), { grade: 3 });
    await enrol('otherSpring', id(h2, '赵小军'), { term: 'SPRING', grade: 3 });
  });
  afterAll(() => t?.close());

  const imported = (who: SignedIn, body: string, query: Record<string, string> = {}, status: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED') => importRoster(t, who, 'education-aid', body, { query, status });
  const errors = rosterErrors;
  type Cells = Partial<Record<'hh' | 'name' | 'relation' | 'id' | 'year' | 'term' | 'programme' | 'amount' | 'paid' | 'reason', string>>;
  const row = (c: Cells) =>
    [c.hh ?? h.householdNumber, c.name ?? '', c.relation ?? '', c.id ?? ids.pupil, c.year ?? '2018', c.term ?? '秋季学期', c.programme ?? '义务教育寄宿生生活补助', c.amount ?? '500.00', c.paid ?? '2018-10-15', c.reason ?? ''].join(',');
  const stored = async (): Promise<Json[]> =>
    t.dataSource.query(
      `SELECT mb.name, a.enrolment_id, a.school_year, a.term, a.programme, a.due_amount::text AS due, a.amount::text AS amount, a.paid_on::text AS paid, a.amount_reason AS reason, a.sector, a.version
         FROM education_aid_records a JOIN members mb ON mb.id = a.member_id ORDER BY mb.name COLLATE "C", a.term, a.programme`,
    );
  const total = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM education_aid_records`))[0].n;

  it('the template has the columns and the example', async () => {
    const csv = await t.http.get('/exchange/imports/template.csv').query({ kind: 'education-aid' }).set(education.headers).buffer(true);
    expect(csv.status).toBe(200);
    const [header, example] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(HEADER);
    expect(example).toBe('41010610020100001,王示例,之子,,2018,秋季学期,义务教育寄宿生生活补助,500.00,2018-10-15,');
  });

  it('a dry run reports what it would write and writes nothing; the file then creates the records on the term\'s enrolment (member by ID number, or by name and relation), audited as imports; again unchanged; a corrected row updates', async () => {
    const body = [
      HEADER,
      row({}),
      // By name and relation; the programme by its code; another amount with its reason; not paid yet.
      row({ id: '', name: '王小明', relation: '之子', term: '春季学期', programme: '3', amount: '400', paid: '', reason: '春季学期走读两个月' }),
      row({ id: ids.senior, term: '全学年', programme: '普通高中国家助学金', amount: '2000', paid: '2018/11/01' }),
      // A waiver stated in words: no due amount, so no reason needed.
      row({ id: ids.senior, term: '全学年', programme: '普通高中免学杂费', amount: '1300.00', paid: '2018-09-01' }),
      // The programme by its English name.
      row({ hh: h2.householdNumber, id: ids.other, programme: 'COMPULSORY_LIVING' }),
    ].join('\n');
    const dry = await imported(education, body, { dryRun: 'true' });
    expect(dry.counts).toMatchObject({ unit: 'aidRecords', created: 5, updated: 0, rejected: 0 });
    expect(dry.problems.map((p) => [p.severity, p.row_number, p.code])).toEqual([2, 3, 4, 5, 6].map((r) => ['INFO', r, 'WOULD_CREATE']));
    expect(await total()).toBe(0);

    const first = await imported(education, body);
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 5, updated: 0, unchanged: 0, rejected: 0 });
    expect(await stored()).toEqual([
      { name: '王小明', enrolment_id: enrolment.pupilAutumn, school_year: 2018, term: 'AUTUMN', programme: 'COMPULSORY_LIVING', due: '500.00', amount: '500.00', paid: '2018-10-15', reason: null, sector: 'education', version: 1 },
      { name: '王小明', enrolment_id: enrolment.pupilSpring, school_year: 2018, term: 'SPRING', programme: 'COMPULSORY_LIVING', due: '500.00', amount: '400.00', paid: null, reason: '春季学期走读两个月', sector: 'education', version: 1 },
      { name: '王小红', enrolment_id: enrolment.senior, school_year: 2018, term: 'WHOLE_YEAR', programme: 'HIGH_SCHOOL_WAIVER', due: null, amount: '1300.00', paid: '2018-09-01', reason: null, sector: 'education', version: 1 },
      { name: '王小红', enrolment_id: enrolment.senior, school_year: 2018, term: 'WHOLE_YEAR', programme: 'HIGH_SCHOOL_GRANT', due: '2000.00', amount: '2000.00', paid: '2018-11-01', reason: null, sector: 'education', version: 1 },
      { name: '赵小军', enrolment_id: enrolment.otherAutumn, school_year: 2018, term: 'AUTUMN', programme: 'COMPULSORY_LIVING', due: '500.00', amount: '500.00', paid: '2018-10-15', reason: null, sector: 'education', version: 1 },
    ]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'EducationAidRecord' AND operation = 'education.importAidRecord' AND actor_id = $1`, [education.userId])).toEqual([{ n: 5 }]);
    expect((await imported(education, body)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 5, rejected: 0 });

    // A village officer corrects the autumn amount with its reason: checked again as updateEducationAidRecord, version 2.
    const corrected = await imported(village, [HEADER, row({ amount: '450', reason: '缺勤扣减' })].join('\n'));
    expect(corrected.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect((await stored())[0]).toMatchObject({ amount: '450.00', reason: '缺勤扣减', version: 2 });
    // A correction the checks refuse (the reason cleared while the amount differs from the due one) leaves the record as it was.
    const refused = await imported(village, [HEADER, row({ amount: '450' })].join('\n'));
    expect(errors(refused.problems)).toEqual([[2, '金额不符原因', 'AID_AMOUNT_REASON_REQUIRED']]);
    // Only the file's columns are corrected: a file without 发放日期 and 金额不符原因 keeps them.
    const narrow = '户编号,成员身份证号,学年,学期,资助项目,资助金额（元）';
    expect((await imported(village, [narrow, [h.householdNumber, ids.pupil, '2018', '秋季学期', '义务教育寄宿生生活补助', '450.00'].join(',')].join('\n'))).counts).toMatchObject({ unchanged: 1 });
    expect((await stored())[0]).toMatchObject({ amount: '450.00', paid: '2018-10-15', reason: '缺勤扣减', version: 2 });
    // Five created and one corrected, each audited as an import; the refused correction wrote nothing.
    const audits: Json[] = await t.dataSource.query(`SELECT operation, changes -> 'amount' AS amount FROM audit_log WHERE entity_type = 'EducationAidRecord' ORDER BY seq`);
    expect(audits.map((a) => a.operation)).toEqual(Array(6).fill('education.importAidRecord'));
    expect(audits[5].amount).toMatchObject({ from: '500.00', to: '450.00' });
  });

  it('bad rows: each a coded problem naming its row and column, the mutations\' codes; all or nothing writes nothing; another department is out of scope', async () => {
    const before = await stored();
    const body = [
      HEADER,
      row({ hh: h2.householdNumber, id: ids.other, term: '春季学期', paid: '2019-04-01' }), // 2: good
      row({ year: '2019' }), // 3: no enrolment in the term
      row({ programme: '普通高中国家助学金', amount: '1000' }), // 4: a senior-high grant for a primary pupil
      row({ id: ids.junior, amount: '600' }), // 5: junior due 625.00 for the term: another amount without its reason
      row({ id: ids.junior, programme: '雨露计划', amount: '-5' }), // 6: negative amount
      row({ term: '全学年' }), // 7: the programme's autumn record overlaps the whole year
      row({ programme: '营养餐补助' }), // 8: not a programme
      row({ hh: '41010699999999999' }), // 9: unknown household
      row({ hh: h2.householdNumber, id: ids.other, term: '春季学期', paid: '2019-04-01' }), // 10: the record of row 2 again
      row({ id: ids.junior, programme: '学前教育生活补助', amount: '10.005' }), // 11: three decimals
    ].join('\n');
    const result = await imported(education, body, { atomic: 'true' }, 'FAILED');
    expect(result.job).toMatchObject({ errorCode: 'ATOMIC_REJECTED' });
    const expected = [
      [3, '学期', 'AID_WITHOUT_ENROLMENT'],
      [4, '资助项目', 'AID_PROGRAMME_NOT_FOR_STAGE'],
      [5, '金额不符原因', 'AID_AMOUNT_REASON_REQUIRED'],
      [6, '资助金额（元）', 'INVALID_DECIMAL'],
      [7, '资助项目', 'AID_DUPLICATE'],
      [8, '资助项目', 'UNKNOWN_CODE'],
      [9, '户编号', 'HOUSEHOLD_NOT_FOUND'],
      [10, '户编号', 'DUPLICATE_AID_RECORD'],
      [11, '资助金额（元）', 'INVALID_DECIMAL'],
    ];
    expect(errors(result.problems)).toEqual(expected);
    expect(await stored()).toEqual(before);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'EducationAidRecord'`)).toEqual([{ n: 6 }]);
    // Not all or nothing: the bad rows are refused one by one, the good one written.
    const apart = await imported(education, body);
    expect(errors(apart.problems)).toEqual(expected);
    expect(apart.counts).toMatchObject({ created: 1, rejected: 9 });
    expect(await total()).toBe(before.length + 1);

    // Another department writes no student records; a supervisor may not import them at all.
    const other = await imported(hr, [HEADER, row({ term: '春季学期', programme: '学前教育保教费减免' })].join('\n'));
    expect(other.counts).toMatchObject({ created: 0, rejected: 1 });
    expect(errors(other.problems)).toEqual([[2, '成员身份证号', 'EDUCATION_OUT_OF_SCOPE']]);
    const supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    const upload = await t.http.post('/exchange/imports').query({ kind: 'education-aid' }).set(supervisor.headers).attach('file', Buffer.from([HEADER, row({})].join('\n'), 'utf8'), 'roster.csv');
    expect(upload.status).toBe(403);
    expect(await total()).toBe(before.length + 1);
  });

  it('exports the roster in the columns of its import (member by name and relation, never the ID number), which re-imports unchanged; a town officer\'s export is his town\'s', async () => {
    const exported = (who: SignedIn, query: Record<string, string> = {}) => exportRoster(t, who, 'education-aid', query);
    const rowsOf = csvRows;
    const csv = await exported(education);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="education-aid-410106000000-\d{8}\.csv"/);
    const [header, ...rows] = rowsOf(csv.text);
    expect(header).toEqual(HEADER.split(','));
    // By household number, then school year, term and programme.
    expect(rows).toEqual([
      [h.householdNumber, '王小明', '之子', '', '2018', '秋季学期', '义务教育寄宿生生活补助', '450.00', '2018-10-15', '缺勤扣减'],
      [h.householdNumber, '王小明', '之子', '', '2018', '春季学期', '义务教育寄宿生生活补助', '400.00', '', '春季学期走读两个月'],
      [h.householdNumber, '王小红', '之女', '', '2018', '全学年', '普通高中国家助学金', '2000.00', '2018-11-01', ''],
      [h.householdNumber, '王小红', '之女', '', '2018', '全学年', '普通高中免学杂费', '1300.00', '2018-09-01', ''],
      [h2.householdNumber, '赵小军', '之子', '', '2018', '秋季学期', '义务教育寄宿生生活补助', '500.00', '2018-10-15', ''],
      [h2.householdNumber, '赵小军', '之子', '', '2018', '春季学期', '义务教育寄宿生生活补助', '500.00', '2019-04-01', ''],
    ]);
    for (const id of Object.values(ids)) expect(csv.text).not.toContain(id);

    const versions = async (): Promise<string> => JSON.stringify(await t.dataSource.query(`SELECT id, version FROM education_aid_records ORDER BY id`));
    const versionsBefore = await versions();
    const again = await imported(education, csv.text);
    expect(errors(again.problems)).toEqual([]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: rows.length, rejected: 0 });
    expect(await versions()).toBe(versionsBefore);

    // The port's keyset pages: two a page give the file's rows, one statement a page.
    const principal: Principal = {
      kind: 'user', id: education.userId, personId: education.userId, name: education.username, roles: [Role.SECTOR_OFFICER], sector: Sector.EDUCATION,
      permissions: new Set(['education.read']), regionCode: R.district, scopePrefix: subtreePrefix(R.district),
    };
    const source = t.get(AidImportPort).export!;
    const paged: string[][] = [];
    let after: string | null = null;
    do {
      const { result, count } = await countQueries(() => source.page(principal, {}, after, 2));
      expect(count).toBe(1);
      paged.push(...result.rows.map((r) => AID_COLUMNS.columns.map((c) => r[c.key])));
      after = result.next;
    } while (after !== null);
    expect(paged).toEqual(rows);

    // A town officer's export is his town's records (not the sibling town's); a region outside his scope is not found.
    const townRows = rowsOf((await exported(town)).text).slice(1);
    expect(townRows).toEqual(rows.slice(0, 4));
    expect((await exported(town, { regionCode: R.siblingTown })).status).toBe(404);
    // The town officer's file uploaded back by him: unchanged too.
    expect((await imported(town, rowsOf((await exported(town)).text).map((r) => r.join(',')).join('\n'))).counts).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(rowsOf((await exported(district, { regionCode: R.siblingTown })).text).slice(1).map((r) => r[0])).toEqual([h2.householdNumber, h2.householdNumber]);
    // A supervisor reads aid records (education.read) but exports no kind (no exchange.export).
    expect((await exported(await signIn(t, Role.SUPERVISOR, R.district))).status).toBe(403);
    const audits: Json[] = await t.dataSource.query(`SELECT actor_id, changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq`);
    expect(audits.map((a) => [a.actor_id, a.changes.kind])).toEqual([
      [education.userId, 'education-aid'], [town.userId, 'education-aid'], [town.userId, 'education-aid'], [district.userId, 'education-aid'],
    ]);
  });
});
