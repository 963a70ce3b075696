import { addDays, todayInChina } from '../../src/common/dates/local-date';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { collectOperations } from '../../src/common/access/operation-map';
import { Role, Sector } from '../../src/common/access/permissions';
import { undescribedSchemaElements } from '../../src/common/graphql/schema-descriptions';
import { JobRunner } from '../../src/common/jobs/job-runner';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { pendingSchemaChanges } from '../../src/database/schema-diff';
import { DISCLOSURE_PERIODS_QUEUE } from '../../src/disclosure/disclosure-periods.job';
import { personalDataPaths, payloadHash } from '../../src/disclosure/published-payload';
import { projectRoot } from '../../src/common/project-root';
import { checkRegionMatrix } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

type Json = Record<string, any>;

const NOTICE = `id kind state regionCode channels periodLength periodUnit startsOn endsOn currentVersion withdrawnReason closedOn version
  versions { id number payloadJson payloadHash renderedText replacesId correctionReason publishedAt contentJson }
  objections { id text objectorName contact state answer outcome version source receivedOn }`;
const CREATE = `mutation($i: CreateDisclosureNoticeInput!) { createDisclosureNotice(input: $i) { notice { ${NOTICE} } } }`;
const UPDATE = `mutation($i: UpdateDisclosureNoticeInput!) { updateDisclosureNotice(input: $i) { notice { ${NOTICE} } } }`;
const PUBLISH = `mutation($i: PublishDisclosureNoticeInput!) { publishDisclosureNotice(input: $i) { notice { ${NOTICE} } } }`;
const CORRECT = `mutation($i: CorrectDisclosureNoticeInput!) { correctDisclosureNotice(input: $i) { notice { ${NOTICE} } } }`;
const WITHDRAW = `mutation($i: WithdrawDisclosureNoticeInput!) { withdrawDisclosureNotice(input: $i) { notice { id state withdrawnReason version } } }`;
const RECORD = `mutation($i: RecordDisclosureObjectionInput!) { recordDisclosureObjection(input: $i) { objection { id state contact objectorName version } notice { id state } } }`;
const HANDLE = `mutation($i: HandleDisclosureObjectionInput!) { handleDisclosureObjection(input: $i) { objection { id state answer outcome version } notice { id state closedOn } } }`;
const GET = `query($id: ID!) { disclosureNotice(id: $id) { ${NOTICE} } }`;
const LIST = `query($r: String, $k: DisclosureNoticeKind, $first: Int, $after: String) {
  disclosureNotices(regionCode: $r, kind: $k, first: $first, after: $after) { totalCount edges { node { id state } } pageInfo { hasNextPage endCursor } } }`;
