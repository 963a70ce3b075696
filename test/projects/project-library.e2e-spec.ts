import { todayInChina } from '../../src/common/dates/local-date';
import { Role, Sector } from '../../src/common/access/permissions';
import { JobRunner } from '../../src/common/jobs/job-runner';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { dataOf, errorOf } from '../support/gql-answers';
import { countQueries } from '../support/query-counter';
import { createHousehold, householdInput } from '../households/registry-fixtures';

type Json = Record<string, any>;

const PROJECT = `id regionCode sector name year category industryType constructionNature stage planYear budgetTotal fundingTotal fundingMatchesBudget
  noticeStartsOn noticeEndsOn exitReason objections actualStartOn actualEndOn version availableActions beneficiaryVillageCodes beneficiaryHouseholdIds
  fundingLines { level channel amount } performanceTargets { indicator targetValue unit actualValue }
  events { action fromStage toStage effectiveOn actorName note evidence noticeId }`;
const CREATE = `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { ${PROJECT} } } }`;
const UPDATE = `mutation($i: UpdateProjectInput!) { updateProject(input: $i) { project { ${PROJECT} } } }`;
const GET = `query($id: ID!) { project(id: $id) { ${PROJECT} } }`;
const LIST = `query($r: String, $y: Int, $s: ProjectStage, $c: String, $sec: Sector) { projects(regionCode: $r, year: $y, stage: $s, category: $c, sector: $sec, first: 50) { totalCount edges { node { id stage fundingTotal } } } }`;
const STEP_OPS = { village: 'projectVillageStep', town: 'projectTownStep', district: 'projectDistrictStep', works: 'projectWorksStep' } as const;
const stepMutation = (op: string) => `mutation($i: ProjectStepInput!) { ${op}(input: $i) { project { ${PROJECT} } } }`;
const OBJECTION = `mutation($i: ProjectObjectionInput!) { recordProjectObjection(input: $i) { project { ${PROJECT} } } }`;

/** A project as the village enters it, complete for its application. */
function projectInput(regionCode: string, extra: Json = {}): Json {
  return {
    regionCode,
    name: '北峡窝村食用菌种植基地',
    year: 2018,
    category: '产业发展',
    industryType: '特色加工业',
    constructionNature: 'NEW',
    plannedStartOn: '2018-10-20',
    plannedEndOn: '2018-11-30',
    responsibleUnit: '峡窝镇人民政府',
    responsiblePerson: '王建国',
    tasks: '新建食用菌大棚 10 座',
    budgetTotal: '500000.00',
    fundingLines: [
      { level: 'CENTRAL', channel: '扶贫发展', amount: '300000.00' },
      { level: 'DISTRICT', channel: '区本级', amount: '200000.00' },
    ],
    beneficiaryVillages: 1,
    beneficiaryPoorVillages: 1,
    beneficiaryHouseholds: 40,
    beneficiaryPoorHouseholds: 12,
    beneficiaryPeople: 150,
    beneficiaryPoorPeople: 35,
    partyBranchProposedOn: '2018-02-01',
    committeesDeliberatedOn: '2018-02-05',
    partyMembersReviewedOn: '2018-02-10',
    representativesResolvedOn: '2018-02-15',
    resolutionDisclosedOn: '2018-02-20',
    povertyReductionMechanism: '贫困户以土地入股，保底分红并优先务工',
    performanceTargets: [{ indicator: '带动贫困户增收', targetValue: '12', unit: '户' }],
    ...extra,
  };
}

