import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const COURSE = `id name provider providerEntityId type startsOn endsOn hours regionCode sector version`;
const CREATE_COURSE = `mutation($i: CreateTrainingCourseInput!) { createTrainingCourse(input: $i) { course { ${COURSE} } } }`;
const UPDATE_COURSE = `mutation($i: UpdateTrainingCourseInput!) { updateTrainingCourse(input: $i) { course { ${COURSE} } } }`;
const GET_COURSE = `query($id: ID!) { trainingCourse(id: $id) { ${COURSE} } }`;
const COURSES = `query($r: String, $y: Int, $t: String, $first: Int, $after: String) {
  trainingCourses(regionCode: $r, year: $y, type: $t, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { endCursor } } }`;
const PART = `id courseId memberId householdId completed hoursAttended certificateName certificateNumber passedOn regionCode version`;
const ENROL = `mutation($i: EnrolTraineeInput!) { enrolTrainee(input: $i) { participation { ${PART} } } }`;
const UPDATE_PART = `mutation($i: UpdateParticipationInput!) { updateParticipation(input: $i) { participation { ${PART} } } }`;
const REMOVE_PART = `mutation($i: RemoveParticipationInput!) { removeParticipation(input: $i) { participation { id version } } }`;
const PARTS = `query($c: ID, $m: ID, $h: ID, $y: Int, $r: String, $first: Int, $after: String) {
  trainingParticipations(courseId: $c, memberId: $m, householdId: $h, year: $y, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id memberId } } pageInfo { endCursor } } }`;