const PROBLEMS = `query($from: LocalDate!, $to: LocalDate!) { disclosureProblems(from: $from, to: $to) { notice { id } problem detail deadline publishedOn periodDays minDays parametersUsed { key value configured status } } }`;
const REVEAL = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: DISCLOSURE_OBJECTOR_CONTACT, id: $id, reason: $r }) { value } }`;

/** An allocation notice (资金分配结果) as a sector or district office drafts it. */
const ALLOCATION = {
  title: '2026年第一批财政专项扶贫资金分配结果',
  responsibleUnit: '上街区扶贫办',
  documentNumber: '上财预〔2026〕1号',
  issuedOn: '2018-03-01',
  amount: '1200000.00',
  fundLevel: '区',
  fundChannel: '扶贫发展',
  allocations: [
    { regionCode: R.village, recipient: '北峡窝村', purpose: '道路硬化', amount: '700000.00' },
    { regionCode: R.villageSameTown, recipient: '南峡窝村', purpose: '扶贫车间', amount: '500000.00' },
  ],
};

const ID_NUMBER = '410106198001011235';
const PHONE = '13812345678';

describe('public disclosure (公告公示, issue #14)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let siblingTown: SignedIn;
  let supervisor: SignedIn;
  let secrets: Secrets;
  let subjectSeq = 0;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_OBJECTIONS_PER_ADDRESS_PER_HOUR: '3' });
    await loadRegions(t);
    secrets = t.get<Secrets>(SECRETS as never);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
  });
  afterAll(() => t?.close());

  function ok(res: GqlResult): Json {
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data as Json;
  }
  const errorOf = (res: GqlResult): Json => {
    expect(res.body.errors).toBeDefined();
    const e = res.body.errors![0] as Json;
    return { code: e.extensions.code, reason: e.extensions.reason, field: e.extensions.field, details: e.extensions.details };
  };

  async function draft(who: SignedIn, input: Json = {}): Promise<Json> {
    subjectSeq += 1;
    const i = { kind: 'FUND_ALLOCATION', subjectType: 'FundAllocation', subjectId: `alloc-${subjectSeq}`, regionCode: R.town, channels: ['PORTAL', 'TOWN_BOARD'], content: ALLOCATION, ...input };
    return ok(await t.gql(CREATE, { i }, who.headers)).createDisclosureNotice.notice;
  }
  async function published(who: SignedIn = town, input: Json = {}): Promise<Json> {
    const d = await draft(who, input);
    return ok(await t.gql(PUBLISH, { i: { id: d.id, version: d.version } }, who.headers)).publishDisclosureNotice.notice;
  }
  const publicGet = (id: string) => t.http.get(`/public/notices/${id}`);

  it('plugs in: entities and migration agree, every element is described, every operation declares its permission', async () => {
    expect((await pendingSchemaChanges(t.dataSource)).up).toEqual([]);
    expect(undescribedSchemaElements(t.get(GraphQLSchemaHost).schema)).toEqual([]);
    const access = Object.fromEntries(collectOperations(t.service.app).map((o) => [o.operation, o.access]));
    expect(access['Query.disclosureNotices']).toBe('disclosure.read');
    expect(access['Mutation.publishDisclosureNotice']).toBe('disclosure.write');
  });

  it('publishes a draft: period from the parameter store, payload allow-listed, hashed, readable without sign-in with cache headers', async () => {
    const d = await draft(town);
    expect(d).toMatchObject({ state: 'DRAFT', periodLength: null, startsOn: null, versions: [{ number: 1, payloadHash: null, payloadJson: null }] });
    // A draft is not public.
    expect((await publicGet(d.id)).status).toBe(404);
    const n = ok(await t.gql(PUBLISH, { i: { id: d.id, version: d.version } }, town.headers)).publishDisclosureNotice.notice;
    const today = todayInChina();
    // funds.disclosure_board_min_days (10 days, RULES.md §8): the first day counts.
    expect(n).toMatchObject({ state: 'PUBLISHED', periodLength: 10, periodUnit: 'DAYS', startsOn: today, endsOn: addDays(today, 9), currentVersion: 1 });
    const v = n.versions[0];
    expect(v.payloadHash).toMatch(/^[0-9a-f]{64}$/);
    expect(payloadHash(JSON.parse(v.payloadJson))).toBe(v.payloadHash);
    expect(v.renderedText).toContain('【资金分配结果】2026年第一批财政专项扶贫资金分配结果');

    const res = await publicGet(n.id);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ id: n.id, kind: 'FUND_ALLOCATION', state: 'PUBLISHED', versions: [{ number: 1, payloadHash: v.payloadHash }] });
    expect(payloadHash(res.body.versions[0].payload)).toBe(v.payloadHash);
    expect(res.body.versions[0].payload.content.allocations).toHaveLength(2);

    const list = await t.http.get('/public/notices').query({ region: R.town, kind: 'FUND_ALLOCATION', from: today, to: today, first: 50 });
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('public, max-age=60');
    expect(list.body.items.map((i: Json) => i.id)).toContain(n.id);
    expect(list.body.items.find((i: Json) => i.id === n.id).latest.payloadHash).toBe(v.payloadHash);
    // The region's Atom feed has it, with its hash.
    const feed = await t.http.get('/public/notices/feed.atom').query({ region: R.town }).buffer(true).parse((r, cb) => {
      let body = '';
      r.on('data', (c: Buffer) => (body += c.toString('utf8')));
      r.on('end', () => cb(null, body));
    });
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.body).toContain(`<id>urn:uuid:${v.id}</id>`);
    expect(feed.body).toContain(`SHA-256: ${v.payloadHash}`);
    expect((await t.http.get('/public/notices/feed.atom').query({ region: 'x' })).status).toBe(400);
    // Another town's subtree does not list it; a bad filter is a coded 400 naming the field.
    expect((await t.http.get('/public/notices').query({ region: R.siblingTown })).body.items.map((i: Json) => i.id)).not.toContain(n.id);
    const bad = await t.http.get('/public/notices').query({ region: '4101' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    for (const query of [{ from: '2026-13-45' }, { to: '2026-02-30' }, { first: 1000 }, { kind: 'NOPE' }, { after: 'not-a-cursor' }]) {
      const r = await t.http.get('/public/notices').query(query);
      expect([JSON.stringify(query), r.status, r.body.errors[0].extensions.code]).toEqual([JSON.stringify(query), 400, 'BAD_USER_INPUT']);
    }
    expect((await t.http.get('/public/notices/not-a-uuid')).status).toBe(404);
    expect((await t.http.get('/public/notices/00000000-0000-4000-8000-000000000000')).body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NOTICE_NOT_FOUND' });
    const noBody = await t.http.post(`/public/notices/${n.id}/objections`).set('x-forwarded-for', '192.0.2.200').send({});
    expect(noBody.status).toBe(400);
  });

  it('refuses bad input with coded errors naming the field: required fields, personal data, a short period, not configured', async () => {
    const incomplete = await draft(town, { content: { title: '资金分配' } });
    expect(errorOf(await t.gql(PUBLISH, { i: { id: incomplete.id, version: incomplete.version } }, town.headers))).toMatchObject({
      code: 'BAD_USER_INPUT', reason: 'NOTICE_FIELD_REQUIRED', field: 'input.content.responsibleUnit',
    });
    expect(errorOf(await t.gql(CREATE, { i: { kind: 'FUND_ALLOCATION', subjectType: 'FundAllocation', subjectId: 'x-1', regionCode: R.town, channels: ['PORTAL'], content: { title: `联系人身份证 ${ID_NUMBER}` } } }, town.headers))).toMatchObject({
      code: 'BAD_USER_INPUT', reason: 'NOTICE_PERSONAL_DATA', field: 'input.content.title',
    });
    expect(errorOf(await t.gql(CREATE, { i: { kind: 'COMPLAINTS_HANDLING', subjectType: 'Complaint', subjectId: 'c-1', regionCode: R.town, channels: ['PORTAL'], content: { title: 't', amount: '1.00' } } }, town.headers))).toMatchObject({
      reason: 'NOTICE_FIELD_NOT_ALLOWED', field: 'input.content.amount',
    });
    const short = await draft(town, { period: { length: 5, unit: 'DAYS' } });
    expect(errorOf(await t.gql(PUBLISH, { i: { id: short.id, version: short.version } }, town.headers))).toMatchObject({
      code: 'BAD_USER_INPUT', reason: 'NOTICE_PERIOD_TOO_SHORT', field: 'input.period.length', details: { days: 5, minDays: 10, key: 'funds.disclosure_board_min_days' },
    });
    // registry.exit_notice_days is seeded for 2018 only: today it is not configured, never a default.
    const exit = await draft(village, {
      kind: 'REGISTRY_EXIT', subjectType: 'ExitProposal', regionCode: R.village, channels: ['VILLAGE_BOARD'],
      content: { title: '贫困户退出公示', responsibleUnit: '北峡窝村委会', households: [{ headName: '张小三', regionCode: R.village, size: 3 }] },
    });
    expect(errorOf(await t.gql(PUBLISH, { i: { id: exit.id, version: exit.version } }, village.headers))).toMatchObject({
      reason: 'NOTICE_PERIOD_NOT_CONFIGURED', details: { key: 'registry.exit_notice_days' },
    });
    // Working days need the year's working calendar (only 2018 is seeded).
    const working = await draft(town, { period: { length: 10, unit: 'WORKING_DAYS' } });
    expect(errorOf(await t.gql(PUBLISH, { i: { id: working.id, version: working.version } }, town.headers))).toMatchObject({ reason: 'NOTICE_CALENDAR_NOT_CONFIGURED' });
    // Nothing of the refused publications was written.
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM disclosure_notice_versions WHERE notice_id = ANY($1) AND published_at IS NOT NULL`, [[incomplete.id, short.id, exit.id, working.id]]);
    expect(row.n).toBe(0);
  });

  it('never edits a published version: editing answers NOTICE_PUBLISHED_IMMUTABLE, the database refuses it too, a correction is a new version', async () => {
    const n = await published();
    expect(errorOf(await t.gql(UPDATE, { i: { id: n.id, version: n.version, content: { ...ALLOCATION, amount: '1.00' } } }, town.headers))).toMatchObject({
      code: 'CONFLICT', reason: 'NOTICE_PUBLISHED_IMMUTABLE',
    });
    await expect(t.dataSource.query(`UPDATE disclosure_notice_versions SET payload_hash = repeat('0', 64) WHERE notice_id = $1`, [n.id])).rejects.toThrow(/never changed/);
    await expect(t.dataSource.query(`DELETE FROM disclosure_notice_versions WHERE notice_id = $1`, [n.id])).rejects.toThrow(/never changed/);

    const fixed = { ...ALLOCATION, amount: '1250000.00', allocations: [...ALLOCATION.allocations.slice(0, 1), { ...ALLOCATION.allocations[1], amount: '550000.00' }] };
    expect(errorOf(await t.gql(CORRECT, { i: { id: n.id, version: n.version, content: fixed, reason: '' } }, town.headers))).toMatchObject({ reason: 'REASON_REQUIRED', field: 'input.reason' });
    const c = ok(await t.gql(CORRECT, { i: { id: n.id, version: n.version, content: fixed, reason: '南峡窝村金额录入错误' } }, town.headers)).correctDisclosureNotice.notice;
    expect(c).toMatchObject({ currentVersion: 2, startsOn: n.startsOn, endsOn: n.endsOn });
    const [v1, v2] = c.versions;
    expect(v1.payloadHash).toBe(n.versions[0].payloadHash);
    expect(v2).toMatchObject({ number: 2, replacesId: expect.any(String), correctionReason: '南峡窝村金额录入错误' });
    expect(v2.payloadHash).not.toBe(v1.payloadHash);
    expect(JSON.parse(v2.payloadJson).replaces).toEqual({ version: 1, reason: '南峡窝村金额录入错误' });
    const pub = (await publicGet(n.id)).body;
    expect(pub.versions.map((v: Json) => [v.number, v.payloadHash])).toEqual([[1, v1.payloadHash], [2, v2.payloadHash]]);
    // Withdrawn: with its reason, still public with its versions.
    const w = ok(await t.gql(WITHDRAW, { i: { id: n.id, version: c.version, reason: '资金计划调整，另行公示' } }, town.headers)).withdrawDisclosureNotice.notice;
    expect(w).toMatchObject({ state: 'WITHDRAWN', withdrawnReason: '资金计划调整，另行公示' });
    expect((await publicGet(n.id)).body).toMatchObject({ state: 'WITHDRAWN', withdrawnReason: '资金计划调整，另行公示', versions: [{ number: 1 }, { number: 2 }] });
  });

  it('masks household heads (张*三) and no published payload holds an ID-, phone- or card-like string', async () => {
    // The district enters this year's exit notice period (RULES.md seeds 2018 only).
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    ok(await t.gql(`mutation($i: SetParameterInput!) { setParameter(input: $i) { parameter { id } } }`, {
      i: { key: 'registry.exit_notice_days', regionCode: R.district, value: '7', effectiveFrom: `${todayInChina().slice(0, 4)}-01-01`, status: 'UNVERIFIED', source: '区扶贫办', reason: '本年度退出公示期' },
    }, admin.headers));
    const n = await published(village, {
      kind: 'REGISTRY_EXIT', subjectType: 'ExitProposal', regionCode: R.village, channels: ['VILLAGE_BOARD'],
      content: { title: '贫困户退出公示', responsibleUnit: '北峡窝村委会', households: [{ headName: '张小三', regionCode: R.village, size: 3 }, { headName: '李四', regionCode: R.village, size: 2 }] },
      period: { length: 7 },
    });
    const payload = JSON.parse(n.versions[0].payloadJson);
    expect(payload.content.households.map((h: Json) => h.headName)).toEqual(['张*三', '李*']);
    expect(n.versions[0].renderedText).not.toContain('张小三');
    // Every published payload in the database, and every one the public list serves.
    const rows = await t.dataSource.query(`SELECT payload FROM disclosure_notice_versions WHERE payload IS NOT NULL`);
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) expect(personalDataPaths(r.payload)).toEqual([]);
    const pub = await t.http.get('/public/notices').query({ first: 100 });
    expect(personalDataPaths(pub.body)).toEqual([]);
  });

  it('objections: named or anonymous, contact protected, text stored as text; a flood from one address is limited; the notice closes only when its period has ended and every objection is closed', async () => {
    const n = await published(town);
    const named = ok(await t.gql(RECORD, { i: { noticeId: n.id, text: '南峡窝村金额与会议纪要不符', objectorName: '王五', contact: PHONE, receivedOn: n.startsOn } }, town.headers)).recordDisclosureObjection.objection;
    expect(named).toMatchObject({ state: 'OPEN', objectorName: '王五', contact: '138****5678' });
    const [stored] = await t.dataSource.query(`SELECT contact_enc FROM disclosure_objections WHERE id = $1`, [named.id]);
    expect(stored.contact_enc).not.toContain(PHONE);
    expect(secrets.cipher.decrypt(stored.contact_enc)).toBe(PHONE);
    expect(ok(await t.gql(REVEAL, { id: named.id, r: '核实异议人身份' }, town.headers)).revealPersonalData.value).toBe(PHONE);
    const [auditRow] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE entity_type = 'DisclosureObjection' AND entity_id = $1 AND operation = 'disclosure.recordObjection'`, [named.id]);
    expect(JSON.stringify(auditRow.changes)).not.toContain(PHONE);

    // Anyone, without sign-in: anonymous, markup stored as text and answered as a JSON string.
    const script = '<script>alert(1)</script> 金额不对';
    const filed = await t.http.post(`/public/notices/${n.id}/objections`).set('x-forwarded-for', '203.0.113.7').send({ text: script });
    expect(filed.status).toBe(201);
    expect(filed.headers['cache-control']).toBe('no-store');
    const [row] = await t.dataSource.query(`SELECT text, source, objector_name, address_hash FROM disclosure_objections WHERE id = $1`, [filed.body.id]);
    expect(row).toMatchObject({ text: script, source: 'PUBLIC', objector_name: null });
    expect(row.address_hash).not.toContain('203.0.113.7');
    // Oversized text and an unknown notice: coded errors, nothing written.
    const big = await t.http.post(`/public/notices/${n.id}/objections`).set('x-forwarded-for', '203.0.113.8').send({ text: 'x'.repeat(5001) });
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body)).toContain('OBJECTION_TEXT_TOO_LONG');
    // The limit per address (3 per hour in this test): the fourth from one address is refused, another address still files.
    for (let i = 0; i < 2; i += 1) expect((await t.http.post(`/public/notices/${n.id}/objections`).set('x-forwarded-for', '203.0.113.7').send({ text: `第${i}条` })).status).toBe(201);
    const flood = await t.http.post(`/public/notices/${n.id}/objections`).set('x-forwarded-for', '203.0.113.7').send({ text: '再来一条' });
    expect(flood.status).toBe(429);
    expect(JSON.stringify(flood.body)).toContain('OBJECTION_FLOOD');
    expect((await t.http.post(`/public/notices/${n.id}/objections`).set('x-forwarded-for', '198.51.100.9').send({ text: '另一地址' })).status).toBe(201);

    // The period ends (moved into the past, as the days pass) and the job runner ends it; open objections keep it open.
    await t.dataSource.query(`UPDATE disclosure_notices SET starts_on = starts_on - 20, ends_on = ends_on - 20 WHERE id = $1`, [n.id]);
    t.get(JobRunner).wake(DISCLOSURE_PERIODS_QUEUE);
    await waitFor(async () => (await t.dataSource.query(`SELECT state FROM disclosure_notices WHERE id = $1`, [n.id]))[0].state === 'PERIOD_ENDED', { what: 'the period job ends the period' });
    // After the period: a public filing is refused (outside the period); an officer may still record one received within it.
    const late = await t.http.post(`/public/notices/${n.id}/objections`).set('x-forwarded-for', '198.51.100.10').send({ text: '晚了' });
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.body)).toContain('OBJECTION_OUTSIDE_PERIOD');

    const all = ok(await t.gql(GET, { id: n.id }, town.headers)).disclosureNotice;
    expect(all.objections).toHaveLength(5);
    expect(errorOf(await t.gql(HANDLE, { i: { id: named.id, version: named.version, finding: '核实', answer: `请联系 ${PHONE}`, outcome: 'NOT_UPHELD' } }, town.headers))).toMatchObject({ reason: 'NOTICE_PERSONAL_DATA', field: 'input.answer' });
    let last: Json = {};
    for (const o of all.objections) {
      last = ok(await t.gql(HANDLE, { i: { id: o.id, version: o.version, finding: '经核实，金额与批复一致', answer: '经核实，分配金额与批复文件一致。', outcome: 'NOT_UPHELD' } }, town.headers)).handleDisclosureObjection;
    }
    // The last one closed the ended notice.
    expect(last.notice).toMatchObject({ state: 'CLOSED', closedOn: todayInChina() });
    expect(errorOf(await t.gql(HANDLE, { i: { id: named.id, version: 2, finding: 'x', answer: 'y', outcome: 'UPHELD' } }, town.headers))).toMatchObject({ reason: 'OBJECTION_CLOSED' });
    // Closed: no more objections; the answers are public, the objectors and texts are not.
    expect(errorOf(await t.gql(RECORD, { i: { noticeId: n.id, text: '又一条', receivedOn: n.startsOn } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_NOT_OPEN', field: 'input.noticeId' });
    const pub = (await publicGet(n.id)).body;
    expect(pub.state).toBe('CLOSED');
    expect(pub.objections).toHaveLength(5);
    expect(pub.objections[0]).toEqual({ receivedOn: expect.any(String), state: 'CLOSED', outcome: 'NOT_UPHELD', answer: '经核实，分配金额与批复文件一致。', handledOn: todayInChina() });
    expect(JSON.stringify(pub)).not.toContain('王五');
    expect(JSON.stringify(pub)).not.toContain('<script>');
    // Feed entries for the notice (notice and objections parts).
    const feed = await t.dataSource.query(`SELECT DISTINCT unnest(parts) AS part FROM change_feed WHERE root_type = 'DisclosureNotice' AND root_id = $1`, [n.id]);
    expect(feed.map((f: Json) => f.part).sort()).toEqual(['notice', 'objections']);
  });

  it('a notice whose period ended without objections closes on the job run', async () => {
    const n = await published(town);
    await t.dataSource.query(`UPDATE disclosure_notices SET starts_on = starts_on - 20, ends_on = ends_on - 20 WHERE id = $1`, [n.id]);
    t.get(JobRunner).wake(DISCLOSURE_PERIODS_QUEUE);
    await waitFor(async () => (await t.dataSource.query(`SELECT state FROM disclosure_notices WHERE id = $1`, [n.id]))[0].state === 'CLOSED', { what: 'the period job closes the notice' });
    const ops = await t.dataSource.query(`SELECT operation, actor_type FROM audit_log WHERE entity_type = 'DisclosureNotice' AND entity_id = $1 ORDER BY seq`, [n.id]);
    expect(ops.map((o: Json) => o.operation)).toEqual(['disclosure.createNotice', 'disclosure.publishNotice', 'disclosure.endPeriod', 'disclosure.closeNotice']);
  });

  it('answers the public GraphQL set without a token: published notices with versions, hashes and answers, nothing internal', async () => {
    const n = await published(town);
    const d = await draft(town);
    const Q = `query($r: String, $id: ID!, $draft: ID!) {
      publicNotices(regionCode: $r, first: 100) { edges { node { id state kindLabel versions { number payloadHash payloadJson } answers { state answer } } } }
      one: publicNotice(id: $id) { id versions { payloadHash } }
      draft: publicNotice(id: $draft) { id } }`;
    const res = await t.gql(Q, { r: R.town, id: n.id, draft: d.id });
    const data = ok(res);
    const mine = data.publicNotices.edges.map((e: Json) => e.node).find((x: Json) => x.id === n.id);
    expect(mine).toMatchObject({ state: 'PUBLISHED', kindLabel: '资金分配结果', versions: [{ number: 1, payloadHash: n.versions[0].payloadHash }], answers: [] });
    expect(payloadHash(JSON.parse(mine.versions[0].payloadJson))).toBe(n.versions[0].payloadHash);
    expect(data.one.versions[0].payloadHash).toBe(n.versions[0].payloadHash);
    expect(data.draft).toBeNull();
    expect(data.publicNotices.edges.map((e: Json) => e.node.id)).not.toContain(d.id);
    expect(personalDataPaths(data)).toEqual([]);
    // The internal queries still need a token.
    expect(errorOf(await t.gql(LIST, { first: 1 }))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('region scope: another town sees none of the notices and cannot change them; a supervisor reads, cannot write', async () => {
    const n = await published(town);
    const theirs = ok(await t.gql(LIST, { first: 100 }, siblingTown.headers)).disclosureNotices;
    expect(theirs.edges.map((e: Json) => e.node.id)).not.toContain(n.id);
    expect(ok(await t.gql(GET, { id: n.id }, siblingTown.headers)).disclosureNotice).toBeNull();
    expect(errorOf(await t.gql(WITHDRAW, { i: { id: n.id, version: n.version, reason: '他人撤回' } }, siblingTown.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'NOTICE_NOT_FOUND' });
    expect(errorOf(await t.gql(CREATE, { i: { kind: 'FUND_ALLOCATION', subjectType: 'FundAllocation', subjectId: 'x', regionCode: R.town, channels: ['PORTAL'], content: {} } }, siblingTown.headers))).toMatchObject({ reason: 'REGION_NOT_FOUND', field: 'input.regionCode' });
    expect(ok(await t.gql(LIST, { r: R.town, first: 100 }, supervisor.headers)).disclosureNotices.edges.map((e: Json) => e.node.id)).toContain(n.id);
    expect(errorOf(await t.gql(WITHDRAW, { i: { id: n.id, version: n.version, reason: '监督撤回' } }, supervisor.headers))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lists notices published after the working-day deadline of their allocation', async () => {
    // Issued 2018-03-01; 15 working days by the 2018 calendar; published today: late.
    const n = await published(district, { regionCode: R.district });
    const today = todayInChina();
    const problems = ok(await t.gql(PROBLEMS, { from: today, to: today }, district.headers)).disclosureProblems;
    const mine = problems.find((p: Json) => p.notice.id === n.id);
    expect(mine).toMatchObject({ problem: 'LATE', deadline: '2018-03-22', publishedOn: today });
    expect(mine.parametersUsed.map((u: Json) => u.key)).toEqual(expect.arrayContaining(['funds.allocation_disclosure_deadline', 'funds.disclosure_board_min_days']));
    expect(errorOf(await t.gql(PROBLEMS, { from: '2018-01-01', to: '2026-01-01' }, district.headers))).toMatchObject({ reason: 'PROBLEMS_RANGE_TOO_LONG' });
  });

  it('the documented verify command checks every version\'s hash, and a hash seen on a board', async () => {
    const n = await published(town);
    const url = `${t.baseUrl}/public/notices/${n.id}`;
    const run = (...args: string[]) => promisify(execFile)('npm', ['run', '--silent', 'notice:verify', '--', ...args], { cwd: projectRoot() });
    const good = await run(url, n.versions[0].payloadHash);
    expect(good.stdout).toContain('version 1: OK');
    expect(good.stdout).toContain('is version 1');
    await expect(run(url, 'f'.repeat(64))).rejects.toMatchObject({ code: 2 });
  });
  it('a sector officer publishes as its department and changes only its own sector\'s notices (role × region × sector matrix, Mutation.updateDisclosureNotice)', async () => {
    const education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    const mine = await draft(education);
    expect(ok(await t.gql(`query($id: ID!) { disclosureNotice(id: $id) { sector } }`, { id: mine.id }, district.headers)).disclosureNotice.sector).toBe('EDUCATION');
    // The office's own notice (no sector): the education officer reads it but does not change it.
    const office = await draft(town);
    expect(ok(await t.gql(GET, { id: office.id }, education.headers)).disclosureNotice.id).toBe(office.id);
    expect(errorOf(await t.gql(UPDATE, { i: { id: office.id, version: office.version, channels: ['PORTAL'] } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'NOTICE_NOT_FOUND' });
    // The town office still changes the education office's notice in its subtree.
    expect(ok(await t.gql(UPDATE, { i: { id: mine.id, version: mine.version, channels: ['PORTAL'] } }, town.headers)).updateDisclosureNotice.notice.channels).toEqual(['PORTAL']);

    const findings = await checkRegionMatrix(
      t,
      {
        name: 'Mutation.updateDisclosureNotice',
        missingId: '00000000-0000-4000-8000-000000000000',
        sector: { access: 'write' },
        target: async (region, sector) => {
          subjectSeq += 1;
          const [n] = await t.dataSource.query(
            `INSERT INTO disclosure_notices (kind, subject_type, subject_id, region_code, channels, period_unit, sector)
             VALUES ('FUND_ALLOCATION', 'FundAllocation', $1, $2, '{PORTAL}', 'DAYS', $3) RETURNING id`,
            [`matrix-${subjectSeq}`, region, sector ?? null],
          );
          await t.dataSource.query(`INSERT INTO disclosure_notice_versions (notice_id, number, content) VALUES ($1, 1, $2)`, [n.id, JSON.stringify(ALLOCATION)]);
          return n.id as string;
        },
        run: (caller, id) => t.gql(UPDATE, { i: { id, version: 1, channels: ['PORTAL', 'VILLAGE_BOARD'] } }, caller.headers),
        reached: (res) => !!(res.body.data as Json | undefined)?.updateDisclosureNotice?.notice?.id,
      },
      [Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER],
    );
    expect(findings).toEqual([]);
  });
});
