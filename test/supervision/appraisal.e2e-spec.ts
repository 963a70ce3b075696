import { GraphQLSchemaHost } from '@nestjs/graphql';
import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '../../src/common/access/permissions';
import { undescribedSchemaElements } from '../../src/common/graphql/schema-descriptions';
import { pendingSchemaChanges } from '../../src/database/schema-diff';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, any>;

const ROUND = `id year targetKind regionCode title version`;
const ENTRY = `id roundId targetKind regionCode targetRegionCode targetSector targetAssignmentId targetHelperId targetName dailyScore annualScore thirdPartyScore total
  weights { dailySupervision annualCheck thirdPartyAssessment asOf scopeCode status } grade consequences awardExcluded notes stage lastStepOn
  submittedByName submittedOn approvedByName approvedOn returnReason availableActions rank followUps { id consequence status doneOn note version } version`;
const CREATE_ROUND = `mutation($i: CreateAppraisalRoundInput!) { createAppraisalRound(input: $i) { round { ${ROUND} } } }`;
const ADD = `mutation($i: AddAppraisalEntryInput!) { addAppraisalEntry(input: $i) { entry { ${ENTRY} } } }`;
const SCORE = `mutation($i: ScoreAppraisalEntryInput!) { scoreAppraisalEntry(input: $i) { entry { ${ENTRY} } } }`;
const STEP = `mutation($i: AppraisalStepInput!) { appraisalStep(input: $i) { entry { ${ENTRY} } } }`;
const FOLLOW_UP = `mutation($i: CompleteAppraisalFollowUpInput!) { completeAppraisalFollowUp(input: $i) { followUp { id consequence status doneOn note version } } }`;
const ENTRY_GET = `query($id: ID!) { appraisalEntry(id: $id) { ${ENTRY} } }`;
const ROUND_GET = `query($id: ID!) { appraisalRound(id: $id) { ${ROUND} } }`;
const RANKING = `query($roundId: ID!, $first: Int, $after: String) { appraisalEntries(roundId: $roundId, first: $first, after: $after) {
  totalCount edges { node { id targetName total rank stage } } pageInfo { hasNextPage endCursor } } }`;
const RECORD_ATTENDANCE = `mutation($i: RecordWorkTeamAttendanceInput!) { recordWorkTeamAttendance(input: $i) { assignmentId recorded alreadyRecorded } }`;
const ATTENDANCE = `query($v: String!, $m: String!) { workTeamAttendance(villageCode: $v, month: $m) {
  villageCode month asOf memberCount minimumMembers meetsMinimum minimumTermYears parameter { key configured status }
  members { assignmentId personName role startOn endOn daysServed daysInVillage days termEndedShort } } }`;

