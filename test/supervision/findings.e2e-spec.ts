import { GraphQLSchemaHost } from '@nestjs/graphql';
import ExcelJS from 'exceljs';
import { Role, Sector } from '../../src/common/access/permissions';
import { undescribedSchemaElements } from '../../src/common/graphql/schema-descriptions';
import { pendingSchemaChanges } from '../../src/database/schema-diff';
import { createAccountsAsSystem } from '../../src/identity/bootstrap-admin';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { countQueries } from '../support/query-counter';
import { loadRegions, login, PASSWORD, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, householdInput, householdNumber } from '../households/registry-fixtures';
import { maskName } from '../../src/common/crypto/mask';
import { drawSample } from '../../src/supervision/inspection-sample';
import { FINDING_LEDGER_COLUMNS, VISIT_SHEET_COLUMNS } from '../../src/supervision/supervision-exports';
import { binary, csvRows } from '../support/roster-import';
import { findingInput, GET, insertFinding, LEDGER, PROGRESS, RECTIFY, REGISTER, SUPERVISE } from './supervision-fixtures';

type Json = Record<string, any>;

const INSPECTION = `id regionCode inspectionType title organiser leader startOn endOn report reportedOn version
  sample { seed towns drawnAt strata { townCode villages households drawn villagePopulation sampledVillages { villageCode householdPopulation } } }`;

const LIST = `query($r: String, $s: FindingStage, $src: FindingSource, $c: String, $o: Boolean, $h: ID, $p: ID, $first: Int, $after: String) {
  supervisionFindings(regionCode: $r, stage: $s, source: $src, category: $c, overdue: $o, householdId: $h, projectId: $p, first: $first, after: $after) {
    totalCount edges { node { id stage events { action } } } pageInfo { hasNextPage endCursor } } }`;
const CREATE_PROJECT = `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } } }`;

