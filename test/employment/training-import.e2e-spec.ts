import { parse } from 'csv-parse/sync';
import { Role, Sector } from '../../src/common/access/permissions';
import type { Principal } from '../../src/common/access/principal';
import { subtreePrefix } from '../../src/common/region/region-code';
import { TRAINING_COLUMNS } from '../../src/employment/import/training-columns';
import { TrainingImportPort } from '../../src/employment/import/training-import.port';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf } from '../support/gql-answers';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { activate, citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

jest.setTimeout(180_000);

type Json = Record<string, any>;
type Counts = { unit: string; created: number; updated: number; unchanged: number; rejected: number };

const CREATE_COURSE = `mutation($i: CreateTrainingCourseInput!) { createTrainingCourse(input: $i) { course { id } } }`;
const HEADER = '户编号,成员姓名,与户主关系,成员身份证号,培训项目（工种）,培训机构,开班日期,培训机构统一社会信用代码,培训类型,结业日期,学时,举办地区划代码,是否结业,参训学时,证书名称,证书编号,取证日期';
const EXAMPLE_HOUSEHOLD = '41010610020100001';
const TYPE = '精准脱贫技能培训班';

/**
 * The training roster import and export (kind `training`, issue #16): real uploads through the
 * import runner; the member found as the employment roster finds it, the course by name, provider
 * and start (created from the roster's course columns when new).
 */
describe('training rosters (import and export kind training)', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  let hr: SignedIn;
  let education: SignedIn;
  let h1: CreatedHousehold;
  let h2: CreatedHousehold;
  const ids: Record<string, string> = {};

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
    await household(R.village, [labour('王示例')], { householdNumber: EXAMPLE_HOUSEHOLD });
    // A course recorded in the service: rows name it by its key only.
    dataOf(await t.gql(CREATE_COURSE, { i: { name: '家政服务', provider: '上街区家政培训中心', type: TYPE, startsOn: '2018-05-01', endsOn: '2018-05-10', hours: '40', regionCode: R.town } }, district.headers));
  });
  afterAll(() => t?.close());

  const upload = (who: SignedIn, body: Buffer | string, name: string, query: Record<string, string> = {}) =>
    t.http.post('/exchange/imports').query({ kind: 'training', ...query }).set(who.headers).attach('file', typeof body === 'string' ? Buffer.from(body, 'utf8') : body, name);
  const finished = (id: string, who: SignedIn): Promise<Json> =>
    waitFor(async () => {
      const res = await t.http.get(`/exchange/imports/${id}`).set(who.headers);
      return res.body.status === 'SUCCEEDED' || res.body.status === 'FAILED' ? (res.body as Json) : undefined;
    }, { timeoutMs: 120_000, intervalMs: 50, what: 'the training import to finish' });
  async function imported(who: SignedIn, body: Buffer | string, name: string, query: Record<string, string> = {}, status = 'SUCCEEDED'): Promise<{ job: Json; counts: Counts; courses: Counts; problems: Json[] }> {
    const res = await upload(who, body, name, query);
    expect(res.status).toBe(202);
    const job = await finished(res.body.id, who);
    expect(job).toMatchObject({ status, kind: 'training', mode: 'SYNC' });
    const problems = await t.dataSource.query(`SELECT row_number, "column", severity, code FROM import_problems WHERE job_id = $1 ORDER BY row_number, code`, [job.id]);
    const of = (unit: string) => job.unitCounts.find((c: Counts) => c.unit === unit);
    return { job, counts: of('trainingParticipations'), courses: of('trainingCourses'), problems };
  }
  const trainees = async (): Promise<Json[]> =>
    t.dataSource.query(
      `SELECT mb.name, c.name AS course, p.completed, p.hours_attended::text AS hours, p.certificate_name AS cert, p.certificate_number AS number, p.passed_on::text AS passed, p.version
         FROM training_participations p JOIN members mb ON mb.id = p.member_id JOIN training_courses c ON c.id = p.course_id ORDER BY mb.name, c.starts_on`,
    );
  const total = async (table: 'training_participations' | 'training_courses'): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  type Cells = Partial<Record<'hh' | 'name' | 'relation' | 'id' | 'course' | 'provider' | 'start' | 'code' | 'type' | 'end' | 'hours' | 'region' | 'done' | 'attended' | 'cert' | 'number' | 'passed', string>>;
  const row = (c: Cells) =>
    [c.hh ?? h1.householdNumber, c.name ?? '', c.relation ?? '', c.id ?? ids.head, c.course ?? '电焊工', c.provider ?? '上街区职业培训学校', c.start ?? '2018-03-01', c.code ?? '',
      c.type ?? TYPE, c.end ?? '2018-03-20', c.hours ?? '80', c.region ?? R.district, c.done ?? '是', c.attended ?? '80', c.cert ?? '', c.number ?? '', c.passed ?? ''].join(',');

  it('the template: CSV from the columns and the example, which imports (a course and its trainee created) and again (unchanged)', async () => {
    const csv = await t.http.get('/exchange/imports/template.csv').query({ kind: 'training' }).set(hr.headers).buffer(true);
    expect(csv.status).toBe(200);
    const [header, example] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(HEADER);
    expect(example).toBe(`${EXAMPLE_HOUSEHOLD},王示例,户主,,电焊工,上街区职业培训学校,2018-03-01,,${TYPE},2018-03-20,80.0,410106000000,是,80.0,焊工（初级）,1841010600001,2018-03-20`);
    const first = await imported(hr, Buffer.from(csv.text, 'utf8'), 'template.csv');
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.courses).toMatchObject({ created: 1 });
    const again = await imported(hr, Buffer.from(csv.text, 'utf8'), 'template-again.csv');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(again.courses).toMatchObject({ created: 0 });
  });

  it('a roster enrols trainees (by ID number, or by name and relation), a new course once from its columns, an existing one by its key; audited as imports; again unchanged; a corrected row updates', async () => {
    const body = [
      HEADER,
      row({ course: '电工', cert: '电工（初级）', number: 'DG-001', passed: '2018-03-20' }), // the head by ID number; 电工 is new
      row({ id: '', name: '刘桂兰', relation: '配偶', course: '电工', done: '否', attended: '40' }), // the spouse by name; the same new course
      row({ hh: h2.householdNumber, id: ids.h2head, course: '家政服务', provider: '上街区家政培训中心', start: '2018-05-01', type: '', end: '', hours: '', region: '', attended: '' }), // the existing course by its key
    ].join('\n');
    const before = { p: await total('training_participations'), c: await total('training_courses') };
    const dry = await imported(hr, body, 'dry.csv', { dryRun: 'true' });
    expect(dry.counts).toMatchObject({ created: 3, rejected: 0 });
    expect(dry.courses).toMatchObject({ created: 1 });
    expect([await total('training_participations'), await total('training_courses')]).toEqual([before.p, before.c]);

    const first = await imported(hr, body, 'roster.csv');
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.courses).toMatchObject({ created: 1 });
    expect([await total('training_participations'), await total('training_courses')]).toEqual([before.p + 3, before.c + 1]);
    expect((await trainees()).filter((x) => ['王建国', '刘桂兰', '赵明'].includes(x.name))).toEqual([
      { name: '刘桂兰', course: '电工', completed: false, hours: '40.0', cert: null, number: null, passed: null, version: 1 },
      { name: '王建国', course: '电工', completed: true, hours: '80.0', cert: '电工（初级）', number: 'DG-001', passed: '2018-03-20', version: 1 },
      { name: '赵明', course: '家政服务', completed: true, hours: null, cert: null, number: null, passed: null, version: 1 },
    ]);
    const [course] = await t.dataSource.query(`SELECT type, ends_on::text AS ends_on, hours::text AS hours, region_code, sector FROM training_courses WHERE name = '电工'`);
    expect(course).toEqual({ type: TYPE, ends_on: '2018-03-20', hours: '80.0', region_code: R.district, sector: 'human_resources' });
    const audits = await t.dataSource.query(`SELECT entity_type, operation, actor_id FROM audit_log WHERE operation IN ('employment.importTrainee', 'employment.importTrainingCourse') AND actor_id = $1`, [hr.userId]);
    // The template's course and trainee, and these.
    expect(audits.filter((a: Json) => a.entity_type === 'TrainingParticipation')).toHaveLength(4);
    expect(audits.filter((a: Json) => a.entity_type === 'TrainingCourse')).toHaveLength(2);

    expect((await imported(hr, body, 'roster-again.csv')).counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });

    const corrected = await imported(hr, [HEADER, row({ id: '', name: '刘桂兰', relation: '配偶', course: '电工', attended: '80', cert: '电工（初级）', number: 'DG-002', passed: '2018-03-21' })].join('\n'), 'corrected.csv');
    expect(corrected.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect((await trainees()).find((x) => x.name === '刘桂兰')).toMatchObject({ completed: true, hours: '80.0', cert: '电工（初级）', number: 'DG-002', passed: '2018-03-21', version: 2 });
  });

  it('bad rows: each a problem naming its row and column with the reason (duplicates of a member in a course among them); all or nothing writes nothing', async () => {
    const body = [
      HEADER,
      row({ course: '焊工', start: '2018-09-01', end: '2018-09-10', attended: '60' }), // 2: good, a new course
      row({ id: '', name: '王建国', relation: '户主', course: '焊工', start: '2018-09-01', end: '2018-09-10', attended: '60' }), // 3: the same member and course as row 2, by name
      row({ id: ids.spouse, course: '焊工', start: '2018-09-01', end: '2018-09-10', hours: '60' }), // 4: the course's hours differ from row 2's
      row({ course: '厨师', start: '2018-10-01', end: '2018-10-05', hours: '' }), // 5: a new course without hours
      row({ course: '面点', start: '2018-10-01', end: '2018-10-05', type: '厨师培训' }), // 6: type not listed
      row({ course: '家政服务', provider: '上街区家政培训中心', start: '2018-05-01', type: '', end: '', hours: '', region: '', attended: '50' }), // 7: more hours than the course's 40
      row({ course: '茶艺', start: '2018-11-01', end: '2018-11-03', passed: '2018-10-01' }), // 8: passed before the course started
      row({ id: ids.h2head, course: '茶艺', start: '2018-11-01', end: '2018-11-03' }), // 9: member of another household
      row({ hh: '41010699999999999', course: '茶艺', start: '2018-11-01', end: '2018-11-03' }), // 10: unknown household
      row({ course: '育婴', start: '2013-03-01', end: '2013-03-05' }), // 11: a year without the list of types
      row({ course: '育婴', start: '2018-12-01', end: '2018-11-05' }), // 12: ends before it starts
      row({ id: '410106********1234', course: '育婴', start: '2018-12-01', end: '2018-12-05' }), // 13: a masked ID number
    ].join('\n');
    const before = { p: await total('training_participations'), c: await total('training_courses') };
    const result = await imported(hr, body, 'bad.csv', { atomic: 'true' }, 'FAILED');
    expect(result.job).toMatchObject({ errorCode: 'ATOMIC_REJECTED' });
    expect(result.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([
      [3, '户编号', 'DUPLICATE_TRAINEE'],
      [4, '学时', 'COURSE_TERMS_DIFFER'],
      [5, '学时', 'REQUIRED'],
      [6, '培训类型', 'CODE_NOT_LISTED'],
      [7, '参训学时', 'INVALID_DECIMAL'],
      [8, '取证日期', 'INVALID_PERIOD'],
      [9, '成员身份证号', 'MEMBER_NOT_IN_HOUSEHOLD'],
      [10, '户编号', 'HOUSEHOLD_NOT_FOUND'],
      [11, '培训类型', 'PARAMETER_NOT_CONFIGURED'],
      [12, '结业日期', 'INVALID_PERIOD'],
      [13, '成员身份证号', 'MASKED_VALUE'],
    ]);
    expect([await total('training_participations'), await total('training_courses')]).toEqual([before.p, before.c]);
  });

  it("an education officer's upload is refused as outside its write scope (training is the human resources department's)", async () => {
    const before = await total('training_participations');
    const result = await imported(education, [HEADER, row({ id: ids.spouse, course: '家政服务', provider: '上街区家政培训中心', start: '2018-05-01', type: '', end: '', hours: '', region: '', attended: '' })].join('\n'), 'education.csv');
    expect(result.counts).toMatchObject({ created: 0, rejected: 1 });
    expect(result.problems.map((p) => [p.row_number, p.column, p.code])).toEqual([[2, '成员身份证号', 'TRAINING_OUT_OF_SCOPE']]);
    expect(await total('training_participations')).toBe(before);
  });

  it('exports the trainees in the columns of the import (member by name and relation, never the ID number; the course with its terms); it re-imports unchanged; one statement a page', async () => {
    const exported = (who: SignedIn, query: Record<string, string> = {}) => t.http.get('/exchange/exports/training').query(query).set(who.headers).buffer(true);
    const csv = await exported(hr);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="training-410106000000-\d{8}\.csv"/);
    const [header, ...rows] = parse(csv.text.replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual(HEADER.split(','));
    const n = await total('training_participations');
    expect(rows).toHaveLength(n);
    expect(rows).toContainEqual([h1.householdNumber, '王建国', '户主', '', '电工', '上街区职业培训学校', '2018-03-01', '', TYPE, '2018-03-20', '80.0', R.district, '是', '80.0', '电工（初级）', 'DG-001', '2018-03-20']);
    for (const id of Object.values(ids)) expect(csv.text).not.toContain(id);

    const versions = async (): Promise<string> => JSON.stringify(await t.dataSource.query(`SELECT id, version FROM training_participations ORDER BY id`));
    const versionsBefore = await versions();
    const again = await imported(hr, Buffer.from(csv.text, 'utf8'), 'training-export.csv');
    expect(again.problems).toEqual([]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: n, rejected: 0 });
    expect(await versions()).toBe(versionsBefore);

    const principal: Principal = {
      kind: 'user', id: hr.userId, personId: hr.userId, name: hr.username, roles: [Role.SECTOR_OFFICER], sector: Sector.HUMAN_RESOURCES,
      permissions: new Set(['employment.read']), regionCode: R.district, scopePrefix: subtreePrefix(R.district),
    };
    const source = t.get(TrainingImportPort).export!;
    const paged: string[][] = [];
    let after: string | null = null;
    do {
      const { result, count } = await countQueries(() => source.page(principal, {}, after, 2));
      expect(count).toBe(1);
      paged.push(...result.rows.map((r) => TRAINING_COLUMNS.columns.map((c) => r[c.key])));
      after = result.next;
    } while (after !== null);
    expect(paged).toEqual(rows);
    expect((await exported(village, { regionCode: R.villageSameTown })).status).toBe(404);
  });
});
