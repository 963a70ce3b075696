import { todayInChina } from '../../src/common/dates/local-date';
import { Role } from '../../src/common/access/permissions';
import { JobRunner } from '../../src/common/jobs/job-runner';
import { personalDataPaths } from '../../src/disclosure/published-payload';
import { buildHousehold, ok, Officers, register } from '../households/lifecycle-fixtures';
import { loadRegions, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

type Json = Record<string, any>;

/**
 * The registry's exit notice (公示) runs through the disclosure capability (issue #14): the
 * district's approval publishes it, an objection recorded in the registry lands on it and
 * withdraws it, and an objection filed publicly sends the exit back to review.
 */
describe('exit notices through public disclosure', () => {
  let t: TestApp;
  let o: Officers;

  beforeAll(async () => {
    // Today's exit notice period (RULES.md seeds registry.exit_notice_days for 2018 only).
    t = await startTestApp({ EXIT_NOTICE_DAYS: '7' });
    await loadRegions(t);
    o = {
      village: await signIn(t, Role.VILLAGE_OFFICER, R.village),
      town: await signIn(t, Role.TOWN_OFFICER, R.town),
      district: await signIn(t, Role.DISTRICT_OFFICER, R.district),
    };
  });
  afterAll(() => t?.close());

  /** An exit of 2018 approved on `on`: in notice from that day. */
  async function approvedExit(on: string): Promise<Json> {
    const h = await buildHousehold(t, o, R.village, { years: [2018] });
    await register(t, o, h.id);
    const p1 = await ok(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: '人均纯收入稳定超过标准', appraisalOn: '2018-10-08', effectiveOn: '2018-10-10' });
    const p2 = await ok(t, o.village, 'recordHouseholdAgreement', { proposalId: p1.proposal.id, version: p1.proposal.version, effectiveOn: '2018-10-12' });
    const p3 = await ok(t, o.town, 'reviewProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'APPROVE', effectiveOn: '2018-10-20' });
    return (await ok(t, o.district, 'approveProposal', { proposalId: p3.proposal.id, version: p3.proposal.version, decision: 'APPROVE', effectiveOn: on })).proposal;
  }
  const noticesOf = (proposalId: string): Promise<Json[]> =>
    t.dataSource.query(`SELECT id, kind, state, region_code, starts_on::text, ends_on::text, withdrawn_reason FROM disclosure_notices WHERE subject_type = 'HouseholdProposal' AND subject_id = $1 ORDER BY created_at`, [proposalId]);

  it('the approval publishes the exit notice: the village board, the registry\'s period, the head\'s name masked', async () => {
    const p = await approvedExit('2018-11-01');
    const [notice] = await noticesOf(p.id);
    expect(notice).toMatchObject({ kind: 'REGISTRY_EXIT', state: 'PUBLISHED', region_code: R.village, starts_on: '2018-11-01', ends_on: '2018-11-07' });
    const pub = (await t.http.get(`/public/notices/${notice.id}`)).body;
    const payload = pub.versions[0].payload;
    expect(payload).toMatchObject({ kind: 'REGISTRY_EXIT', subject: { type: 'HouseholdProposal', id: p.id }, period: { startsOn: '2018-11-01', endsOn: '2018-11-07', length: 7 } });
    const [head] = await t.dataSource.query(`SELECT m.name FROM members m JOIN household_proposals p ON p.household_id = m.household_id JOIN households h ON h.head_member_id = m.id WHERE p.id = $1`, [p.id]);
    expect(payload.content.households[0].headName).not.toBe(head.name);
    expect(payload.content.households[0].headName.startsWith([...head.name][0])).toBe(true);
    expect(personalDataPaths(pub)).toEqual([]);
  });

  it('an objection recorded in the registry sends the exit back (as before), lands on the notice and withdraws it', async () => {
    const p = await approvedExit('2018-11-01');
    const back = await ok(t, o.village, 'recordObjection', { proposalId: p.id, version: p.version, objection: '村民反映该户收入不实', receivedOn: '2018-11-03' });
    expect(back.proposal).toMatchObject({ stage: 'HOUSEHOLD_AGREED', objections: 1 });
    const [notice] = await noticesOf(p.id);
    expect(notice).toMatchObject({ state: 'WITHDRAWN', withdrawn_reason: expect.stringContaining('异议') });
    const objections = await t.dataSource.query(`SELECT text, received_on::text, source FROM disclosure_objections WHERE notice_id = $1`, [notice.id]);
    expect(objections).toEqual([{ text: '村民反映该户收入不实', received_on: '2018-11-03', source: 'OFFICER' }]);
  });

  it('an objection filed publicly within the notice sends the exit back to review through the job runner', async () => {
    const today = todayInChina();
    const p = await approvedExit(today);
    const [notice] = await noticesOf(p.id);
    expect(notice).toMatchObject({ state: 'PUBLISHED', starts_on: today });
    const filed = await t.http.post(`/public/notices/${notice.id}/objections`).set('x-forwarded-for', '192.0.2.44').send({ text: '该户家中仍有危房' });
    expect(filed.status).toBe(201);
    t.get(JobRunner).poke();
    const [back] = await waitFor(async () => {
      const rows = await t.dataSource.query(`SELECT stage, objections FROM household_proposals WHERE id = $1 AND stage = 'HOUSEHOLD_AGREED'`, [p.id]);
      return rows.length ? rows : null;
    }, { what: 'the exit goes back to review' });
    expect(back).toEqual({ stage: 'HOUSEHOLD_AGREED', objections: 1 });
    expect((await noticesOf(p.id))[0]).toMatchObject({ state: 'WITHDRAWN' });
    const [event] = await t.dataSource.query(`SELECT step, actor_name, effective_on::text FROM household_events WHERE proposal_id = $1 AND step = 'OBJECTION_RECORDED'`, [p.id]);
    expect(event).toMatchObject({ actor_name: '公示异议', effective_on: today });
    // Approved again, a new notice: the old one stays withdrawn with its objection.
    const reviewed = await ok(t, o.town, 'reviewProposal', { proposalId: p.id, version: (await t.dataSource.query(`SELECT version FROM household_proposals WHERE id = $1`, [p.id]))[0].version, decision: 'APPROVE', effectiveOn: today });
    await ok(t, o.district, 'approveProposal', { proposalId: p.id, version: reviewed.proposal.version, decision: 'APPROVE', effectiveOn: today });
    expect((await noticesOf(p.id)).map((n) => n.state)).toEqual(['WITHDRAWN', 'PUBLISHED']);
  });

  it('the deadline checks list an exit in notice that has no notice (written outside the procedure, as the demo loader does)', async () => {
    const noticed = await approvedExit('2018-11-05');
    // A registration's proposal rewritten as an exit in notice, without a notice.
    const h = await buildHousehold(t, o, R.village, { years: [2018] });
    const reg = await register(t, o, h.id);
    await t.dataSource.query(
      `UPDATE household_proposals SET kind = 'EXIT', stage = 'IN_NOTICE', year = 2018, notice_days = 7, notice_starts_on = '2018-11-06', notice_ends_on = '2018-11-12' WHERE id = $1`,
      [reg.proposal.id],
    );
    const today = todayInChina();
    const res = await t.gql(
      `query($from: LocalDate!, $to: LocalDate!) { disclosureProblems(from: $from, to: $to) { problem notice { id } subject { subjectType subjectId regionCode kind dueOn } deadline } }`,
      { from: '2018-11-01', to: today > '2019-10-31' ? '2019-10-31' : today },
      o.district.headers,
    );
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    const missing = (res.body.data as Json).disclosureProblems.filter((p: Json) => p.problem === 'MISSING');
    expect(missing).toContainEqual({ problem: 'MISSING', notice: null, subject: { subjectType: 'HouseholdProposal', subjectId: reg.proposal.id, regionCode: R.village, kind: 'REGISTRY_EXIT', dueOn: '2018-11-06' }, deadline: '2018-11-06' });
    expect(missing.map((p: Json) => p.subject.subjectId)).not.toContain(noticed.id);
  });
});