describe('supervision findings (督查问题, issue #20): registration, the procedure to 销号, the rectification ledger, access', () => {
  let t: TestApp;
  let district: SignedIn;
  let supervisor: SignedIn;
  let townSupervisor: SignedIn;
  let discipline: SignedIn;
  let education: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let siblingTown: SignedIn;
  let auditor: SignedIn;
  let h1: Json;
  let hSameTown: Json;
  let far: Json;
  let project: string;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    townSupervisor = await signIn(t, Role.SUPERVISOR, R.town);
    discipline = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.DISCIPLINE_INSPECTION });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    auditor = await signIn(t, Role.AUDITOR, R.district);
    h1 = await createHousehold(t, district, householdInput(R.village));
    hSameTown = await createHousehold(t, district, householdInput(R.villageSameTown));
    far = await createHousehold(t, district, householdInput(R.villageOfSiblingTown));
    const res = await t.gql(CREATE_PROJECT, {
      i: {
        regionCode: R.village, name: '北峡窝村督查关联项目', year: 2018, category: '产业发展', industryType: '特色加工业', constructionNature: 'NEW',
        budgetTotal: '50000.00', fundingLines: [{ level: 'DISTRICT', channel: '区本级', amount: '50000.00' }],
      },
    }, village.headers);
    project = dataOf(res).createProject.project.id as string;
  });
  afterAll(() => t?.close());

  const register = async (who: SignedIn, over: Json = {}, region: string = R.village): Promise<Json> =>
    dataOf(await t.gql(REGISTER, { i: findingInput(region, over) }, who.headers)).registerSupervisionFinding.finding;
  const supervise = (who: SignedIn, i: Json) => t.gql(SUPERVISE, { i }, who.headers);
  const rectify = (who: SignedIn, i: Json) => t.gql(RECTIFY, { i }, who.headers);
  const get = async (who: SignedIn, id: string): Promise<Json | null> => dataOf(await t.gql(GET, { id }, who.headers)).supervisionFinding;
  const counts = async (): Promise<Json> =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM supervision_findings) AS findings, (SELECT count(*)::int FROM supervision_finding_events) AS events,
                (SELECT count(*)::int FROM audit_log WHERE entity_type LIKE 'Supervision%') AS audits`,
      )
    )[0];
  const auditRows = (id: string): Promise<Json[]> =>
    t.dataSource.query(`SELECT operation, actor_type, changes, reason FROM audit_log WHERE entity_type = 'SupervisionFinding' AND entity_id = $1 ORDER BY seq`, [id]);
  const feedParts = async (id: string): Promise<string[]> => {
    const rows: Json[] = await t.dataSource.query(`SELECT root_type, parts FROM change_feed WHERE root_id = $1`, [id]);
    expect(rows.every((r) => r.root_type === 'SupervisionFinding')).toBe(true);
    return [...new Set(rows.flatMap((r) => r.parts as string[]))].sort();
  };

  it('plugs in: entities and migrations agree, every GraphQL element it adds is described', async () => {
    expect((await pendingSchemaChanges(t.dataSource)).up).toEqual([]);
    expect(undescribedSchemaElements(t.get(GraphQLSchemaHost).schema)).toEqual([]);
  });

  it('registers a finding with its household and project, audited, in the feed, read in scope only', async () => {
    const before = await counts();
    const f = await register(district, { householdId: h1.id, projectId: project });
    expect(f).toMatchObject({
      source: 'INSPECTION', sourceReference: '督查〔2018〕3号', category: '工作措施不精准', subitem: '识别不精准', regionCode: R.village,
      householdId: h1.id, projectId: project, severity: 'GENERAL', foundOn: '2018-05-10', deadline: '2018-06-30', stage: 'REGISTERED',
      lastStepOn: '2018-05-11', overdue: false, overdueSince: null, letter: null, version: 1, availableActions: ['ASSIGN', 'REFER'],
      rectification: { measures: null, result: null, evidence: [], progressNotes: [], acceptedOn: null },
    });
    expect(f.events).toEqual([{ action: 'REGISTER', fromStage: null, toStage: 'REGISTERED', effectiveOn: '2018-05-11', actorName: district.username, note: null, evidence: [] }]);
    expect(await counts()).toEqual({ findings: before.findings + 1, events: before.events + 1, audits: before.audits + 1 });
    expect(await auditRows(f.id)).toEqual([
      expect.objectContaining({ operation: 'supervision.registerFinding', actor_type: 'user', changes: expect.objectContaining({ stage: { from: null, to: 'REGISTERED' }, deadline: { from: null, to: '2018-06-30' } }) }),
    ]);
    expect(await feedParts(f.id)).toEqual(['events', 'finding']);

    // The responsible village and town read it (the village may not assign it); auditors read; a sibling town does not see it.
    expect(await get(village, f.id)).toMatchObject({ id: f.id, availableActions: [] });
    expect(await get(town, f.id)).toMatchObject({ id: f.id });
    expect(await get(auditor, f.id)).toMatchObject({ id: f.id, availableActions: [] });
    expect(await get(education, f.id)).toMatchObject({ id: f.id, availableActions: [] });
    expect(await get(discipline, f.id)).toMatchObject({ id: f.id, availableActions: ['ASSIGN', 'REFER'] });
    expect(await get(siblingTown, f.id)).toBeNull();
  });

  it('refuses bad input with a coded error naming the field, and writes nothing', async () => {
    const before = await counts();
    const refused = async (who: SignedIn, over: Json, region: string = R.village) => errorOf(await t.gql(REGISTER, { i: findingInput(region, over) }, who.headers));
    expect(await refused(district, { deadline: '2018-05-09' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FINDING_DEADLINE_BEFORE_FOUND', field: 'input.deadline' });
    expect(await refused(district, { category: '其他问题' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CODE_NOT_LISTED', field: 'input.category' });
    // The sub-item list is incomplete in RULES.md: only its listed codes are accepted, and the answer says so; "…" is no code.
    const notListed = await refused(district, { subitem: '扶贫资金闲置' });
    expect(notListed).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FINDING_SUBITEM_NOT_LISTED', field: 'input.subitem', details: { incomplete: true } });
    expect(notListed.details.listed).toEqual(['识别不精准', '退出不守标准程序', '资金项目监管不严', '村级数据一年只填报一次']);
    expect(await refused(district, { subitem: '…' })).toMatchObject({ reason: 'FINDING_SUBITEM_NOT_LISTED', field: 'input.subitem' });
    // The lists are in force 2018–2020: a finding found in 2021 is "not configured", never a guess.
    expect(await refused(district, { foundOn: '2021-03-01', deadline: '2021-04-01', registeredOn: '2021-03-02' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.category' });
    expect(await refused(district, { householdId: hSameTown.id })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FINDING_LINK_OUTSIDE_PLACE', field: 'input.householdId' });
    expect(await refused(district, { projectId: project }, R.villageSameTown)).toMatchObject({ reason: 'FINDING_LINK_OUTSIDE_PLACE', field: 'input.projectId' });
    expect(await refused(district, { projectId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND', reason: 'PROJECT_NOT_FOUND', field: 'input.projectId' });
    expect(await refused(townSupervisor, { householdId: far.id })).toMatchObject({ code: 'NOT_FOUND', reason: 'HOUSEHOLD_NOT_FOUND', field: 'input.householdId' });
    expect(await refused(townSupervisor, {}, R.villageOfSiblingTown)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
    expect(await refused(district, {}, '410106100299')).toMatchObject({ code: 'NOT_FOUND', reason: 'REGION_NOT_FOUND', field: 'input.regionCode' });
    expect(await refused(district, { foundOn: '2999-01-01', deadline: '2999-02-01' })).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'input.foundOn' });
    expect(await refused(district, { registeredOn: '2018-05-01' })).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP', field: 'input.registeredOn' });
    expect(await refused(district, { leadUnit: '  ' })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.leadUnit' });
    expect(await refused(district, { severity: 'MILD' })).toMatchObject({ code: 'BAD_USER_INPUT' });
    // Of the sector departments only discipline inspection supervises; the responsible side and auditors do not register.
    expect(await refused(education, {})).toMatchObject({ code: 'FORBIDDEN', reason: 'SUPERVISION_SECTOR_REQUIRED' });
    expect(await refused(town, {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused(auditor, {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);
    // Discipline inspection registers (source DISCIPLINE).
    expect(await register(discipline, { source: 'DISCIPLINE', subitem: null })).toMatchObject({ source: 'DISCIPLINE', subitem: null, stage: 'REGISTERED' });
  });

  it('takes a finding through assignment, rectification, a failed and a passed acceptance to 销号, each step an event and an audit row', async () => {
    const f = await register(district);
    const step = async (who: SignedIn, side: 'supervise' | 'rectify', i: Json): Promise<Json> => {
      const res = await (side === 'supervise' ? supervise : rectify)(who, { id: f.id, ...i });
      const d = dataOf(res);
      return (d.superviseFindingStep ?? d.rectifyFindingStep).finding;
    };
    const refusedStep = async (who: SignedIn, side: 'supervise' | 'rectify', i: Json) => errorOf(await (side === 'supervise' ? supervise : rectify)(who, { id: f.id, ...i }));

    // Skipping steps: nothing to rectify before assignment; no 销号 without acceptance.
    expect(await refusedStep(village, 'rectify', { version: 1, action: 'START_RECTIFICATION' })).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', field: 'input.action' });
    expect(await refusedStep(district, 'supervise', { version: 1, action: 'CLOSE' })).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    expect(await refusedStep(district, 'supervise', { version: 1, action: 'ACCEPT', opinion: '好' })).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });
    expect(await refusedStep(education, 'supervise', { version: 1, action: 'ASSIGN' })).toMatchObject({ code: 'FORBIDDEN', reason: 'SUPERVISION_SECTOR_REQUIRED' });

    let x = await step(district, 'supervise', { version: 1, action: 'ASSIGN', effectiveOn: '2018-05-12', note: '交镇政府整改', evidence: ['交办单〔2018〕7号'] });
    expect(x).toMatchObject({ stage: 'ASSIGNED', lastStepOn: '2018-05-12', version: 2, availableActions: ['REFER'] });
    // A rectifying step is not taken through the supervising operation, nor by its holders.
    expect(await refusedStep(district, 'supervise', { version: 2, action: 'START_RECTIFICATION' })).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    expect(await refusedStep(district, 'rectify', { version: 2, action: 'START_RECTIFICATION' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await get(village, f.id)).toMatchObject({ availableActions: ['START_RECTIFICATION'] });
    expect(await refusedStep(village, 'rectify', { version: 1, action: 'START_RECTIFICATION' })).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(await refusedStep(village, 'rectify', { version: 2, action: 'START_RECTIFICATION', effectiveOn: '2018-05-11' })).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP', field: 'input.effectiveOn' });
    expect(await refusedStep(village, 'rectify', { version: 2, action: 'START_RECTIFICATION', effectiveOn: '2999-01-01' })).toMatchObject({ reason: 'DATE_IN_FUTURE' });

    x = await step(village, 'rectify', { version: 2, action: 'START_RECTIFICATION', effectiveOn: '2018-05-15' });
    expect(x).toMatchObject({ stage: 'RECTIFYING', version: 3 });
    // The ledger must hold measures and result before acceptance is requested.
    const incomplete = await rectify(village, { id: f.id, version: 3, action: 'REQUEST_ACCEPTANCE', effectiveOn: '2018-06-20' });
    expect(incomplete.body.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [expect.objectContaining({ field: 'input.measures', reason: 'RECTIFICATION_INCOMPLETE' }), expect.objectContaining({ field: 'input.result', reason: 'RECTIFICATION_INCOMPLETE' })],
    });
    const ledger = async (who: SignedIn, i: Json) => t.gql(LEDGER, { i: { id: f.id, ...i } }, who.headers);
    expect(errorOf(await ledger(village, { version: 2, measures: '补齐档案' }))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await ledger(village, { version: 3, plannedOn: '2018-05-01' }))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.plannedOn' });
    expect(errorOf(await ledger(siblingTown, { version: 3, measures: '越权' }))).toMatchObject({ code: 'NOT_FOUND', reason: 'FINDING_NOT_FOUND' });
    x = dataOf(await ledger(village, { version: 3, measures: '逐户核对档案，调整帮扶措施', plannedOn: '2018-06-20', evidence: ['整改方案.pdf'] })).recordRectification.finding;
    expect(x.rectification).toMatchObject({ measures: '逐户核对档案，调整帮扶措施', plannedOn: '2018-06-20', evidence: ['整改方案.pdf'], result: null });
    const progress = (who: SignedIn, i: Json) => t.gql(PROGRESS, { i: { findingId: f.id, ...i } }, who.headers);
    expect(errorOf(await progress(village, { notedOn: '2018-05-01', note: '早于发现' }))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.notedOn' });
    expect(errorOf(await progress(village, { notedOn: '2018-06-01', note: '  ' }))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.note' });
    x = dataOf(await progress(town, { notedOn: '2018-06-01', note: '已完成 12 户档案核对', evidence: ['核对表.xlsx'] })).addRectificationProgress.finding;
    expect(x.rectification.progressNotes).toEqual([{ notedOn: '2018-06-01', note: '已完成 12 户档案核对', evidence: ['核对表.xlsx'], actorName: town.username }]);
    // The same values again: no write, no new version, no audit row.
    expect(dataOf(await ledger(town, { version: 4, measures: '逐户核对档案，调整帮扶措施', evidence: ['整改方案.pdf'] })).recordRectification.finding).toMatchObject({ version: 4 });
    x = dataOf(await ledger(town, { version: 4, result: '档案补齐，措施与致贫原因对应' })).recordRectification.finding;
    expect(x).toMatchObject({ version: 5, rectification: { result: '档案补齐，措施与致贫原因对应', measures: '逐户核对档案，调整帮扶措施' } });

    x = await step(village, 'rectify', { version: 5, action: 'REQUEST_ACCEPTANCE', effectiveOn: '2018-06-20' });
    expect(x).toMatchObject({ stage: 'ACCEPTANCE_REQUESTED', availableActions: [] });
    expect(errorOf(await ledger(village, { version: 6, result: '改' }))).toMatchObject({ code: 'CONFLICT', reason: 'RECTIFICATION_NOT_OPEN' });
    expect(errorOf(await progress(village, { notedOn: '2018-06-21', note: '晚了' }))).toMatchObject({ reason: 'RECTIFICATION_NOT_OPEN' });
    // Acceptance needs an opinion; failed acceptance sends the finding back to rectification.
    expect(await refusedStep(district, 'supervise', { version: 6, action: 'ACCEPT' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STEP_INPUT_REQUIRED', field: 'input.opinion' });
    x = await step(district, 'supervise', { version: 6, action: 'FAIL_ACCEPTANCE', opinion: '佐证材料不足', effectiveOn: '2018-06-22' });
    expect(x).toMatchObject({ stage: 'RECTIFYING', rectification: { acceptedOn: null, acceptanceOpinion: null } });
    x = await step(village, 'rectify', { version: 7, action: 'REQUEST_ACCEPTANCE', effectiveOn: '2018-06-28', evidence: ['补充材料.pdf'] });
    expect(x).toMatchObject({ stage: 'ACCEPTANCE_REQUESTED', version: 8 });
    expect(await refusedStep(supervisor, 'supervise', { version: 8, action: 'ACCEPT', opinion: '到位', effectiveOn: '2018-06-27' })).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP' });
    x = await step(supervisor, 'supervise', { version: 8, action: 'ACCEPT', opinion: '整改到位', acceptor: '区督查组张某', effectiveOn: '2018-06-29' });
    expect(x).toMatchObject({ stage: 'ACCEPTED', availableActions: ['CLOSE'], rectification: { acceptor: '区督查组张某', acceptedOn: '2018-06-29', acceptanceOpinion: '整改到位' } });
    x = await step(discipline, 'supervise', { version: 9, action: 'CLOSE', effectiveOn: '2018-07-02' });
    expect(x).toMatchObject({ stage: 'CLOSED', closedOn: '2018-07-02', availableActions: [], version: 10 });
    expect(await refusedStep(district, 'supervise', { version: 10, action: 'REFER', reason: '迟了' })).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });

    expect(x.events.map((e: Json) => e.action)).toEqual(['REGISTER', 'ASSIGN', 'START_RECTIFICATION', 'REQUEST_ACCEPTANCE', 'FAIL_ACCEPTANCE', 'REQUEST_ACCEPTANCE', 'ACCEPT', 'CLOSE']);
    expect(x.events[1]).toMatchObject({ fromStage: 'REGISTERED', toStage: 'ASSIGNED', effectiveOn: '2018-05-12', actorName: district.username, note: '交镇政府整改', evidence: ['交办单〔2018〕7号'] });
    expect(x.events[4]).toMatchObject({ fromStage: 'ACCEPTANCE_REQUESTED', toStage: 'RECTIFYING', note: '佐证材料不足' });
    expect(x.events[5]).toMatchObject({ evidence: ['补充材料.pdf'] });
    const audits = await auditRows(f.id);
    expect(audits.map((r) => r.operation)).toEqual([
      'supervision.registerFinding', 'supervision.step', 'supervision.step', 'supervision.recordRectification', 'supervision.recordRectification',
      'supervision.step', 'supervision.step', 'supervision.step', 'supervision.step', 'supervision.step',
    ]);
    expect(audits[1].changes).toMatchObject({ action: 'ASSIGN', stage: { from: 'REGISTERED', to: 'ASSIGNED' }, effectiveOn: '2018-05-12' });
    expect(audits[3].changes).toMatchObject({ rectificationMeasures: { from: null, to: '逐户核对档案，调整帮扶措施' } });
    const [note] = await t.dataSource.query(`SELECT operation, region_code FROM audit_log WHERE entity_type = 'SupervisionProgressNote' AND changes::text LIKE '%12 户%'`);
    expect(note).toEqual({ operation: 'supervision.addProgressNote', region_code: R.village });
    expect(await feedParts(f.id)).toEqual(['events', 'finding', 'progress']);
  });

  it('refers a finding to discipline inspection (a side exit) only with a reason; nothing follows it', async () => {
    const f = await register(supervisor);
    expect(errorOf(await supervise(supervisor, { id: f.id, version: 1, action: 'REFER' }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED', field: 'input.reason' });
    const x = dataOf(await supervise(supervisor, { id: f.id, version: 1, action: 'REFER', reason: '涉嫌虚报冒领，移交区纪委', effectiveOn: '2018-05-20' })).superviseFindingStep.finding;
    expect(x).toMatchObject({ stage: 'REFERRED', referredOn: '2018-05-20', referralReason: '涉嫌虚报冒领，移交区纪委', availableActions: [] });
    expect(errorOf(await supervise(supervisor, { id: f.id, version: 2, action: 'ASSIGN' }))).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    expect((await auditRows(f.id)).at(-1)).toMatchObject({ operation: 'supervision.step', reason: '涉嫌虚报冒领，移交区纪委' });
  });

  it('does not let the person who requested the acceptance decide it (one account holding both sides)', async () => {
    const username = `both-${Date.now()}`;
    await createAccountsAsSystem(t.service.app, [
      { username, displayName: username, password: PASSWORD, regionCode: R.town, roles: [Role.TOWN_OFFICER, Role.SUPERVISOR], sector: null },
    ]);
    const both = await login(t, username);
    const id = await insertFinding(t, R.village, { stage: 'RECTIFYING', rectification_measures: '措施', rectification_result: '结果' });
    dataOf(await rectify(both, { id, version: 1, action: 'REQUEST_ACCEPTANCE', effectiveOn: '2018-06-01' }));
    expect(errorOf(await supervise(both, { id, version: 2, action: 'ACCEPT', opinion: '自验', effectiveOn: '2018-06-02' }))).toMatchObject({ code: 'CONFLICT', reason: 'ACCEPTANCE_BY_RESPONSIBLE_SIDE' });
    expect(errorOf(await supervise(both, { id, version: 2, action: 'FAIL_ACCEPTANCE', opinion: '自验', effectiveOn: '2018-06-02' }))).toMatchObject({ reason: 'ACCEPTANCE_BY_RESPONSIBLE_SIDE' });
    expect(dataOf(await supervise(townSupervisor, { id, version: 2, action: 'ACCEPT', opinion: '整改到位', effectiveOn: '2018-06-02' })).superviseFindingStep.finding).toMatchObject({ stage: 'ACCEPTED' });
  });

  it('lists findings in scope by region, stage, source, category, household and project, page by page', async () => {
    const list = async (who: SignedIn, v: Json) => dataOf(await t.gql(LIST, v, who.headers)).supervisionFindings;
    const all = await list(district, { first: 100 });
    expect(all.totalCount).toBeGreaterThanOrEqual(5);
    const page1 = await list(district, { first: 2 });
    const page2 = await list(district, { first: 100, after: page1.pageInfo.endCursor });
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect((await list(district, { h: h1.id, first: 10 })).totalCount).toBe(1);
    expect((await list(district, { p: project, first: 10 })).totalCount).toBe(1);
    expect((await list(district, { s: 'CLOSED', first: 10 })).edges[0].node.events.map((e: Json) => e.action)).toContain('CLOSE');
    expect((await list(district, { src: 'DISCIPLINE', first: 10 })).totalCount).toBe(1);
    expect((await list(district, { c: '资金管理使用不规范', first: 10 })).totalCount).toBe(0);
    expect((await list(district, { o: true, first: 10 })).totalCount).toBe(0);
    expect((await list(district, { r: R.villageSameTown, first: 10 })).totalCount).toBe(0);
    expect((await list(village, { first: 100 })).totalCount).toBe(all.totalCount);
    expect((await list(siblingTown, { first: 100 })).totalCount).toBe(0);
    expect(errorOf(await t.gql(LIST, { r: '4101', first: 10 }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
  });

  it('exports the findings with their rectification ledger (GET /exchange/exports/supervision-findings) with Chinese headers, in the caller\'s region, audited', async () => {
    const exported = (who: SignedIn, query: Record<string, string> = {}) => t.http.get('/exchange/exports/supervision-findings').query(query).set(who.headers).buffer(true);
    const res = await exported(district);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...lines] = csvRows(res.text);
    expect(header).toEqual(FINDING_LEDGER_COLUMNS.columns.map((c) => c.header));
    const col = (h: string) => header.indexOf(h);
    const STAGES: Json = { REGISTERED: '已登记', ASSIGNED: '已交办', RECTIFYING: '整改中', ACCEPTANCE_REQUESTED: '已申请验收', ACCEPTED: '验收通过', CLOSED: '已销号', REFERRED: '已移交纪检' };
    const stored: Json[] = await t.dataSource.query(
      `SELECT id::text, region_code, description, found_on::text, stage::text, coalesce(rectification_measures, '') AS measures, coalesce(acceptor, '') AS acceptor, coalesce(closed_on::text, '') AS closed_on
         FROM supervision_findings ORDER BY found_on, id::text`,
    );
    expect(stored.length).toBeGreaterThanOrEqual(5);
    const pick = (l: string[]) => [l[col('问题编号')], l[col('所在区划代码')], l[col('问题描述')], l[col('发现日期')], l[col('整改阶段')], l[col('整改措施')], l[col('验收人')], l[col('销号日期')]];
    expect(lines.map(pick)).toEqual(stored.map((f) => [f.id, f.region_code, f.description, f.found_on, STAGES[f.stage], f.measures, f.acceptor, f.closed_on]));
    // The closed finding of the procedure test: its ledger, acceptance and progress notes on its row.
    const closed = lines.find((l) => l[col('整改阶段')] === '已销号')!;
    expect(closed[col('整改措施')]).not.toBe('');
    expect(closed[col('整改进展')]).not.toBe('');
    expect(closed[col('验收日期')]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(closed[col('严重程度')]).toMatch(/^(一般|较重|严重)$/);
    // A village officer's file holds its village's findings only; a sibling town's none; the region asked narrows.
    const villageRows = csvRows((await exported(village)).text).slice(1);
    expect(villageRows.map((l) => l[0]).sort()).toEqual(stored.filter((f) => f.region_code === R.village).map((f) => f.id).sort());
    expect(csvRows((await exported(siblingTown)).text)).toHaveLength(1);
    expect(csvRows((await exported(district, { regionCode: R.villageSameTown })).text)).toHaveLength(1);
    expect((await exported(siblingTown, { regionCode: R.village })).status).toBe(404);
    const [audit] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq DESC LIMIT 1`);
    expect(audit.changes).toMatchObject({ kind: 'supervision-findings', filters: { regionCode: R.villageSameTown } });
  });

  it('reads a page with its findings\' steps, progress notes and letters in a fixed number of statements', async () => {
    const NESTED = `query($first: Int) { supervisionFindings(first: $first) { edges { node { id events { action } letter { number } rectification { progressNotes { note } } } } } }`;
    const page = async (first: number) => countQueries(async () => dataOf(await t.gql(NESTED, { first }, district.headers)).supervisionFindings.edges.length);
    const small = await page(2);
    const large = await page(50);
    expect(small.result).toBe(2);
    expect(large.result).toBeGreaterThan(4);
    expect(large.count).toBe(small.count);
  });

  describe('region × role × sector matrix', () => {
    const missingId = '00000000-0000-4000-8000-000000000000';
    const at = (stage: string) => (region: string) => insertFinding(t, region, { stage });
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.AUDITOR];
    const SUPERVISING = [Role.DISTRICT_OFFICER, Role.SUPERVISOR, Role.SECTOR_OFFICER];
    const RECTIFYING = [Role.TOWN_OFFICER, Role.VILLAGE_OFFICER];
    const reached = (op: string) => (res: { body: Json }) => !!(res.body.data as Json | undefined)?.[op]?.finding?.id;
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.supervisionFinding', missingId, target: at('REGISTERED'), run: (c, id) => t.gql(GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.supervisionFinding?.id }, READERS],
      [
        {
          name: 'Mutation.superviseFindingStep', missingId, target: at('REGISTERED'), sectorOfficer: Sector.DISCIPLINE_INSPECTION,
          run: (c, id) => t.gql(SUPERVISE, { i: { id, version: 1, action: 'ASSIGN', effectiveOn: '2018-05-02' } }, c.headers), reached: reached('superviseFindingStep'),
        },
        SUPERVISING,
      ],
      [
        {
          name: 'Mutation.rectifyFindingStep', missingId, target: at('ASSIGNED'),
          run: (c, id) => t.gql(RECTIFY, { i: { id, version: 1, action: 'START_RECTIFICATION', effectiveOn: '2018-05-02' } }, c.headers), reached: reached('rectifyFindingStep'),
        },
        RECTIFYING,
      ],
      [
        { name: 'Mutation.recordRectification', missingId, target: at('ASSIGNED'), run: (c, id) => t.gql(LEDGER, { i: { id, version: 1, measures: '矩阵' } }, c.headers), reached: reached('recordRectification') },
        RECTIFYING,
      ],
      [
        {
          name: 'Mutation.addRectificationProgress', missingId, target: at('RECTIFYING'),
          run: (c, id) => t.gql(PROGRESS, { i: { findingId: id, notedOn: '2018-05-02', note: '矩阵' } }, c.headers), reached: reached('addRectificationProgress'),
        },
        RECTIFYING,
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });

    it('refuses the operations to the roles that do not hold their permission', async () => {
      const id = await insertFinding(t, R.village, { stage: 'ASSIGNED' });
      expect(errorOf(await t.gql(SUPERVISE, { i: { id, version: 1, action: 'REFER', reason: '越权' } }, town.headers))).toMatchObject({ code: 'FORBIDDEN' });
      expect(errorOf(await t.gql(SUPERVISE, { i: { id, version: 1, action: 'REFER', reason: '越权' } }, auditor.headers))).toMatchObject({ code: 'FORBIDDEN' });
      for (const who of [district, supervisor, discipline, auditor]) {
        expect(errorOf(await t.gql(RECTIFY, { i: { id, version: 1, action: 'START_RECTIFICATION' } }, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
        expect(errorOf(await t.gql(LEDGER, { i: { id, version: 1, measures: '越权' } }, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(await get(auditor, id)).toMatchObject({ stage: 'ASSIGNED', version: 1 });
    });
  });
  describe('inspections (督查检查): the seeded sample, the visit sheet, findings of an inspection', () => {
    const CREATE_INSPECTION = `mutation($i: CreateInspectionInput!) { createInspection(input: $i) { inspection { ${INSPECTION} } } }`;
    const DRAW = `mutation($i: DrawInspectionSampleInput!) { drawInspectionSample(input: $i) { inspection { ${INSPECTION} } } }`;
    const REPORT = `mutation($i: RecordInspectionReportInput!) { recordInspectionReport(input: $i) { inspection { ${INSPECTION} } } }`;
    const INSPECTION_GET = `query($id: ID!) { inspection(id: $id) { ${INSPECTION} } }`;
    const SHEET = `query($id: ID!, $first: Int, $after: String) { inspectionVisitSheet(inspectionId: $id, first: $first, after: $after) {
      totalCount edges { node { ordinal townCode townName villageCode villageName householdId householdNumber headNameMasked } } pageInfo { hasNextPage endCursor } } }`;
    const PER_VILLAGE = 3;
    let villages: string[];
    /** Each village's households on the roll, by number then id (the documented population order). */
    const population = new Map<string, string[]>();

    const create = async (over: Json = {}, who: SignedIn = supervisor): Promise<Json> =>
      dataOf(await t.gql(CREATE_INSPECTION, { i: { regionCode: R.town, inspectionType: 'UNANNOUNCED', title: '2018年第二季度暗访', organiser: '区脱贫攻坚督查组', leader: '赵某', startOn: '2018-05-02', endOn: '2018-05-06', ...over } }, who.headers)).createInspection.inspection;
    const draw = (i: Json, over: Json = {}) => t.gql(DRAW, { i: { id: i.id, version: i.version, seed: 'e2e-seed', strata: [{ townCode: R.town, villages: 2, households: 2 }], ...over } }, supervisor.headers);
    const sheet = async (id: string, who: SignedIn = supervisor): Promise<Json[]> => {
      const out: Json[] = [];
      let after: string | null = null;
      for (;;) {
        const c: Json = dataOf(await t.gql(SHEET, { id, first: 5, after }, who.headers)).inspectionVisitSheet;
        out.push(...c.edges.map((e: Json) => e.node));
        if (!c.pageInfo.hasNextPage) return out;
        after = c.pageInfo.endCursor;
      }
    };

    beforeAll(async () => {
      villages = ((await t.dataSource.query(`SELECT code FROM regions WHERE parent_code = $1 AND level = 'village' ORDER BY code`, [R.town])) as Json[]).map((r) => r.code);
      // Every village of the town gets PER_VILLAGE households on the roll: h1 and hSameTown (with heads) and rows written directly.
      await activate(t, h1.id);
      await activate(t, hSameTown.id);
      for (const v of villages) {
        const own = v === R.village || v === R.villageSameTown ? 1 : 0;
        for (let k = own; k < PER_VILLAGE; k++) {
          await t.dataSource.query(`INSERT INTO households (household_number, region_code, attribute, primary_cause, validity, status) VALUES ($1, $2, 'GENERAL_POOR', 'ILLNESS', 'ACTIVE', 'NOT_EXITED')`, [householdNumber(), v]);
        }
        const rows = (await t.dataSource.query(`SELECT id FROM households WHERE region_code = $1 AND validity = 'ACTIVE' ORDER BY household_number, id`, [v])) as Json[];
        population.set(v, rows.map((r) => r.id));
      }
      expect(villages.length).toBeGreaterThanOrEqual(3);
    });

    it('draws the stratified sample of the seed, records seed, plan and populations, and lists it on the visit sheet', async () => {
      const i = await create();
      expect(i).toMatchObject({ inspectionType: 'UNANNOUNCED', regionCode: R.town, sample: null, version: 1 });
      const drawn = dataOf(await draw(i)).drawInspectionSample.inspection;
      // The expected sample, drawn by the documented procedure over the population read here.
      const expected = drawSample('e2e-seed', null, [{ townCode: R.town, villages: 2, households: 2 }], { villagesOf: () => villages, householdsOf: (v) => population.get(v) ?? [] });
      if (!expected.ok) throw new Error('expected a sample');
      expect(drawn.version).toBe(2);
      expect(drawn.sample).toMatchObject({ seed: 'e2e-seed', towns: null, strata: [{ townCode: R.town, villages: 2, households: 2, drawn: true, villagePopulation: villages.length }] });
      expect(drawn.sample.strata[0].sampledVillages).toEqual(expected.plan.strata[0].sampledVillages);
      expect(drawn.sample.strata[0].sampledVillages.map((v: Json) => v.householdPopulation)).toEqual([PER_VILLAGE, PER_VILLAGE]);
      const rows = await sheet(i.id);
      expect(rows.map((r) => [r.ordinal, r.townCode, r.villageCode, r.householdId])).toEqual(expected.households.map((h) => [h.ordinal, h.townCode, h.villageCode, h.householdId]));
      expect(rows[0]).toMatchObject({ townName: '峡窝镇' });
      // Redrawing is refused; nothing changes.
      expect(errorOf(await draw({ ...i, version: 2 }))).toMatchObject({ code: 'CONFLICT', reason: 'SAMPLE_ALREADY_DRAWN', field: 'input.id' });
    });

    it('gives the same sample for the same seed over the same population (another inspection), and records a generated seed', async () => {
      const a = await create();
      const b = await create();
      dataOf(await draw(a));
      dataOf(await draw(b));
      const ids = (rows: Json[]) => rows.map((r) => r.householdId);
      expect(ids(await sheet(b.id))).toEqual(ids(await sheet(a.id)));
      const c = await create();
      const generated = dataOf(await draw(c, { seed: null })).drawInspectionSample.inspection.sample.seed as string;
      expect(generated).toMatch(/^[0-9a-f]{16}$/);
      const again = drawSample(generated, null, [{ townCode: R.town, villages: 2, households: 2 }], { villagesOf: () => villages, householdsOf: (v) => population.get(v) ?? [] });
      if (!again.ok) throw new Error('expected a sample');
      expect(ids(await sheet(c.id))).toEqual(again.households.map((h) => h.householdId));
    });

    it('lists the whole town on a census, with household numbers and the heads’ names masked', async () => {
      const i = await create();
      dataOf(await draw(i, { seed: 'census', strata: [{ townCode: R.town, villages: villages.length, households: PER_VILLAGE }] }));
      const rows = await sheet(i.id);
      expect(rows).toHaveLength(villages.length * PER_VILLAGE);
      expect(rows.map((r) => r.ordinal)).toEqual(rows.map((_, k) => k + 1));
      const mine = rows.find((r) => r.householdId === h1.id)!;
      const head = h1.members.find((m: Json) => m.id === h1.headMemberId)!;
      expect(mine).toMatchObject({ villageCode: R.village, villageName: '北峡窝村', householdNumber: h1.householdNumber, headNameMasked: maskName(head.name) });
      expect(mine.headNameMasked).not.toBe(head.name);
      expect(rows.find((r) => r.householdId !== h1.id && r.householdId !== hSameTown.id)!.headNameMasked).toBeNull();
    });

    it('refuses a sample larger than its population, naming every field, and writes nothing', async () => {
      const i = await create();
      const res = await draw(i, { towns: 2, strata: [{ townCode: R.town, villages: villages.length + 1, households: 1 }] });
      expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SAMPLE_LARGER_THAN_POPULATION', field: 'input.towns' });
      expect((res.body.errors![0] as Json).extensions.problems.map((p: Json) => p.field)).toEqual(['input.towns', 'input.strata.0.villages']);
      expect((res.body.errors![0] as Json).extensions.details.overflows).toEqual([
        { field: 'input.towns', requested: 2, population: 1, regionCode: null },
        { field: 'input.strata.0.villages', requested: villages.length + 1, population: villages.length, regionCode: R.town },
      ]);
      const over = await draw(i, { strata: [{ townCode: R.town, villages: 1, households: PER_VILLAGE + 1 }] });
      expect(errorOf(over)).toMatchObject({ reason: 'SAMPLE_LARGER_THAN_POPULATION', field: 'input.strata.0.households' });
      expect((over.body.errors![0] as Json).extensions.details.overflows).toEqual([{ field: 'input.strata.0.households', requested: PER_VILLAGE + 1, population: PER_VILLAGE, regionCode: expect.stringMatching(/^410106100\d{3}$/) }]);
      expect(errorOf(await draw(i, { strata: [{ townCode: R.village, villages: 1, households: 1 }] }))).toMatchObject({ reason: 'SAMPLE_STRATUM_NOT_A_TOWN', field: 'input.strata.0.townCode' });
      expect(errorOf(await draw(i, { strata: [{ townCode: R.siblingTown, villages: 1, households: 1 }] }))).toMatchObject({ reason: 'SAMPLE_STRATUM_NOT_A_TOWN', field: 'input.strata.0.townCode' });
      expect(errorOf(await draw(i, { strata: [{ townCode: R.town, villages: 1, households: 1 }, { townCode: R.town, villages: 1, households: 1 }] }))).toMatchObject({ reason: 'SAMPLE_STRATUM_REPEATED', field: 'input.strata.1.townCode' });
      expect(errorOf(await draw(i, { strata: [{ townCode: R.town, villages: 0, households: 1 }] }))).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(dataOf(await t.gql(INSPECTION_GET, { id: i.id }, supervisor.headers)).inspection).toMatchObject({ version: 1, sample: null });
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM supervision_inspection_samples WHERE inspection_id = $1`, [i.id])).toEqual([{ n: 0 }]);
      expect(errorOf(await t.gql(CREATE_INSPECTION, { i: { regionCode: R.town, inspectionType: 'ROUTINE', title: '倒置', organiser: '区督查组', leader: '赵某', startOn: '2018-05-06', endOn: '2018-05-02' } }, supervisor.headers))).toMatchObject({ reason: 'INSPECTION_END_BEFORE_START', field: 'input.endOn' });
    });

    it('records the report, and links findings to their inspection (source, place and date checked)', async () => {
      const i = await create();
      expect(errorOf(await t.gql(REPORT, { i: { id: i.id, version: 1, report: '早', reportedOn: '2018-05-01' } }, supervisor.headers))).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP', field: 'input.reportedOn' });
      const reported = dataOf(await t.gql(REPORT, { i: { id: i.id, version: 1, report: '发现问题3个，已交办。', reportedOn: '2018-05-08' } }, supervisor.headers)).recordInspectionReport.inspection;
      expect(reported).toMatchObject({ report: '发现问题3个，已交办。', reportedOn: '2018-05-08', version: 2 });
      const f = dataOf(await t.gql(REGISTER, { i: findingInput(R.village, { inspectionId: i.id, foundOn: '2018-05-03' }) }, supervisor.headers)).registerSupervisionFinding.finding;
      expect(f.inspectionId).toBe(i.id);
      const listed = dataOf(await t.gql(`query($i: ID) { supervisionFindings(inspectionId: $i) { totalCount edges { node { id } } } }`, { i: i.id }, supervisor.headers)).supervisionFindings;
      expect(listed).toEqual({ totalCount: 1, edges: [{ node: { id: f.id } }] });
      const refused = async (over: Json) => errorOf(await t.gql(REGISTER, { i: findingInput(R.village, { inspectionId: i.id, foundOn: '2018-05-03', ...over }) }, supervisor.headers));
      expect(await refused({ source: 'HOTLINE' })).toMatchObject({ reason: 'FINDING_INSPECTION_MISMATCH', field: 'input.source' });
      expect(await refused({ regionCode: R.villageOfSiblingTown })).toMatchObject({ reason: 'FINDING_INSPECTION_MISMATCH', field: 'input.regionCode' });
      expect(await refused({ foundOn: '2018-05-01' })).toMatchObject({ reason: 'FINDING_INSPECTION_MISMATCH', field: 'input.foundOn' });
      expect(await refused({ inspectionId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND', reason: 'INSPECTION_NOT_FOUND', field: 'input.inspectionId' });
    });

    it('shows the inspection to its readers but the sampled households only to the inspecting side', async () => {
      const i = await create();
      dataOf(await draw(i));
      expect(dataOf(await t.gql(INSPECTION_GET, { id: i.id }, town.headers)).inspection).toMatchObject({ id: i.id, sample: { seed: 'e2e-seed' } });
      expect(errorOf(await t.gql(SHEET, { id: i.id }, town.headers))).toMatchObject({ code: 'FORBIDDEN' });
      expect(errorOf(await t.gql(CREATE_INSPECTION, { i: { regionCode: R.town, inspectionType: 'ROUTINE', title: '越权', organiser: '教育局', leader: '钱某', startOn: '2018-05-02', endOn: '2018-05-02' } }, education.headers))).toMatchObject({ reason: 'SUPERVISION_SECTOR_REQUIRED' });
      expect((await sheet(i.id, discipline)).length).toBe(4);
    });

    describe('visit results (走访结果) and the metrics from the samples', () => {
      const VISIT = 'id inspectionId householdId townCode villageCode visitedOn identification exitCheck missedHouseholds satisfaction notes recordedByName findingId version';
      const RECORD = `mutation($i: RecordInspectionVisitInput!) { recordInspectionVisit(input: $i) { visit { ${VISIT} } } }`;
      const FROM_VISIT = `mutation($i: RegisterFindingFromVisitInput!) { registerFindingFromVisit(input: $i) { visit { ${VISIT} } finding { id source inspectionId householdId regionCode foundOn description stage } } }`;
      const M = 'numerator denominator rate meetsTarget';
      const ROW = `visited identificationAccuracy { ${M} } missedRegistrationRate { ${M} } wrongExitRate { ${M} }`;
      const METRICS = `query($asOf: LocalDate!, $r: String, $i: ID) { inspectionMetrics(asOf: $asOf, regionCode: $r, inspectionId: $i) {
        asOf regionCode inspectionId targets { identificationAccuracy { key configured status } missedRegistrationRate { key configured } wrongExitRate { key configured } }
        total { ${ROW} } byTown { regionCode regionName ${ROW} } byInspection { inspectionId title ${ROW} } } }`;
      const BEHIND = `query($asOf: LocalDate!, $r: String, $i: ID, $o: InspectionVisitOutcome!) { inspectionMetricVisits(asOf: $asOf, regionCode: $r, inspectionId: $i, outcome: $o, first: 50) { totalCount edges { node { id } } } }`;
      let i: Json;
      let rows: Json[];
      const v: Record<string, Json> = {};
      const record = (over: Json, who: SignedIn = supervisor) =>
        t.gql(RECORD, { i: { inspectionId: i.id, householdId: rows[2].householdId, visitedOn: '2018-05-03', identification: 'CORRECT', ...over } }, who.headers);
      const metrics = async (who: SignedIn, asOf: string, over: Json = { i: i.id }): Promise<Json> => dataOf(await t.gql(METRICS, { asOf, ...over }, who.headers)).inspectionMetrics;
      const behind = async (who: SignedIn, o: string, over: Json = { i: i.id }): Promise<string[]> => {
        const c = dataOf(await t.gql(BEHIND, { asOf: '2018-05-31', o, ...over }, who.headers)).inspectionMetricVisits;
        expect(c.totalCount).toBe(c.edges.length);
        return c.edges.map((e: Json) => e.node.id).sort();
      };
      const ids = (...keys: string[]) => keys.map((k) => v[k].id).sort();
      const metric = (numerator: number, denominator: number, rate: string | null) => ({ numerator, denominator, rate, meetsTarget: null });

      beforeAll(async () => {
        i = await create({ title: '2018年走访核查' });
        dataOf(await draw(i, { seed: 'visits' }));
        rows = await sheet(i.id);
        // The first two sampled households have exited (已脱贫) by the visit.
        await t.dataSource.query(`UPDATE households SET status = 'EXITED' WHERE id = ANY($1::uuid[])`, [[rows[0].householdId, rows[1].householdId]]);
      });

      it('records the visits of sampled households once, the exit checked for the exited, refusing bad input by field, and shows them on the visit sheet', async () => {
        const visits = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM supervision_inspection_visits WHERE inspection_id = $1`, [i.id]))[0].n;
        const refused = async (over: Json, who: SignedIn = supervisor) => errorOf(await record(over, who));
        expect(await refused({ householdId: far.id })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INSPECTION_VISIT_NOT_SAMPLED', field: 'input.householdId' });
        expect(await refused({ visitedOn: '2018-05-01' })).toMatchObject({ reason: 'INSPECTION_VISIT_OUTSIDE_INSPECTION', field: 'input.visitedOn' });
        expect(await refused({ visitedOn: '2999-05-01' })).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'input.visitedOn' });
        expect(await refused({ householdId: rows[0].householdId })).toMatchObject({ reason: 'INSPECTION_VISIT_EXIT_CHECK', field: 'input.exitCheck' });
        expect(await refused({ exitCheck: 'WRONG_EXIT' })).toMatchObject({ reason: 'INSPECTION_VISIT_EXIT_CHECK', field: 'input.exitCheck' });
        expect(await refused({ identification: 'NOT_VERIFIED', householdId: rows[0].householdId, exitCheck: 'EXIT_CORRECT' })).toMatchObject({ reason: 'INSPECTION_VISIT_EXIT_CHECK' });
        expect(await refused({ missedHouseholds: -1 })).toMatchObject({ code: 'BAD_USER_INPUT' });
        expect(await refused({ inspectionId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND', reason: 'INSPECTION_NOT_FOUND', field: 'input.inspectionId' });
        expect(await refused({}, education)).toMatchObject({ code: 'FORBIDDEN', reason: 'SUPERVISION_SECTOR_REQUIRED' });
        expect(await refused({}, town)).toMatchObject({ code: 'FORBIDDEN' });
        expect(await visits()).toBe(0);

        const ok = async (key: string, over: Json) => (v[key] = dataOf(await record(over)).recordInspectionVisit.visit);
        await ok('a', { householdId: rows[0].householdId, exitCheck: 'EXIT_CORRECT', satisfaction: 'SATISFIED' });
        await ok('b', { householdId: rows[1].householdId, identification: 'SHOULD_NOT_BE_REGISTERED', exitCheck: 'WRONG_EXIT', missedHouseholds: 2, satisfaction: 'DISSATISFIED', notes: '该户有稳定收入，不符合识别标准；村内另有2户贫困户未纳入', visitedOn: '2018-05-04' });
        await ok('c', { householdId: rows[2].householdId, satisfaction: 'BASICALLY_SATISFIED' });
        await ok('d', { householdId: rows[3].householdId, identification: 'NOT_VERIFIED', visitedOn: '2018-05-05' });
        expect(v.b).toMatchObject({ inspectionId: i.id, householdId: rows[1].householdId, townCode: R.town, villageCode: rows[1].villageCode, identification: 'SHOULD_NOT_BE_REGISTERED', exitCheck: 'WRONG_EXIT', missedHouseholds: 2, findingId: null, version: 1 });
        expect(v.c).toMatchObject({ exitCheck: null, missedHouseholds: 0, notes: null });
        expect(errorOf(await record({ householdId: rows[2].householdId }))).toMatchObject({ code: 'CONFLICT', reason: 'INSPECTION_VISIT_ALREADY_RECORDED', field: 'input.householdId' });
        expect(await visits()).toBe(4);
        expect(await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type = 'SupervisionInspectionVisit' AND entity_id = $1`, [v.b.id])).toEqual([{ operation: 'supervision.recordInspectionVisit' }]);
        // The change feed: the inspection is the root, its visits a part, each entry in the inspection's scope.
        const feed: Json[] = await t.dataSource.query(`SELECT root_type, operation, region_code, parts FROM change_feed WHERE root_id = $1 ORDER BY position`, [i.id]);
        expect(feed.every((e) => e.root_type === 'SupervisionInspection' && e.region_code === R.town)).toBe(true);
        expect(feed[0]).toMatchObject({ operation: 'CREATED', parts: ['inspection'] });
        expect(feed.filter((e) => e.parts.includes('visits'))).toHaveLength(4);
        const onSheet = await t.gql(`query($id: ID!) { inspectionVisitSheet(inspectionId: $id) { edges { node { householdId result { id identification } } } } }`, { id: i.id }, supervisor.headers);
        expect(dataOf(onSheet).inspectionVisitSheet.edges.map((e: Json) => e.node.result.id)).toEqual([v.a.id, v.b.id, v.c.id, v.d.id]);
      });

      it('raises a finding from a visit through the findings’ own checks, once, linked to it', async () => {
        const input = (visit: Json, over: Json = {}) => ({ visitId: visit.id, version: visit.version, category: '工作措施不精准', subitem: '识别不精准', severity: 'GENERAL', leadUnit: '区扶贫办', responsibleUnit: '峡窝镇人民政府', responsiblePerson: '王某', deadline: '2018-06-30', registeredOn: '2018-05-06', ...over });
        const findings = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM supervision_findings`))[0].n;
        const before = await findings();
        expect(errorOf(await t.gql(FROM_VISIT, { i: input(v.c, { category: '其他问题', description: '档案不全' }) }, supervisor.headers))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.category' });
        expect(errorOf(await t.gql(FROM_VISIT, { i: input(v.c) }, supervisor.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.description' });
        expect(errorOf(await t.gql(FROM_VISIT, { i: input(v.c, { version: 2, description: '档案不全' }) }, supervisor.headers))).toMatchObject({ code: 'CONFLICT' });
        expect(await findings()).toBe(before);
        const done = dataOf(await t.gql(FROM_VISIT, { i: input(v.b) }, supervisor.headers)).registerFindingFromVisit;
        expect(done.finding).toMatchObject({ source: 'INSPECTION', inspectionId: i.id, householdId: rows[1].householdId, regionCode: rows[1].villageCode, foundOn: '2018-05-04', description: v.b.notes, stage: 'REGISTERED' });
        expect(done.visit).toMatchObject({ id: v.b.id, findingId: done.finding.id, version: 2 });
        expect(errorOf(await t.gql(FROM_VISIT, { i: input(done.visit) }, supervisor.headers))).toMatchObject({ code: 'CONFLICT', reason: 'INSPECTION_VISIT_HAS_FINDING', field: 'input.visitId' });
        expect(await findings()).toBe(before + 1);
      });

      it('gives accuracy, missed-registration and wrong-exit rates with numerators, denominators and the visits behind them, as of a date, in scope; no target: no verdict', async () => {
        const m = await metrics(district, '2018-05-31');
        expect(m.targets).toEqual({
          identificationAccuracy: { key: 'supervision.identification_accuracy_min', configured: false, status: 'NOT_CONFIGURED' },
          missedRegistrationRate: { key: 'supervision.missed_registration_rate_max', configured: false },
          wrongExitRate: { key: 'supervision.wrong_exit_rate_max', configured: false },
        });
        const expected = { visited: 4, identificationAccuracy: metric(2, 3, '0.6667'), missedRegistrationRate: metric(2, 5, '0.4000'), wrongExitRate: metric(1, 2, '0.5000') };
        expect(m.total).toEqual(expected);
        expect(m.byTown).toEqual([{ regionCode: R.town, regionName: '峡窝镇', ...expected }]);
        expect(m.byInspection).toEqual([{ inspectionId: i.id, title: '2018年走访核查', ...expected }]);
        expect(await behind(district, 'VISITED')).toEqual(ids('a', 'b', 'c', 'd'));
        expect(await behind(district, 'VERIFIED')).toEqual(ids('a', 'b', 'c'));
        expect(await behind(district, 'CORRECT')).toEqual(ids('a', 'c'));
        expect(await behind(district, 'MISSED_FOUND')).toEqual(ids('b'));
        expect(await behind(district, 'EXIT_CHECKED')).toEqual(ids('a', 'b'));
        expect(await behind(district, 'WRONG_EXIT')).toEqual(ids('b'));
        // While the inspection runs (it ends 2018-05-06) its visits are not counted: mostly unannounced.
        expect((await metrics(district, '2018-05-05')).total).toEqual({ visited: 0, identificationAccuracy: metric(0, 0, null), missedRegistrationRate: metric(0, 0, null), wrongExitRate: metric(0, 0, null) });
        // The town reads its own; a sibling town, or the region asked outside, counts nothing.
        expect((await metrics(town, '2018-05-31')).total).toEqual(expected);
        expect((await metrics(siblingTown, '2018-05-31')).total.visited).toBe(0);
        expect(await behind(siblingTown, 'VISITED')).toEqual([]);
        expect((await metrics(district, '2018-05-31', { i: i.id, r: R.siblingTown })).byTown).toEqual([]);
        expect(errorOf(await t.gql(METRICS, { asOf: '2999-01-01' }, district.headers))).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'asOf' });
        expect((await metrics(auditor, '2018-05-31')).total).toEqual(expected);
      });
      it('corrects a recorded visit with the reason (audited with old and new values), refusing what a finding took from it; the metrics count the correction', async () => {
        const CORRECT = `mutation($i: CorrectInspectionVisitInput!) { correctInspectionVisit(input: $i) { visit { ${VISIT} } } }`;
        const correct = (i: Json, who: SignedIn = supervisor) => t.gql(CORRECT, { i: { reason: '复核时发现录入有误', ...i } }, who.headers);
        const c = v.c;
        const audits = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'SupervisionInspectionVisit'`))[0].n;
        const auditsBefore = await audits();
        expect(errorOf(await correct({ id: c.id, version: c.version, missedHouseholds: 1, reason: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED', field: 'input.reason' });
        expect(errorOf(await correct({ id: c.id, version: c.version + 1, missedHouseholds: 1 }))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
        expect(errorOf(await correct({ id: c.id, version: c.version, visitedOn: '2018-05-07' }))).toMatchObject({ reason: 'INSPECTION_VISIT_OUTSIDE_INSPECTION', field: 'input.visitedOn' });
        expect(errorOf(await correct({ id: c.id, version: c.version, exitCheck: 'EXIT_CORRECT' }))).toMatchObject({ reason: 'INSPECTION_VISIT_EXIT_CHECK', field: 'input.exitCheck' });
        expect(errorOf(await correct({ id: c.id, version: c.version, identification: null }))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.identification' });
        expect(errorOf(await correct({ id: v.a.id, version: v.a.version, exitCheck: null }))).toMatchObject({ reason: 'INSPECTION_VISIT_EXIT_CHECK', field: 'input.exitCheck' });
        // b has its finding: the date and notes it took are fixed, the checks are not.
        const b = (await t.dataSource.query(`SELECT version FROM supervision_inspection_visits WHERE id = $1`, [v.b.id]))[0];
        expect(errorOf(await correct({ id: v.b.id, version: b.version, notes: '改写' }))).toMatchObject({ code: 'CONFLICT', reason: 'INSPECTION_VISIT_HAS_FINDING', field: 'input.notes' });
        expect(errorOf(await correct({ id: v.b.id, version: b.version, visitedOn: '2018-05-05' }))).toMatchObject({ reason: 'INSPECTION_VISIT_HAS_FINDING', field: 'input.visitedOn' });
        expect(errorOf(await correct({ id: c.id, version: c.version, missedHouseholds: 1 }, town))).toMatchObject({ code: 'FORBIDDEN' });
        expect(errorOf(await correct({ id: c.id, version: c.version, missedHouseholds: 1 }, education))).toMatchObject({ reason: 'SUPERVISION_SECTOR_REQUIRED' });
        expect(await audits()).toBe(auditsBefore);
        // The same values again: nothing written.
        const same = dataOf(await correct({ id: c.id, version: c.version, identification: 'CORRECT', notes: null })).correctInspectionVisit.visit;
        expect(same).toEqual(c);
        expect(await audits()).toBe(auditsBefore);

        const done = dataOf(await correct({ id: c.id, version: c.version, identification: 'SHOULD_NOT_BE_REGISTERED', missedHouseholds: 1, notes: ' 家有轿车 ', visitedOn: '2018-05-06' })).correctInspectionVisit.visit;
        expect(done).toMatchObject({ id: c.id, identification: 'SHOULD_NOT_BE_REGISTERED', missedHouseholds: 1, notes: '家有轿车', visitedOn: '2018-05-06', version: c.version + 1 });
        const [row] = await t.dataSource.query(`SELECT operation, reason, changes FROM audit_log WHERE entity_type = 'SupervisionInspectionVisit' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`, [c.id]);
        expect(row).toMatchObject({ operation: 'supervision.correctInspectionVisit', reason: '复核时发现录入有误' });
        expect(row.changes).toMatchObject({ identification: { from: 'CORRECT', to: 'SHOULD_NOT_BE_REGISTERED' }, missedHouseholds: { from: 0, to: 1 }, notes: { from: null, to: '家有轿车' } });
        // The checks of b corrected although its finding stands.
        const b2 = dataOf(await correct({ id: v.b.id, version: b.version, satisfaction: 'BASICALLY_SATISFIED' })).correctInspectionVisit.visit;
        expect(b2).toMatchObject({ satisfaction: 'BASICALLY_SATISFIED', findingId: expect.any(String) });
        // a: 1 correct of 3 verified; missed 2 + 1 of 3 verified + 3 found.
        expect((await metrics(district, '2018-05-31')).total).toEqual({ visited: 4, identificationAccuracy: metric(1, 3, '0.3333'), missedRegistrationRate: metric(3, 6, '0.5000'), wrongExitRate: metric(1, 2, '0.5000') });
        expect(await behind(district, 'CORRECT')).toEqual(ids('a'));
        expect(await behind(district, 'MISSED_FOUND')).toEqual(ids('b', 'c'));
      });
      it('exports the visit sheet (走访表, GET /exchange/exports/inspection-visit-sheet?of=…) as XLSX with Chinese headers: one row a sampled household, the head masked, the visit’s columns filled once recorded; the inspecting side only, audited', async () => {
        const sheetOf = (who: SignedIn, query: Record<string, string>) => t.http.get('/exchange/exports/inspection-visit-sheet').query(query).set(who.headers).buffer(true);
        const res = await sheetOf(district, { of: i.id, format: 'xlsx' }).parse(binary as never);
        expect(res.status).toBe(200);
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="inspection-visit-sheet-410106000000-\d{8}\.xlsx"/);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(res.body as unknown as ArrayBuffer);
        const ws = book.worksheets[0];
        const header = VISIT_SHEET_COLUMNS.columns.map((c) => c.header);
        const cells = (n: number) => header.map((_, c) => { const x = ws.getRow(n).getCell(c + 1).value; return x === null || x === undefined ? '' : String(x); });
        expect(cells(1)).toEqual(header);
        expect(header.slice(0, 6)).toEqual(['序号', '乡镇', '村', '户编号', '户主姓名', '户主证件号码']);
        expect(ws.actualRowCount).toBe(1 + rows.length);
        const lines = rows.map((_, k) => cells(k + 2));
        // Sheet order, the places and numbers of the GraphQL sheet, the head's name as masked there.
        expect(lines.map((l) => [l[0], l[2], l[3], l[4]])).toEqual(rows.map((r, k) => [String(k + 1), r.villageName, r.householdNumber, r.headNameMasked ?? '']));
        expect(lines.every((l) => l[1] === '峡窝镇')).toBe(true);
        const heads: Json[] = await t.dataSource.query(`SELECT h.id FROM households h WHERE h.id = ANY($1::uuid[]) AND h.head_member_id IS NOT NULL`, [rows.map((r) => r.householdId)]);
        for (const [k, r] of rows.entries()) expect(lines[k][5]).toMatch(heads.some((h) => h.id === r.householdId) ? /^\d{6}\*{8}[\dX]{4}$/ : /^$/);
        // Recorded visits filled in (c as corrected), the rest blank for filling in.
        expect(lines[0].slice(6)).toEqual(['2018-05-03', '识别准确', '退出准确', '0', '满意', '']);
        expect(lines[2].slice(6)).toEqual(['2018-05-06', '错评', '', '1', '基本满意', '家有轿车']);
        expect(lines[3].slice(6)).toEqual(['2018-05-05', '未能核实', '', '0', '', '']);
        for (const l of lines.slice(4)) expect(l.slice(6)).toEqual(['', '', '', '', '', '']);
        const [audit] = await t.dataSource.query(`SELECT operation, changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq DESC LIMIT 1`);
        expect(audit.changes).toMatchObject({ kind: 'inspection-visit-sheet', filters: { of: i.id }, format: 'xlsx' });
        // Refused: no inspection named, another kind given one, outside the caller's scope or missing (alike), the inspected side.
        const refused = async (who: SignedIn, query: Record<string, string>, status: number) => {
          const r = await sheetOf(who, query);
          expect(r.status).toBe(status);
          return r.body.errors[0].extensions;
        };
        expect(await refused(district, {}, 400)).toMatchObject({ reason: 'INVALID_VALUE', field: 'of' });
        expect((await t.http.get('/exchange/exports/supervision-findings').query({ of: i.id }).set(district.headers)).body.errors[0].extensions).toMatchObject({ field: 'of' });
        const otherDistrict = await signIn(t, Role.DISTRICT_OFFICER, R.otherDistrict);
        expect(await refused(otherDistrict, { of: i.id }, 404)).toMatchObject({ reason: 'INSPECTION_NOT_FOUND', field: 'of' });
        expect(await refused(discipline, { of: '00000000-0000-4000-8000-000000000000' }, 404)).toMatchObject({ reason: 'INSPECTION_NOT_FOUND', field: 'of' });
        // The discipline inspection department's officer is of the inspecting side and exports it too.
        expect((await sheetOf(discipline, { of: i.id })).status).toBe(200);
        expect(await refused(town, { of: i.id }, 403)).toMatchObject({ reason: 'EXPORT_KIND_NOT_ALLOWED', field: 'kind' });
        expect(await refused(education, { of: i.id }, 403)).toMatchObject({ reason: 'SUPERVISION_SECTOR_REQUIRED' });
        expect(errorOf(await t.gql(SHEET, { id: i.id }, education.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'SUPERVISION_SECTOR_REQUIRED' });
        // Supervisors read the sheet in GraphQL but hold no exchange.export.
        expect((await sheetOf(supervisor, { of: i.id })).status).toBe(403);
      });
    });

    describe('region × role matrix', () => {
      const missingId = '00000000-0000-4000-8000-000000000000';
      const at = async (region: string): Promise<string> => {
        const [r] = await t.dataSource.query(
          `INSERT INTO supervision_inspections (region_code, inspection_type, title, organiser, leader, start_on, end_on) VALUES ($1, 'ROUTINE', '矩阵', '区督查组', '赵某', '2018-05-01', '2018-05-02') RETURNING id`,
          [region],
        );
        return r.id as string;
      };
      /** A visit of a household in a village under the region, on a sample of an inspection of the region. */
      const visitAt = async (region: string): Promise<string> => {
        const village = { [R.district]: R.village, [R.town]: R.village, [R.siblingTown]: R.villageOfSiblingTown, [R.otherDistrict]: R.otherDistrictTown }[region] ?? region;
        const inspection = await at(region);
        const [h] = await t.dataSource.query(`INSERT INTO households (household_number, region_code, attribute, primary_cause, validity, status) VALUES ($1, $2, 'GENERAL_POOR', 'ILLNESS', 'ACTIVE', 'NOT_EXITED') RETURNING id`, [householdNumber(), village]);
        const town = village.endsWith('000') ? village : `${village.slice(0, 9)}000`;
        const [s] = await t.dataSource.query(`INSERT INTO supervision_inspection_samples (inspection_id, ordinal, town_code, village_code, household_id) VALUES ($1, 1, $2, $3, $4) RETURNING id`, [inspection, town, village, h.id]);
        const [v] = await t.dataSource.query(
          `INSERT INTO supervision_inspection_visits (inspection_id, sample_id, household_id, region_code, town_code, village_code, visited_on, identification, notes) VALUES ($1, $2, $3, $4, $5, $6, '2018-05-01', 'CORRECT', '矩阵') RETURNING id`,
          [inspection, s.id, h.id, region, town, village],
        );
        return v.id as string;
      };
      const ops: [MatrixOperation, Role[]][] = [
        [{ name: 'Query.inspection', missingId, target: at, run: (c, id) => t.gql(INSPECTION_GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.inspection?.id }, [Role.TOWN_OFFICER]],
        [{ name: 'Query.inspectionVisitSheet', missingId, target: at, run: (c, id) => t.gql(SHEET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.inspectionVisitSheet }, [Role.SUPERVISOR]],
        [
          { name: 'Mutation.recordInspectionReport', missingId, target: at, run: (c, id) => t.gql(REPORT, { i: { id, version: 1, report: '矩阵', reportedOn: '2018-05-03' } }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.recordInspectionReport?.inspection?.id },
          [Role.SUPERVISOR],
        ],
        [
          {
            name: 'Mutation.drawInspectionSample', missingId, target: at,
            run: (c, id) => t.gql(DRAW, { i: { id, version: 1, seed: 'm', strata: [{ townCode: R.town, villages: 1, households: 1 }] } }, c.headers),
            // Reached: drawn, or refused for the stratum (a target whose scope holds no R.town); never NOT_FOUND.
            reached: (res) => !!(res.body.data as Json | undefined)?.drawInspectionSample?.inspection?.id || (res.body.errors?.[0] as Json | undefined)?.extensions?.reason === 'SAMPLE_STRATUM_NOT_A_TOWN',
          },
          [Role.SUPERVISOR],
        ],
        [
          {
            name: 'Mutation.recordInspectionVisit', missingId, target: at,
            run: (c, id) => t.gql(`mutation($i: RecordInspectionVisitInput!) { recordInspectionVisit(input: $i) { visit { id } } }`, { i: { inspectionId: id, householdId: missingId, visitedOn: '2018-05-01', identification: 'CORRECT' } }, c.headers),
            // Reached: the inspection found, the household (none) not in its sample; never NOT_FOUND.
            reached: (res) => (res.body.errors?.[0] as Json | undefined)?.extensions?.reason === 'INSPECTION_VISIT_NOT_SAMPLED',
          },
          [Role.SUPERVISOR],
        ],
        [
          {
            name: 'Mutation.correctInspectionVisit', missingId,
            target: visitAt,
            run: (c, id) => t.gql(`mutation($i: CorrectInspectionVisitInput!) { correctInspectionVisit(input: $i) { visit { id } } }`, { i: { id, version: 1, notes: '矩阵更正', reason: '矩阵更正' } }, c.headers),
            reached: (res) => !!(res.body.data as Json | undefined)?.correctInspectionVisit?.visit?.id,
          },
          [Role.SUPERVISOR],
        ],
        [
          {
            name: 'Mutation.registerFindingFromVisit', missingId,
            target: visitAt,
            run: (c, id) =>
              t.gql(`mutation($i: RegisterFindingFromVisitInput!) { registerFindingFromVisit(input: $i) { visit { id } finding { id } } }`, {
                i: { visitId: id, version: 1, category: '工作措施不精准', severity: 'GENERAL', leadUnit: '区扶贫办', responsibleUnit: '责任单位', responsiblePerson: '李某', deadline: '2018-06-30', registeredOn: '2018-05-02' },
              }, c.headers),
            reached: (res) => !!(res.body.data as Json | undefined)?.registerFindingFromVisit?.finding?.id,
          },
          [Role.SUPERVISOR],
        ],
      ];
      it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
        expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
      });
    });
  });
});
