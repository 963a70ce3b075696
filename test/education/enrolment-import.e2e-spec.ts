import { Role, Sector } from '../../src/common/access/permissions';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { enterStageAges } from './education-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { activate, citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

jest.setTimeout(180_000);

type Json = Record<string, any>;
type Counts = { unit: string; created: number; updated: number; unchanged: number; rejected: number };

const HEADER = '户编号,成员姓名,与户主关系,成员身份证号,学年,学期,学段,就读学校,年级,是否寄宿,是否省外就读,年龄不符原因';

/**
 * The education department's roster import (kind `enrolments`, issue #17): real uploads through
 * the import runner; rows checked and written as createEnrolment and updateEnrolment do.
 */
describe('enrolment rosters (import kind enrolments)', () => {
  let t: TestApp;
  let education: SignedIn;
  let hr: SignedIn;
  let h: CreatedHousehold;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    const district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    hr = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HUMAN_RESOURCES });
    ids.pupil = citizenId('2008-03-01', 'MALE');
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [member({ name: '王建国', joinedOn: '2014-01-01' }), member({ name: '王小明', relation: 'SON', birthDate: '2008-03-01', idNumber: ids.pupil, joinedOn: '2014-01-01' })],
    }));
    await activate(t, h.id);
    await enterStageAges(t);
  });
  afterAll(() => t?.close());

  async function imported(who: SignedIn, body: string): Promise<{ counts: Counts; problems: Json[] }> {
    const res = await t.http.post('/exchange/imports').query({ kind: 'enrolments' }).set(who.headers).attach('file', Buffer.from(body, 'utf8'), 'roster.csv');
    expect(res.status).toBe(202);
    const job = await waitFor(async () => {
      const r = await t.http.get(`/exchange/imports/${res.body.id}`).set(who.headers);
      return r.body.status === 'SUCCEEDED' || r.body.status === 'FAILED' ? (r.body as Json) : undefined;
    }, { timeoutMs: 120_000, intervalMs: 50, what: 'the enrolment import to finish' });
    expect(job).toMatchObject({ status: 'SUCCEEDED', kind: 'enrolments', mode: 'SYNC' });
    const problems = await t.dataSource.query(`SELECT row_number, "column", code FROM import_problems WHERE job_id = $1 AND severity = 'ERROR' ORDER BY row_number, code`, [job.id]);
    return { counts: job.unitCounts[0], problems };
  }
  type Cells = Partial<Record<'name' | 'relation' | 'id' | 'year' | 'term' | 'stage' | 'school' | 'grade' | 'boarding' | 'outside' | 'reason', string>>;
  const row = (c: Cells) =>
    [h.householdNumber, c.name ?? '', c.relation ?? '', c.id ?? ids.pupil, c.year ?? '2018', c.term ?? '秋季学期', c.stage ?? '小学', c.school ?? '上街区实验小学', c.grade ?? '4', c.boarding ?? '否', c.outside ?? '否', c.reason ?? ''].join(',');
  const stored = async (): Promise<Json[]> =>
    t.dataSource.query(`SELECT school_year, term, stage, school, grade, boarding, version FROM enrolments ORDER BY school_year, term`);

  it('creates enrolments (the member by ID number or by name and relation), audited as imports; again unchanged; a corrected row updates', async () => {
    const body = [HEADER, row({}), row({ id: '', name: '王小明', relation: '之子', term: '春季学期', boarding: '是' })].join('\n');
    const first = await imported(education, body);
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(await stored()).toEqual([
      { school_year: 2018, term: 'AUTUMN', stage: 'PRIMARY', school: '上街区实验小学', grade: 4, boarding: false, version: 1 },
      { school_year: 2018, term: 'SPRING', stage: 'PRIMARY', school: '上街区实验小学', grade: 4, boarding: true, version: 1 },
    ]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'education.importEnrolment'`)).toEqual([{ n: 2 }]);
    expect((await imported(education, body)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect((await imported(education, [HEADER, row({ grade: '5' })].join('\n'))).counts).toMatchObject({ updated: 1 });
    expect((await stored())[0]).toMatchObject({ grade: 5, version: 2 });
  });

  it('exports the roster in the columns of its import (member by name and relation, never the ID number), which re-imports unchanged', async () => {
    const csv = await t.http.get('/exchange/exports/enrolments').set(education.headers).buffer(true);
    expect(csv.status).toBe(200);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe(HEADER);
    expect(lines.slice(1)).toEqual([
      `${h.householdNumber},王小明,之子,,2018,秋季学期,小学,上街区实验小学,5,否,否,`,
      `${h.householdNumber},王小明,之子,,2018,春季学期,小学,上街区实验小学,4,是,否,`,
    ]);
    expect(csv.text).not.toContain(ids.pupil);
    expect((await imported(education, csv.text)).counts).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
  });

  it('refuses bad rows with the coded errors under their columns, and another department row by row', async () => {
    const bad = await imported(education, [
      HEADER,
      row({ year: '2019', grade: '7' }), // 2: grade beyond primary
      row({ year: '2020', stage: '本科', grade: '1' }), // 3: 12 years old at university, no reason
      row({ year: '2018', term: '全学年' }), // 4: overlaps the autumn and spring enrolments
    ].join('\n'));
    expect(bad.counts).toMatchObject({ created: 0, rejected: 3 });
    expect(bad.problems).toEqual([
      { row_number: 2, column: '年级', code: 'ENROLMENT_GRADE_OUTSIDE_STAGE' },
      { row_number: 3, column: '年龄不符原因', code: 'STUDENT_AGE_OUTSIDE_STAGE' },
      { row_number: 4, column: '学期', code: 'ENROLMENT_TERM_OVERLAP' },
    ]);
    const other = await imported(hr, [HEADER, row({ year: '2021' })].join('\n'));
    expect(other.counts).toMatchObject({ created: 0, rejected: 1 });
    expect(other.problems).toEqual([{ row_number: 2, column: '成员身份证号', code: 'EDUCATION_OUT_OF_SCOPE' }]);
  });
});