describe('the project library and its procedure (产业扶贫项目库, issue #15)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let otherVillage: SignedIn;
  let agriculture: SignedIn;
  let health: SignedIn;
  let supervisor: SignedIn;
  const officers = () => ({ village, town, district, works: village });

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    otherVillage = await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown);
    agriculture = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.AGRICULTURE });
    health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
  });
  afterAll(() => t?.close());

  const ok = dataOf;
  const counts = async (): Promise<Json> =>
    (
      await t.dataSource.query(`SELECT (SELECT count(*)::int FROM projects) AS projects, (SELECT count(*)::int FROM project_events) AS events,
        (SELECT count(*)::int FROM project_funding_lines) AS lines, (SELECT count(*)::int FROM project_beneficiaries) AS beneficiaries,
        (SELECT count(*)::int FROM disclosure_notices WHERE subject_type = 'Project') AS notices,
        (SELECT count(*)::int FROM audit_log WHERE entity_type = 'Project') AS audits`)
    )[0];

  async function create(who: SignedIn = village, input: Json = projectInput(R.village)): Promise<Json> {
    return ok(await t.gql(CREATE, { i: input }, who.headers)).createProject.project;
  }
  type Level = keyof typeof STEP_OPS;
  function step(level: Level, p: Json, action: string, effectiveOn: string, extra: Json = {}, who?: SignedIn): Promise<GqlResult> {
    return t.gql(stepMutation(STEP_OPS[level]), { i: { id: p.id, version: p.version, action, effectiveOn, ...extra } }, (who ?? officers()[level]).headers);
  }
  async function go(level: Level, p: Json, action: string, effectiveOn: string, extra: Json = {}): Promise<Json> {
    return ok(await step(level, p, action, effectiveOn, extra))[STEP_OPS[level]].project;
  }
  /** A project taken through the steps given (level, action, date). */
  async function through(p: Json, steps: [Level, string, string, Json?][]): Promise<Json> {
    let cur = p;
    for (const [level, action, on, extra] of steps) cur = await go(level, cur, action, on, extra);
    return cur;
  }
  const TO_LIBRARY: [Level, string, string][] = [
    ['village', 'APPLY', '2018-03-01'],
    ['village', 'PUBLISH_VILLAGE_NOTICE', '2018-03-02'],
    ['town', 'TOWN_REVIEW', '2018-03-12'],
    ['district', 'DISTRICT_APPROVE', '2018-03-15'],
    ['district', 'PUBLISH_LIBRARY_NOTICE', '2018-03-16'],
    ['district', 'ENTER_LIBRARY', '2018-03-26'],
  ];

  it('enters a project with the national library\'s fields, its funding plan against the budget, targets and beneficiary households', async () => {
    const h1 = await createHousehold(t, village, householdInput(R.village));
    const h2 = await createHousehold(t, otherVillage, householdInput(R.villageSameTown));
    // The household of another village is allowed once that village is named a beneficiary; the town enters it (both in its scope).
    const p = await create(town, projectInput(R.village, { beneficiaryVillageCodes: [R.villageSameTown], beneficiaryHouseholdIds: [h1.id, h2.id], budgetTotal: '600000.00' }));
    expect(p).toMatchObject({
      stage: 'DRAFT', sector: null, version: 1, fundingTotal: '500000.00', fundingMatchesBudget: false,
      fundingLines: [{ level: 'CENTRAL', channel: '扶贫发展', amount: '300000.00' }, { level: 'DISTRICT', channel: '区本级', amount: '200000.00' }],
      performanceTargets: [{ indicator: '带动贫困户增收', targetValue: '12.00', unit: '户', actualValue: null }],
      beneficiaryVillageCodes: [R.villageSameTown], events: [],
    });
    expect([...p.beneficiaryHouseholdIds].sort()).toEqual([h1.id, h2.id].sort());
    const updated = ok(await t.gql(UPDATE, { i: { id: p.id, version: p.version, budgetTotal: '500000.00', beneficiaryHouseholdIds: [h1.id] } }, town.headers)).updateProject.project;
    expect(updated).toMatchObject({ version: 2, fundingMatchesBudget: true, beneficiaryHouseholdIds: [h1.id] });
    // Reads: one project, the list with filters, scope (a village of the same town sees nothing), the supervisor reads.
    expect(ok(await t.gql(GET, { id: p.id }, supervisor.headers)).project).toMatchObject({ id: p.id, fundingTotal: '500000.00' });
    expect(ok(await t.gql(GET, { id: p.id }, otherVillage.headers)).project).toBeNull();
    const listed = ok(await t.gql(LIST, { r: R.town, y: 2018, s: 'DRAFT', c: '产业发展' }, district.headers)).projects;
    expect(listed.edges.map((e: Json) => e.node.id)).toContain(p.id);
    expect(ok(await t.gql(LIST, { y: 2019 }, district.headers)).projects.totalCount).toBe(0);
    // The audit rows: the creation and the update's diff.
    const audits = await t.dataSource.query(`SELECT operation, changes FROM audit_log WHERE entity_type = 'Project' AND entity_id = $1 ORDER BY seq`, [p.id]);
    expect(audits.map((a: Json) => a.operation)).toEqual(['projects.create', 'projects.update']);
    expect(Object.keys(audits[1].changes).sort()).toEqual(['beneficiaryHouseholdIds', 'budgetTotal']);
    // The change feed names the project.
    const feed = await t.dataSource.query(`SELECT operation, parts FROM change_feed WHERE root_type = 'Project' AND root_id = $1 ORDER BY position`, [p.id]);
    expect(feed[0]).toMatchObject({ operation: 'CREATED' });
    expect(feed[0].parts).toEqual(expect.arrayContaining(['project', 'funding', 'targets', 'beneficiaries']));
    expect(feed[1]).toMatchObject({ operation: 'UPDATED' });
  });

  it('refuses bad input with coded errors naming the field and writes nothing', async () => {
    const before = await counts();
    const bad = async (who: SignedIn, input: Json) => errorOf(await t.gql(CREATE, { i: input }, who.headers));
    expect(await bad(village, projectInput(R.village, { category: '旅游' }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CODE_NOT_LISTED', field: 'input.category' });
    expect(await bad(village, projectInput(R.village, { industryType: '光伏' }))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.industryType' });
    // The lists are seeded for 2018 only: another year is not configured, never guessed.
    expect(await bad(village, projectInput(R.village, { year: 2019 }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.category' });
    expect(await bad(village, projectInput(R.village, { budgetTotal: '12.345' }))).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.budgetTotal' });
    expect(await bad(village, projectInput(R.village, { fundingLines: [{ level: 'CENTRAL', channel: 'x', amount: '-1' }] }))).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.fundingLines.0.amount' });
    expect(await bad(village, projectInput(R.village, { plannedEndOn: '2018-01-01' }))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.plannedEndOn' });
    expect(await bad(village, projectInput(R.villageSameTown))).toMatchObject({ code: 'NOT_FOUND', reason: 'REGION_NOT_FOUND', field: 'input.regionCode' });
    expect(await bad(town, projectInput(R.town, { beneficiaryVillageCodes: [R.villageOfSiblingTown] }))).toMatchObject({ reason: 'REGION_NOT_FOUND', field: 'input.beneficiaryVillageCodes.0' });
    // Households: out of the caller's scope answers as missing; in scope but outside the area and the named villages is refused.
    const elsewhere = await createHousehold(t, otherVillage, householdInput(R.villageSameTown));
    expect(await bad(village, projectInput(R.village, { beneficiaryHouseholdIds: [elsewhere.id] }))).toMatchObject({ code: 'NOT_FOUND', reason: 'HOUSEHOLD_NOT_FOUND', field: 'input.beneficiaryHouseholdIds.0' });
    expect(await bad(town, projectInput(R.village, { beneficiaryHouseholdIds: [elsewhere.id] }))).toMatchObject({ reason: 'BENEFICIARY_OUTSIDE_PROJECT_AREA', field: 'input.beneficiaryHouseholdIds.0' });
    const own = await createHousehold(t, village, householdInput(R.village));
    expect(await bad(village, projectInput(R.village, { beneficiaryHouseholdIds: [own.id, own.id] }))).toMatchObject({ reason: 'BENEFICIARY_DUPLICATE', field: 'input.beneficiaryHouseholdIds.1' });
    // A sector department enters its own sector's projects only.
    expect(await bad(agriculture, projectInput(R.village, { sector: 'HEALTH' }))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.sector' });
    expect(await bad(agriculture, projectInput(R.village))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE' });
    expect(await counts()).toEqual(before);
    // …and the sector's own project is entered; another sector's officer cannot change it.
    const ag = await create(agriculture, projectInput(R.village, { sector: 'AGRICULTURE' }));
    expect(ag.sector).toBe('AGRICULTURE');
    expect(errorOf(await t.gql(UPDATE, { i: { id: ag.id, version: 1, name: 'x' } }, health.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'PROJECT_NOT_FOUND' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: ag.id, version: 9, name: 'x' } }, agriculture.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
  });

  it('runs the whole procedure bottom-up, each step an event and an audit row, the four notices published through disclosure', async () => {
    let p = await create();
    p = await through(p, TO_LIBRARY);
    expect(p).toMatchObject({ stage: 'IN_LIBRARY', noticeStartsOn: null, noticeEndsOn: null });
    p = await go('district', p, 'PLAN', '2018-10-08');
    expect(p).toMatchObject({ stage: 'IN_ANNUAL_PLAN', planYear: 2019 });
    p = await go('district', p, 'PUBLISH_PLAN_NOTICE', '2018-10-09');
    expect(p).toMatchObject({ stage: 'PLAN_NOTICE', noticeStartsOn: '2018-10-09', noticeEndsOn: '2018-10-18' });
    p = await through(p, [
      ['works', 'START', '2018-10-19'],
      ['works', 'COMPLETE', '2018-11-30'],
    ]);
    // Acceptance finds the targets' actual values: recorded first, else refused naming each.
    expect(errorOf(await step('district', p, 'ACCEPT', '2018-12-05'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PERFORMANCE_ACTUALS_REQUIRED', field: 'performanceTargets.0.actualValue' });
    p = ok(await t.gql(UPDATE, { i: { id: p.id, version: p.version, performanceTargets: [{ indicator: '带动贫困户增收', targetValue: '12', unit: '户', actualValue: '13' }] } }, district.headers)).updateProject.project;
    expect(p.performanceTargets).toEqual([{ indicator: '带动贫困户增收', targetValue: '12.00', unit: '户', actualValue: '13.00' }]);
    p = await through(p, [
      ['district', 'ACCEPT', '2018-12-05'],
      ['district', 'SETTLE', '2018-12-10'],
      ['works', 'PUBLISH_COMPLETION_NOTICE', '2018-12-11'],
      ['district', 'HAND_OVER', '2018-12-21'],
    ]);
    expect(p).toMatchObject({ stage: 'HANDED_OVER', actualStartOn: '2018-10-19', actualEndOn: '2018-11-30' });
    expect(p.events.map((e: Json) => `${e.action}:${e.fromStage}>${e.toStage}@${e.effectiveOn}`)).toEqual([
      'APPLY:DRAFT>APPLIED@2018-03-01',
      'PUBLISH_VILLAGE_NOTICE:APPLIED>VILLAGE_NOTICE@2018-03-02',
      'TOWN_REVIEW:VILLAGE_NOTICE>TOWN_REVIEWED@2018-03-12',
      'DISTRICT_APPROVE:TOWN_REVIEWED>DISTRICT_APPROVED@2018-03-15',
      'PUBLISH_LIBRARY_NOTICE:DISTRICT_APPROVED>LIBRARY_NOTICE@2018-03-16',
      'ENTER_LIBRARY:LIBRARY_NOTICE>IN_LIBRARY@2018-03-26',
      'PLAN:IN_LIBRARY>IN_ANNUAL_PLAN@2018-10-08',
      'PUBLISH_PLAN_NOTICE:IN_ANNUAL_PLAN>PLAN_NOTICE@2018-10-09',
      'START:PLAN_NOTICE>IMPLEMENTING@2018-10-19',
      'COMPLETE:IMPLEMENTING>COMPLETED@2018-11-30',
      'ACCEPT:COMPLETED>ACCEPTED@2018-12-05',
      'SETTLE:ACCEPTED>SETTLED@2018-12-10',
      'PUBLISH_COMPLETION_NOTICE:SETTLED>COMPLETION_NOTICE@2018-12-11',
      'HAND_OVER:COMPLETION_NOTICE>HANDED_OVER@2018-12-21',
    ]);
    const notices = await t.dataSource.query(
      `SELECT kind, region_code, starts_on::text, ends_on::text, period_length, state FROM disclosure_notices WHERE subject_type = 'Project' AND subject_id = $1 ORDER BY starts_on`,
      [p.id],
    );
    expect(notices).toEqual([
      { kind: 'PROJECT_LIBRARY', region_code: R.village, starts_on: '2018-03-02', ends_on: '2018-03-11', period_length: 10, state: 'PUBLISHED' },
      { kind: 'COUNTY_PROJECT_LIBRARY', region_code: R.village, starts_on: '2018-03-16', ends_on: '2018-03-25', period_length: 10, state: 'PUBLISHED' },
      { kind: 'ANNUAL_PLAN', region_code: R.village, starts_on: '2018-10-09', ends_on: '2018-10-18', period_length: 10, state: 'PUBLISHED' },
      { kind: 'PROJECT_IMPLEMENTATION', region_code: R.village, starts_on: '2018-12-11', ends_on: '2018-12-20', period_length: 10, state: 'PUBLISHED' },
    ]);
    expect(p.events.filter((e: Json) => e.noticeId).length).toBe(4);
    const audits = await t.dataSource.query(`SELECT operation, changes FROM audit_log WHERE entity_type = 'Project' AND entity_id = $1 AND operation = 'projects.step' ORDER BY seq`, [p.id]);
    expect(audits.length).toBe(14);
    expect(audits[6].changes).toMatchObject({ action: 'PLAN', planYear: 2019 });
    expect(audits[1].changes).toMatchObject({ action: 'PUBLISH_VILLAGE_NOTICE', stage: { from: 'APPLIED', to: 'VILLAGE_NOTICE' }, notice: { days: 10, endsOn: '2018-03-11', basis: { parameter: 'project.notice_days.village' } } });
    // Each step is one feed entry of the project (its row and its events).
    const feed = await t.dataSource.query(`SELECT operation, parts FROM change_feed WHERE root_type = 'Project' AND root_id = $1 ORDER BY position`, [p.id]);
    expect(feed.length).toBe(1 + 14 + 1);
    expect(feed.at(-1)).toEqual({ operation: 'UPDATED', parts: ['events', 'project'] });
    // A handed-over project takes no step and no change.
    expect(errorOf(await step('district', p, 'ACCEPT', '2018-12-22'))).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: p.id, version: p.version, name: 'x' } }, district.headers))).toMatchObject({ reason: 'PROJECT_CLOSED' });
  });

  it('refuses a skipped step, a step of another level, a notice not over, a backdated or future step; nothing half-written', async () => {
    let p = await create();
    p = await go('village', p, 'APPLY', '2018-03-01');
    // What each caller may do next: the village its notice; the district nothing yet.
    expect(p.availableActions).toEqual(['PUBLISH_VILLAGE_NOTICE']);
    expect(ok(await t.gql(GET, { id: p.id }, district.headers)).project.availableActions).toEqual([]);
    const before = await counts();
    // Skipping the village notice: the town cannot review an application not noticed.
    expect(errorOf(await step('town', p, 'TOWN_REVIEW', '2018-03-05'))).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', field: 'input.action', details: { stage: 'APPLIED', allowedFrom: ['VILLAGE_NOTICE'] } });
    // The district's step through the village's operation (and the village officer's permission) is refused.
    expect(errorOf(await step('village', p, 'DISTRICT_APPROVE', '2018-03-05'))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION', field: 'input.action' });
    // A town officer has no village operation at all.
    expect(errorOf(await step('village', p, 'PUBLISH_VILLAGE_NOTICE', '2018-03-05', {}, town))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    expect(errorOf(await step('village', p, 'PUBLISH_VILLAGE_NOTICE', '2018-02-28'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_BEFORE_LAST_STEP', field: 'input.effectiveOn' });
    expect(errorOf(await step('village', p, 'PUBLISH_VILLAGE_NOTICE', '2999-01-01'))).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'input.effectiveOn' });
    expect(errorOf(await step('village', { ...p, version: p.version - 1 }, 'PUBLISH_VILLAGE_NOTICE', '2018-03-02'))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(await counts()).toEqual(before);
    p = await go('village', p, 'PUBLISH_VILLAGE_NOTICE', '2018-03-02');
    // The notice runs 2018-03-02 … 03-11: a review dated within it is refused.
    expect(errorOf(await step('town', p, 'TOWN_REVIEW', '2018-03-11'))).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_NOT_OVER', field: 'input.effectiveOn', details: { noticeEndsOn: '2018-03-11' } });
    // A notice started today is not over, whatever date the review is entered for.
    const today = todayInChina();
    const fresh = await through(await create(), [['village', 'APPLY', today], ['village', 'PUBLISH_VILLAGE_NOTICE', today]]);
    expect(errorOf(await step('town', fresh, 'TOWN_REVIEW', today))).toMatchObject({ reason: 'NOTICE_NOT_OVER' });
    // An application missing the national library's fields is refused, naming each.
    const thin = await create(village, projectInput(R.village, { tasks: null, fundingLines: [], povertyReductionMechanism: null }));
    const e = await step('village', thin, 'APPLY', '2018-03-01');
    expect(errorOf(e)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PROJECT_ENTRY_FIELD_REQUIRED' });
    expect((e.body.errors![0].extensions as Json).problems.map((x: Json) => x.field)).toEqual(['tasks', 'povertyReductionMechanism', 'fundingLines']);
  });

  it('lets no project without performance targets enter the library (project.performance_target_required)', async () => {
    let p = await create(village, projectInput(R.village, { performanceTargets: [] }));
    p = await through(p, TO_LIBRARY.slice(0, 4));
    const before = await counts();
    expect(errorOf(await step('district', p, 'PUBLISH_LIBRARY_NOTICE', '2018-03-16'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PERFORMANCE_TARGETS_REQUIRED', field: 'performanceTargets' });
    expect(await counts()).toEqual(before);
    const fixed = ok(await t.gql(UPDATE, { i: { id: p.id, version: p.version, performanceTargets: [{ indicator: '户均增收', targetValue: '2000', unit: '元' }] } }, district.headers)).updateProject.project;
    expect((await go('district', fixed, 'PUBLISH_LIBRARY_NOTICE', '2018-03-16')).stage).toBe('LIBRARY_NOTICE');
  });

  it('side exits with a reason: rejected by the town or the district, removed from the library in the adjustment quarter only', async () => {
    const noticed = await through(await create(), TO_LIBRARY.slice(0, 2));
    expect(errorOf(await step('town', noticed, 'TOWN_REJECT', '2018-03-12'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED', field: 'input.reason' });
    const rejected = await go('town', noticed, 'TOWN_REJECT', '2018-03-12', { reason: '选址不在规划范围内' });
    expect(rejected).toMatchObject({ stage: 'REJECTED', exitReason: '选址不在规划范围内' });
    expect(errorOf(await step('town', rejected, 'TOWN_REVIEW', '2018-03-13'))).toMatchObject({ reason: 'ILLEGAL_TRANSITION', details: { stage: 'REJECTED' } });

    const reviewed = await through(await create(), TO_LIBRARY.slice(0, 3));
    expect((await go('district', reviewed, 'DISTRICT_REJECT', '2018-03-15', { reason: '资金规模超出年度计划' })).stage).toBe('REJECTED');

    const inLibrary = await through(await create(), TO_LIBRARY);
    // Q4 (project.library_adjust_quarter): outside it neither the plan nor the removal; the plan is the next year's.
    expect(errorOf(await step('district', inLibrary, 'REMOVE', '2018-06-01', { reason: '群众意愿变化' }))).toMatchObject({ code: 'CONFLICT', reason: 'OUTSIDE_ADJUSTMENT_QUARTER', field: 'input.effectiveOn', details: { quarter: 'Q4' } });
    expect(errorOf(await step('district', inLibrary, 'PLAN', '2018-09-30'))).toMatchObject({ reason: 'OUTSIDE_ADJUSTMENT_QUARTER' });
    expect(errorOf(await step('district', inLibrary, 'PLAN', '2018-10-08', { planYear: 2020 }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PLAN_YEAR_NOT_NEXT', field: 'input.planYear' });
    const removed = await go('district', inLibrary, 'REMOVE', '2018-10-08', { reason: '群众意愿变化' });
    expect(removed).toMatchObject({ stage: 'REMOVED', exitReason: '群众意愿变化' });
  });

  it('answers NOT_CONFIGURED, writing nothing, when a notice\'s period is not in force on the step\'s date', async () => {
    // project.notice_days.* are seeded from 2018-01-01: a notice started in 2017 has no period.
    const p = await go('village', await create(), 'APPLY', '2017-12-01');
    const before = await counts();
    expect(errorOf(await step('village', p, 'PUBLISH_VILLAGE_NOTICE', '2017-12-02'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.effectiveOn' });
    expect(await counts()).toEqual(before);
  });

  it('an objection within a notice sends the project back and withdraws the notice: recorded by an officer, or filed publicly', async () => {
    const inNotice = await through(await create(), TO_LIBRARY.slice(0, 5));
    expect(errorOf(await t.gql(OBJECTION, { i: { id: inNotice.id, version: inNotice.version, objection: '选址占用基本农田', receivedOn: '2018-03-26' } }, town.headers))).toMatchObject({ reason: 'OBJECTION_OUTSIDE_PERIOD' });
    const back = ok(await t.gql(OBJECTION, { i: { id: inNotice.id, version: inNotice.version, objection: '选址占用基本农田', receivedOn: '2018-03-20' } }, town.headers)).recordProjectObjection.project;
    expect(back).toMatchObject({ stage: 'TOWN_REVIEWED', objections: 1, noticeEndsOn: null });
    expect(back.events.at(-1)).toMatchObject({ action: 'OBJECTION', fromStage: 'LIBRARY_NOTICE', toStage: 'TOWN_REVIEWED', effectiveOn: '2018-03-20', note: '选址占用基本农田' });
    const [n] = await t.dataSource.query(`SELECT id, state FROM disclosure_notices WHERE subject_id = $1 AND kind = 'COUNTY_PROJECT_LIBRARY'`, [inNotice.id]);
    expect(n.state).toBe('WITHDRAWN');
    expect(await t.dataSource.query(`SELECT text, source FROM disclosure_objections WHERE notice_id = $1`, [n.id])).toEqual([{ text: '选址占用基本农田', source: 'OFFICER' }]);
    // Not a notice stage: refused.
    expect(errorOf(await t.gql(OBJECTION, { i: { id: back.id, version: back.version, objection: 'x', receivedOn: '2018-03-20' } }, town.headers))).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });
    // Decided again and noticed again.
    const again = await through(back, [['district', 'DISTRICT_APPROVE', '2018-03-27'], ['district', 'PUBLISH_LIBRARY_NOTICE', '2018-03-28']]);
    expect(again).toMatchObject({ stage: 'LIBRARY_NOTICE', noticeEndsOn: '2018-04-06' });

    // Publicly, through the disclosure module's public surface and the job runner: back to the village.
    const today = todayInChina();
    const fresh = await through(await create(), [['village', 'APPLY', today], ['village', 'PUBLISH_VILLAGE_NOTICE', today]]);
    const [notice] = await t.dataSource.query(`SELECT id FROM disclosure_notices WHERE subject_id = $1 AND state = 'PUBLISHED'`, [fresh.id]);
    const filed = await t.http.post(`/public/notices/${notice.id}/objections`).set('x-forwarded-for', '192.0.2.77').send({ text: '项目受益户名单不实' });
    expect(filed.status).toBe(201);
    t.get(JobRunner).poke();
    await waitFor(async () => (await t.dataSource.query(`SELECT 1 FROM projects WHERE id = $1 AND stage = 'APPLIED'`, [fresh.id])).length > 0 || null, { what: 'the project goes back to the village' });
    const got = ok(await t.gql(GET, { id: fresh.id }, village.headers)).project;
    expect(got).toMatchObject({ stage: 'APPLIED', objections: 1 });
    expect(got.events.at(-1)).toMatchObject({ action: 'OBJECTION', actorName: '公示异议' });
    expect((await t.dataSource.query(`SELECT state FROM disclosure_notices WHERE id = $1`, [notice.id]))[0].state).toBe('WITHDRAWN');
  });

  it('the disclosure deadline checks list a project whose notice stage has no notice (MISSING), not those noticed', async () => {
    const noticed = await through(await create(), [['village', 'APPLY', '2018-05-02'], ['village', 'PUBLISH_VILLAGE_NOTICE', '2018-05-03']]);
    const bare = await create();
    // A notice stage entered without its notice (written outside the procedure).
    await t.dataSource.query(`INSERT INTO project_events (project_id, region_code, action, to_stage, effective_on) VALUES ($1, $2, 'PUBLISH_LIBRARY_NOTICE', 'LIBRARY_NOTICE', '2018-05-04')`, [bare.id, R.village]);
    const res = ok(await t.gql(`query($from: LocalDate!, $to: LocalDate!) { disclosureProblems(from: $from, to: $to) { problem notice { id } subject { subjectType subjectId regionCode kind dueOn } } }`, { from: '2018-05-01', to: '2018-05-31' }, district.headers));
    const missing = res.disclosureProblems.filter((x: Json) => x.problem === 'MISSING').map((x: Json) => x.subject);
    expect(missing).toContainEqual({ subjectType: 'Project', subjectId: bare.id, regionCode: R.village, kind: 'COUNTY_PROJECT_LIBRARY', dueOn: '2018-05-04' });
    expect(missing.map((x: Json) => x.subjectId)).not.toContain(noticed.id);
  });

  it('a project and a page of projects with every child list cost one statement (besides the caller\'s principal)', async () => {
    const p = await through(await create(), TO_LIBRARY.slice(0, 2));
    for (const [q, v] of [
      [GET, { id: p.id }],
      [`query { projects(first: 20) { edges { node { ${PROJECT} } } } }`, {}],
    ] as const) {
      const { result, count } = await countQueries(() => t.gql(q, v, district.headers));
      expect(result.body.errors).toBeUndefined();
      expect(count).toBe(1);
    }
  });

  describe('the region × role × sector matrix over every operation', () => {
    const MISSING = '00000000-0000-4000-8000-000000000000';
    const notFound = (res: GqlResult) => (res.body.errors?.[0]?.extensions as Json | undefined)?.reason === 'PROJECT_NOT_FOUND';
    async function target(region: string, sector?: Sector, stage = 'DRAFT'): Promise<string> {
      const [p] = await t.dataSource.query(
        `INSERT INTO projects (region_code, sector, name, year, category, industry_type, construction_nature, budget_total, stage)
         VALUES ($1, $2, '矩阵项目', 2018, '产业发展', '特色加工业', 'NEW', '1.00', $3) RETURNING id`,
        [region, sector ?? null, stage],
      );
      return p.id;
    }
    /** A mutation reaches the project when it answers anything but the missing project's answer (a refused step is still reached). */
    const mutationOp = (name: string, run: MatrixOperation['run'], sector = true): MatrixOperation => ({
      name, missingId: MISSING, target: (r, s) => target(r, s), run, reached: (res) => !notFound(res) && res.status === 200, ...(sector ? { sector: { access: 'write' as const } } : {}),
    });
    const stepRun = (op: string, action: string) => (caller: SignedIn, id: string) => t.gql(stepMutation(op), { i: { id, version: 1, action, effectiveOn: '2018-03-01' } }, caller.headers);

    it('project (read): every reader reaches its subtree, every sector', async () => {
      const findings = await checkRegionMatrix(t, {
        name: 'Query.project', missingId: MISSING, sector: { access: 'read' }, target: (r, s) => target(r, s),
        run: (caller, id) => t.gql(`query($id: ID!) { project(id: $id) { id } }`, { id }, caller.headers),
        reached: (res) => !!(res.body.data as Json | undefined)?.project?.id,
      }, [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR]);
      expect(findings).toEqual([]);
    });

    it('updateProject and the works steps: writers in their subtree, a sector officer its own sector only', async () => {
      const writers = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
      const update = mutationOp('Mutation.updateProject', (caller, id) => t.gql(UPDATE, { i: { id, version: 1, name: '矩阵项目（改）' } }, caller.headers));
      expect(await checkRegionMatrix(t, { ...update, reached: (res) => !!(res.body.data as Json | undefined)?.updateProject }, writers)).toEqual([]);
      expect(await checkRegionMatrix(t, mutationOp('Mutation.projectWorksStep', stepRun('projectWorksStep', 'START')), writers)).toEqual([]);
      expect(await checkRegionMatrix(t, mutationOp('Mutation.recordProjectObjection', (caller, id) => t.gql(OBJECTION, { i: { id, version: 1, objection: '异议', receivedOn: '2018-03-01' } }, caller.headers)), writers)).toEqual([]);
    });

    it('the village, town and district steps: each level in its subtree', async () => {
      expect(await checkRegionMatrix(t, mutationOp('Mutation.projectVillageStep', stepRun('projectVillageStep', 'APPLY'), false), [Role.VILLAGE_OFFICER])).toEqual([]);
      expect(await checkRegionMatrix(t, mutationOp('Mutation.projectTownStep', stepRun('projectTownStep', 'TOWN_REVIEW'), false), [Role.TOWN_OFFICER])).toEqual([]);
      expect(await checkRegionMatrix(t, mutationOp('Mutation.projectDistrictStep', stepRun('projectDistrictStep', 'DISTRICT_APPROVE'), false), [Role.DISTRICT_OFFICER])).toEqual([]);
    });

    it('a role without the permission is refused every write', async () => {
      const id = await target(R.village);
      for (const [op, who] of [['projectVillageStep', town], ['projectTownStep', village], ['projectDistrictStep', town], ['projectWorksStep', supervisor]] as const) {
        expect(errorOf(await t.gql(stepMutation(op), { i: { id, version: 1, action: 'APPLY' } }, who.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
      }
      expect(errorOf(await t.gql(CREATE, { i: projectInput(R.village) }, supervisor.headers))).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