const STARTUP = `id memberId householdId businessName industry startedOn jobsCreated poorHouseholdsEmployed awardApplied awardGranted regionCode sector version`;
const CREATE_STARTUP = `mutation($i: CreateReturneeStartupInput!) { createReturneeStartup(input: $i) { startup { ${STARTUP} awardRule { key configured value status } } } }`;
const UPDATE_STARTUP = `mutation($i: UpdateReturneeStartupInput!) { updateReturneeStartup(input: $i) { startup { ${STARTUP} } } }`;
const GET_STARTUP = `query($id: ID!) { returneeStartup(id: $id) { ${STARTUP} } }`;
const STARTUPS = `query($m: ID, $h: ID, $y: Int, $r: String) { returneeStartups(memberId: $m, householdId: $h, year: $y, regionCode: $r, first: 50) { totalCount edges { node { id } } } }`;
const TRAINED = `query($n: Int!, $a: LocalDate, $r: String, $first: Int, $after: String) {
  trainedWithoutEmployment(months: $n, asOf: $a, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;
const CREATE_RECORD = `mutation($i: CreateEmploymentRecordInput!) { createEmploymentRecord(input: $i) { employmentRecord { id } } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';
const TYPE = '精准脱贫技能培训班';

describe('training by real name and returnee start-ups (实名制培训, 返乡创业, issue #16)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let hr: SignedIn;
  let education: SignedIn;
  let h: CreatedHousehold;
  let head: string;
  let spouse: string;
  let course: Json;

  const labour = (name: string, extra: Json = {}) => member({ name, labourSkill: 'ORDINARY', joinedOn: '2014-01-01', ...extra });
  const courseInput = (over: Json = {}): Json => ({
    name: '电焊工技能培训', provider: '上街区职业培训学校', type: TYPE, startsOn: '2018-03-01', endsOn: '2018-03-20', hours: '80', regionCode: R.town, ...over,
  });
  const createCourse = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE_COURSE, { i: courseInput(over) }, who.headers)).createTrainingCourse.course;
  const enrol = async (who: SignedIn, i: Json): Promise<Json> => dataOf(await t.gql(ENROL, { i }, who.headers)).enrolTrainee.participation;
  const counts = async (): Promise<Json> =>
    (
      await t.dataSource.query(`SELECT (SELECT count(*)::int FROM training_courses) AS courses, (SELECT count(*)::int FROM training_participations) AS trainees,
        (SELECT count(*)::int FROM returnee_startups) AS startups,
        (SELECT count(*)::int FROM audit_log WHERE entity_type IN ('TrainingCourse', 'TrainingParticipation', 'ReturneeStartup')) AS audits`)
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    hr = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HUMAN_RESOURCES });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [labour('李强'), labour('张丽', { relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1978-04-05' })],
    }));
    [head, spouse] = h.members.map((m) => m.id);
  });
  afterAll(() => t?.close());

  it('records a course whose type is listed on its start, with its audit row; a type not listed or a year without the list is refused naming input.type', async () => {
    const before = await counts();
    course = await createCourse(town);
    expect(course).toMatchObject({ name: '电焊工技能培训', provider: '上街区职业培训学校', providerEntityId: null, type: TYPE, startsOn: '2018-03-01', endsOn: '2018-03-20', hours: '80.0', regionCode: R.town, sector: 'HUMAN_RESOURCES', version: 1 });
    expect(await counts()).toMatchObject({ courses: before.courses + 1, audits: before.audits + 1 });
    expect(dataOf(await t.gql(GET_COURSE, { id: course.id }, district.headers)).trainingCourse).toEqual(course);
    // The village reads what is organised in its village only.
    expect(dataOf(await t.gql(GET_COURSE, { id: course.id }, village.headers)).trainingCourse).toBeNull();

    const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(CREATE_COURSE, { i: courseInput(over) }, who.headers));
    const mid = await counts();
    expect(await refused(town, { type: '厨师培训' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CODE_NOT_LISTED', field: 'input.type' });
    // The seed states employment.training for 2018 only.
    expect(await refused(town, { startsOn: '2019-03-01', endsOn: '2019-03-20' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.type' });
    expect(await refused(town, { endsOn: '2018-02-01' })).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.endsOn' });
    expect(await refused(town, { hours: '0' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.hours' });
    expect(await refused(town, { hours: '1.25' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.hours' });
    expect(await refused(town, { provider: null })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.provider' });
    expect(await refused(town, { providerEntityId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'IMPLEMENTING_ENTITY_NOT_FOUND', field: 'input.providerEntityId' });
    expect(await refused(town, { regionCode: R.siblingTown })).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
    expect(await refused(district, { regionCode: '410106100299' })).toMatchObject({ reason: 'REGION_NOT_FOUND', field: 'input.regionCode' });
    expect(await refused(education, {})).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
    expect(await counts()).toEqual(mid);
  });

  it('corrects a course with the version read (checked again) and lists courses by region, year and type, page by page', async () => {
    const c = await createCourse(hr, { name: '村两委干部轮训', type: '村两委干部轮训', regionCode: R.district, startsOn: '2018-06-01', endsOn: '2018-06-03', hours: '24' });
    expect(errorOf(await t.gql(UPDATE_COURSE, { i: { id: c.id, version: 5, hours: '20' } }, hr.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE_COURSE, { i: { id: c.id, version: 1, type: '厨师培训' } }, hr.headers))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.type' });
    expect(errorOf(await t.gql(UPDATE_COURSE, { i: { id: c.id, version: 1, hours: '20' } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'TRAINING_COURSE_NOT_FOUND' });
    const u = dataOf(await t.gql(UPDATE_COURSE, { i: { id: c.id, version: 1, hours: '20.5' } }, hr.headers)).updateTrainingCourse.course;
    expect(u).toMatchObject({ hours: '20.5', version: 2 });

    const list = async (who: SignedIn, v: Json) => dataOf(await t.gql(COURSES, v, who.headers)).trainingCourses;
    const all = await list(district, { first: 50 });
    expect(all.totalCount).toBe(2);
    const page1 = await list(district, { first: 1 });
    const page2 = await list(district, { first: 50, after: page1.pageInfo.endCursor });
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect(all.edges.map((e: Json) => e.node.id)).toEqual([c.id, course.id]);
    expect((await list(district, { r: R.town, first: 50 })).edges.map((e: Json) => e.node.id)).toEqual([course.id]);
    expect((await list(district, { t: TYPE, y: 2018, first: 50 })).totalCount).toBe(1);
    expect((await list(district, { y: 2019, first: 50 })).totalCount).toBe(0);
    expect((await list(town, { first: 50 })).totalCount).toBe(1);
  });

  it('enrols trainees by real name: once per course, members of the household on its start, in scope; corrects and removes them with the version', async () => {
    const before = await counts();
    const p = await enrol(town, { courseId: course.id, memberId: head });
    expect(p).toMatchObject({ courseId: course.id, memberId: head, householdId: h.id, completed: false, hoursAttended: null, regionCode: R.village, version: 1 });
    expect(await counts()).toMatchObject({ trainees: before.trainees + 1, audits: before.audits + 1 });

    const mid = await counts();
    const refused = async (who: SignedIn, i: Json) => errorOf(await t.gql(ENROL, { i }, who.headers));
    expect(await refused(town, { courseId: course.id, memberId: head })).toMatchObject({ code: 'CONFLICT', reason: 'TRAINEE_ALREADY_ENROLLED', field: 'input.memberId' });
    // A member who left the household before the course started is not a trainee of it.
    const gone = await createHousehold(t, district, householdInput(R.village, { members: [labour('周平'), labour('周安', { relation: 'SON', birthDate: '1996-02-02' })] }));
    await t.dataSource.query(`UPDATE members SET active = false, left_on = '2018-02-01', leave_reason = 'MOVED' WHERE id = $1`, [gone.members[1].id]);
    expect(await refused(town, { courseId: course.id, memberId: gone.members[1].id })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TRAINEE_NOT_MEMBER_AT_START', field: 'input.memberId' });
    // Out of the caller's scope the member answers as missing; a course the caller cannot read too.
    const far = await createHousehold(t, district, householdInput(R.villageOfSiblingTown, { members: [labour('吴远')] }));
    expect(await refused(town, { courseId: course.id, memberId: far.members[0].id })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    expect(await refused(town, { courseId: course.id, memberId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    expect(await refused(village, { courseId: course.id, memberId: spouse })).toMatchObject({ code: 'NOT_FOUND', reason: 'TRAINING_COURSE_NOT_FOUND', field: 'input.courseId' });
    expect(await refused(education, { courseId: course.id, memberId: spouse })).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(await refused(town, { courseId: course.id, memberId: spouse, hoursAttended: '81' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.hoursAttended' });
    expect(await refused(town, { courseId: course.id, memberId: spouse, passedOn: '2018-02-28' })).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.passedOn' });
    expect(await counts()).toEqual(mid);

    expect(errorOf(await t.gql(UPDATE_PART, { i: { id: p.id, version: 3, completed: true } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE_PART, { i: { id: p.id, version: 1, completed: true } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'TRAINING_PARTICIPATION_NOT_FOUND' });
    const done = dataOf(await t.gql(UPDATE_PART, { i: { id: p.id, version: 1, completed: true, hoursAttended: '78.5', certificateName: '焊工职业资格证', certificateNumber: 'HG-2018-0001', passedOn: '2018-03-20' } }, village.headers))
      .updateParticipation.participation;
    expect(done).toMatchObject({ completed: true, hoursAttended: '78.5', certificateName: '焊工职业资格证', certificateNumber: 'HG-2018-0001', passedOn: '2018-03-20', version: 2 });

    const other = await enrol(town, { courseId: course.id, memberId: spouse, completed: true });
    const list = async (v: Json) => dataOf(await t.gql(PARTS, v, district.headers)).trainingParticipations;
    expect((await list({ c: course.id, first: 50 })).edges.map((e: Json) => e.node.memberId)).toEqual([head, spouse]);
    const page1 = await list({ c: course.id, first: 1 });
    expect((await list({ c: course.id, first: 5, after: page1.pageInfo.endCursor })).edges.map((e: Json) => e.node.memberId)).toEqual([spouse]);
    expect((await list({ m: spouse, first: 50 })).totalCount).toBe(1);
    expect((await list({ h: h.id, y: 2018, r: R.village, first: 50 })).totalCount).toBe(2);
    expect((await list({ h: h.id, y: 2019, first: 50 })).totalCount).toBe(0);
    expect(dataOf(await t.gql(PARTS, { c: course.id, first: 50 }, await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown).then((s) => s.headers))).trainingParticipations.totalCount).toBe(0);

    expect(errorOf(await t.gql(REMOVE_PART, { i: { id: other.id, version: 2, reason: '误录' } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(dataOf(await t.gql(REMOVE_PART, { i: { id: other.id, version: 1, reason: '误录' } }, town.headers)).removeParticipation.participation).toEqual({ id: other.id, version: 1 });
    const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'TrainingParticipation' AND entity_id = $1 ORDER BY seq`, [other.id]);
    expect(audits).toEqual([{ operation: 'employment.enrolTrainee', reason: null }, { operation: 'employment.removeParticipation', reason: '误录' }]);
    // Removed, the member may be enrolled again.
    await enrol(town, { courseId: course.id, memberId: spouse });
  });

  it('records returnee start-ups with the award as recorded, beside the rule employment.matching (never an amount computed)', async () => {
    const before = await counts();
    const input = { memberId: head, businessName: '强哥养殖场', industry: '畜牧养殖', startedOn: '2018-05-01', jobsCreated: 6, poorHouseholdsEmployed: 3, awardApplied: '20000.00', awardGranted: '15000.00' };
    const s = dataOf(await t.gql(CREATE_STARTUP, { i: input }, village.headers)).createReturneeStartup.startup;
    expect(s).toMatchObject({ ...input, householdId: h.id, regionCode: R.village, sector: 'HUMAN_RESOURCES', version: 1 });
    expect(s.awardRule).toMatchObject({ key: 'employment.matching', configured: true, status: 'SEED' });
    expect(s.awardRule.value).toContain('奖补');
    expect(await counts()).toMatchObject({ startups: before.startups + 1, audits: before.audits + 1 });

    const mid = await counts();
    const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(CREATE_STARTUP, { i: { ...input, ...over } }, who.headers));
    expect(await refused(village, { awardApplied: '-1.00' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.awardApplied' });
    expect(await refused(village, { awardGranted: '1.234' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.awardGranted' });
    expect(await refused(village, { jobsCreated: -1 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jobsCreated' });
    expect(await refused(await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown), {})).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    expect(await refused(education, {})).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(await counts()).toEqual(mid);

    expect(errorOf(await t.gql(UPDATE_STARTUP, { i: { id: s.id, version: 2, jobsCreated: 8 } }, hr.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const u = dataOf(await t.gql(UPDATE_STARTUP, { i: { id: s.id, version: 1, jobsCreated: 8, awardGranted: null } }, hr.headers)).updateReturneeStartup.startup;
    expect(u).toMatchObject({ jobsCreated: 8, awardGranted: null, awardApplied: '20000.00', businessName: '强哥养殖场', version: 2 });
    expect(dataOf(await t.gql(GET_STARTUP, { id: s.id }, town.headers)).returneeStartup).toEqual(u);
    const list = async (v: Json) => dataOf(await t.gql(STARTUPS, v, district.headers)).returneeStartups.totalCount;
    expect([await list({ m: head }), await list({ h: h.id, y: 2018, r: R.village }), await list({ y: 2017 }), await list({ r: R.villageSameTown })]).toEqual([1, 1, 0, 0]);
  });

  it('trainedWithoutEmployment: members who completed a course ended N months ago with no job after it', async () => {
    const v = R.villageOfSiblingTown;
    const hh = await createHousehold(t, district, householdInput(v, {
      members: [labour('郑一'), labour('郑二', { relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1979-01-01' }), labour('郑三', { relation: 'SON', birthDate: '1998-01-01' })],
    }));
    const idOf = (name: string) => hh.members.find((m) => m.name === name)!.id;
    const c = await createCourse(district, { regionCode: R.siblingTown, startsOn: '2018-04-01', endsOn: '2018-04-30' });
    for (const name of ['郑一', '郑二']) await enrol(district, { courseId: c.id, memberId: idOf(name), completed: true });
    await enrol(district, { courseId: c.id, memberId: idOf('郑三'), completed: false });
    // 郑一 found a job after the course; 郑二 did not; 郑三 did not complete it.
    dataOf(await t.gql(CREATE_RECORD, { i: { memberId: idOf('郑一'), year: 2018, channel: '劳务输出', place: 'OUTSIDE_PROVINCE', startsOn: '2018-06-01', endsOn: null, monthsWorked: 3, monthlyIncome: '3000.00' } }, district.headers));

    const trained = async (who: SignedIn, vars: Json) => dataOf(await t.gql(TRAINED, { r: v, first: 50, ...vars }, who.headers)).trainedWithoutEmployment;
    const names = (c: Json) => c.edges.map((e: Json) => e.node.name);
    expect(names(await trained(district, { n: 3, a: '2018-09-01' }))).toEqual(['郑二']);
    // Ended less than 6 months before: nobody yet.
    expect((await trained(district, { n: 6, a: '2018-09-01' })).totalCount).toBe(0);
    // Before the job started, 郑一 was not employed either.
    expect(names(await trained(district, { n: 1, a: '2018-05-31' })).sort()).toEqual(['郑一', '郑二'].sort());
    // Default asOf: today; a member who leaves is not listed.
    expect(names(await trained(district, { n: 3, a: undefined }))).toEqual(['郑二']);
    await t.dataSource.query(`UPDATE members SET active = false, left_on = '2018-10-01', leave_reason = 'MOVED' WHERE id = $1`, [idOf('郑二')]);
    expect((await trained(district, { n: 3, a: '2018-12-01' })).totalCount).toBe(0);
    // Out of the caller's region nothing is listed; months outside 1–36 are refused naming the argument.
    expect((await trained(town, { n: 1, a: '2018-05-31' })).totalCount).toBe(0);
    expect(errorOf(await t.gql(TRAINED, { n: 0, r: v }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'months' });
    expect(errorOf(await t.gql(TRAINED, { n: 37, r: v }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'months' });
  });

  describe('region × role × sector matrix', () => {
    let seq = 0;
    const newCourse = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO training_courses (name, provider, type, starts_on, ends_on, hours, region_code, sector) VALUES ('矩阵', '机构', $1, '2018-05-01', '2018-05-02', 8, $2, $3) RETURNING id`,
        [TYPE, region, sector ?? 'human_resources'],
      );
      return row.id as string;
    };
    const newParticipation = async (region: string, sector?: Sector): Promise<string> => {
      const courseId = await newCourse(R.district);
      const [row] = await t.dataSource.query(
        `INSERT INTO training_participations (course_id, member_id, household_id, region_code, sector) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [courseId, head, h.id, region, sector ?? 'human_resources'],
      );
      return row.id as string;
    };
    const newStartup = async (region: string, sector?: Sector): Promise<string> => {
      seq += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO returnee_startups (member_id, household_id, business_name, industry, started_on, jobs_created, poor_households_employed, region_code, sector)
         VALUES ($1, $2, $3, '种植', '2018-05-01', 1, 0, $4, $5) RETURNING id`,
        [head, h.id, `矩阵${seq}`, region, sector ?? 'human_resources'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const reached = (name: string, part: string) => (res: { body: { data?: unknown } }) => !!(res.body.data as Json | undefined)?.[name]?.[part]?.id;
    const read = (name: string) => (res: { body: { data?: unknown } }) => !!(res.body.data as Json | undefined)?.[name]?.id;
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.trainingCourse', missingId: MISSING, sector: { access: 'read' }, target: newCourse, run: (c, id) => t.gql(GET_COURSE, { id }, c.headers), reached: read('trainingCourse') }, READERS],
      [{ name: 'Mutation.updateTrainingCourse', missingId: MISSING, sector: { access: 'write' }, target: newCourse, run: (c, id) => t.gql(UPDATE_COURSE, { i: { id, version: 1, name: '矩阵改' } }, c.headers), reached: reached('updateTrainingCourse', 'course') }, WRITERS],
      [{ name: 'Mutation.updateParticipation', missingId: MISSING, sector: { access: 'write' }, target: newParticipation, run: (c, id) => t.gql(UPDATE_PART, { i: { id, version: 1, completed: true } }, c.headers), reached: reached('updateParticipation', 'participation') }, WRITERS],
      [{ name: 'Mutation.removeParticipation', missingId: MISSING, sector: { access: 'write' }, target: newParticipation, run: (c, id) => t.gql(REMOVE_PART, { i: { id, version: 1, reason: '矩阵' } }, c.headers), reached: reached('removeParticipation', 'participation') }, WRITERS],
      [{ name: 'Query.returneeStartup', missingId: MISSING, sector: { access: 'read' }, target: newStartup, run: (c, id) => t.gql(GET_STARTUP, { id }, c.headers), reached: read('returneeStartup') }, READERS],
      [{ name: 'Mutation.updateReturneeStartup', missingId: MISSING, sector: { access: 'write' }, target: newStartup, run: (c, id) => t.gql(UPDATE_STARTUP, { i: { id, version: 1, jobsCreated: 2 } }, c.headers), reached: reached('updateReturneeStartup', 'startup') }, WRITERS],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
