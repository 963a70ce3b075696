import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Role, Sector } from '../../src/common/access/permissions';
import { undescribedSchemaElements } from '../../src/common/graphql/schema-descriptions';
import { pendingSchemaChanges } from '../../src/database/schema-diff';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { HOTLINE_COLUMNS, HotlineImportPort } from '../../src/supervision/hotline-import.port';
import { csvRows, exportRoster, importRoster, rosterErrors } from '../support/roster-import';
import { insertFinding } from './supervision-fixtures';

type Json = Record<string, any>;

const CASE = `id regionCode channel anonymous reporterName reporterContact caseType area summary receivedOn stage lastStepOn handlingUnit transferredOn deadlineKey deadline deadlineNotConfigured
  repliedOn replyContent substantiated visitedOn satisfied redoCount closedOn availableActions version`;
const RECEIVE = `mutation($i: ReceiveHotlineCaseInput!) { receiveHotlineCase(input: $i) { hotlineCase { ${CASE} } } }`;
const STEP = `mutation($i: HotlineCaseStepInput!) { hotlineCaseStep(input: $i) { hotlineCase { ${CASE} } } }`;
const GET = `query($id: ID!) { hotlineCase(id: $id) { ${CASE} } }`;
const LIST = `query($r: String, $s: HotlineStage, $t: String, $rc: String, $first: Int, $after: String) {
  hotlineCases(regionCode: $r, stage: $s, caseType: $t, reporterContact: $rc, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
const FROM_CASE = `mutation($i: RegisterFindingFromCaseInput!) { registerFindingFromCase(input: $i) {
  hotlineCase { id findingId version } finding { id source sourceReference regionCode category foundOn deadline stage description } } }`;
const RATE_FIGURES = 'counts { due onTime replied substantiated visited satisfied } onTimeRate substantiationRate satisfactionRate';
const RATES = `query($a: LocalDate!, $r: String) { hotlineRates(asOf: $a, regionCode: $r) { ${RATE_FIGURES} } }`;
const RATE_GROUPS = `query($a: LocalDate!, $r: String) { hotlineRates(asOf: $a, regionCode: $r) {
  byTown { regionCode regionName handlingUnit ${RATE_FIGURES} } byHandlingUnit { regionCode regionName handlingUnit ${RATE_FIGURES} } } }`;
const RATE_CASES = `query($a: LocalDate!, $r: String, $o: HotlineRateOutcome!, $u: String) { hotlineRateCases(asOf: $a, regionCode: $r, outcome: $o, handlingUnit: $u) { totalCount edges { node { id } } } }`;

function caseInput(regionCode: string, over: Json = {}): Json {
  return { channel: 'HOTLINE_12317', anonymous: true, caseType: '咨询', area: 'POLICY', summary: '咨询教育资助政策', regionCode, receivedOn: '2018-05-04', ...over };
}

describe('hotline cases (12317 热线件, issue #20 part 2): receipt, transfer with a working-day deadline, reply, return visit, redo, rates, access', () => {
  let t: TestApp;
  let district: SignedIn;
  let supervisor: SignedIn;
  let townSupervisor: SignedIn;
  let discipline: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let siblingTown: SignedIn;
  let auditor: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    townSupervisor = await signIn(t, Role.SUPERVISOR, R.town);
    discipline = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.DISCIPLINE_INSPECTION });
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    auditor = await signIn(t, Role.AUDITOR, R.district);
  });
  afterAll(() => t?.close());

  const receive = async (who: SignedIn, over: Json = {}, region: string = R.village): Promise<Json> =>
    dataOf(await t.gql(RECEIVE, { i: caseInput(region, over) }, who.headers)).receiveHotlineCase.hotlineCase;
  const step = async (who: SignedIn, c: Json, i: Json): Promise<Json> => dataOf(await t.gql(STEP, { i: { id: c.id, version: c.version, ...i } }, who.headers)).hotlineCaseStep.hotlineCase;
  const get = async (who: SignedIn, id: string): Promise<Json | null> => dataOf(await t.gql(GET, { id }, who.headers)).hotlineCase;
  const count = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM supervision_hotline_cases`))[0].n;

  it('plugs in: entities and migrations agree, every GraphQL element it adds is described', async () => {
    expect((await pendingSchemaChanges(t.dataSource)).up).toEqual([]);
    expect(undescribedSchemaElements(t.get(GraphQLSchemaHost).schema)).toEqual([]);
  });

  it('receives, transfers with the deadline in working days by type, replies, visits back, redoes when unsatisfied, closes; audited and in the feed', async () => {
    const c = await receive(district);
    expect(c).toMatchObject({ stage: 'RECEIVED', caseType: '咨询', deadline: null, redoCount: 0, availableActions: ['TRANSFER'], version: 1 });
    // 咨询 → supervision.hotline_deadline.inquiry (10): Mon 2018-05-07 + 10 working days by the 2018 calendar.
    const tr = await step(district, c, { action: 'TRANSFER', effectiveOn: '2018-05-07', handlingUnit: '区教育局' });
    expect(tr).toMatchObject({ stage: 'TRANSFERRED', handlingUnit: '区教育局', transferredOn: '2018-05-07', deadlineKey: 'supervision.hotline_deadline.inquiry', deadline: '2018-05-21', deadlineNotConfigured: null });
    const re = await step(district, tr, { action: 'REPLY', effectiveOn: '2018-05-18', content: '已答复政策', substantiated: false });
    expect(re).toMatchObject({ stage: 'REPLIED', repliedOn: '2018-05-18', substantiated: false, availableActions: ['RETURN_VISIT'] });
    // Unsatisfied: back to handling with a new deadline counted from the visit (Tue 2018-05-22 + 10 → 2018-06-05).
    const redo = await step(supervisor, re, { action: 'RETURN_VISIT', effectiveOn: '2018-05-22', satisfied: false });
    expect(redo).toMatchObject({ stage: 'TRANSFERRED', redoCount: 1, satisfied: false, visitedOn: '2018-05-22', transferredOn: '2018-05-22', deadline: '2018-06-05', repliedOn: null, substantiated: null });
    const re2 = await step(district, redo, { action: 'REPLY', effectiveOn: '2018-06-01', content: '重新答复', substantiated: true });
    const vi = await step(district, re2, { action: 'RETURN_VISIT', effectiveOn: '2018-06-04', satisfied: true });
    expect(vi).toMatchObject({ stage: 'VISITED', satisfied: true, availableActions: ['CLOSE'] });
    const closed = await step(district, vi, { action: 'CLOSE', effectiveOn: '2018-06-04' });
    expect(closed).toMatchObject({ stage: 'CLOSED', closedOn: '2018-06-04', availableActions: [] });
    const audits = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type = 'SupervisionHotlineCase' AND entity_id = $1 ORDER BY seq`, [c.id]);
    expect(audits.map((a: Json) => a.operation)).toEqual(['supervision.receiveHotlineCase', ...Array(6).fill('supervision.hotlineStep')]);
    const feed = await t.dataSource.query(`SELECT DISTINCT root_type FROM change_feed WHERE root_id = $1`, [c.id]);
    expect(feed).toEqual([{ root_type: 'SupervisionHotlineCase' }]);
    // A step after the final stage, a skipped step, a stale version: coded refusals.
    expect(errorOf(await t.gql(STEP, { i: { id: c.id, version: closed.version, action: 'REPLY', content: 'x', substantiated: true } }, district.headers))).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    expect(errorOf(await t.gql(STEP, { i: { id: c.id, version: 1, action: 'CLOSE' } }, district.headers))).toMatchObject({ reason: 'VERSION_MISMATCH' });
  });

  it('counts investigations (15) and named reporters\' feedback (20) from their parameters in calendar days (DAYS, unlike the inquiries\' WORKING_DAYS); a year without a value is "not configured", never a guess', async () => {
    // RULES.md §9: "10 working; 15; 20 days". 2018-05-07 + 15 days → 2018-05-22 (15 working days would be 05-28); + 20 → 05-27 (06-04).
    const anon = await receive(district, { caseType: '举报', area: 'FUNDS' });
    expect(await step(district, anon, { action: 'TRANSFER', effectiveOn: '2018-05-07', handlingUnit: '峡窝镇' })).toMatchObject({ deadlineKey: 'supervision.hotline_deadline.investigation', deadline: '2018-05-22' });
    const named = await receive(district, { caseType: '投诉', anonymous: false, reporterName: '李四' });
    expect(await step(district, named, { action: 'TRANSFER', effectiveOn: '2018-05-07', handlingUnit: '峡窝镇' })).toMatchObject({ deadlineKey: 'supervision.hotline_deadline.named_feedback', deadline: '2018-05-27' });
    const late = await receive(district, { receivedOn: '2018-12-28' });
    expect(await step(district, late, { action: 'TRANSFER', effectiveOn: '2019-01-03', handlingUnit: '峡窝镇' })).toMatchObject({
      stage: 'TRANSFERRED', deadline: null, deadlineKey: 'supervision.hotline_deadline.inquiry', deadlineNotConfigured: expect.stringContaining('not configured'),
    });
  });

  it('refuses bad input with a coded error naming the field, and writes nothing', async () => {
    const before = await count();
    const refused = async (who: SignedIn, over: Json, region: string = R.village) => errorOf(await t.gql(RECEIVE, { i: caseInput(region, over) }, who.headers));
    expect(await refused(district, { caseType: ' ' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'input.caseType' });
    expect(await refused(district, { caseType: '表扬' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CODE_NOT_LISTED', field: 'input.caseType' });
    expect(await refused(district, { receivedOn: '2019-03-01' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.caseType' });
    expect(await refused(district, { summary: '' })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.summary' });
    expect(await refused(district, { receivedOn: '2999-01-01' })).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'input.receivedOn' });
    expect(await refused(townSupervisor, {}, R.villageOfSiblingTown)).toMatchObject({ reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
    const c = await receive(district);
    expect(errorOf(await t.gql(STEP, { i: { id: c.id, version: 1, action: 'TRANSFER' } }, district.headers))).toMatchObject({ reason: 'STEP_INPUT_REQUIRED', field: 'input.handlingUnit' });
    expect(errorOf(await t.gql(STEP, { i: { id: c.id, version: 1, action: 'REPLY', content: 'x', substantiated: true } }, district.headers))).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });
    expect(await count()).toBe(before + 1);
  });

  it('access: district officers and supervisors handle in their scope; others read in scope and may not handle', async () => {
    const c = await receive(district);
    expect(await receive(supervisor)).toMatchObject({ stage: 'RECEIVED' });
    expect(await receive(townSupervisor)).toMatchObject({ stage: 'RECEIVED' });
    for (const who of [town, village, discipline, auditor, siblingTown]) {
      expect(errorOf(await t.gql(RECEIVE, { i: caseInput(R.village) }, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
      expect(errorOf(await t.gql(STEP, { i: { id: c.id, version: 1, action: 'TRANSFER', handlingUnit: 'x' } }, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await get(town, c.id)).toMatchObject({ id: c.id, availableActions: [] });
    expect(await get(village, c.id)).toMatchObject({ id: c.id });
    expect(await get(auditor, c.id)).toMatchObject({ id: c.id });
    expect(await get(townSupervisor, c.id)).toMatchObject({ id: c.id, availableActions: ['TRANSFER'] });
    expect(await get(siblingTown, c.id)).toBeNull();
    const sib = await receive(district, {}, R.villageOfSiblingTown);
    expect(await get(town, sib.id)).toBeNull();
    expect(errorOf(await t.gql(STEP, { i: { id: sib.id, version: 1, action: 'TRANSFER', handlingUnit: 'x' } }, townSupervisor.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'HOTLINE_CASE_NOT_FOUND' });
    const townList = dataOf(await t.gql(LIST, { first: 100 }, town.headers)).hotlineCases;
    expect(townList.edges.map((e: Json) => e.node.id)).not.toContain(sib.id);
    const districtList = dataOf(await t.gql(LIST, { r: R.villageOfSiblingTown, first: 100 }, district.headers)).hotlineCases;
    expect(districtList.edges.map((e: Json) => e.node.id)).toEqual([sib.id]);
  });

  it('lists by keyset pages with filters', async () => {
    const all = dataOf(await t.gql(LIST, { t: '咨询', first: 2 }, district.headers)).hotlineCases;
    expect(all.edges).toHaveLength(2);
    const next = dataOf(await t.gql(LIST, { t: '咨询', first: 100, after: all.pageInfo.endCursor }, district.headers)).hotlineCases;
    expect(next.edges.length).toBe(all.totalCount - 2);
    const ids = [...all.edges, ...next.edges].map((e: Json) => e.node.id);
    expect(new Set(ids).size).toBe(all.totalCount);
  });

  it('rates as of a date: on-time reply, substantiation and satisfaction as exact ratios, with the cases behind each', async () => {
    const region = R.villageSameTown;
    // on time, substantiated, satisfied
    let a = await receive(district, {}, region);
    a = await step(district, a, { action: 'TRANSFER', effectiveOn: '2018-05-07', handlingUnit: 'u' });
    a = await step(district, a, { action: 'REPLY', effectiveOn: '2018-05-21', content: 'c', substantiated: true });
    a = await step(district, a, { action: 'RETURN_VISIT', effectiveOn: '2018-05-22', satisfied: true });
    // late, not substantiated
    let b = await receive(district, {}, region);
    b = await step(district, b, { action: 'TRANSFER', effectiveOn: '2018-05-07', handlingUnit: 'v' });
    b = await step(district, b, { action: 'REPLY', effectiveOn: '2018-05-22', content: 'c', substantiated: false });
    // due, not replied
    let c = await receive(district, {}, region);
    c = await step(district, c, { action: 'TRANSFER', effectiveOn: '2018-05-07', handlingUnit: 'u' });
    const rates = dataOf(await t.gql(RATES, { a: '2018-06-30', r: region }, district.headers)).hotlineRates;
    expect(rates).toEqual({
      counts: { due: 3, onTime: 1, replied: 2, substantiated: 1, visited: 1, satisfied: 1 },
      onTimeRate: '0.3333', substantiationRate: '0.5000', satisfactionRate: '1.0000',
    });
    const behind = async (o: string) => dataOf(await t.gql(RATE_CASES, { a: '2018-06-30', r: region, o }, district.headers)).hotlineRateCases;
    expect((await behind('ON_TIME')).edges.map((e: Json) => e.node.id)).toEqual([a.id]);
    expect((await behind('DUE')).totalCount).toBe(3);
    expect((await behind('SUBSTANTIATED')).edges.map((e: Json) => e.node.id)).toEqual([a.id]);
    expect(new Set((await behind('REPLIED')).edges.map((e: Json) => e.node.id))).toEqual(new Set([a.id, b.id]));
    // By town and by handling unit (承办单位), each number listed with the same unit.
    const groups = dataOf(await t.gql(RATE_GROUPS, { a: '2018-06-30', r: region }, district.headers)).hotlineRates;
    expect(groups.byTown).toEqual([{ regionCode: R.town, regionName: '峡窝镇', handlingUnit: null, ...rates }]);
    const unit = (u: string) => groups.byHandlingUnit.find((g: Json) => g.handlingUnit === u);
    expect(unit('u')).toEqual({ regionCode: null, regionName: null, handlingUnit: 'u', counts: { due: 2, onTime: 1, replied: 1, substantiated: 1, visited: 1, satisfied: 1 }, onTimeRate: '0.5000', substantiationRate: '1.0000', satisfactionRate: '1.0000' });
    expect(unit('v')).toEqual({ regionCode: null, regionName: null, handlingUnit: 'v', counts: { due: 1, onTime: 0, replied: 1, substantiated: 0, visited: 0, satisfied: 0 }, onTimeRate: '0.0000', substantiationRate: '0.0000', satisfactionRate: null });
    const ofUnit = async (o: string, u: string) => (await t.gql(RATE_CASES, { a: '2018-06-30', r: region, o, u }, district.headers)).body.data!.hotlineRateCases as Json;
    expect(new Set((await ofUnit('DUE', 'u')).edges.map((e: Json) => e.node.id))).toEqual(new Set([a.id, c.id]));
    expect((await ofUnit('REPLIED', 'v')).edges.map((e: Json) => e.node.id)).toEqual([b.id]);
    // Before the deadlines nothing is due; a sibling town sees none of them.
    expect(dataOf(await t.gql(RATES, { a: '2018-05-10', r: region }, district.headers)).hotlineRates).toMatchObject({ counts: { due: 0 }, onTimeRate: null });
    expect(dataOf(await t.gql(RATES, { a: '2018-06-30' }, siblingTown.headers)).hotlineRates.counts.due).toBe(0);
    expect(c.stage).toBe('TRANSFERRED');
  });

  it('a substantiated case becomes a finding (source HOTLINE) through the findings service, linked, in one transaction; refusals write nothing', async () => {
    let c = await receive(district, { caseType: '举报', area: 'FUNDS', summary: '村干部优亲厚友' });
    c = await step(district, c, { action: 'TRANSFER', effectiveOn: '2018-05-07', handlingUnit: '峡窝镇' });
    const notYet = { caseId: c.id, version: c.version, category: '工作作风不扎实', severity: 'SERIOUS', leadUnit: '区扶贫办', responsibleUnit: '峡窝镇人民政府', responsiblePerson: '王某', foundOn: '2018-05-20', deadline: '2018-07-31', registeredOn: '2018-05-21' };
    expect(errorOf(await t.gql(FROM_CASE, { i: notYet }, district.headers))).toMatchObject({ code: 'CONFLICT', reason: 'HOTLINE_CASE_NOT_SUBSTANTIATED', field: 'input.caseId' });
    c = await step(district, c, { action: 'REPLY', effectiveOn: '2018-05-20', content: '经查属实', substantiated: true });
    const findingsBefore = (await t.dataSource.query(`SELECT count(*)::int AS n FROM supervision_findings`))[0].n;
    const input = { ...notYet, version: c.version, foundOn: null };
    // A bad finding (a category not listed) is refused by the findings' own checks: neither the finding nor the link is written.
    expect(errorOf(await t.gql(FROM_CASE, { i: { ...input, category: '其他' } }, district.headers))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.category' });
    // Only the supervising side registers findings.
    expect(errorOf(await t.gql(FROM_CASE, { i: input }, town.headers))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM supervision_findings`))[0].n).toBe(findingsBefore);
    const out = dataOf(await t.gql(FROM_CASE, { i: input }, district.headers)).registerFindingFromCase;
    expect(out.finding).toMatchObject({ source: 'HOTLINE', sourceReference: `热线件 ${c.id}`, regionCode: R.village, category: '工作作风不扎实', foundOn: '2018-05-20', stage: 'REGISTERED', description: '村干部优亲厚友' });
    expect(out.hotlineCase).toMatchObject({ id: c.id, findingId: out.finding.id, version: c.version + 1 });
    expect(errorOf(await t.gql(FROM_CASE, { i: { ...input, version: c.version + 1 } }, district.headers))).toMatchObject({ reason: 'HOTLINE_CASE_HAS_FINDING' });
    const audits = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [out.finding.id]);
    expect(audits.map((a: Json) => a.operation)).toEqual(['supervision.registerFinding']);
  });

  it("a named case's reporter: encrypted, masked in answers and the audit trail, found by blind index and revealed only to the case handlers with a reason", async () => {
    const REVEAL = `mutation($s: PersonalDataSubject!, $id: String!, $r: String!) { revealPersonalData(input: { subject: $s, id: $id, reason: $r }) { value } }`;
    const c = await receive(district, { caseType: '举报', anonymous: false, reporterName: '张小三', reporterContact: '138 1234 5678', area: 'FUNDS' });
    expect(c).toMatchObject({ anonymous: false, reporterName: '张**', reporterContact: '138****5678' });
    const [row] = await t.dataSource.query(`SELECT reporter_name_enc, reporter_contact_enc, reporter_contact_hash FROM supervision_hotline_cases WHERE id = $1`, [c.id]);
    expect(JSON.stringify(row)).not.toContain('张小三');
    expect(JSON.stringify(row)).not.toContain('13812345678');
    expect(row.reporter_contact_hash).toMatch(/\S+/);
    const [audit] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE entity_type = 'SupervisionHotlineCase' AND entity_id = $1 AND operation = 'supervision.receiveHotlineCase'`, [c.id]);
    expect(JSON.stringify(audit.changes)).not.toContain('张小三');
    expect(JSON.stringify(audit.changes)).not.toContain('13812345678');
    expect(JSON.stringify(audit.changes)).not.toContain('reporterNameEnc');
    // Readers see it masked; the handlers find the reporter's cases by the contact (blind index), others may not search by it.
    expect(await get(town, c.id)).toMatchObject({ reporterName: '张**', reporterContact: '138****5678' });
    const found = dataOf(await t.gql(LIST, { rc: '13812345678', first: 10 }, district.headers)).hotlineCases;
    expect(found.edges.map((e: Json) => e.node.id)).toEqual([c.id]);
    expect(errorOf(await t.gql(LIST, { rc: '13812345678', first: 10 }, town.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION', field: 'reporterContact' });
    // Revealed to a case handler holding personalData.unmask, with a reason and an audit row; refused to a town officer (not a handler).
    expect(dataOf(await t.gql(REVEAL, { s: 'HOTLINE_REPORTER_NAME', id: c.id, r: '核实举报人身份' }, district.headers)).revealPersonalData.value).toBe('张小三');
    expect(dataOf(await t.gql(REVEAL, { s: 'HOTLINE_REPORTER_CONTACT', id: c.id, r: '回访举报人' }, district.headers)).revealPersonalData.value).toBe('13812345678');
    expect(errorOf(await t.gql(REVEAL, { s: 'HOTLINE_REPORTER_NAME', id: c.id, r: '核实举报人身份' }, town.headers))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await t.gql(REVEAL, { s: 'HOTLINE_REPORTER_NAME', id: c.id, r: '核实举报人身份' }, supervisor.headers))).toMatchObject({ code: 'FORBIDDEN' });
    const reveals = await t.dataSource.query(`SELECT reason, changes FROM audit_log WHERE entity_id = $1 AND operation = 'personalData.unmask' ORDER BY seq`, [c.id]);
    expect(reveals.map((r: Json) => r.reason)).toEqual(['核实举报人身份', '回访举报人']);
    // Anonymous with an identity, named without a name: refused, nothing written.
    const before = await count();
    expect(errorOf(await t.gql(RECEIVE, { i: caseInput(R.village, { anonymous: true, reporterContact: '13812345678' }) }, district.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.reporterContact' });
    expect(errorOf(await t.gql(RECEIVE, { i: caseInput(R.village, { anonymous: false }) }, district.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.reporterName' });
    expect(await count()).toBe(before);
  });
  it('imports the 12317 platform’s cases (kind hotline-cases): received and transferred as in GraphQL, the reporter protected, per-row coded errors, duplicates reported, nothing half-written; again: unchanged', async () => {
    const header = HOTLINE_COLUMNS.columns.filter((c) => c.role === 'stored').map((c) => c.header).join(',');
    const row = (o: Json) => [o.n, o.channel ?? '12317热线', o.received ?? '2018-05-04', o.type ?? '咨询', o.area ?? '政策', o.region ?? R.village, o.summary ?? '咨询低保政策', o.anonymous ?? '是', o.name ?? '', o.contact ?? '', o.transferred ?? '', o.unit ?? ''].join(',');
    const file = [
      header,
      row({ n: 'IMP-1' }),
      row({ n: 'IMP-2', type: '投诉', area: '资金', summary: '反映村干部优亲厚友', anonymous: '否', name: '王五', contact: '13912345678', transferred: '2018-05-07', unit: '峡窝镇人民政府' }),
      row({ n: 'IMP-3', name: '赵六' }),
      row({ n: 'IMP-4', type: '未列类型' }),
      row({ n: 'IMP-5', region: R.otherDistrictTown }),
      row({ n: 'IMP-2' }),
      row({ n: 'IMP-6', transferred: '2018-05-01', unit: '峡窝镇' }),
      row({ n: 'IMP-7', unit: '峡窝镇' }),
      row({ n: 'IMP-8', anonymous: '否' }),
      row({ n: 'IMP-9', received: '2018-13-01' }),
    ].join('\n');
    const before = await count();
    const audits = async () => (await t.dataSource.query(`SELECT operation, count(*)::int AS n FROM audit_log WHERE entity_type = 'SupervisionHotlineCase' AND operation IN ('supervision.importHotlineCase', 'supervision.hotlineStep') GROUP BY operation ORDER BY operation`)) as Json[];
    const auditsBefore = await audits();
    const first = await importRoster(t, district, 'hotline-cases', file);
    expect(first.counts).toMatchObject({ unit: 'cases', created: 2, unchanged: 0, rejected: 8 });
    expect(rosterErrors(first.problems)).toEqual([
      [4, '举报人姓名', 'INVALID_VALUE'],
      [5, '问题类型', 'CODE_NOT_LISTED'],
      [6, '所在区划代码', 'REGION_OUT_OF_SCOPE'],
      [7, '工单编号', 'DUPLICATE_CASE'],
      [8, '转办日期', 'DATE_BEFORE_LAST_STEP'],
      [9, '转办日期', 'REQUIRED'],
      [10, '举报人姓名', 'INVALID_VALUE'],
      [11, '受理日期', 'DATE_FORMAT'],
    ]);
    expect(await count()).toBe(before + 2);
    const imported: Json[] = await t.dataSource.query(`SELECT id, platform_number, stage, reporter_name_enc FROM supervision_hotline_cases WHERE platform_number LIKE 'IMP-%' ORDER BY platform_number`);
    expect(imported.map((c) => [c.platform_number, c.stage])).toEqual([['IMP-1', 'RECEIVED'], ['IMP-2', 'TRANSFERRED']]);
    expect(imported[1].reporter_name_enc).not.toContain('王五');
    expect(await get(district, imported[1].id)).toMatchObject({
      channel: 'HOTLINE_12317', caseType: '投诉', area: 'FUNDS', anonymous: false, reporterName: '王*', reporterContact: '139****5678', receivedOn: '2018-05-04',
      handlingUnit: '峡窝镇人民政府', transferredOn: '2018-05-07', deadlineKey: 'supervision.hotline_deadline.named_feedback', deadline: '2018-05-27',
    });
    const grown = (await audits()).map((a) => [a.operation, a.n - (auditsBefore.find((b) => b.operation === a.operation)?.n ?? 0)]);
    expect(grown).toEqual([['supervision.hotlineStep', 1], ['supervision.importHotlineCase', 2]]);
    const [audit] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'supervision.importHotlineCase' AND entity_id = $1`, [imported[1].id]);
    expect(JSON.stringify(audit.changes)).not.toContain('王五');

    // The same file again: the received numbers reported and not written, the refusals as before.
    const again = await importRoster(t, district, 'hotline-cases', file);
    expect(again.counts).toMatchObject({ created: 0, unchanged: 2, rejected: 8 });
    expect(again.problems.filter((p) => p.code === 'HOTLINE_CASE_ALREADY_RECEIVED').map((p) => [p.severity, p.row_number])).toEqual([['WARNING', 2], ['WARNING', 3]]);
    expect(await count()).toBe(before + 2);
    // The template's example row is a valid case.
    const example = t.get(HotlineImportPort).example();
    const stored = HOTLINE_COLUMNS.columns.filter((c) => c.role === 'stored');
    const fromExample = await importRoster(t, district, 'hotline-cases', [stored.map((c) => c.header).join(','), ...example.map((r) => stored.map((c) => r[c.key] ?? '').join(','))].join('\n'));
    expect(fromExample.counts).toMatchObject({ created: 1, rejected: 0 });
    // Only the case handlers import (supervision.hotline besides exchange.import).
    const refused = await t.http.post('/exchange/imports').query({ kind: 'hotline-cases' }).set(town.headers).attach('file', Buffer.from(file, 'utf8'), 'cases.csv');
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].extensions).toMatchObject({ reason: 'KIND_NOT_ALLOWED', field: 'kind' });
  });

  it('exports the cases (GET /exchange/exports/hotline-cases) with Chinese headers and their handling: the reporter masked for the handlers, left out for everyone else, never in full', async () => {
    const header = HOTLINE_COLUMNS.columns.map((c) => c.header);
    const byNumber = (text: string, n: string) => csvRows(text).slice(1).find((r) => r[0] === n)!;
    const col = (h: string) => header.indexOf(h);
    const handler = await exportRoster(t, district, 'hotline-cases');
    expect(handler.status).toBe(200);
    expect(csvRows(handler.text)[0]).toEqual(header);
    const all: Json[] = await t.dataSource.query(`SELECT id FROM supervision_hotline_cases`);
    expect(csvRows(handler.text)).toHaveLength(1 + all.length);
    const named = byNumber(handler.text, 'IMP-2');
    expect([named[col('举报人姓名')], named[col('举报人联系方式')], named[col('办理阶段')], named[col('转办日期')], named[col('承办单位')], named[col('办理时限')], named[col('是否匿名')]]).toEqual(['王*', '139****5678', '已转办', '2018-05-07', '峡窝镇人民政府', '2018-05-27', '否']);
    // A reader who does not handle cases: the case, not its reporter; only the cases of its region.
    const reader = await exportRoster(t, town, 'hotline-cases');
    expect(reader.status).toBe(200);
    const seen = byNumber(reader.text, 'IMP-2');
    expect([seen[col('举报人姓名')], seen[col('举报人联系方式')]]).toEqual(['', '']);
    const inTown: Json[] = await t.dataSource.query(`SELECT id FROM supervision_hotline_cases WHERE region_code LIKE $1`, [`${R.town.slice(0, 9)}%`]);
    expect(csvRows(reader.text)).toHaveLength(1 + inTown.length);
    for (const text of [handler.text, reader.text]) {
      expect(text).not.toContain('王五');
      expect(text).not.toContain('13912345678');
    }
    expect((await exportRoster(t, district, 'hotline-cases', { format: 'xlsx' })).status).toBe(200);
  });

  describe('accountability cases (问责案件): from a substantiated case, a finding or standalone; actions; publication', () => {
    const ACC = `id regionCode caseType situation summary persons { name unit post } units openedOn findingId hotlineCaseId publishedOn publicationReference version
      actions { action subject decidedOn note actorName }`;
    const OPEN = `mutation($i: OpenAccountabilityCaseInput!) { openAccountabilityCase(input: $i) { accountabilityCase { ${ACC} } } }`;
    const ACTION = `mutation($i: AddAccountabilityActionInput!) { addAccountabilityAction(input: $i) { accountabilityCase { ${ACC} } } }`;
    const PUBLISH = `mutation($i: PublishAccountabilityCaseInput!) { publishAccountabilityCase(input: $i) { accountabilityCase { ${ACC} } } }`;
    const ACC_GET = `query($id: ID!) { accountabilityCase(id: $id) { ${ACC} } }`;
    const base = { caseType: 'CORRUPTION', situation: '优亲厚友', summary: '村干部将亲属纳入建档立卡', persons: [{ name: '王某', unit: '北峡窝村村委会', post: '村党支部书记' }], units: ['北峡窝村村委会'], openedOn: '2018-05-25' };
    const cases = async (): Promise<number> => (await t.dataSource.query(`SELECT count(*)::int AS n FROM supervision_accountability_cases`))[0].n;

    it('opens a case from a substantiated hotline case, records actions against its persons and units, publishes it once; audited', async () => {
      let c = await receive(district, { caseType: '举报', area: 'FUNDS', summary: '村干部优亲厚友' });
      c = await step(district, c, { action: 'TRANSFER', effectiveOn: '2018-05-07', handlingUnit: '区纪委' });
      expect(errorOf(await t.gql(OPEN, { i: { ...base, hotlineCaseId: c.id } }, supervisor.headers))).toMatchObject({ code: 'CONFLICT', reason: 'HOTLINE_CASE_NOT_SUBSTANTIATED', field: 'input.hotlineCaseId' });
      c = await step(district, c, { action: 'REPLY', effectiveOn: '2018-05-20', content: '经查属实', substantiated: true });
      expect(errorOf(await t.gql(OPEN, { i: { ...base, hotlineCaseId: c.id, openedOn: '2018-05-19' } }, supervisor.headers))).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP', field: 'input.openedOn' });
      const a = dataOf(await t.gql(OPEN, { i: { ...base, hotlineCaseId: c.id } }, supervisor.headers)).openAccountabilityCase.accountabilityCase;
      expect(a).toMatchObject({ regionCode: R.village, caseType: 'CORRUPTION', situation: '优亲厚友', hotlineCaseId: c.id, findingId: null, openedOn: '2018-05-25', persons: base.persons, units: base.units, actions: [], publishedOn: null, version: 1 });
      const act = async (i: Json) => t.gql(ACTION, { i: { id: a.id, version: 1, action: '诫勉谈话', subject: '王某', decidedOn: '2018-06-01', ...i } }, supervisor.headers);
      expect(errorOf(await act({ subject: '李某' }))).toMatchObject({ reason: 'ACCOUNTABILITY_SUBJECT_UNKNOWN', field: 'input.subject' });
      expect(errorOf(await act({ action: '罚款' }))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.action' });
      expect(errorOf(await act({ decidedOn: '2018-05-24' }))).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP', field: 'input.decidedOn' });
      const one = dataOf(await act({})).addAccountabilityAction.accountabilityCase;
      const two = dataOf(await t.gql(ACTION, { i: { id: a.id, version: 2, action: '通报', subject: '北峡窝村村委会', decidedOn: '2018-06-02', note: '全区通报' } }, district.headers)).addAccountabilityAction.accountabilityCase;
      expect(one.version).toBe(2);
      expect(two.actions).toEqual([
        { action: '诫勉谈话', subject: '王某', decidedOn: '2018-06-01', note: null, actorName: supervisor.username },
        { action: '通报', subject: '北峡窝村村委会', decidedOn: '2018-06-02', note: '全区通报', actorName: district.username },
      ]);
      const pub = dataOf(await t.gql(PUBLISH, { i: { id: a.id, version: 3, publishedOn: '2018-06-05', reference: '上纪通〔2018〕5号' } }, supervisor.headers)).publishAccountabilityCase.accountabilityCase;
      expect(pub).toMatchObject({ publishedOn: '2018-06-05', publicationReference: '上纪通〔2018〕5号', version: 4 });
      expect(errorOf(await t.gql(PUBLISH, { i: { id: a.id, version: 4, publishedOn: '2018-06-06', reference: '再' } }, supervisor.headers))).toMatchObject({ reason: 'ACCOUNTABILITY_ALREADY_PUBLISHED' });
      const audits = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [a.id]);
      expect(audits.map((x: Json) => x.operation)).toEqual(['supervision.openAccountabilityCase', 'supervision.addAccountabilityAction', 'supervision.addAccountabilityAction', 'supervision.publishAccountabilityCase']);
      // The change feed: one root a case (opened, each action, the publication), with the case's place as region.
      const feed: Json[] = await t.dataSource.query(`SELECT root_type, operation, root_version, region_code, parts FROM change_feed WHERE root_id = $1 ORDER BY position`, [a.id]);
      expect(feed).toEqual([
        { root_type: 'SupervisionAccountabilityCase', operation: 'CREATED', root_version: 1, region_code: R.village, parts: ['case'] },
        { root_type: 'SupervisionAccountabilityCase', operation: 'UPDATED', root_version: 2, region_code: R.village, parts: ['actions', 'case'] },
        { root_type: 'SupervisionAccountabilityCase', operation: 'UPDATED', root_version: 3, region_code: R.village, parts: ['actions', 'case'] },
        { root_type: 'SupervisionAccountabilityCase', operation: 'UPDATED', root_version: 4, region_code: R.village, parts: ['case'] },
      ]);
      expect(dataOf(await t.gql(`query($h: ID) { accountabilityCases(hotlineCaseId: $h) { totalCount edges { node { id actions { action } } } } }`, { h: c.id }, town.headers)).accountabilityCases)
        .toEqual({ totalCount: 1, edges: [{ node: { id: a.id, actions: [{ action: '诫勉谈话' }, { action: '通报' }] } }] });
    });

    it('opens from a finding or standalone; refuses bad input with a coded error naming the field, writing nothing', async () => {
      const findingId = await insertFinding(t, R.town);
      const fromFinding = dataOf(await t.gql(OPEN, { i: { ...base, caseType: 'FORMALISM_BUREAUCRATISM', situation: '失职失责', findingId } }, discipline.headers)).openAccountabilityCase.accountabilityCase;
      expect(fromFinding).toMatchObject({ regionCode: R.town, findingId, hotlineCaseId: null, caseType: 'FORMALISM_BUREAUCRATISM' });
      const alone = dataOf(await t.gql(OPEN, { i: { ...base, persons: null, regionCode: R.siblingTown } }, supervisor.headers)).openAccountabilityCase.accountabilityCase;
      expect(alone).toMatchObject({ regionCode: R.siblingTown, persons: [], units: ['北峡窝村村委会'], findingId: null, hotlineCaseId: null });
      const before = await cases();
      const refused = async (i: Json, who: SignedIn = supervisor) => errorOf(await t.gql(OPEN, { i: { ...base, ...i } }, who.headers));
      expect(await refused({})).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.regionCode' });
      expect(await refused({ findingId, hotlineCaseId: findingId })).toMatchObject({ reason: 'ACCOUNTABILITY_SOURCE_CONFLICT', field: 'input.hotlineCaseId' });
      expect(await refused({ regionCode: R.village, persons: [], units: [] })).toMatchObject({ reason: 'ACCOUNTABILITY_NOBODY_ACCOUNTABLE', field: 'input.persons' });
      expect(await refused({ regionCode: R.village, situation: '其他' })).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.situation' });
      expect(await refused({ regionCode: R.village, persons: [{ name: ' ', unit: '村委会' }] })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.persons.0.name' });
      expect(await refused({ findingId, regionCode: R.village })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.regionCode' });
      expect(await refused({ regionCode: R.otherDistrict })).toMatchObject({ reason: 'REGION_OUT_OF_SCOPE' });
      expect(await refused({ regionCode: R.village }, town)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await cases()).toBe(before);
    });

    it('fault tolerance (容错): request → verification with the factors → decision from the parameter → feedback, by the procedure table', async () => {
      const FT = `id caseId applicant grounds distinctions requestedOn stage verification factors { factor assessment } verifiedOn decision decidedOn feedback fedBackOn availableActions version`;
      const REQ = `mutation($i: RequestFaultToleranceInput!) { requestFaultTolerance(input: $i) { faultToleranceRequest { ${FT} } } }`;
      const FSTEP = `mutation($i: FaultToleranceStepInput!) { faultToleranceStep(input: $i) { faultToleranceRequest { ${FT} } } }`;
      const a = dataOf(await t.gql(OPEN, { i: { ...base, regionCode: R.village } }, supervisor.headers)).openAccountabilityCase.accountabilityCase;
      const req = (i: Json, who: SignedIn = supervisor) => t.gql(REQ, { i: { caseId: a.id, applicant: '王某', grounds: '先行先试，无谋私', distinctions: ['INEXPERIENCE_VS_KNOWING'], requestedOn: '2018-06-01', ...i } }, who.headers);
      expect(errorOf(await req({ applicant: '李某' }))).toMatchObject({ reason: 'ACCOUNTABILITY_SUBJECT_UNKNOWN', field: 'input.applicant' });
      expect(errorOf(await req({ requestedOn: '2018-05-24' }))).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP', field: 'input.requestedOn' });
      expect(errorOf(await req({ distinctions: [] }))).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(errorOf(await req({}, town))).toMatchObject({ code: 'FORBIDDEN' });
      let r = dataOf(await req({})).requestFaultTolerance.faultToleranceRequest;
      expect(r).toMatchObject({ caseId: a.id, applicant: '王某', stage: 'REQUESTED', distinctions: ['INEXPERIENCE_VS_KNOWING'], availableActions: ['VERIFY'], version: 1 });
      const fstep = (i: Json, who: SignedIn = supervisor) => t.gql(FSTEP, { i: { id: r.id, version: r.version, ...i } }, who.headers);
      expect(errorOf(await fstep({ action: 'DECIDE', decision: '从轻', effectiveOn: '2018-06-02' }))).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });
      expect(errorOf(await fstep({ action: 'VERIFY', effectiveOn: '2018-06-05' }))).toMatchObject({ reason: 'STEP_INPUT_REQUIRED' });
      expect(errorOf(await fstep({ action: 'VERIFY', note: '早', effectiveOn: '2018-05-30' }))).toMatchObject({ reason: 'DATE_BEFORE_LAST_STEP' });
      r = dataOf(await fstep({ action: 'VERIFY', note: '经核实属探索中的失误', effectiveOn: '2018-06-05', factors: [{ factor: 'RECOVERY', assessment: '已全额退回' }, { factor: 'MOTIVE', assessment: '为推动工作' }] })).faultToleranceStep.faultToleranceRequest;
      expect(r).toMatchObject({ stage: 'VERIFIED', verification: '经核实属探索中的失误', verifiedOn: '2018-06-05', factors: [{ factor: 'MOTIVE', assessment: '为推动工作' }, { factor: 'RECOVERY', assessment: '已全额退回' }], availableActions: ['DECIDE'] });
      expect(errorOf(await fstep({ action: 'DECIDE', decision: '赦免', effectiveOn: '2018-06-10' }))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.decision' });
      r = dataOf(await fstep({ action: 'DECIDE', decision: '从轻', effectiveOn: '2018-06-10' })).faultToleranceStep.faultToleranceRequest;
      expect(r).toMatchObject({ stage: 'DECIDED', decision: '从轻', decidedOn: '2018-06-10', availableActions: ['FEED_BACK'] });
      r = dataOf(await fstep({ action: 'FEED_BACK', note: '已书面告知本人', effectiveOn: '2018-06-12' })).faultToleranceStep.faultToleranceRequest;
      expect(r).toMatchObject({ stage: 'FED_BACK', feedback: '已书面告知本人', fedBackOn: '2018-06-12', availableActions: [], version: 4 });
      const read = dataOf(await t.gql(`query($id: ID!) { accountabilityCase(id: $id) { faultToleranceRequests { id stage decision } } }`, { id: a.id }, town.headers)).accountabilityCase;
      expect(read.faultToleranceRequests).toEqual([{ id: r.id, stage: 'FED_BACK', decision: '从轻' }]);
      const audits = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [r.id]);
      expect(audits.map((x: Json) => x.operation)).toEqual(['supervision.requestFaultTolerance', 'supervision.faultToleranceStep', 'supervision.faultToleranceStep', 'supervision.faultToleranceStep']);
      const feed: Json[] = await t.dataSource.query(`SELECT root_type, region_code, parts FROM change_feed WHERE root_id = $1 ORDER BY position`, [a.id]);
      expect(feed.slice(1)).toEqual(Array(4).fill({ root_type: 'SupervisionAccountabilityCase', region_code: R.village, parts: ['fault_tolerance'] }));
    });

    describe('region × role matrix', () => {
      const missingId = '00000000-0000-4000-8000-000000000000';
      const at = async (region: string): Promise<string> => {
        const [r] = await t.dataSource.query(
          `INSERT INTO supervision_accountability_cases (region_code, case_type, situation, summary, persons, units, opened_on) VALUES ($1, 'CORRUPTION', '吃拿卡要', '矩阵', '[]', '{某单位}', '2018-05-01') RETURNING id`,
          [region],
        );
        return r.id as string;
      };
      const ops: [MatrixOperation, Role[]][] = [
        [{ name: 'Query.accountabilityCase', missingId, target: at, run: (c, id) => t.gql(ACC_GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.accountabilityCase?.id }, [Role.TOWN_OFFICER]],
        [
          {
            name: 'Mutation.addAccountabilityAction', missingId, target: at,
            run: (c, id) => t.gql(ACTION, { i: { id, version: 1, action: '约谈', subject: '某单位', decidedOn: '2018-05-02' } }, c.headers),
            reached: (res) => !!(res.body.data as Json | undefined)?.addAccountabilityAction?.accountabilityCase?.id,
          },
          [Role.SUPERVISOR],
        ],
        [
          {
            name: 'Mutation.faultToleranceStep', missingId,
            target: async (region: string) => {
              const caseId = await at(region);
              const [r] = await t.dataSource.query(
                `INSERT INTO supervision_fault_tolerance_requests (case_id, region_code, applicant, grounds, distinctions, requested_on, last_step_on) VALUES ($1, $2, '某单位', '矩阵', '{EXPLORATION_VS_DEFIANCE}', '2018-05-02', '2018-05-02') RETURNING id`,
                [caseId, region],
              );
              return r.id as string;
            },
            run: (c, id) => t.gql(`mutation($i: FaultToleranceStepInput!) { faultToleranceStep(input: $i) { faultToleranceRequest { id } } }`, { i: { id, version: 1, action: 'VERIFY', note: '矩阵', effectiveOn: '2018-05-03' } }, c.headers),
            reached: (res) => !!(res.body.data as Json | undefined)?.faultToleranceStep?.faultToleranceRequest?.id,
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
