import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { enterStageAges } from './education-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { buildHousehold, register } from '../households/lifecycle-fixtures';
import { activate, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const ENROLMENT = `id memberId householdId schoolYear term stage school grade boarding outsideProvince ageReason regionCode sector version`;
const USED = `parametersUsed { key configured value status }`;
const CREATE = `mutation($i: CreateEnrolmentInput!) { createEnrolment(input: $i) { enrolment { ${ENROLMENT} } ${USED} } }`;
const UPDATE = `mutation($i: UpdateEnrolmentInput!) { updateEnrolment(input: $i) { enrolment { ${ENROLMENT} } ${USED} } }`;
const DELETE = `mutation($i: DeleteEnrolmentInput!) { deleteEnrolment(input: $i) { enrolment { id version } } }`;
const GET = `query($id: ID!) { enrolment(id: $id) { ${ENROLMENT} } }`;
const LIST = `query($m: ID, $y: Int, $s: SchoolStage, $r: String, $first: Int, $after: String) {
  enrolments(memberId: $m, schoolYear: $y, stage: $s, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
const MEMBER = `query($id: ID!) { member(id: $id) { id enrolments { id schoolYear stage } } }`;
const AID = `id memberId enrolmentId schoolYear term programme dueAmount amount paidOn amountReason regionCode sector version`;
const CREATE_AID = `mutation($i: CreateEducationAidRecordInput!) { createEducationAidRecord(input: $i) { record { ${AID} } ${USED} } }`;
const UPDATE_AID = `mutation($i: UpdateEducationAidRecordInput!) { updateEducationAidRecord(input: $i) { record { ${AID} } ${USED} } }`;
const DELETE_AID = `mutation($i: DeleteEducationAidRecordInput!) { deleteEducationAidRecord(input: $i) { record { id version } } }`;
const GET_AID = `query($id: ID!) { educationAidRecord(id: $id) { ${AID} } }`;
const GAPS = `query($y: Int!, $t: SchoolTerm!, $r: String, $first: Int, $after: String) {
  studentsWithoutDueAid(year: $y, term: $t, regionCode: $r, first: $first, after: $after) {
    totalCount edges { node { enrolment { id memberId stage } missingProgrammes records { programme amount } } } pageInfo { hasNextPage endCursor } } }`;

const WATCH = `query($y: Int!, $r: String) { dropoutWatch(year: $y, regionCode: $r, first: 100) {
  year ageCountedOn configured ageFrom ageTo parametersUsed { key configured value status } members { totalCount edges { node { id name } } } } }`;
const HOME = `mutation($i: RecordHomeTeachingInput!) { recordHomeTeaching(input: $i) { homeTeaching { id memberId schoolYear school reason sector version } } }`;
const DELETE_HOME = `mutation($i: DeleteHomeTeachingInput!) { deleteHomeTeaching(input: $i) { homeTeaching { id version } } }`;
const CASE = `id memberId openedOn deadline status closedOn closeReason version steps { kind takenOn note }`;
const OPEN_CASE = `mutation($i: OpenReturnCaseInput!) { openReturnCase(input: $i) { returnCase { ${CASE} } } }`;
const STEP = `mutation($i: AddReturnCaseStepInput!) { addReturnCaseStep(input: $i) { returnCase { ${CASE} } } }`;
const GET_CASE = `query($id: ID!) { returnToSchoolCase(id: $id) { ${CASE} } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('education (教育扶贫, issue #17): enrolments, student aid, gaps, the exit standard', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  let education: SignedIn;
  let hr: SignedIn;
  let supervisor: SignedIn;
  let h: CreatedHousehold;
  let head: string;
  let pupil: string;
  let senior: string;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    hr = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HUMAN_RESOURCES });
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    // A pupil of 10 and a senior-high student of 16 on 31 August 2018.
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [
        member({ name: '王建国', joinedOn: '2014-01-01' }),
        member({ name: '王小明', relation: 'SON', birthDate: '2008-03-01', joinedOn: '2014-01-01' }),
        member({ name: '王小红', relation: 'DAUGHTER', sex: 'FEMALE', birthDate: '2002-05-01', joinedOn: '2014-01-01' }),
      ],
    }));
    await activate(t, h.id);
    const byName = (name: string) => h.members.find((m) => m.name === name)!.id;
    [head, pupil, senior] = [byName('王建国'), byName('王小明'), byName('王小红')];
  });
  afterAll(() => t?.close());

  const input = (over: Json = {}): Json => ({ memberId: pupil, schoolYear: 2018, term: 'AUTUMN', stage: 'PRIMARY', school: '上街区实验小学', grade: 4, ...over });
  const create = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createEnrolment;
  const counts = async (): Promise<Json> =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM enrolments) AS enrolments, (SELECT count(*)::int FROM education_aid_records) AS aid,
      (SELECT count(*)::int FROM audit_log WHERE entity_type IN ('Enrolment', 'EducationAidRecord')) AS audits`))[0];

  describe('enrolments (学籍)', () => {
    it('makes no age check while education.stage_ages is not configured (not in RULES.md), and says so', async () => {
      const before = await counts();
      // The head is 48: with no stage ages entered, primary school is not checked against his age.
      const res = await t.gql(`mutation($i: CreateEnrolmentInput!) { createEnrolment(input: $i) { enrolment { id version } parametersUsed { key configured status } } }`, { i: input({ memberId: head, term: 'SPRING' }) }, education.headers);
      const written = dataOf(res).createEnrolment;
      expect(written.parametersUsed).toEqual([{ key: 'education.stage_ages', configured: false, status: 'NOT_CONFIGURED' }]);
      expect(dataOf(await t.gql(DELETE, { i: { id: written.enrolment.id, version: written.enrolment.version, reason: '测试' } }, education.headers)).deleteEnrolment.enrolment.id).toBe(written.enrolment.id);
      expect(await counts()).toMatchObject({ enrolments: before.enrolments });
      await enterStageAges(t);
    });

    it('records an enrolment with its audit row and the stage ages used, and reads it back (also as Member.enrolments)', async () => {
      const before = await counts();
      const written = await create(education);
      expect(written.enrolment).toMatchObject({
        memberId: pupil, householdId: h.id, schoolYear: 2018, term: 'AUTUMN', stage: 'PRIMARY', school: '上街区实验小学', grade: 4, boarding: false, outsideProvince: false,
        ageReason: null, regionCode: R.village, sector: 'EDUCATION', version: 1,
      });
      expect(written.parametersUsed).toEqual([expect.objectContaining({ key: 'education.stage_ages', configured: true, status: 'UNVERIFIED' })]);
      expect(await counts()).toEqual({ ...before, enrolments: before.enrolments + 1, audits: before.audits + 1 });
      expect(dataOf(await t.gql(GET, { id: written.enrolment.id }, supervisor.headers)).enrolment).toEqual(written.enrolment);
      expect(dataOf(await t.gql(GET, { id: written.enrolment.id }, (await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown)).headers)).enrolment).toBeNull();
      expect(dataOf(await t.gql(MEMBER, { id: pupil }, village.headers)).member.enrolments).toEqual([{ id: written.enrolment.id, schoolYear: 2018, stage: 'PRIMARY' }]);
      const list = dataOf(await t.gql(LIST, { m: pupil, y: 2018, r: R.town, first: 10 }, district.headers)).enrolments;
      expect(list).toMatchObject({ totalCount: 1, edges: [{ node: { id: written.enrolment.id } }] });
      // The senior-high student, boarding outside the province, for the whole year.
      expect((await create(village, { memberId: senior, term: 'WHOLE_YEAR', stage: 'SENIOR_HIGH', school: '北京某中学', grade: 1, boarding: true, outsideProvince: true })).enrolment)
        .toMatchObject({ stage: 'SENIOR_HIGH', boarding: true, outsideProvince: true });
    });

    it('refuses bad input with a coded error naming the field, and writes nothing', async () => {
      const before = await counts();
      const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(CREATE, { i: input(over) }, who.headers));
      // The head is 48: too old for primary school without a reason.
      expect(await refused(education, { memberId: head, term: 'SPRING' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STUDENT_AGE_OUTSIDE_STAGE', field: 'input.ageReason' });
      expect(await refused(education, { memberId: pupil, term: 'SPRING', stage: 'BACHELOR', grade: 1 })).toMatchObject({ reason: 'STUDENT_AGE_OUTSIDE_STAGE', field: 'input.ageReason' });
      // The pupil's autumn term is recorded: the same term, or the whole year, overlaps it.
      expect(await refused(education, {})).toMatchObject({ reason: 'ENROLMENT_TERM_OVERLAP', field: 'input.term' });
      expect(await refused(education, { term: 'WHOLE_YEAR' })).toMatchObject({ reason: 'ENROLMENT_TERM_OVERLAP', field: 'input.term' });
      expect(await refused(education, { term: 'SPRING', grade: 7 })).toMatchObject({ reason: 'ENROLMENT_GRADE_OUTSIDE_STAGE', field: 'input.grade' });
      expect(await refused(education, { term: 'SPRING', school: '  ' })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.school' });
      expect(await refused(education, { memberId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
      expect(await refused(await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown), { term: 'SPRING' })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND' });
      // Another sector department does not keep student records; a supervisor writes nothing.
      expect(await refused(hr, { term: 'SPRING' })).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
      expect(await refused(supervisor, { term: 'SPRING' })).toMatchObject({ code: 'FORBIDDEN' });
      expect(await counts()).toEqual(before);
      // With a reason, an adult may be enrolled (a head in an adult's primary class is implausible, but stated).
      expect((await create(education, { memberId: head, term: 'SPRING', stage: 'BACHELOR', grade: 1, school: '开放大学', ageReason: '成人继续教育' })).enrolment).toMatchObject({ ageReason: '成人继续教育' });
    });

    it('corrects an enrolment with the version read (checked again), and deletes one with the reason', async () => {
      const { enrolment: e } = await create(district, { term: 'SPRING', grade: 4 });
      expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 9, grade: 5 } }, district.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
      expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 1, grade: 9 } }, district.headers))).toMatchObject({ reason: 'ENROLMENT_GRADE_OUTSIDE_STAGE' });
      expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 1, grade: 5 } }, hr.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'ENROLMENT_NOT_FOUND' });
      const u = dataOf(await t.gql(UPDATE, { i: { id: e.id, version: 1, grade: 5, boarding: true } }, education.headers)).updateEnrolment.enrolment;
      expect(u).toMatchObject({ grade: 5, boarding: true, version: 2 });
      expect(dataOf(await t.gql(DELETE, { i: { id: e.id, version: 2, reason: '重复录入' } }, district.headers)).deleteEnrolment.enrolment).toEqual({ id: e.id, version: 2 });
      expect(dataOf(await t.gql(GET, { id: e.id }, district.headers)).enrolment).toBeNull();
      const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'Enrolment' AND entity_id = $1 ORDER BY seq`, [e.id]);
      expect(audits).toEqual([
        { operation: 'education.createEnrolment', reason: null },
        { operation: 'education.updateEnrolment', reason: null },
        { operation: 'education.deleteEnrolment', reason: '重复录入' },
      ]);
    });
  });

  describe('student aid (学生资助) and its gaps', () => {
    const aid = (over: Json = {}): Json => ({ memberId: pupil, schoolYear: 2018, term: 'AUTUMN', programme: 'COMPULSORY_LIVING', amount: '500.00', paidOn: '2018-10-15', ...over });

    it('lists the students without their due aid, with the records behind it, until the records exist', async () => {
      const gaps = async (): Promise<Json> => dataOf(await t.gql(GAPS, { y: 2018, t: 'AUTUMN', r: R.village, first: 50 }, village.headers)).studentsWithoutDueAid;
      const mine = (g: Json) => g.edges.map((e: Json) => e.node).filter((n: Json) => n.enrolment.memberId === pupil || n.enrolment.memberId === senior);
      expect(mine(await gaps())).toEqual([
        expect.objectContaining({ enrolment: expect.objectContaining({ memberId: expect.any(String) }) }),
        expect.objectContaining({ enrolment: expect.objectContaining({ memberId: expect.any(String) }) }),
      ]);
      const byMember = (g: Json, id: string) => mine(g).find((n: Json) => n.enrolment.memberId === id);
      expect(byMember(await gaps(), pupil)).toMatchObject({ missingProgrammes: ['COMPULSORY_LIVING'], records: [] });
      expect(byMember(await gaps(), senior)).toMatchObject({ missingProgrammes: ['HIGH_SCHOOL_WAIVER', 'HIGH_SCHOOL_GRANT'], records: [] });

      // Half the yearly 1000 yuan for a term (education.compulsory_living.primary, Henan, verified).
      const w = dataOf(await t.gql(CREATE_AID, { i: aid() }, education.headers)).createEducationAidRecord;
      expect(w.record).toMatchObject({ memberId: pupil, programme: 'COMPULSORY_LIVING', dueAmount: '500.00', amount: '500.00', paidOn: '2018-10-15', amountReason: null, sector: 'EDUCATION', version: 1 });
      expect(w.parametersUsed).toEqual([{ key: 'education.compulsory_living.primary', configured: true, value: '1000.00', status: 'VERIFIED' }]);
      expect(byMember(await gaps(), pupil)).toBeUndefined();
      // The whole year's grant: 2000 yuan; the waiver is a rule in words (no due amount, no comparison).
      const grant = dataOf(await t.gql(CREATE_AID, { i: aid({ memberId: senior, term: 'WHOLE_YEAR', programme: 'HIGH_SCHOOL_GRANT', amount: '2000.00' }) }, village.headers)).createEducationAidRecord;
      expect(grant.record).toMatchObject({ dueAmount: '2000.00', amount: '2000.00' });
      expect(byMember(await gaps(), senior)).toMatchObject({ missingProgrammes: ['HIGH_SCHOOL_WAIVER'], records: [{ programme: 'HIGH_SCHOOL_GRANT', amount: '2000.00' }] });
      const waiver = dataOf(await t.gql(CREATE_AID, { i: aid({ memberId: senior, term: 'WHOLE_YEAR', programme: 'HIGH_SCHOOL_WAIVER', amount: '1300.00' }) }, village.headers)).createEducationAidRecord;
      expect(waiver.record).toMatchObject({ dueAmount: null, amount: '1300.00' });
      expect(waiver.parametersUsed).toEqual([expect.objectContaining({ key: 'education.high_school_waiver', configured: true, status: 'VERIFIED' })]);
      expect(byMember(await gaps(), senior)).toBeUndefined();
      // Out of scope, nothing; a district's totalCount includes the village's.
      expect(dataOf(await t.gql(GAPS, { y: 2018, t: 'AUTUMN', r: R.village, first: 50 }, (await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown)).headers)).studentsWithoutDueAid.totalCount).toBe(0);
    });

    it('refuses bad aid input with a coded error naming the field, and writes nothing', async () => {
      await create(education, { term: 'SPRING' });
      const before = await counts();
      const refused = async (over: Json) => errorOf(await t.gql(CREATE_AID, { i: aid(over) }, education.headers));
      expect(await refused({})).toMatchObject({ code: 'CONFLICT', reason: 'AID_DUPLICATE', field: 'input.programme' });
      expect(await refused({ term: 'WHOLE_YEAR' })).toMatchObject({ code: 'CONFLICT', reason: 'AID_DUPLICATE' });
      expect(await refused({ term: 'SPRING', amount: '400.00' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'AID_AMOUNT_REASON_REQUIRED', field: 'input.amountReason' });
      expect(await refused({ term: 'SPRING', amount: '-5.00' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.amount' });
      expect(await refused({ term: 'SPRING', programme: 'HIGH_SCHOOL_GRANT' })).toMatchObject({ reason: 'AID_PROGRAMME_NOT_FOR_STAGE', field: 'input.programme' });
      expect(await refused({ schoolYear: 2019 })).toMatchObject({ reason: 'AID_WITHOUT_ENROLMENT', field: 'input.term' });
      expect(errorOf(await t.gql(CREATE_AID, { i: aid({ term: 'SPRING' }) }, hr.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE' });
      expect(await counts()).toEqual(before);
      // With the reason, another amount stands.
      const w = dataOf(await t.gql(CREATE_AID, { i: aid({ term: 'SPRING', amount: '400.00', amountReason: '春季学期走读两个月' }) }, education.headers)).createEducationAidRecord;
      expect(w.record).toMatchObject({ dueAmount: '500.00', amount: '400.00', amountReason: '春季学期走读两个月' });
    });

    it('corrects and deletes aid records with the version read; an enrolment with aid is not deleted', async () => {
      const [spring] = await t.dataSource.query(`SELECT id, enrolment_id FROM education_aid_records WHERE member_id = $1 AND term = 'SPRING'`, [pupil]);
      expect(errorOf(await t.gql(UPDATE_AID, { i: { id: spring.id, version: 1, amountReason: null } }, education.headers))).toMatchObject({ reason: 'AID_AMOUNT_REASON_REQUIRED' });
      const u = dataOf(await t.gql(UPDATE_AID, { i: { id: spring.id, version: 1, amount: '500.00', amountReason: null } }, education.headers)).updateEducationAidRecord;
      expect(u.record).toMatchObject({ amount: '500.00', amountReason: null, version: 2 });
      expect(u.parametersUsed).toEqual([expect.objectContaining({ key: 'education.compulsory_living.primary' })]);
      expect(dataOf(await t.gql(GET_AID, { id: spring.id }, supervisor.headers)).educationAidRecord).toMatchObject({ version: 2 });
      const [enrolment] = await t.dataSource.query(`SELECT id, version FROM enrolments WHERE id = $1`, [spring.enrolment_id]);
      expect(errorOf(await t.gql(DELETE, { i: { id: enrolment.id, version: enrolment.version, reason: '录错' } }, education.headers))).toMatchObject({ code: 'CONFLICT', reason: 'ENROLMENT_HAS_AID' });
      expect(dataOf(await t.gql(DELETE_AID, { i: { id: spring.id, version: 2, reason: '录错' } }, education.headers)).deleteEducationAidRecord.record).toEqual({ id: spring.id, version: 2 });
      const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'EducationAidRecord' AND entity_id = $1 ORDER BY seq`, [spring.id]);
      expect(audits).toEqual([
        { operation: 'education.createAidRecord', reason: null },
        { operation: 'education.updateAidRecord', reason: null },
        { operation: 'education.deleteAidRecord', reason: '录错' },
      ]);
    });
  });

  describe('dropout watch (控辍保学)', () => {
    it('lists school-age members neither enrolled, taught at home, nor in an open case; cases run their steps', async () => {
      const hh = await createHousehold(t, district, householdInput(R.villageSameTown, {
        members: [
          member({ name: '李大山', joinedOn: '2014-01-01' }),
          member({ name: '李小芳', relation: 'DAUGHTER', sex: 'FEMALE', birthDate: '2009-01-01', joinedOn: '2014-01-01' }),
          member({ name: '李小刚', relation: 'SON', birthDate: '2007-02-01', joinedOn: '2014-01-01' }),
          member({ name: '李小强', relation: 'SON', birthDate: '2012-09-01', joinedOn: '2014-01-01', schoolingStatus: 'GRADE_8' }),
        ],
      }));
      await activate(t, hh.id);
      const id = (name: string) => hh.members.find((m) => m.name === name)!.id;
      const watched = async (): Promise<string[]> => {
        const w = dataOf(await t.gql(WATCH, { y: 2018, r: R.villageSameTown }, district.headers)).dropoutWatch;
        return w.members.edges.map((e: Json) => e.node.name).sort();
      };
      const w = dataOf(await t.gql(WATCH, { y: 2018, r: R.villageSameTown }, district.headers)).dropoutWatch;
      expect(w).toMatchObject({ year: 2018, ageCountedOn: '2018-08-31', configured: true, ageFrom: 6, ageTo: 15 });
      expect(w.parametersUsed).toEqual([
        { key: 'education.dropout_watch.age_from', configured: true, value: '6', status: 'UNVERIFIED' },
        { key: 'education.dropout_watch.age_to', configured: true, value: '15', status: 'UNVERIFIED' },
      ]);
      // 李小强 is 5 on 31 August 2018: not yet of school age.
      expect(await watched()).toEqual(['李小刚', '李小芳']);

      const home = dataOf(await t.gql(HOME, { i: { memberId: id('李小刚'), schoolYear: 2018, school: '上街区特殊教育学校', reason: '重度肢体残疾' } }, education.headers)).recordHomeTeaching.homeTeaching;
      expect(home).toMatchObject({ schoolYear: 2018, sector: 'EDUCATION', version: 1 });
      expect(errorOf(await t.gql(HOME, { i: { memberId: id('李小刚'), schoolYear: 2018, school: '另一学校', reason: '重复' } }, education.headers))).toMatchObject({ code: 'CONFLICT', reason: 'HOME_TEACHING_EXISTS' });
      expect(await watched()).toEqual(['李小芳']);

      const refused = async (i: Json, who = education) => errorOf(await t.gql(OPEN_CASE, { i }, who.headers));
      expect(await refused({ memberId: id('李小芳'), openedOn: '2018-09-10', deadline: '2018-09-01' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', field: 'input.deadline' });
      expect(await refused({ memberId: id('李小芳'), openedOn: '2018-09-10', deadline: '2018-10-10' }, hr)).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE' });
      const opened = dataOf(await t.gql(OPEN_CASE, { i: { memberId: id('李小芳'), openedOn: '2018-09-10', deadline: '2018-10-10', note: '家长外出务工，孩子在家' } }, education.headers)).openReturnCase.returnCase;
      expect(opened).toMatchObject({ status: 'OPEN', deadline: '2018-10-10', version: 1, steps: [{ kind: 'VISIT', takenOn: '2018-09-10', note: '家长外出务工，孩子在家' }] });
      expect(await refused({ memberId: id('李小芳'), openedOn: '2018-09-11', deadline: '2018-10-10' })).toMatchObject({ code: 'CONFLICT', reason: 'RETURN_CASE_ALREADY_OPEN' });
      expect(await watched()).toEqual([]);

      const step = (i: Json) => t.gql(STEP, { i: { id: opened.id, ...i } }, education.headers);
      const persuaded = dataOf(await step({ version: 1, kind: 'PERSUASION', takenOn: '2018-09-15', note: '劝返' })).addReturnCaseStep.returnCase;
      expect(persuaded).toMatchObject({ status: 'OPEN', version: 2 });
      expect(errorOf(await step({ version: 1, kind: 'VISIT', takenOn: '2018-09-16' }))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
      expect(errorOf(await step({ version: 2, kind: 'CLOSED', takenOn: '2018-09-16' }))).toMatchObject({ reason: 'RETURN_CASE_REASON_REQUIRED', field: 'input.note' });
      expect(errorOf(await step({ version: 2, kind: 'VISIT', takenOn: '2018-09-01' }))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.takenOn' });
      const returned = dataOf(await step({ version: 2, kind: 'RETURNED', takenOn: '2018-09-20' })).addReturnCaseStep.returnCase;
      expect(returned).toMatchObject({ status: 'RETURNED', closedOn: '2018-09-20', version: 3 });
      expect(returned.steps.map((s: Json) => s.kind)).toEqual(['VISIT', 'PERSUASION', 'RETURNED']);
      expect(errorOf(await step({ version: 3, kind: 'VISIT', takenOn: '2018-09-21' }))).toMatchObject({ code: 'CONFLICT', reason: 'RETURN_CASE_NOT_OPEN' });
      // Back at school but not yet enrolled: watched again until the enrolment is recorded.
      expect(await watched()).toEqual(['李小芳']);
      await create(education, { memberId: id('李小芳'), stage: 'PRIMARY', grade: 4, school: '上街区第二小学' });
      expect(await watched()).toEqual([]);
      // An arrangement entered in error goes, with the reason.
      expect(dataOf(await t.gql(DELETE_HOME, { i: { id: home.id, version: 1, reason: '录错' } }, education.headers)).deleteHomeTeaching.homeTeaching).toEqual({ id: home.id, version: 1 });
      expect(await watched()).toEqual(['李小刚']);
    });
  });

  describe('the exit standard reads the enrolments (§28)', () => {
    const ASSESS = `query($id: ID!) { exitAssessment(householdId: $id, year: 2018) { passed results { criterion passed reason facts } } }`;
    const schooling = async (id: string): Promise<Json> =>
      dataOf(await t.gql(ASSESS, { id }, village.headers)).exitAssessment.results.find((r: Json) => r.criterion === 'COMPULSORY_SCHOOLING');

    it('refuses an exit for a school-age child with no enrolment, and passes once the enrolment exists', async () => {
      const o = { village, town: await signIn(t, Role.TOWN_OFFICER, R.town), district };
      // 12 on 31 August 2018, recorded in the registry as not in school.
      const b = await buildHousehold(t, o, R.village, { years: [2018], members: [member({ name: '张小军', relation: 'SON', birthDate: '2006-05-01', schoolingStatus: 'NOT_IN_SCHOOL' })] });
      await register(t, o, b.id);
      const [{ id: child }] = await t.dataSource.query(`SELECT id FROM members WHERE household_id = $1 AND name = '张小军'`, [b.id]);
      const before = await schooling(b.id);
      expect(before).toMatchObject({ passed: false, facts: { notInSchool: [{ name: '张小军', age: 12, schoolingStatus: 'NOT_IN_SCHOOL' }] } });
      await create(education, { memberId: child, stage: 'JUNIOR', grade: 1, school: '上街区第一初级中学' });
      const after = await schooling(b.id);
      expect(after).toMatchObject({ passed: true, facts: { schoolAgeMembers: [{ name: '张小军', schoolingStatus: 'GRADE_7', source: expect.stringContaining('学籍') }] } });
    });

    it('counts a home-teaching arrangement as an exemption (education.home_teaching_counts_enrolled)', async () => {
      const o = { village, town: await signIn(t, Role.TOWN_OFFICER, R.town), district };
      const b = await buildHousehold(t, o, R.village, { years: [2018], members: [member({ name: '张小丽', relation: 'DAUGHTER', sex: 'FEMALE', birthDate: '2008-05-01', schoolingStatus: 'NOT_IN_SCHOOL' })] });
      await register(t, o, b.id);
      const [{ id: child }] = await t.dataSource.query(`SELECT id FROM members WHERE household_id = $1 AND name = '张小丽'`, [b.id]);
      expect(await schooling(b.id)).toMatchObject({ passed: false });
      dataOf(await t.gql(HOME, { i: { memberId: child, schoolYear: 2018, school: '上街区特殊教育学校', reason: '重度智力残疾' } }, village.headers));
      expect(await schooling(b.id)).toMatchObject({ passed: true, facts: { schoolAgeMembers: [{ name: '张小丽', exempted: true, source: expect.stringContaining('送教上门') }] } });
    });
  });

  describe('region × role × sector matrix', () => {
    let seq = 0;
    // An enrolment owned by the region (and sector), written directly on the head (with an age reason).
    const target = async (region: string, sector?: Sector): Promise<string> => {
      seq += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO enrolments (member_id, household_id, school_year, term, stage, school, grade, age_reason, region_code, sector)
         VALUES ($1, $2, $3, 'AUTUMN', 'BACHELOR', '矩阵大学', 1, '矩阵', $4, $5) RETURNING id`,
        [head, h.id, 2200 + seq, region, sector ?? 'education'],
      );
      return row.id as string;
    };
    const aidTarget = async (region: string, sector?: Sector): Promise<string> => {
      const enrolmentId = await target(region, sector);
      const [row] = await t.dataSource.query(
        `INSERT INTO education_aid_records (member_id, household_id, enrolment_id, school_year, term, programme, amount, region_code, sector)
         SELECT member_id, household_id, id, school_year, term, 'UNIVERSITY_GRANT', '100.00', region_code, sector FROM enrolments WHERE id = $1 RETURNING id`,
        [enrolmentId],
      );
      return row.id as string;
    };
    const caseTarget = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO return_to_school_cases (member_id, household_id, opened_on, deadline, status, region_code, sector) VALUES ($1, $2, '2018-09-01', '2018-10-01', 'RETURNED', $3, $4) RETURNING id`,
        [head, h.id, region, sector ?? 'education'],
      );
      // Opened as RETURNED (one open case a member): the matrix's step is refused as not open, but only once the case is reached.
      return row.id as string;
    };
    const homeTarget = async (region: string, sector?: Sector): Promise<string> => {
      seq += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO home_teaching_arrangements (member_id, household_id, school_year, school, reason, region_code, sector) VALUES ($1, $2, $3, '矩阵学校', '矩阵', $4, $5) RETURNING id`,
        [head, h.id, 2200 + seq, region, sector ?? 'education'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const at = (name: string, field: string) => (res: { body: { data?: unknown } }) => !!(res.body.data as Json | undefined)?.[name]?.[field]?.id;
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.enrolment', missingId: MISSING, sector: { access: 'read' }, target, run: (c, id) => t.gql(GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.enrolment?.id }, READERS],
      [{ name: 'Mutation.updateEnrolment', missingId: MISSING, sector: { access: 'write' }, target, run: (c, id) => t.gql(UPDATE, { i: { id, version: 1, school: '矩阵学院' } }, c.headers), reached: at('updateEnrolment', 'enrolment') }, WRITERS],
      [{ name: 'Mutation.deleteEnrolment', missingId: MISSING, sector: { access: 'write' }, target, run: (c, id) => t.gql(DELETE, { i: { id, version: 1, reason: '矩阵' } }, c.headers), reached: at('deleteEnrolment', 'enrolment') }, WRITERS],
      [
        { name: 'Query.educationAidRecord', missingId: MISSING, sector: { access: 'read' }, target: aidTarget, run: (c, id) => t.gql(GET_AID, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.educationAidRecord?.id },
        READERS,
      ],
      [
        { name: 'Mutation.updateEducationAidRecord', missingId: MISSING, sector: { access: 'write' }, target: aidTarget, run: (c, id) => t.gql(UPDATE_AID, { i: { id, version: 1, paidOn: '2018-12-01' } }, c.headers), reached: at('updateEducationAidRecord', 'record') },
        WRITERS,
      ],
      [
        { name: 'Mutation.deleteEducationAidRecord', missingId: MISSING, sector: { access: 'write' }, target: aidTarget, run: (c, id) => t.gql(DELETE_AID, { i: { id, version: 1, reason: '矩阵' } }, c.headers), reached: at('deleteEducationAidRecord', 'record') },
        WRITERS,
      ],
      [
        { name: 'Query.returnToSchoolCase', missingId: MISSING, sector: { access: 'read' }, target: caseTarget, run: (c, id) => t.gql(GET_CASE, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.returnToSchoolCase?.id },
        READERS,
      ],
      [
        {
          name: 'Mutation.addReturnCaseStep', missingId: MISSING, sector: { access: 'write' }, target: caseTarget,
          run: (c, id) => t.gql(STEP, { i: { id, version: 1, kind: 'VISIT', takenOn: '2018-09-05' } }, c.headers),
          reached: (res) => JSON.stringify(res.body).includes('RETURN_CASE_NOT_OPEN'),
        },
        WRITERS,
      ],
      [
        { name: 'Mutation.deleteHomeTeaching', missingId: MISSING, sector: { access: 'write' }, target: homeTarget, run: (c, id) => t.gql(DELETE_HOME, { i: { id, version: 1, reason: '矩阵' } }, c.headers), reached: at('deleteHomeTeaching', 'homeTeaching') },
        WRITERS,
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