describe('annual appraisal (考核, issue #20) and work-team attendance (驻村考勤)', () => {
  let t: TestApp;
  let district: SignedIn;
  let supervisor: SignedIn;
  let town: SignedIn;
  let siblingTown: SignedIn;
  let village: SignedIn;
  let unitId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    [{ id: unitId }] = await t.dataSource.query(`INSERT INTO assisting_units (name, region_code) VALUES ('区扶贫办', $1) RETURNING id`, [R.district]);
  });
  afterAll(() => t?.close());

  const gql = (q: string, i: Json, who: SignedIn) => t.gql(q, { i }, who.headers);
  const createRound = async (i: Json, who: SignedIn = district): Promise<Json> => dataOf(await gql(CREATE_ROUND, i, who)).createAppraisalRound.round;
  const add = async (i: Json, who: SignedIn = district): Promise<Json> => dataOf(await gql(ADD, i, who)).addAppraisalEntry.entry;
  const score = async (i: Json, who: SignedIn = district): Promise<Json> => dataOf(await gql(SCORE, i, who)).scoreAppraisalEntry.entry;
  const step = async (i: Json, who: SignedIn): Promise<Json> => dataOf(await gql(STEP, i, who)).appraisalStep.entry;
  const getEntry = async (who: SignedIn, id: string): Promise<Json | null> => dataOf(await t.gql(ENTRY_GET, { id }, who.headers)).appraisalEntry;
  const assignment = async (region: string, role: string, startOn = '2018-01-01', endOn: string | null = null): Promise<string> =>
    (await t.dataSource.query(`INSERT INTO village_assignments (region_code, person_name, unit_id, role, start_on, end_on) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [region, `驻村${randomBytes(2).toString('hex')}`, unitId, role, startOn, endOn]))[0].id;
  const writes = async (): Promise<Json> =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM supervision_appraisal_entries) AS entries, (SELECT coalesce(sum(version), 0)::int FROM supervision_appraisal_entries) AS versions,
                (SELECT count(*)::int FROM audit_log WHERE entity_type LIKE 'SupervisionAppraisal%') AS audits`,
      )
    )[0];

  it('plugs in: entities and migrations agree, every GraphQL element it adds is described', async () => {
    expect((await pendingSchemaChanges(t.dataSource)).up).toEqual([]);
    expect(undescribedSchemaElements(t.get(GraphQLSchemaHost).schema)).toEqual([]);
  });

  describe('a round of towns: scores, the weighted total, grades and consequences, finalisation, ranking', () => {
    let round: Json;
    let a: Json;
    let b: Json;

    beforeAll(async () => {
      round = await createRound({ year: 2018, targetKind: 'TOWN', regionCode: R.district, title: '2018年度乡镇脱贫攻坚考核' });
      a = await add({ roundId: round.id, regionCode: R.town });
      b = await add({ roundId: round.id, regionCode: R.siblingTown });
    });

    it('creates the round and its entries, audited, in the change feed under the round', async () => {
      expect(round).toMatchObject({ year: 2018, targetKind: 'TOWN', regionCode: R.district, version: 1 });
      expect(a).toMatchObject({ targetKind: 'TOWN', regionCode: R.town, targetRegionCode: R.town, targetName: '峡窝镇', stage: 'DRAFT', total: null, rank: null, availableActions: ['SUBMIT'], followUps: [] });
      const audits: Json[] = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type IN ('SupervisionAppraisalRound', 'SupervisionAppraisalEntry') AND entity_id IN ($1, $2) ORDER BY seq`, [round.id, a.id]);
      expect(audits.map((r) => r.operation)).toEqual(['supervision.createAppraisalRound', 'supervision.addAppraisalEntry']);
      const feed: Json[] = await t.dataSource.query(`SELECT root_type, parts, region_code FROM change_feed WHERE root_id = $1`, [round.id]);
      expect(feed.every((r) => r.root_type === 'SupervisionAppraisalRound' && r.region_code === R.district)).toBe(true);
      expect([...new Set(feed.flatMap((r) => r.parts as string[]))].sort()).toEqual(['entries', 'round']);
    });

    it('refuses a second round, a target twice, a target of another kind or outside, and writes nothing', async () => {
      const before = await writes();
      expect(errorOf(await gql(CREATE_ROUND, { year: 2018, targetKind: 'TOWN', regionCode: R.district, title: '重复' }, district))).toMatchObject({ code: 'CONFLICT', reason: 'APPRAISAL_ROUND_EXISTS' });
      expect(errorOf(await gql(CREATE_ROUND, { year: 2099, targetKind: 'TOWN', regionCode: R.district, title: '未来' }, district))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'input.year' });
      expect(errorOf(await gql(ADD, { roundId: round.id, regionCode: R.town }, supervisor))).toMatchObject({ code: 'CONFLICT', reason: 'APPRAISAL_TARGET_DUPLICATE', field: 'input.regionCode' });
      expect(errorOf(await gql(ADD, { roundId: round.id, regionCode: R.village }, district))).toMatchObject({ reason: 'APPRAISAL_TARGET_MISMATCH', field: 'input.regionCode' });
      expect(errorOf(await gql(ADD, { roundId: round.id, regionCode: R.villageSameTown, helperId: '00000000-0000-4000-8000-000000000000' }, district))).toMatchObject({ reason: 'APPRAISAL_TARGET_MISMATCH', field: 'input.helperId' });
      expect(errorOf(await gql(ADD, { roundId: round.id }, district))).toMatchObject({ reason: 'APPRAISAL_TARGET_MISMATCH', field: 'input.regionCode' });
      expect(errorOf(await gql(ADD, { roundId: round.id, regionCode: R.town, name: '名称' }, district))).toMatchObject({ reason: 'APPRAISAL_TARGET_MISMATCH', field: 'input.name' });
      expect(errorOf(await gql(ADD, { roundId: round.id, regionCode: R.otherDistrictTown }, district))).toMatchObject({ reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
      // A town's supervisor writes the rounds of its town only; a town officer does not appraise.
      expect(errorOf(await gql(ADD, { roundId: round.id, regionCode: R.town }, town))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await writes()).toEqual(before);
    });

    it('computes the total from the weights in force, never typed; refuses scores outside 0–100 or of three decimals and a grade not listed', async () => {
      const before = await writes();
      const refused = async (i: Json) => errorOf(await gql(SCORE, { id: a.id, version: 1, ...i }, district));
      expect(await refused({ dailyScore: '100.01' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'APPRAISAL_SCORE_OUT_OF_RANGE', field: 'input.dailyScore' });
      expect(await refused({ annualScore: '85.555' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'APPRAISAL_SCORE_SCALE', field: 'input.annualScore' });
      expect(await refused({ grade: '优秀' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CODE_NOT_LISTED', field: 'input.grade' });
      expect(errorOf(await t.gql(SCORE, { i: { id: a.id, version: 1, total: '99' } }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await writes()).toEqual(before);

      const half = await score({ id: a.id, version: 1, dailyScore: '85.5', annualScore: '90' });
      expect(half).toMatchObject({ dailyScore: '85.50', annualScore: '90.00', thirdPartyScore: null, total: null, weights: null, version: 2 });
      const full = await score({ id: a.id, version: 2, thirdPartyScore: '78.25', grade: '一般', notes: '年度核查发现问题' });
      expect(full).toMatchObject({
        total: '84.6750', grade: '一般', consequences: ['ADMONITION_TALK'], awardExcluded: true, rank: 1, version: 3,
        weights: { dailySupervision: '0.40', annualCheck: '0.30', thirdPartyAssessment: '0.30', asOf: '2018-12-31', scopeCode: '410000000000', status: 'VERIFIED' },
      });
      const [row] = await t.dataSource.query(`SELECT total::text, total_key FROM supervision_appraisal_entries WHERE id = $1`, [a.id]);
      expect(row).toEqual({ total: '84.6750', total_key: 846750 });
      const bScored = await score({ id: b.id, version: 1, dailyScore: '95', annualScore: '92.5', thirdPartyScore: '90', grade: '好' });
      expect(bScored).toMatchObject({ total: '92.7500', consequences: [], awardExcluded: false, rank: 1 });
      expect(errorOf(await gql(SCORE, { id: a.id, version: 2, notes: '过期' }, district))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
      // The same values again change nothing: no new version, no audit row.
      const same = await writes();
      expect(await score({ id: a.id, version: 3, dailyScore: '85.50', grade: '一般' })).toMatchObject({ total: '84.6750', version: 3 });
      expect(await writes()).toEqual(same);
    });

    it('answers PARAMETER_NOT_CONFIGURED when no weights are in force for the year', async () => {
      const r2017 = await createRound({ year: 2017, targetKind: 'TOWN', regionCode: R.district, title: '2017年度乡镇考核' });
      const e = await add({ roundId: r2017.id, regionCode: R.town });
      expect(errorOf(await gql(SCORE, { id: e.id, version: 1, dailyScore: '80', annualScore: '80', thirdPartyScore: '80' }, district))).toMatchObject({
        code: 'BAD_USER_INPUT', reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.dailyScore',
      });
      expect(await getEntry(district, e.id)).toMatchObject({ dailyScore: null, version: 1 });
      // The unit grades are in force from 2017: a grade alone is accepted.
      expect(await score({ id: e.id, version: 1, grade: '较好' })).toMatchObject({ grade: '较好', total: null });
    });

    it('submits a complete entry, refuses self-approval, returns with a reason, approves and creates the follow-up', async () => {
      expect(errorOf(await gql(STEP, { id: a.id, version: 3, action: 'APPROVE' }, supervisor))).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
      const submitted = await step({ id: a.id, version: 3, action: 'SUBMIT', effectiveOn: '2019-01-10' }, district);
      expect(submitted).toMatchObject({ stage: 'SUBMITTED', submittedByName: district.username, submittedOn: '2019-01-10', availableActions: ['APPROVE', 'RETURN'] });
      expect(errorOf(await gql(SCORE, { id: a.id, version: 4, grade: '差' }, district))).toMatchObject({ code: 'CONFLICT', reason: 'APPRAISAL_NOT_DRAFT' });
      expect(errorOf(await gql(STEP, { id: a.id, version: 4, action: 'APPROVE', effectiveOn: '2019-01-11' }, district))).toMatchObject({ code: 'CONFLICT', reason: 'APPRAISAL_SELF_APPROVAL' });
      expect(errorOf(await gql(STEP, { id: a.id, version: 4, action: 'RETURN' }, supervisor))).toMatchObject({ reason: 'REASON_REQUIRED', field: 'input.reason' });
      expect(errorOf(await gql(STEP, { id: a.id, version: 4, action: 'RETURN', reason: '日期', effectiveOn: '2019-01-09' }, supervisor))).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP' });
      const returned = await step({ id: a.id, version: 4, action: 'RETURN', reason: '第三方评估分数待核', effectiveOn: '2019-01-11' }, supervisor);
      expect(returned).toMatchObject({ stage: 'DRAFT', returnReason: '第三方评估分数待核', submittedByName: null });
      await step({ id: a.id, version: 5, action: 'SUBMIT', effectiveOn: '2019-01-12' }, district);
      const approved = await step({ id: a.id, version: 6, action: 'APPROVE', effectiveOn: '2019-01-15' }, supervisor);
      expect(approved).toMatchObject({ stage: 'APPROVED', approvedByName: supervisor.username, approvedOn: '2019-01-15', availableActions: [] });
      expect(approved.followUps).toEqual([expect.objectContaining({ consequence: 'ADMONITION_TALK', status: 'PENDING', doneOn: null })]);

      const fu = approved.followUps[0];
      expect(errorOf(await gql(FOLLOW_UP, { id: fu.id, version: 1, doneOn: '2019-01-14', note: '约谈' }, district))).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP', field: 'input.doneOn' });
      const done = dataOf(await gql(FOLLOW_UP, { id: fu.id, version: 1, doneOn: '2019-01-20', note: '区委书记约谈镇党委书记' }, district)).completeAppraisalFollowUp.followUp;
      expect(done).toMatchObject({ status: 'DONE', doneOn: '2019-01-20', note: '区委书记约谈镇党委书记', version: 2 });
      expect(errorOf(await gql(FOLLOW_UP, { id: fu.id, version: 2, note: '再次' }, district))).toMatchObject({ code: 'CONFLICT', reason: 'APPRAISAL_FOLLOW_UP_DONE' });

      const audits: Json[] = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_id IN ($1, $2) ORDER BY seq`, [a.id, fu.id]);
      expect(audits.map((r) => r.operation)).toEqual([
        'supervision.addAppraisalEntry', 'supervision.scoreAppraisalEntry', 'supervision.scoreAppraisalEntry', 'supervision.appraisalStep', 'supervision.appraisalStep',
        'supervision.appraisalStep', 'supervision.appraisalStep', 'supervision.createAppraisalFollowUp', 'supervision.completeAppraisalFollowUp',
      ]);
      const feed: Json[] = await t.dataSource.query(`SELECT parts FROM change_feed WHERE root_id = $1`, [round.id]);
      expect([...new Set(feed.flatMap((r) => r.parts as string[]))].sort()).toEqual(['entries', 'follow_ups', 'round']);
    });

    it('ranks the round by total; a town reads its own entry and place, not its neighbour’s', async () => {
      const ranking = dataOf(await t.gql(RANKING, { roundId: round.id, first: 10 }, district.headers)).appraisalEntries;
      expect(ranking.totalCount).toBe(2);
      expect(ranking.edges.map((e: Json) => [e.node.targetName, e.node.total, e.node.rank])).toEqual([['济源路街道', '92.7500', 1], ['峡窝镇', '84.6750', 2]]);
      const page1 = dataOf(await t.gql(RANKING, { roundId: round.id, first: 1 }, district.headers)).appraisalEntries;
      const page2 = dataOf(await t.gql(RANKING, { roundId: round.id, first: 1, after: page1.pageInfo.endCursor }, district.headers)).appraisalEntries;
      expect([page1.edges[0].node.id, page2.edges[0].node.id]).toEqual([b.id, a.id]);
      const mine = dataOf(await t.gql(RANKING, { roundId: round.id, first: 10 }, town.headers)).appraisalEntries;
      expect(mine.edges.map((e: Json) => [e.node.id, e.node.rank])).toEqual([[a.id, 2]]);
      expect(await getEntry(siblingTown, a.id)).toBeNull();
      expect(await getEntry(town, a.id)).toMatchObject({ id: a.id, availableActions: [] });
      expect(dataOf(await t.gql(ROUND_GET, { id: round.id }, town.headers)).appraisalRound).toBeNull();
    });
  });

  describe('rounds of departments, first secretaries and helpers', () => {
    it('links the targets to the sector, the village assignment and the helper; person grades from their own list', async () => {
      const dept = await createRound({ year: 2018, targetKind: 'DEPARTMENT', regionCode: R.district, title: '2018年度行业部门考核' }, supervisor);
      const edu = await add({ roundId: dept.id, sector: 'EDUCATION', name: '区教育局' }, supervisor);
      expect(edu).toMatchObject({ targetSector: 'EDUCATION', targetName: '区教育局', regionCode: R.district });
      expect(errorOf(await gql(ADD, { roundId: dept.id, sector: 'EDUCATION' }, supervisor))).toMatchObject({ reason: 'APPRAISAL_TARGET_DUPLICATE', field: 'input.sector' });

      const secretaries = await createRound({ year: 2018, targetKind: 'FIRST_SECRETARY', regionCode: R.town, title: '2018年度第一书记考核' }, supervisor);
      const fs = await assignment(R.village, 'FIRST_SECRETARY');
      const member = await assignment(R.village, 'WORK_TEAM_MEMBER');
      const far = await assignment(R.villageOfSiblingTown, 'FIRST_SECRETARY');
      const old = await assignment(R.villageSameTown, 'FIRST_SECRETARY', '2015-01-01', '2017-06-30');
      const e = await add({ roundId: secretaries.id, assignmentId: fs }, supervisor);
      expect(e).toMatchObject({ targetKind: 'FIRST_SECRETARY', targetAssignmentId: fs, regionCode: R.village });
      expect(errorOf(await gql(ADD, { roundId: secretaries.id, assignmentId: member }, supervisor))).toMatchObject({ reason: 'APPRAISAL_TARGET_MISMATCH', field: 'input.assignmentId' });
      expect(errorOf(await gql(ADD, { roundId: secretaries.id, assignmentId: far }, supervisor))).toMatchObject({ reason: 'APPRAISAL_TARGET_OUTSIDE_ROUND', field: 'input.assignmentId' });
      expect(errorOf(await gql(ADD, { roundId: secretaries.id, assignmentId: old }, supervisor))).toMatchObject({ reason: 'APPRAISAL_TARGET_MISMATCH', field: 'input.assignmentId' });
      expect(errorOf(await gql(SCORE, { id: e.id, version: 1, grade: '好' }, supervisor))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.grade' });
      expect(await score({ id: e.id, version: 1, grade: '基本称职' }, supervisor)).toMatchObject({ grade: '基本称职', consequences: [], awardExcluded: false });

      const helpers = await createRound({ year: 2019, targetKind: 'HELPER', regionCode: R.district, title: '2019年度帮扶责任人考核' });
      const [{ id: helperId }] = await t.dataSource.query(`INSERT INTO helpers (name, unit_id, region_code) VALUES ('李帮扶', $1, $2) RETURNING id`, [unitId, R.village]);
      const h = await add({ roundId: helpers.id, helperId });
      expect(h).toMatchObject({ targetHelperId: helperId, targetName: '李帮扶', regionCode: R.village });
      expect(errorOf(await gql(ADD, { roundId: helpers.id, helperId: '00000000-0000-4000-8000-000000000000' }, district))).toMatchObject({ code: 'NOT_FOUND', reason: 'APPRAISAL_TARGET_NOT_FOUND' });
      // The person grades are in force for 2018 only (RULES.md): a 2019 grade is not configured, never a guessed list.
      expect(errorOf(await gql(SCORE, { id: h.id, version: 1, grade: '称职' }, district))).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.grade' });
    });
  });

  describe('work-team attendance: days in the village per month, the team against supervision.work_team', () => {
    it('records days within the term, counts them per month, and judges the team’s size', async () => {
      const fs = await assignment(R.villageSameTown, 'FIRST_SECRETARY', '2018-03-01');
      const leader = await assignment(R.villageSameTown, 'WORK_TEAM_LEADER', '2018-06-16');
      const rec = async (assignmentId: string, days: string[], who: SignedIn = town) => gql(RECORD_ATTENDANCE, { assignmentId, days }, who);
      expect(dataOf(await rec(fs, ['2018-06-01', '2018-06-02', '2018-06-04'])).recordWorkTeamAttendance).toEqual({ assignmentId: fs, recorded: ['2018-06-01', '2018-06-02', '2018-06-04'], alreadyRecorded: [] });
      expect(dataOf(await rec(fs, ['2018-06-04', '2018-06-05', '2018-07-01'])).recordWorkTeamAttendance).toEqual({ assignmentId: fs, recorded: ['2018-06-05', '2018-07-01'], alreadyRecorded: ['2018-06-04'] });
      expect(dataOf(await rec(leader, ['2018-06-20'])).recordWorkTeamAttendance.recorded).toEqual(['2018-06-20']);
      expect(errorOf(await rec(leader, ['2018-06-21', '2018-06-15']))).toMatchObject({ reason: 'ATTENDANCE_OUTSIDE_TERM', field: 'input.days.1' });
      expect(errorOf(await rec(leader, ['2099-01-01']))).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'input.days.0' });
      // Another village's officer does not reach the assignment; an auditor does not record.
      expect(errorOf(await rec(fs, ['2018-06-10'], village))).toMatchObject({ code: 'NOT_FOUND', reason: 'WORK_TEAM_ASSIGNMENT_NOT_FOUND' });
      const audits: Json[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'SupervisionWorkTeamAttendance'`);
      expect(audits[0].n).toBe(6);

      const june = dataOf(await t.gql(ATTENDANCE, { v: R.villageSameTown, m: '2018-06' }, district.headers)).workTeamAttendance;
      expect(june).toMatchObject({ villageCode: R.villageSameTown, month: '2018-06', asOf: '2018-06-30', memberCount: 2, minimumMembers: 3, meetsMinimum: false, minimumTermYears: 2, parameter: { key: 'supervision.work_team', configured: true, status: 'VERIFIED' } });
      expect(june.members.map((m: Json) => m.termEndedShort)).toEqual([null, null]);
      expect(june.members.map((m: Json) => [m.assignmentId, m.role, m.daysServed, m.daysInVillage])).toEqual([[fs, 'FIRST_SECRETARY', 30, 4], [leader, 'WORK_TEAM_LEADER', 15, 1]]);
      expect(june.members[0].days).toEqual(['2018-06-01', '2018-06-02', '2018-06-04', '2018-06-05']);

      await assignment(R.villageSameTown, 'WORK_TEAM_MEMBER', '2018-06-01');
      // A member replaced after four months (撤换) served short of supervision.work_team's two years.
      const replaced = await assignment(R.villageSameTown, 'WORK_TEAM_MEMBER', '2018-02-01', '2018-06-10');
      const withReplaced = dataOf(await t.gql(ATTENDANCE, { v: R.villageSameTown, m: '2018-06' }, town.headers)).workTeamAttendance;
      expect(withReplaced.members.find((m: Json) => m.assignmentId === replaced)).toMatchObject({ endOn: '2018-06-10', daysServed: 10, termEndedShort: true });
      await t.dataSource.query(`DELETE FROM village_assignments WHERE id = $1`, [replaced]);
      const again = dataOf(await t.gql(ATTENDANCE, { v: R.villageSameTown, m: '2018-06' }, town.headers)).workTeamAttendance;
      expect(again).toMatchObject({ memberCount: 3, meetsMinimum: true });
      expect(dataOf(await t.gql(ATTENDANCE, { v: R.villageSameTown, m: '2018-07' }, town.headers)).workTeamAttendance.members.map((m: Json) => m.daysInVillage)).toEqual([1, 0, 0]);
      expect(dataOf(await t.gql(ATTENDANCE, { v: R.villageSameTown, m: '2018-06' }, siblingTown.headers)).workTeamAttendance).toBeNull();
      expect(errorOf(await t.gql(ATTENDANCE, { v: R.town, m: '2018-06' }, district.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'villageCode' });
      expect(errorOf(await t.gql(ATTENDANCE, { v: R.villageSameTown, m: '2018-13' }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    });
  });

  describe('region × role matrix', () => {
    const missingId = '00000000-0000-4000-8000-000000000000';
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.AUDITOR];
    const APPRAISERS = [Role.DISTRICT_OFFICER, Role.SUPERVISOR];
    let year = 3000;
    const roundAt = async (region: string): Promise<string> =>
      (await t.dataSource.query(`INSERT INTO supervision_appraisal_rounds (year, target_kind, region_code, title) VALUES ($1, 'TOWN', $2, '矩阵') RETURNING id`, [year++, region]))[0].id;
    const entryAt = (stage: string) => async (region: string): Promise<string> => {
      const round = await roundAt(region);
      const [e] = await t.dataSource.query(
        `INSERT INTO supervision_appraisal_entries (round_id, round_region_code, region_code, target_kind, target_key, target_region_code, target_name, stage, last_step_on, submitted_by)
         VALUES ($1, $2, $2, 'TOWN', $2, $2, '矩阵', $3, '2018-01-01', $4) RETURNING id`,
        [round, region, stage, stage === 'SUBMITTED' ? randomUUID() : null],
      );
      return e.id;
    };
    const ok = (op: string, field: string) => (res: { body: Json }) => !!(res.body.data as Json | undefined)?.[op]?.[field]?.id;
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.appraisalEntry', missingId, target: entryAt('DRAFT'), run: (c, id) => t.gql(ENTRY_GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.appraisalEntry?.id }, READERS],
      [{ name: 'Query.appraisalRound', missingId, target: roundAt, run: (c, id) => t.gql(ROUND_GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.appraisalRound?.id }, READERS],
      [
        {
          name: 'Mutation.addAppraisalEntry', missingId, target: roundAt,
          // Reached: the round found; the target (its own region, not a town) refused as such, never NOT_FOUND.
          run: (c, id) => gql(ADD, { roundId: id, regionCode: R.district }, c),
          reached: (res) => !!(res.body.data as Json | undefined)?.addAppraisalEntry?.entry?.id || ['APPRAISAL_TARGET_MISMATCH', 'REGION_OUT_OF_SCOPE'].includes((res.body.errors?.[0] as Json | undefined)?.extensions?.reason),
        },
        APPRAISERS,
      ],
      [{ name: 'Mutation.scoreAppraisalEntry', missingId, target: entryAt('DRAFT'), run: (c, id) => gql(SCORE, { id, version: 1, dailyScore: '80' }, c), reached: ok('scoreAppraisalEntry', 'entry') }, APPRAISERS],
      [{ name: 'Mutation.appraisalStep', missingId, target: entryAt('SUBMITTED'), run: (c, id) => gql(STEP, { id, version: 1, action: 'RETURN', reason: '矩阵', effectiveOn: '2018-01-02' }, c), reached: ok('appraisalStep', 'entry') }, APPRAISERS],
      [
        {
          name: 'Mutation.completeAppraisalFollowUp', missingId,
          target: async (region) => {
            const entry = await entryAt('APPROVED')(region);
            await t.dataSource.query(`UPDATE supervision_appraisal_entries SET approved_on = '2018-01-01', grade = '一般' WHERE id = $1`, [entry]);
            const [f] = await t.dataSource.query(`INSERT INTO supervision_appraisal_follow_ups (entry_id, round_id, round_region_code, region_code, consequence) SELECT id, round_id, round_region_code, region_code, 'ADMONITION_TALK' FROM supervision_appraisal_entries WHERE id = $1 RETURNING id`, [entry]);
            return f.id;
          },
          run: (c, id) => gql(FOLLOW_UP, { id, version: 1, doneOn: '2018-02-01', note: '矩阵' }, c),
          reached: ok('completeAppraisalFollowUp', 'followUp'),
        },
        APPRAISERS,
      ],
      [
        {
          name: 'Mutation.recordWorkTeamAttendance', missingId, target: (region) => assignment(region, 'WORK_TEAM_MEMBER'),
          run: (c, id) => gql(RECORD_ATTENDANCE, { assignmentId: id, days: ['2018-06-01'] }, c),
          reached: (res) => !!(res.body.data as Json | undefined)?.recordWorkTeamAttendance?.assignmentId,
        },
        [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER],
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });

    it('refuses the operations to the roles that do not hold their permission', async () => {
      const entry = await entryAt('DRAFT')(R.district);
      for (const who of [town, village]) {
        expect(errorOf(await gql(SCORE, { id: entry, version: 1, dailyScore: '80' }, who))).toMatchObject({ code: 'FORBIDDEN' });
        expect(errorOf(await gql(CREATE_ROUND, { year: 2018, targetKind: 'HELPER', regionCode: R.village, title: '越权' }, who))).toMatchObject({ code: 'FORBIDDEN' });
      }
      const auditor = await signIn(t, Role.AUDITOR, R.district);
      const fs = await assignment(R.village, 'WORK_TEAM_MEMBER');
      for (const who of [supervisor, auditor]) expect(errorOf(await gql(RECORD_ATTENDANCE, { assignmentId: fs, days: ['2018-06-01'] }, who))).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
