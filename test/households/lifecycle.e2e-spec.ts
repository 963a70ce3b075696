import { addDays, todayInChina } from '../../src/common/dates/local-date';
import { Role } from '../../src/common/access/permissions';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { checkRegionMatrix } from '../support/access-matrix';
import { countQueries } from '../support/query-counter';
import { loadRegions, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import {
  buildHousehold,
  Built,
  exitFully,
  ext,
  noticeRunsOut,
  ok,
  Officers,
  register,
  signInWithRoles,
  step,
} from './lifecycle-fixtures';
import { createHousehold, householdInput, member } from './registry-fixtures';

/** A village kept for the year-end test alone, so other tests' households do not enter its list. */
const YEAR_END_VILLAGE = '410106100203';

describe('lifecycle: bottom-up procedures, the exit standard, as of a date (issue #4)', () => {
  let t: TestApp;
  let o: Officers;
  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    o = {
      village: await signIn(t, Role.VILLAGE_OFFICER, R.village),
      town: await signIn(t, Role.TOWN_OFFICER, R.town),
      district: await signIn(t, Role.DISTRICT_OFFICER, R.district),
    };
    // The district's lines for 2017–2018, entered through the legacy mutation, which writes them
    // as policy parameters of the district (narrower than RULES.md's national and Henan rows).
    for (const input of [
      { year: 2017, nationalLine: '3000.00', source: 'test', isDemo: true },
      { year: 2018, nationalLine: '3100.00', provincialExitLine: '3208.00', source: 'test', isDemo: true },
    ]) {
      const res = await t.gql(`mutation($input: SetPovertyLineInput!) { setPovertyLine(input: $input) { povertyLine { year } } }`, { input }, o.district.headers);
      if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    }
  });
  afterAll(() => t?.close());

  const ASSESS = `query($id: ID!, $year: Int!) { exitAssessment(householdId: $id, year: $year) {
    passed year membersOn results { criterion label passed reason facts } } }`;
  type Assessment = { passed: boolean; membersOn: string; results: { criterion: string; passed: boolean; reason: string; facts: Record<string, unknown> }[] };

  it('an exit is refused because a 12-year-old is not enrolled (§28: no paper exits)', async () => {
    // Born 2006-05-01: 12 on 31 August 2018, of compulsory school age, recorded as not in school.
    const h = await buildHousehold(t, o, R.village, {
      years: [2018],
      members: [member({ name: '张小军', relation: 'SON', birthDate: '2006-05-01', schoolingStatus: 'NOT_IN_SCHOOL' })],
    });
    await register(t, o, h.id);

    const res = await t.gql<{ exitAssessment: Assessment }>(ASSESS, { id: h.id, year: 2018 }, o.village.headers);
    const a = res.body.data!.exitAssessment;
    expect(a.passed).toBe(false);
    expect(a.membersOn).toBe('2018-12-31');
    expect(a.results.map((r) => r.criterion)).toEqual(['INCOME', 'FOOD_CLOTHING', 'COMPULSORY_SCHOOLING', 'BASIC_MEDICAL', 'SAFE_HOUSING', 'SAFE_WATER']);
    expect(a.results.filter((r) => !r.passed).map((r) => r.criterion)).toEqual(['COMPULSORY_SCHOOLING']);
    const schooling = a.results.find((r) => r.criterion === 'COMPULSORY_SCHOOLING')!;
    expect(schooling.reason).toContain('张小军（12 岁，非在校生）');
    expect(schooling.facts).toMatchObject({ ageCountedOn: '2018-08-31', notInSchool: [{ name: '张小军', age: 12, schoolingStatus: 'NOT_IN_SCHOOL' }] });
    // Income exact, per head of the 3 members on 2018-12-31: (10000 + 3000 − 1000) / 3 against the provincial exit line.
    expect(a.results[0]).toMatchObject({ passed: true, facts: { netIncome: '12000.00', householdSize: 3, perCapitaNetIncome: '4000.00', line: '3208.00', lineSource: 'PROVINCIAL_EXIT_LINE' } });
    // The lines come from the policy parameters as of membersOn for the village: the district's own
    // exit line (entered above, UNVERIFIED) overrides Henan's; both lookups are listed with their status.
    const used = await t.gql<{ exitAssessment: { parametersUsed: { key: string; value: string; scopeCode: string; status: string; configured: boolean }[] } }>(
      `query($id: ID!) { exitAssessment(householdId: $id, year: 2018) { parametersUsed { key value scopeCode status configured } } }`, { id: h.id }, o.village.headers,
    );
    expect(used.body.data!.exitAssessment.parametersUsed).toEqual([
      { key: 'registry.exit_income_line', value: '3208.00', scopeCode: R.district, status: 'UNVERIFIED', configured: true },
      { key: 'registry.poverty_line_national', value: '3100.00', scopeCode: R.district, status: 'UNVERIFIED', configured: true },
    ]);

    const refused = await step(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: '拟退出', appraisalOn: '2018-10-08', effectiveOn: '2018-10-10' });
    expect(ext(refused)).toMatchObject({
      code: 'CONFLICT',
      reason: 'EXIT_STANDARD_NOT_MET',
      details: { year: 2018, failing: [{ criterion: 'COMPULSORY_SCHOOLING', reason: expect.stringContaining('张小军') }] },
    });
    const [row] = await t.dataSource.query(`SELECT status, (SELECT count(*)::int FROM household_proposals WHERE household_id = $1 AND kind = 'EXIT') AS exits FROM households WHERE id = $1`, [h.id]);
    expect(row).toEqual({ status: 'NOT_EXITED', exits: 0 });

    // Enrolled (grade 7), the same exit goes through: the refusal was the child, nothing else.
    await t.dataSource.query(`UPDATE members SET schooling_status = 'GRADE_7' WHERE household_id = $1 AND name = '张小军'`, [h.id]);
    const after = await t.gql<{ exitAssessment: Assessment }>(ASSESS, { id: h.id, year: 2018 }, o.village.headers);
    expect(after.body.data!.exitAssessment.passed).toBe(true);
    const proposed = await ok(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: '拟退出', appraisalOn: '2018-10-08', effectiveOn: '2018-10-10' });
    expect(proposed.household.status).toEqual({ value: 'EXIT_IN_PROGRESS', code: '2', label: '预脱贫' });
  });

  it('an exit runs the whole procedure: appraisal and proposal → household agrees → town reviews → district approves → notice → announced; help does not stop', async () => {
    const h = await buildHousehold(t, o, R.village, { years: [2018] });
    await register(t, o, h.id);
    // A helper paired with the household (脱贫不脱帮扶): the exit must leave the pairing as it is.
    const [unit] = await t.dataSource.query(`INSERT INTO assisting_units (name, region_code) VALUES ('区扶贫办', $1) RETURNING id`, [R.district]);
    const [helper] = await t.dataSource.query(`INSERT INTO helpers (name, unit_id, region_code) VALUES ('王帮扶', $1, $2) RETURNING id`, [unit.id, R.town]);
    const [pairing] = await t.dataSource.query(
      `INSERT INTO pairings (helper_id, household_id, region_code, start_on) VALUES ($1, $2, $3, '2016-04-01') RETURNING id, version, end_on`,
      [helper.id, h.id, R.village],
    );

    const p1 = await ok(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: '人均纯收入稳定超过标准', appraisalOn: '2018-10-08', effectiveOn: '2018-10-10', evidence: '民主评议会议记录' });
    expect(p1.proposal).toMatchObject({ kind: 'EXIT', stage: 'PROPOSED', appraisalOn: '2018-10-08', year: 2018, open: true });
    expect(p1.household.status?.value).toBe('EXIT_IN_PROGRESS');

    const p2 = await ok(t, o.village, 'recordHouseholdAgreement', { proposalId: p1.proposal.id, version: p1.proposal.version, effectiveOn: '2018-10-12', note: '户主签字认可' });
    expect(p2.proposal).toMatchObject({ stage: 'HOUSEHOLD_AGREED', householdAgreedOn: '2018-10-12' });
    const p3 = await ok(t, o.town, 'reviewProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'APPROVE', effectiveOn: '2018-10-20' });
    expect(p3.proposal).toMatchObject({ stage: 'TOWN_REVIEWED', townReviewedBy: o.town.userId });
    const p4 = await ok(t, o.district, 'approveProposal', { proposalId: p3.proposal.id, version: p3.proposal.version, decision: 'APPROVE', effectiveOn: '2018-11-01' });
    // The notice starts on the approval's date, not on the day it is entered; EXIT_NOTICE_DAYS
    // defaults to 7: that day is the first, the sixth day after is the last.
    expect(p4.proposal).toMatchObject({ stage: 'IN_NOTICE', noticeDays: 7, noticeStartsOn: '2018-11-01', noticeEndsOn: '2018-11-07', districtApprovedBy: o.district.userId });
    expect(p4.household.status?.value).toBe('EXIT_IN_PROGRESS');

    // The announcement is dated after the notice's last day.
    const early = await step(t, o.district, 'announceExit', { proposalId: p4.proposal.id, version: p4.proposal.version, effectiveOn: '2018-11-07' });
    expect(ext(early)).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_NOT_OVER', field: 'input.effectiveOn', details: { noticeEndsOn: '2018-11-07' } });

    const done = await ok(t, o.district, 'announceExit', { proposalId: p4.proposal.id, version: p4.proposal.version, effectiveOn: '2018-11-10' });
    expect(done.proposal).toMatchObject({ stage: 'COMPLETED', open: false, completedOn: '2018-11-10' });
    expect(done.household).toMatchObject({ status: { value: 'EXITED', code: '1', label: '已脱贫（享受政策）' }, exitYear: 2018 });

    const events = await t.gql<{ household: { events: { kind: string; step: string | null; effectiveOn: string; fromStatus: { value: string } | null; toStatus: { value: string } | null; exitYear: number | null; actorId: string }[]; openProposal: unknown } }>(
      `query($id: ID!) { household(id: $id) { openProposal { id } events { kind step effectiveOn fromStatus { value } toStatus { value } exitYear actorId } } }`,
      { id: h.id },
      o.town.headers,
    );
    const history = events.body.data!.household.events.filter((e) => e.effectiveOn >= '2018-01-01');
    expect(history.map((e) => [e.kind, e.step ?? `${e.fromStatus?.value}→${e.toStatus?.value}`, e.effectiveOn])).toEqual([
      ['PROCEDURE_STEP', 'PROPOSED', '2018-10-10'],
      ['STATUS_CHANGED', 'NOT_EXITED→EXIT_IN_PROGRESS', '2018-10-10'],
      ['PROCEDURE_STEP', 'HOUSEHOLD_AGREED', '2018-10-12'],
      ['PROCEDURE_STEP', 'TOWN_REVIEWED', '2018-10-20'],
      ['PROCEDURE_STEP', 'DISTRICT_APPROVED', '2018-11-01'],
      ['PROCEDURE_STEP', 'ANNOUNCED', '2018-11-10'],
      ['STATUS_CHANGED', 'EXIT_IN_PROGRESS→EXITED', '2018-11-10'],
    ]);
    expect(history.at(-1)).toMatchObject({ exitYear: 2018, actorId: o.district.userId });
    expect(events.body.data!.household.openProposal).toBeNull();

    // Every step is in the audit trail, in the step's transaction.
    const audit = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_id = $1 ORDER BY seq`, [p1.proposal.id]);
    expect(audit.map((a: { operation: string }) => a.operation)).toEqual([
      'households.proposeExit',
      'households.recordHouseholdAgreement',
      'households.reviewProposal',
      'households.approveProposal',
      'households.announceExit',
    ]);
    // 脱贫不脱帮扶: the pairing is untouched.
    expect(await t.dataSource.query(`SELECT id, version, end_on FROM pairings WHERE household_id = $1`, [h.id])).toEqual([pairing]);
  });

  it('an objection during the notice period sends the exit back to the town’s review', async () => {
    // RULES.md gives the notice period for 2018 only: the district enters it for the current year.
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const entered = await t.gql(
      `mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id } } }`,
      { input: { key: 'registry.exit_notice_days', regionCode: R.district, value: '7', effectiveFrom: `${todayInChina().slice(0, 4)}-01-01`, status: 'UNVERIFIED', reason: '本年度公示期' } },
      admin.headers,
    );
    expect(entered.body.errors).toBeUndefined();
    const h = await buildHousehold(t, o, R.village, { years: [2018] });
    await register(t, o, h.id);
    const p1 = await ok(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: '拟退出', appraisalOn: '2018-10-08' });
    const p2 = await ok(t, o.village, 'recordHouseholdAgreement', { proposalId: p1.proposal.id, version: p1.proposal.version });
    const p3 = await ok(t, o.town, 'reviewProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'APPROVE' });
    const p4 = await ok(t, o.district, 'approveProposal', { proposalId: p3.proposal.id, version: p3.proposal.version, decision: 'APPROVE' });
    // Approved today: the notice runs from today, and in real time it is not over.
    const today = todayInChina();
    expect(p4.proposal).toMatchObject({ noticeStartsOn: today, noticeEndsOn: addDays(today, 6) });
    expect(ext(await step(t, o.district, 'announceExit', { proposalId: p4.proposal.id, version: p4.proposal.version }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOTICE_NOT_OVER',
      details: { noticeEndsOn: addDays(today, 6) },
    });

    // Reviewers and proposers record objections; a sector department that only reads does not.
    const sector = await signIn(t, Role.SECTOR_OFFICER, R.district);
    expect(ext(await step(t, sector, 'recordObjection', { proposalId: p4.proposal.id, version: p4.proposal.version, objection: '异议' }))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'MISSING_PERMISSION',
    });
    const objected = await ok(t, o.village, 'recordObjection', { proposalId: p4.proposal.id, version: p4.proposal.version, objection: '村民反映该户仍有子女因贫辍学', evidence: '公示期来电记录' });
    expect(objected.proposal).toMatchObject({ stage: 'HOUSEHOLD_AGREED', objections: 1, noticeStartsOn: null, noticeEndsOn: null, townReviewedBy: null, districtApprovedBy: null });
    expect(objected.household.status?.value).toBe('EXIT_IN_PROGRESS');
    // Back at the town: the district can neither announce nor approve until the town reviews again.
    expect(ext(await step(t, o.district, 'announceExit', { proposalId: p4.proposal.id, version: objected.proposal.version }))).toMatchObject({ reason: 'LEVEL_SKIPPED' });
    expect(ext(await step(t, o.district, 'approveProposal', { proposalId: p4.proposal.id, version: objected.proposal.version, decision: 'APPROVE' }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'LEVEL_SKIPPED',
      details: { missing: 'TOWN_REVIEW' },
    });
    const [event] = await t.dataSource.query(`SELECT step, reason, evidence FROM household_events WHERE proposal_id = $1 AND step = 'OBJECTION_RECORDED'`, [p4.proposal.id]);
    expect(event).toEqual({ step: 'OBJECTION_RECORDED', reason: '村民反映该户仍有子女因贫辍学', evidence: '公示期来电记录' });

    // The town reviews again, the district approves again: a new notice of its full length.
    const again = await ok(t, o.town, 'reviewProposal', { proposalId: p4.proposal.id, version: objected.proposal.version, decision: 'APPROVE', note: '经核实异议不成立' });
    const renoticed = await ok(t, o.district, 'approveProposal', { proposalId: p4.proposal.id, version: again.proposal.version, decision: 'APPROVE' });
    expect(renoticed.proposal).toMatchObject({ stage: 'IN_NOTICE', noticeStartsOn: todayInChina(), noticeEndsOn: addDays(todayInChina(), 6), objections: 1 });

    // Once the notice has run out, objections come too late; the announcement still checks the standard.
    await noticeRunsOut(t, p4.proposal.id);
    expect(ext(await step(t, o.village, 'recordObjection', { proposalId: p4.proposal.id, version: renoticed.proposal.version, objection: '迟到的异议' }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOTICE_OVER',
    });
    await t.dataSource.query(`UPDATE member_insurance SET serious_illness = false WHERE member_id = $1 AND year = 2018`, [h.memberIds[1]]);
    expect(ext(await step(t, o.district, 'announceExit', { proposalId: p4.proposal.id, version: renoticed.proposal.version }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'EXIT_STANDARD_NOT_MET',
      details: { failing: [{ criterion: 'BASIC_MEDICAL' }] },
    });
    await t.dataSource.query(`UPDATE member_insurance SET serious_illness = true WHERE member_id = $1 AND year = 2018`, [h.memberIds[1]]);
    expect((await ok(t, o.district, 'announceExit', { proposalId: p4.proposal.id, version: renoticed.proposal.version })).household.status?.value).toBe('EXITED');
  });

  it('a backdated approval starts the notice on its date; an objection received within the notice counts even when recorded after it ended (issue #10)', async () => {
    const h = await buildHousehold(t, o, R.village, { years: [2018] });
    await register(t, o, h.id);
    const p1 = await ok(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: '拟退出', appraisalOn: '2018-10-08', effectiveOn: '2018-10-10' });
    const p2 = await ok(t, o.village, 'recordHouseholdAgreement', { proposalId: p1.proposal.id, version: p1.proposal.version, effectiveOn: '2018-10-12' });
    const p3 = await ok(t, o.town, 'reviewProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'APPROVE', effectiveOn: '2018-10-20' });
    const p4 = await ok(t, o.district, 'approveProposal', { proposalId: p3.proposal.id, version: p3.proposal.version, decision: 'APPROVE', effectiveOn: '2018-11-01' });
    expect(p4.proposal).toMatchObject({ stage: 'IN_NOTICE', noticeStartsOn: '2018-11-01', noticeEndsOn: '2018-11-07' });
    const object = (input: Record<string, unknown>) => step(t, o.village, 'recordObjection', { proposalId: p4.proposal.id, version: p4.proposal.version, objection: '村民来信反映收入不实', ...input });

    expect(ext(await object({ receivedOn: '2018-10-31' }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BEFORE_NOTICE', field: 'input.receivedOn' });
    expect(ext(await object({ receivedOn: '2018-11-08' }))).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_OVER', field: 'input.receivedOn', details: { noticeEndsOn: '2018-11-07' } });
    expect(ext(await object({}))).toMatchObject({ code: 'CONFLICT', reason: 'NOTICE_OVER' });
    expect(ext(await object({ receivedOn: addDays(todayInChina(), 1) }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_IN_FUTURE', field: 'input.receivedOn' });
    expect(ext(await object({ receivedOn: '2018-11-05', effectiveOn: '2018-11-06' }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_MISMATCH', field: 'input.receivedOn' });

    // Received on the notice's last day, entered years later: it counts, dated when received.
    const objected = await ok(t, o.village, 'recordObjection', { proposalId: p4.proposal.id, version: p4.proposal.version, objection: '村民来信反映收入不实', receivedOn: '2018-11-07' });
    expect(objected.proposal).toMatchObject({ stage: 'HOUSEHOLD_AGREED', objections: 1, noticeStartsOn: null, noticeEndsOn: null });
    const [event] = await t.dataSource.query(`SELECT effective_on::text AS on FROM household_events WHERE proposal_id = $1 AND step = 'OBJECTION_RECORDED'`, [p4.proposal.id]);
    expect(event).toEqual({ on: '2018-11-07' });
    const [audit] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'households.recordObjection' AND entity_id = $1`, [p4.proposal.id]);
    expect(audit.changes).toMatchObject({ receivedOn: '2018-11-07', objections: { from: 0, to: 1 } });

    // Reviewed and approved again: a new notice from the new approval's date; announced after it.
    const again = await ok(t, o.town, 'reviewProposal', { proposalId: p4.proposal.id, version: objected.proposal.version, decision: 'APPROVE', effectiveOn: '2018-11-15' });
    const renoticed = await ok(t, o.district, 'approveProposal', { proposalId: p4.proposal.id, version: again.proposal.version, decision: 'APPROVE', effectiveOn: '2018-11-20' });
    expect(renoticed.proposal).toMatchObject({ stage: 'IN_NOTICE', noticeStartsOn: '2018-11-20', noticeEndsOn: '2018-11-26' });
    const done = await ok(t, o.district, 'announceExit', { proposalId: p4.proposal.id, version: renoticed.proposal.version, effectiveOn: '2018-11-27' });
    expect(done.household).toMatchObject({ status: { value: 'EXITED' }, exitYear: 2018 });
  });

  it('the exit notice period is the policy parameter registry.exit_notice_days: not configured for 2017 until the district enters it (no guessed 7)', async () => {
    const h = await buildHousehold(t, o, R.village, { years: [2017] });
    await register(t, o, h.id, '2016-03-15');
    const p1 = await ok(t, o.village, 'proposeExit', { householdId: h.id, year: 2017, reason: '拟退出', appraisalOn: '2017-10-10', effectiveOn: '2017-10-10' });
    const p2 = await ok(t, o.village, 'recordHouseholdAgreement', { proposalId: p1.proposal.id, version: p1.proposal.version, effectiveOn: '2017-10-10' });
    const p3 = await ok(t, o.town, 'reviewProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'APPROVE', effectiveOn: '2017-10-10' });
    const refused = await step(t, o.district, 'approveProposal', { proposalId: p3.proposal.id, version: p3.proposal.version, decision: 'APPROVE', effectiveOn: '2017-10-10' });
    expect(ext(refused)).toMatchObject({ code: 'CONFLICT', reason: 'EXIT_NOTICE_NOT_CONFIGURED', details: { parameter: 'registry.exit_notice_days', asOf: '2017-10-10' } });
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const set = await t.gql(
      `mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id } } }`,
      { input: { key: 'registry.exit_notice_days', regionCode: R.district, value: '5', effectiveFrom: '2017-01-01', effectiveTo: '2017-12-31', status: 'UNVERIFIED', reason: '2017 年公示期按区扶贫办通知' } },
      admin.headers,
    );
    expect(set.body.errors).toBeUndefined();
    const approved = await ok(t, o.district, 'approveProposal', { proposalId: p3.proposal.id, version: p3.proposal.version, decision: 'APPROVE', effectiveOn: '2017-10-10' });
    expect(approved.proposal).toMatchObject({ stage: 'IN_NOTICE', noticeStartsOn: '2017-10-10', noticeEndsOn: '2017-10-14' });
    const [audit] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'households.approveProposal' AND entity_id = $1`, [p1.proposal.id]);
    expect(audit.changes.notice).toEqual({
      days: 5, startsOn: '2017-10-10', endsOn: '2017-10-14',
      basis: { parameter: 'registry.exit_notice_days', versionId: expect.any(String), scopeCode: R.district, status: 'UNVERIFIED', source: null },
    });
  });

  it('a return to poverty is proposed by the village, reviewed by the town and approved by the district; the status changes only at approval', async () => {
    const h = await buildHousehold(t, o, R.village, { years: [2017] });
    await register(t, o, h.id, '2016-03-15');
    await exitFully(t, o, h.id, 2017, { proposed: '2017-10-10', announced: '2017-11-20' });

    const p1 = await ok(t, o.village, 'proposeReturnToPoverty', { householdId: h.id, reason: '户主突发重病，医疗支出大', evidence: '住院病历', effectiveOn: '2018-06-01' });
    expect(p1.proposal).toMatchObject({ kind: 'RETURN_TO_POVERTY', stage: 'PROPOSED', year: 2018 });
    expect(p1.household.status?.value).toBe('EXITED');
    const p2 = await ok(t, o.town, 'reviewProposal', { proposalId: p1.proposal.id, version: p1.proposal.version, decision: 'APPROVE', effectiveOn: '2018-06-10' });
    expect(p2.household.status?.value).toBe('EXITED');
    const p3 = await ok(t, o.district, 'approveProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'APPROVE', effectiveOn: '2018-06-20' });
    expect(p3.proposal).toMatchObject({ stage: 'COMPLETED', completedOn: '2018-06-20' });
    expect(p3.household).toMatchObject({ status: { value: 'RETURNED', code: '3', label: '返贫' }, exitYear: 2017 });
    const [change] = await t.dataSource.query(
      `SELECT from_status, to_status, effective_on::text AS on, actor_id FROM household_events WHERE proposal_id = $1 AND kind = 'STATUS_CHANGED'`,
      [p1.proposal.id],
    );
    expect(change).toEqual({ from_status: 'EXITED', to_status: 'RETURNED', on: '2018-06-20', actor_id: o.district.userId });
  });

  it('registration: a candidate goes on the roll only when the district approves; a rejection needs a reason', async () => {
    const h = await buildHousehold(t, o, R.village);
    const p1 = await ok(t, o.village, 'proposeRegistration', { householdId: h.id, year: 2016, reason: '经评议符合识别标准', effectiveOn: '2016-03-15' });
    expect(p1.household).toMatchObject({ validity: 'CANDIDATE', status: null });
    const p2 = await ok(t, o.town, 'reviewProposal', { proposalId: p1.proposal.id, version: p1.proposal.version, decision: 'APPROVE', effectiveOn: '2016-03-15' });
    expect(p2.household.validity).toBe('CANDIDATE');
    const noReason = await step(t, o.district, 'approveProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'REJECT' });
    expect(ext(noReason)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REASON_REQUIRED' });
    const p3 = await ok(t, o.district, 'approveProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'APPROVE', effectiveOn: '2016-03-20' });
    expect(p3.household).toMatchObject({ validity: 'ACTIVE', status: { value: 'NOT_EXITED', code: '0', label: '未脱贫' }, yearRegistered: 2016 });

    const other = await buildHousehold(t, o, R.village);
    const q1 = await ok(t, o.village, 'proposeRegistration', { householdId: other.id, reason: '申请纳入' });
    const rejected = await ok(t, o.town, 'reviewProposal', { proposalId: q1.proposal.id, version: q1.proposal.version, decision: 'REJECT', reason: '家庭收入明显高于标准' });
    expect(rejected.proposal).toMatchObject({ stage: 'REJECTED', open: false, rejectionReason: '家庭收入明显高于标准' });
    expect(rejected.household).toMatchObject({ validity: 'CANDIDATE', status: null });
  });

  describe('illegal transitions are refused with coded errors', () => {
    it('exit (or anything else) of a removed household; its members may then be registered elsewhere', async () => {
      const h = await buildHousehold(t, o, R.village, { years: [2018] });
      await register(t, o, h.id);
      const r1 = await ok(t, o.village, 'proposeRemoval', { householdId: h.id, reason: '家有经营性车辆，属错评', effectiveOn: '2018-04-01' });
      const r2 = await ok(t, o.town, 'reviewProposal', { proposalId: r1.proposal.id, version: r1.proposal.version, decision: 'APPROVE', effectiveOn: '2018-04-05' });
      const r3 = await ok(t, o.district, 'approveProposal', { proposalId: r2.proposal.id, version: r2.proposal.version, decision: 'APPROVE', effectiveOn: '2018-04-10' });
      expect(r3.household.validity).toBe('REMOVED');
      const members = await t.dataSource.query(`SELECT active, left_on::text AS left_on, leave_reason FROM members WHERE household_id = $1`, [h.id]);
      expect(members).toEqual([
        { active: false, left_on: '2018-04-10', leave_reason: 'HOUSEHOLD_REMOVED' },
        { active: false, left_on: '2018-04-10', leave_reason: 'HOUSEHOLD_REMOVED' },
      ]);

      const exit = await step(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: 'x', appraisalOn: '2018-10-08' });
      expect(ext(exit)).toMatchObject({ code: 'CONFLICT', reason: 'HOUSEHOLD_REMOVED' });
      expect(ext(await step(t, o.village, 'proposeReturnToPoverty', { householdId: h.id, reason: 'x' }))).toMatchObject({ reason: 'HOUSEHOLD_REMOVED' });

      // The person is free to be registered in another household (one person, one active household).
      const [head] = await t.dataSource.query(`SELECT id_number_enc FROM members WHERE id = $1`, [h.headMemberId]);
      const idNumber = t.get<Secrets>(SECRETS as never).cipher.decrypt(head.id_number_enc);
      await createHousehold(t, o.village, householdInput(R.village, { members: [member({ idNumber })] }));
    });

    it('approving or reviewing your own proposal (SELF_APPROVAL)', async () => {
      const h = await buildHousehold(t, o, R.village);
      const both = await signInWithRoles(t, [Role.VILLAGE_OFFICER, Role.TOWN_OFFICER], R.town, `both-${Date.now()}`);
      const p1 = await ok(t, both, 'proposeRegistration', { householdId: h.id, reason: '申请纳入' });
      const self = await step(t, both, 'reviewProposal', { proposalId: p1.proposal.id, version: p1.proposal.version, decision: 'APPROVE' });
      expect(ext(self)).toMatchObject({ code: 'FORBIDDEN', reason: 'SELF_APPROVAL' });
      const p2 = await ok(t, o.town, 'reviewProposal', { proposalId: p1.proposal.id, version: p1.proposal.version, decision: 'APPROVE' });
      const reviewerAlsoDistrict = await signInWithRoles(t, [Role.TOWN_OFFICER, Role.DISTRICT_OFFICER], R.district, `td-${Date.now()}`);
      const h2 = await buildHousehold(t, o, R.village);
      const q1 = await ok(t, o.village, 'proposeRegistration', { householdId: h2.id, reason: '申请纳入' });
      const q2 = await ok(t, reviewerAlsoDistrict, 'reviewProposal', { proposalId: q1.proposal.id, version: q1.proposal.version, decision: 'APPROVE' });
      expect(ext(await step(t, reviewerAlsoDistrict, 'approveProposal', { proposalId: q2.proposal.id, version: q2.proposal.version, decision: 'APPROVE' }))).toMatchObject({
        reason: 'SELF_APPROVAL',
      });
      expect((await ok(t, o.district, 'approveProposal', { proposalId: p2.proposal.id, version: p2.proposal.version, decision: 'APPROVE' })).household.validity).toBe('ACTIVE');
    });

    it('skipping a level (LEVEL_SKIPPED): the district before the town, the town before the household’s agreement', async () => {
      const h = await buildHousehold(t, o, R.village);
      const p1 = await ok(t, o.village, 'proposeRegistration', { householdId: h.id, reason: '申请纳入' });
      expect(ext(await step(t, o.district, 'approveProposal', { proposalId: p1.proposal.id, version: p1.proposal.version, decision: 'APPROVE' }))).toMatchObject({
        code: 'CONFLICT',
        reason: 'LEVEL_SKIPPED',
        details: { missing: 'TOWN_REVIEW' },
      });
      const [row] = await t.dataSource.query(`SELECT validity FROM households WHERE id = $1`, [h.id]);
      expect(row.validity).toBe('CANDIDATE');

      const e = await buildHousehold(t, o, R.village, { years: [2018] });
      await register(t, o, e.id);
      const x1 = await ok(t, o.village, 'proposeExit', { householdId: e.id, year: 2018, reason: '拟退出', appraisalOn: '2018-10-08' });
      expect(ext(await step(t, o.town, 'reviewProposal', { proposalId: x1.proposal.id, version: x1.proposal.version, decision: 'APPROVE' }))).toMatchObject({
        reason: 'LEVEL_SKIPPED',
        details: { missing: 'HOUSEHOLD_AGREEMENT' },
      });
      expect(ext(await step(t, o.district, 'announceExit', { proposalId: x1.proposal.id, version: x1.proposal.version }))).toMatchObject({ reason: 'LEVEL_SKIPPED' });
    });

    it('transitions the status does not allow, a second open procedure, a stale version, someone else withdrawing', async () => {
      const h = await buildHousehold(t, o, R.village, { years: [2018] });
      await register(t, o, h.id);
      const notExited = await step(t, o.village, 'proposeReturnToPoverty', { householdId: h.id, reason: '返贫' });
      expect(ext(notExited)).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION', details: { kind: 'RETURN_TO_POVERTY', status: 'NOT_EXITED' } });
      expect(ext(await step(t, o.village, 'proposeRegistration', { householdId: h.id, reason: '再次纳入' }))).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });

      const x1 = await ok(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: '拟退出', appraisalOn: '2018-10-08' });
      expect(ext(await step(t, o.village, 'proposeRemoval', { householdId: h.id, reason: '错评' }))).toMatchObject({ code: 'CONFLICT', reason: 'PROPOSAL_OPEN' });
      expect(ext(await step(t, o.village, 'recordObjection', { proposalId: x1.proposal.id, version: x1.proposal.version, objection: '异议' }))).toMatchObject({
        reason: 'ILLEGAL_TRANSITION',
      });
      const agreed = await ok(t, o.village, 'recordHouseholdAgreement', { proposalId: x1.proposal.id, version: x1.proposal.version });
      expect(ext(await step(t, o.village, 'recordHouseholdAgreement', { proposalId: x1.proposal.id, version: x1.proposal.version }))).toMatchObject({
        code: 'CONFLICT',
        reason: 'VERSION_MISMATCH',
        details: { currentVersion: agreed.proposal.version },
      });

      const otherVillageOfficer = await signIn(t, Role.VILLAGE_OFFICER, R.village);
      expect(ext(await step(t, otherVillageOfficer, 'withdrawProposal', { proposalId: x1.proposal.id, version: agreed.proposal.version, reason: '撤回' }))).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NOT_PROPOSER',
      });
      const withdrawn = await ok(t, o.village, 'withdrawProposal', { proposalId: x1.proposal.id, version: agreed.proposal.version, reason: '收入数据待核实' });
      expect(withdrawn.proposal).toMatchObject({ stage: 'WITHDRAWN', open: false });
      // 预脱贫 ends with the procedure: the household is back to 未脱贫.
      expect(withdrawn.household.status?.value).toBe('NOT_EXITED');
      // Future dates and an appraisal after the proposal are refused.
      expect(ext(await step(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: 'x', appraisalOn: '2018-10-08', effectiveOn: addDays(todayInChina(), 1) }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'DATE_IN_FUTURE',
      });
      expect(ext(await step(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: 'x', appraisalOn: '2018-10-08', effectiveOn: '2018-10-01' }))).toMatchObject({
        reason: 'APPRAISAL_AFTER_PROPOSAL',
      });
      // Each step is dated on or after the one before it.
      const y1 = await ok(t, o.village, 'proposeExit', { householdId: h.id, year: 2018, reason: '拟退出', appraisalOn: '2018-10-08' });
      expect(ext(await step(t, o.village, 'recordHouseholdAgreement', { proposalId: y1.proposal.id, version: y1.proposal.version, effectiveOn: '2018-10-09' }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'DATE_BEFORE_LAST_STEP',
        field: 'input.effectiveOn',
      });
      // Roles: a town officer does not propose; a village officer does not approve.
      expect(ext(await step(t, o.town, 'proposeExit', { householdId: h.id, year: 2018, reason: 'x', appraisalOn: '2018-10-08' }))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
      expect(ext(await step(t, o.village, 'approveProposal', { proposalId: x1.proposal.id, version: 1, decision: 'APPROVE' }))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    });
  });

  it('the year-end list as of 2017-12-31 is unchanged by 2018’s exits', async () => {
    const vo = await signIn(t, Role.VILLAGE_OFFICER, YEAR_END_VILLAGE);
    const officers = { ...o, village: vo };
    const built: Built[] = [];
    for (let i = 0; i < 3; i += 1) {
      const h = await buildHousehold(t, officers, YEAR_END_VILLAGE, { years: [2018] });
      await register(t, officers, h.id, '2016-05-10');
      built.push(h);
    }
    const LIST = `query($asOf: LocalDate, $status: PovertyStatus) { households(regionCode: "${YEAR_END_VILLAGE}", asOf: $asOf, status: $status, first: 100) {
      totalCount edges { node { id householdNumber statusAsOf(date: "2017-12-31") { status { value } onRoll } } } } }`;
    type List = { households: { totalCount: number; edges: { node: { id: string; statusAsOf: { status: { value: string } | null; onRoll: boolean } } }[] } };
    const yearEnd2017 = async () => (await t.gql<List>(LIST, { asOf: '2017-12-31', status: 'NOT_EXITED' }, o.town.headers)).body.data!.households;
    const before = await yearEnd2017();
    expect(before.totalCount).toBe(3);

    await exitFully(t, officers, built[0].id, 2018, { proposed: '2018-10-10', announced: '2018-12-20' });
    await exitFully(t, officers, built[1].id, 2018, { proposed: '2018-10-12', announced: '2018-12-22' });

    expect(await yearEnd2017()).toEqual(before);
    expect(before.edges.every((e) => e.node.statusAsOf.status?.value === 'NOT_EXITED' && e.node.statusAsOf.onRoll)).toBe(true);
    const yearEnd2018 = (await t.gql<List>(LIST, { asOf: '2018-12-31', status: 'EXITED' }, o.town.headers)).body.data!.households;
    expect(yearEnd2018.edges.map((e) => e.node.id).sort()).toEqual([built[0].id, built[1].id].sort());
    // In the middle of the procedure the household was 预脱贫.
    const AS_OF = `query($id: ID!, $date: LocalDate!) { householdStatusAsOf(householdId: $id, date: $date) { status { value } validity exitYear onRoll } }`;
    const on = async (date: string) => (await t.gql<{ householdStatusAsOf: unknown }>(AS_OF, { id: built[0].id, date }, o.town.headers)).body.data!.householdStatusAsOf;
    expect(await on('2016-01-01')).toEqual({ status: null, validity: 'CANDIDATE', exitYear: null, onRoll: false });
    expect(await on('2017-12-31')).toEqual({ status: { value: 'NOT_EXITED' }, validity: 'ACTIVE', exitYear: null, onRoll: true });
    expect(await on('2018-11-01')).toEqual({ status: { value: 'EXIT_IN_PROGRESS' }, validity: 'ACTIVE', exitYear: null, onRoll: true });
    expect(await on('2018-12-31')).toEqual({ status: { value: 'EXITED' }, validity: 'ACTIVE', exitYear: 2018, onRoll: true });
  });

  /**
   * A household of village V with a history: entered today without joining dates and registered
   * as of 2016-05-10 (its members joined then); in 2018 a child is born, the head dies (the
   * spouse heads the household) and the household exits.
   */
  async function householdWithHistory(V: string): Promise<Built> {
    const vo = await signIn(t, Role.VILLAGE_OFFICER, V);
    const officers = { ...o, village: vo };
    // Entered today without joining dates, registered as of 2016-05-10: its members joined then.
    const h = await buildHousehold(t, officers, V, { years: [2018], joinedOn: null });
    await register(t, officers, h.id, '2016-05-10');
    const [head, spouse] = h.memberIds;
    // 2018: a child is born, the head dies (the spouse heads the household), the household exits.
    const JOIN = `mutation($input: MemberJoinsInput!) { memberJoins(input: $input) { member { id } } }`;
    const child = await t.gql<{ memberJoins: { member: { id: string } } }>(
      JOIN,
      { input: { householdId: h.id, member: member({ name: '张小宝', relation: 'SON', birthDate: '2018-03-01', schoolingStatus: 'PRIMARY' }), joinedOn: '2018-03-01', reason: 'BIRTH' } },
      vo.headers,
    );
    expect(child.body.errors).toBeUndefined();
    await t.dataSource.query(`INSERT INTO member_insurance (member_id, household_id, region_code, year, basic_medical, serious_illness) SELECT id, household_id, region_code, 2018, true, true FROM members WHERE id = $1`, [child.body.data!.memberJoins.member.id]);
    const [{ version }] = await t.dataSource.query(`SELECT version FROM members WHERE id = $1`, [head]);
    const left = await t.gql(
      `mutation($input: MemberLeavesInput!) { memberLeaves(input: $input) { member { id } } }`,
      { input: { memberId: head, version, leftOn: '2018-06-01', reason: 'DEATH', newHeadMemberId: spouse } },
      vo.headers,
    );
    expect(left.body.errors).toBeUndefined();
    await exitFully(t, officers, h.id, 2018, { proposed: '2018-10-10', announced: '2018-12-20' });
    return h;
  }

  it('a list as of a date answers as of it in every field it returns (status, exit year, members, head), and refuses fields without history (issue #10)', async () => {
    const V = '410106100207';
    const h = await householdWithHistory(V);

    const NODE = `householdNumber validity status { value } exitYear yearRegistered memberCount
      head { name relation { value } active leftOn diedOn age } members { name relation { value } active leftOn } events { effectiveOn }`;
    type Node = {
      householdNumber: string;
      validity: string;
      status: { value: string } | null;
      exitYear: number | null;
      yearRegistered: number | null;
      memberCount: number;
      head: { name: string; relation: { value: string }; active: boolean; leftOn: string | null; diedOn: string | null; age: number } | null;
      members: { name: string; relation: { value: string }; active: boolean; leftOn: string | null }[];
      events: { effectiveOn: string }[];
    };
    const list = async (args: string): Promise<Node | undefined> => {
      const res = await t.gql<{ households: { edges: { node: Node }[] } }>(`{ households(regionCode: "${V}", ${args}) { edges { node { ${NODE} } } } }`, {}, o.town.headers);
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.households.edges.find((e) => e.node.householdNumber === h.householdNumber)?.node;
    };

    // Today: exited in 2018, the spouse heads it, with the child.
    expect(await list('validity: ACTIVE')).toMatchObject({ status: { value: 'EXITED' }, exitYear: 2018, memberCount: 2, head: { name: '李秀英', relation: { value: 'HEAD' } } });
    // The year-end list of 2017: not exited, two members, the late head heading it, alive.
    const y2017 = await list('asOf: "2017-12-31"');
    expect(y2017).toMatchObject({
      validity: 'ACTIVE',
      status: { value: 'NOT_EXITED' },
      exitYear: null,
      yearRegistered: 2016,
      memberCount: 2,
      head: { name: '张大山', relation: { value: 'HEAD' }, active: true, leftOn: null, diedOn: null, age: 47 },
    });
    expect(y2017!.members.map((m) => [m.name, m.relation.value, m.active, m.leftOn])).toEqual([
      ['张大山', 'HEAD', true, null],
      ['李秀英', 'SPOUSE', true, null],
    ]);
    expect(y2017!.events.every((e) => e.effectiveOn <= '2017-12-31')).toBe(true);
    // The year-end list of 2018: exited in 2018, the spouse and the child.
    expect(await list('asOf: "2018-12-31"')).toMatchObject({ status: { value: 'EXITED' }, exitYear: 2018, memberCount: 2, head: { name: '李秀英', relation: { value: 'HEAD' } } });
    // Before the registration: a candidate without members or head.
    expect(await list('asOf: "2016-05-09", validity: null')).toMatchObject({ validity: 'CANDIDATE', status: null, yearRegistered: null, memberCount: 0, head: null, members: [] });

    // Fields without history are refused, each named, before anything is read.
    const refused = await t.gql(
      `query { households(regionCode: "${V}", asOf: "2017-12-31") { edges { node { householdNumber attribute { value } ...F members { name educationLevel { value } } incomes { year } } } } }
       fragment F on Household { helpers { id } }`,
      {},
      o.town.headers,
    );
    expect(refused.body.data ?? null).toBeNull();
    const problems = (refused.body.errors?.[0].extensions as { code: string; problems: { field: string; reason: string }[] });
    expect(problems.code).toBe('BAD_USER_INPUT');
    expect(problems.problems.map((p) => [p.field, p.reason])).toEqual([
      ['households.edges.node.attribute', 'NOT_AVAILABLE_AS_OF'],
      ['households.edges.node.helpers', 'NOT_AVAILABLE_AS_OF'],
      ['households.edges.node.members.educationLevel', 'NOT_AVAILABLE_AS_OF'],
      ['households.edges.node.incomes', 'NOT_AVAILABLE_AS_OF'],
    ]);
  });

  it('the members lists as of a date (members(asOf), householdMembersAsOf) answer as of it, their household too, and refuse fields without history (issue #10)', async () => {
    const h = await householdWithHistory('410106100208');
    const MEMBER = `name relation { value } active leftOn leaveReason diedOn age household { status { value } exitYear memberCount head { name } }`;
    type View = {
      name: string;
      relation: { value: string };
      active: boolean;
      leftOn: string | null;
      leaveReason: string | null;
      diedOn: string | null;
      age: number;
      household: { status: { value: string } | null; exitYear: number | null; memberCount: number; head: { name: string } | null };
    };
    const byName = (views: View[]) => Object.fromEntries(views.map((v) => [v.name, v]));
    const listed = async (date: string): Promise<Record<string, View>> => {
      const res = await t.gql<{ members: { totalCount: number; edges: { node: View }[] } }>(
        `query($h: ID!, $d: LocalDate) { members(householdId: $h, asOf: $d) { totalCount edges { node { ${MEMBER} } } } }`,
        { h: h.id, d: date },
        o.town.headers,
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.members.totalCount).toBe(res.body.data!.members.edges.length);
      return byName(res.body.data!.members.edges.map((e) => e.node));
    };
    const ofHousehold = async (date: string): Promise<View[]> => {
      const res = await t.gql<{ householdMembersAsOf: View[] }>(
        `query($h: ID!, $d: LocalDate!) { householdMembersAsOf(householdId: $h, date: $d) { ${MEMBER} } }`,
        { h: h.id, d: date },
        o.town.headers,
      );
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.householdMembersAsOf;
    };

    // Year-end 2017: the late head heads it, alive and a member; the spouse is a spouse; not exited.
    const household2017 = { status: { value: 'NOT_EXITED' }, exitYear: null, memberCount: 2, head: { name: '张大山' } };
    const y2017 = {
      张大山: { name: '张大山', relation: { value: 'HEAD' }, active: true, leftOn: null, leaveReason: null, diedOn: null, age: 47, household: household2017 },
      李秀英: { name: '李秀英', relation: { value: 'SPOUSE' }, active: true, leftOn: null, leaveReason: null, diedOn: null, age: 45, household: household2017 },
    };
    expect(await listed('2017-12-31')).toEqual(y2017);
    // The household's list names the head of that date first.
    expect(await ofHousehold('2017-12-31')).toEqual([y2017.张大山, y2017.李秀英]);
    // Year-end 2018: the spouse heads it with the child; exited in 2018.
    const household2018 = { status: { value: 'EXITED' }, exitYear: 2018, memberCount: 2, head: { name: '李秀英' } };
    const y2018 = await listed('2018-12-31');
    expect(Object.keys(y2018).sort()).toEqual(['张小宝', '李秀英'].sort());
    expect(y2018.李秀英).toMatchObject({ relation: { value: 'HEAD' }, active: true, household: household2018 });
    expect(y2018.张小宝).toMatchObject({ relation: { value: 'SON' }, active: true, age: 0, household: household2018 });
    expect((await ofHousehold('2018-12-31')).map((m) => m.name)).toEqual(['李秀英', '张小宝']);
    // Today, without a date: the head's death shows.
    const today = await t.gql<{ members: { edges: { node: View }[] } }>(
      `query($h: ID!) { members(householdId: $h, active: null) { edges { node { name leftOn leaveReason diedOn educationLevel { value } } } } }`,
      { h: h.id },
      o.town.headers,
    );
    expect(today.body.errors).toBeUndefined();
    expect(today.body.data!.members.edges.find((e) => e.node.name === '张大山')?.node).toMatchObject({ leftOn: '2018-06-01', leaveReason: 'DEATH', diedOn: '2018-06-01' });

    // Fields without history are refused, each named, in both lists.
    const problems = (res: { body: { data?: unknown; errors?: { extensions?: unknown }[] } }) => {
      expect(res.body.data ?? null).toBeNull();
      const x = res.body.errors?.[0].extensions as { code: string; problems: { field: string; reason: string }[] };
      expect(x.code).toBe('BAD_USER_INPUT');
      return x.problems.map((p) => [p.field, p.reason]);
    };
    expect(
      problems(
        await t.gql(
          `query($h: ID!) { members(householdId: $h, asOf: "2017-12-31") { edges { node { name educationLevel { value } insurance { year } household { attribute { value } } } } } }`,
          { h: h.id },
          o.town.headers,
        ),
      ),
    ).toEqual([
      ['members.edges.node.educationLevel', 'NOT_AVAILABLE_AS_OF'],
      ['members.edges.node.insurance', 'NOT_AVAILABLE_AS_OF'],
      ['members.edges.node.household.attribute', 'NOT_AVAILABLE_AS_OF'],
    ]);
    expect(
      problems(await t.gql(`query($h: ID!) { householdMembersAsOf(householdId: $h, date: "2017-12-31") { name health { value } version } }`, { h: h.id }, o.town.headers)),
    ).toEqual([
      ['householdMembersAsOf.health', 'NOT_AVAILABLE_AS_OF'],
      ['householdMembersAsOf.version', 'NOT_AVAILABLE_AS_OF'],
    ]);
  });

  it('proposals are listed per scope: a town sees its villages’ proposals, not a neighbouring town’s', async () => {
    const siblingVillageOfficer = await signIn(t, Role.VILLAGE_OFFICER, R.villageOfSiblingTown);
    const foreign = await buildHousehold(t, { ...o, village: siblingVillageOfficer }, R.villageOfSiblingTown);
    const fp = await ok(t, siblingVillageOfficer, 'proposeRegistration', { householdId: foreign.id, reason: '申请纳入' });
    const vo2 = await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown);
    const own = await buildHousehold(t, { ...o, village: vo2 }, R.villageSameTown);
    const op = await ok(t, vo2, 'proposeRegistration', { householdId: own.id, reason: '申请纳入' });

    const LIST = `query($regionCode: String) { proposals(openOnly: true, kind: REGISTRATION, regionCode: $regionCode, first: 100) { totalCount edges { node { id regionCode household { id householdNumber } } } } }`;
    type List = { proposals: { totalCount: number; edges: { node: { id: string; regionCode: string; household: { id: string } } }[] } };
    const town = (await t.gql<List>(LIST, {}, o.town.headers)).body.data!.proposals;
    const ids = town.edges.map((e) => e.node.id);
    expect(ids).toContain(op.proposal.id);
    expect(ids).not.toContain(fp.proposal.id);
    expect(town.edges.every((e) => e.node.regionCode.startsWith('410106100'))).toBe(true);
    expect(town.edges.find((e) => e.node.id === op.proposal.id)!.node.household.id).toBe(own.id);
    // A Relay connection, newest first, paged by keyset.
    const PAGE = `query($after: String) { proposals(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    type Page = { proposals: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const first = (await t.gql<Page>(PAGE, {}, o.town.headers)).body.data!.proposals;
    const second = (await t.gql<Page>(PAGE, { after: first.pageInfo.endCursor }, o.town.headers)).body.data!.proposals;
    expect(first.edges[0].node.id).toBe(op.proposal.id);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.edges).toHaveLength(1);
    expect(second.edges[0].node.id).not.toBe(op.proposal.id);
    const siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    const theirs = (await t.gql<List>(LIST, {}, siblingTown.headers)).body.data!.proposals.edges.map((e) => e.node.id);
    expect(theirs).toEqual([fp.proposal.id]);
    // A filter to a region outside the caller's scope finds nothing.
    expect((await t.gql<List>(LIST, { regionCode: R.villageOfSiblingTown }, o.town.headers)).body.data!.proposals.totalCount).toBe(0);
    // The village officer of the sibling village cannot act on (or see) this town's proposal.
    expect(ext(await step(t, siblingVillageOfficer, 'withdrawProposal', { proposalId: op.proposal.id, version: op.proposal.version, reason: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('region scope: exit assessments, status as of a date and procedures of other regions answer exactly as missing ones (role × region matrix)', async () => {
    const target = async (region: string) => {
      const [h] = await t.dataSource.query(
        `INSERT INTO households (household_number, region_code, validity, status, attribute, primary_cause) VALUES ($1, $2, 'ACTIVE', 'NOT_EXITED', 'GENERAL_POOR', 'ILLNESS') RETURNING id`,
        [`M${region}${Math.random().toString().slice(2, 10)}`, region],
      );
      return h.id as string;
    };
    const missingId = '00000000-0000-4000-8000-000000000000';
    const roles = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER];
    const assess = await checkRegionMatrix(
      t,
      {
        name: 'Query.exitAssessment',
        missingId,
        target,
        run: (caller, id) => t.gql(`query($id: ID!) { exitAssessment(householdId: $id, year: 2018) { householdId passed } }`, { id }, caller.headers),
        reached: (res) => !!(res.body.data as { exitAssessment?: { householdId: string } } | null)?.exitAssessment?.householdId,
      },
      roles,
    );
    expect(assess).toEqual([]);
    const asOf = await checkRegionMatrix(
      t,
      {
        name: 'Query.householdStatusAsOf',
        missingId,
        target,
        run: (caller, id) => t.gql(`query($id: ID!) { householdStatusAsOf(householdId: $id, date: "2018-12-31") { householdId } }`, { id }, caller.headers),
        reached: (res) => !!(res.body.data as { householdStatusAsOf?: { householdId: string } } | null)?.householdStatusAsOf?.householdId,
      },
      roles,
    );
    expect(asOf).toEqual([]);
    const removal = await checkRegionMatrix(
      t,
      {
        name: 'Mutation.proposeRemoval',
        missingId,
        target,
        run: (caller, id) => step(t, caller, 'proposeRemoval', { householdId: id, reason: '错评' }),
        reached: (res) => !!(res.body.data as { proposeRemoval?: unknown } | null)?.proposeRemoval,
      },
      [Role.VILLAGE_OFFICER],
    );
    expect(removal).toEqual([]);
  });

  it('a page of households with their events, procedures and status as of a date costs the same SQL whatever its size (DataLoaders)', async () => {
    const village = '410106100204';
    const ids: { id: string }[] = await t.dataSource.query(
      `INSERT INTO households (household_number, region_code, validity, status, attribute, primary_cause)
       SELECT 'Q' || g || '-' || $2, $1, 'ACTIVE', 'NOT_EXITED', 'GENERAL_POOR', 'ILLNESS' FROM generate_series(1, 12) g RETURNING id`,
      [village, Date.now()],
    );
    await t.dataSource.query(
      `INSERT INTO household_events (household_id, region_code, kind, effective_on, from_validity, to_validity, to_status)
       SELECT unnest($1::uuid[]), $2, 'STATUS_CHANGED', '2016-05-01', 'CANDIDATE', 'ACTIVE', 'NOT_EXITED'`,
      [ids.map((r) => r.id), village],
    );
    const Q = `query($n: Int!) { households(regionCode: "${village}", first: $n) { edges { node {
      id events { kind } openProposal { id stage } proposals { id } statusAsOf(date: "2017-12-31") { status { value } validity } } } } }`;
    const run = async (n: number) => {
      const { result, count } = await countQueries(() => t.gql<{ households: { edges: unknown[] } }>(Q, { n }, o.town.headers));
      expect(result.body.errors).toBeUndefined();
      return { count, size: result.body.data!.households.edges.length };
    };
    const small = await run(2);
    const large = await run(12);
    expect(small.size).toBe(2);
    expect(large.size).toBe(12);
    expect(large.count).toBe(small.count);
  });
});
