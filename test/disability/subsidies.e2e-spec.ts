import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const PAY = `id memberId householdId certificateId kind month amount paidOn channel regionCode sector version`;
const CREATE = `mutation($i: CreateDisabilitySubsidyPaymentInput!) { createDisabilitySubsidyPayment(input: $i) { payment { ${PAY} } standardAmount parametersUsed { key configured status value } } }`;
const UPDATE = `mutation($i: UpdateDisabilitySubsidyPaymentInput!) { updateDisabilitySubsidyPayment(input: $i) { payment { ${PAY} } standardAmount } }`;
const DELETE = `mutation($i: DeleteDisabilitySubsidyPaymentInput!) { deleteDisabilitySubsidyPayment(input: $i) { payment { id version } standardAmount } }`;
const GET = `query($id: ID!) { disabilitySubsidyPayment(id: $id) { id } }`;
const LIST = `query($m: ID, $h: ID, $r: String, $k: DisabilitySubsidyKind, $mo: String, $y: Int, $first: Int, $after: String) {
  disabilitySubsidyPayments(memberId: $m, householdId: $h, regionCode: $r, kind: $k, month: $mo, year: $y, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { endCursor } } }`;
const ELIGIBLE = `query($k: DisabilitySubsidyKind!, $mo: String!, $r: String, $first: Int, $after: String) {
  eligibleWithoutDisabilitySubsidy(kind: $k, month: $mo, regionCode: $r, first: $first, after: $after) {
    totalCount edges { node { member { id name } kind month certificates { id grade } } } pageInfo { hasNextPage endCursor } parametersUsed { key configured status value } } }`;
const PAID_WITHOUT = `query($k: DisabilitySubsidyKind, $mo: String!, $r: String, $first: Int, $after: String) {
  disabilitySubsidiesPaidWithoutEligibility(kind: $k, month: $mo, regionCode: $r, first: $first, after: $after) {
    totalCount edges { node { payment { id memberId kind } reasons } } pageInfo { hasNextPage endCursor } parametersUsed { key } } }`;
const CERT = `mutation($i: CreateDisabilityCertificateInput!) { createDisabilityCertificate(input: $i) { certificate { id version } } }`;
const REVOKE = `mutation($i: RevokeDisabilityCertificateInput!) { revokeDisabilityCertificate(input: $i) { certificate { id version } } }`;
const SET = `mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id } } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('disability: the two subsidies and their monthly payments (两项补贴, issue #18)', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  let federation: SignedIn;
  let education: SignedIn;
  let civil: SignedIn;
  let admin: SignedIn;
  let h: CreatedHousehold;
  const ids = { a: citizenId('1960-01-01', 'MALE'), b: citizenId('1990-02-02', 'MALE'), c: citizenId('1962-03-03', 'FEMALE'), d: citizenId('1955-04-04', 'FEMALE') };
  const m: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
  const certs: Record<string, { id: string; version: number }> = {};

  const input = (over: Json = {}): Json => ({ memberId: m.a, kind: 'LIVING', month: '2018-05', paidOn: '2018-05-20', channel: 'ONE_CARD', ...over });
  const pay = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createDisabilitySubsidyPayment;
  const refused = async (over: Json, who = federation) => errorOf(await t.gql(CREATE, { i: input(over) }, who.headers));
  const setParameter = async (key: string, value: unknown, extra: Json = {}) => {
    const res = await t.gql(SET, { input: { key, regionCode: R.district, value: typeof value === 'string' ? value : JSON.stringify(value), effectiveFrom: '2018-01-01', effectiveTo: '2018-12-31', status: 'UNVERIFIED', source: '区残联 (tests)', reason: '测试补贴标准', ...extra } }, admin.headers);
    expect(res.body.errors).toBeUndefined();
  };
  const counts = async (): Promise<Json> =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM disability_subsidy_payments) AS payments, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'DisabilitySubsidyPayment') AS audits`))[0];
  const nodes = (conn: Json) => conn.edges.map((e: Json) => e.node);

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    federation = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.DISABLED_FEDERATION });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    civil = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.CIVIL_AFFAIRS });
    admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [
        // A: grade 1 肢体, long-term care, on 低保: both subsidies.
        member({ name: '甲', joinedOn: '2014-01-01', idNumber: ids.a, birthDate: '1960-01-01', health: ['DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 1, lowIncomeSupport: true }),
        // B: grade 3 智力, not on 低保: the nursing extension only.
        member({ name: '乙', joinedOn: '2014-01-01', relation: 'SON', idNumber: ids.b, birthDate: '1990-02-02', health: ['DISABLED'], disabilityType: 'INTELLECTUAL', disabilityGrade: 3 }),
        // C: disabled without a certificate.
        member({ name: '丙', joinedOn: '2014-01-01', relation: 'SPOUSE', sex: 'FEMALE', idNumber: ids.c, birthDate: '1962-03-03', health: ['DISABLED'], disabilityType: 'VISUAL', disabilityGrade: 2 }),
        // D: grade 2 听力 without a care need, on 低保: the living subsidy only.
        member({ name: '丁', joinedOn: '2014-01-01', relation: 'MOTHER', sex: 'FEMALE', idNumber: ids.d, birthDate: '1955-04-04', health: ['DISABLED'], disabilityType: 'HEARING', disabilityGrade: 2, lowIncomeSupport: true }),
      ],
    }));
    for (const k of ['a', 'b', 'c', 'd'] as const) m[k] = h.members.find((x) => x.name === { a: '甲', b: '乙', c: '丙', d: '丁' }[k])!.id;
    const cert = async (k: 'a' | 'b' | 'd', category: string, digit: number, grade: number, care: boolean) => {
      const res = await t.gql(CERT, { i: { memberId: m[k], category, grade, certificateNumber: `${ids[k]}${digit}${grade}`, issuedOn: '2017-01-01', validUntil: '2026-12-31', needsLongTermCare: care } }, federation.headers);
      certs[k] = dataOf(res).createDisabilityCertificate.certificate;
    };
    await cert('a', 'PHYSICAL', 4, 1, true);
    await cert('b', 'INTELLECTUAL', 5, 3, false);
    await cert('d', 'HEARING', 2, 2, false);
  });
  afterAll(() => t?.close());

  it('answers "not configured" while the 2018 amounts are not entered; a payment without a valid certificate is refused; nothing is written', async () => {
    const before = await counts();
    expect(await refused({})).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.amount' });
    expect(await refused({ amount: '50.00' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.amount' });
    expect(await refused({ memberId: m.c })).toMatchObject({ reason: 'SUBSIDY_WITHOUT_CERTIFICATE', field: 'input.memberId' });
    // Certificates count from their issue: none in 2016.
    expect(await refused({ month: '2016-12', paidOn: '2016-12-20' })).toMatchObject({ reason: 'SUBSIDY_WITHOUT_CERTIFICATE', field: 'input.memberId' });
    expect(await counts()).toEqual(before);
  });

  it('a district enters the amounts through the parameter store: payments then take the standard; bad input is refused with a coded error naming the field', async () => {
    await setParameter('disability.amount.living', '80.00');
    await setParameter('disability.amount.nursing_grade1', '100.00');
    await setParameter('disability.amount.nursing_grade2', '60.00');
    const w = await pay(federation);
    expect(w.payment).toMatchObject({ memberId: m.a, householdId: h.id, certificateId: certs.a.id, kind: 'LIVING', month: '2018-05', amount: '80.00', paidOn: '2018-05-20', channel: 'ONE_CARD', regionCode: R.village, sector: 'DISABLED_FEDERATION', version: 1 });
    expect(w.standardAmount).toBe('80.00');
    expect(w.parametersUsed).toEqual([{ key: 'disability.amount.living', configured: true, status: 'UNVERIFIED', value: '80.00' }]);
    const lower = await pay(federation, { kind: 'NURSING', amount: '50.5' });
    expect(lower.payment).toMatchObject({ kind: 'NURSING', amount: '50.50' });
    expect(lower.standardAmount).toBe('100.00');

    const mid = await counts();
    expect(await refused({})).toMatchObject({ code: 'CONFLICT', reason: 'SUBSIDY_PAYMENT_DUPLICATE', field: 'input.month' });
    expect(await refused({ month: '2018-06', amount: '80.01' })).toMatchObject({ reason: 'SUBSIDY_ABOVE_STANDARD', field: 'input.amount' });
    for (const amount of ['0', '1.234']) expect(await refused({ month: '2018-06', amount })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.amount' });
    // Not a decimal at all: the scalar refuses it before the service.
    for (const amount of ['-1', 'abc']) expect(await refused({ month: '2018-06', amount })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refused({ month: '2018-6' })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.month' });
    expect(await refused({ month: '2018-06', paidOn: '2099-01-01' })).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'input.paidOn' });
    // 2019: no amount in force (the 2018 rows end on 2018-12-31).
    expect(await refused({ month: '2019-01', paidOn: '2019-01-20' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.amount' });
    // Grades 3–4 under the extension read the module's declared amount, not configured.
    expect(await refused({ memberId: m.b, kind: 'NURSING' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.amount' });
    expect(await refused({ memberId: m.c, month: '2018-06' })).toMatchObject({ reason: 'SUBSIDY_WITHOUT_CERTIFICATE', field: 'input.memberId' });
    expect(await refused({ memberId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    for (const who of [education, civil]) expect(await refused({ month: '2018-06' }, who)).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    for (const who of [district, village]) expect(errorOf(await t.gql(CREATE, { i: input({ month: '2018-06' }) }, who.headers))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(mid);

    // Two officers recording the same month at once: one payment, the other the duplicate answer.
    const both = await Promise.all([1, 2].map(() => t.gql(CREATE, { i: input({ memberId: m.d, month: '2018-10', paidOn: '2018-10-20' }) }, federation.headers)));
    expect(both.filter((r) => !r.body.errors).length).toBe(1);
    expect(errorOf(both.find((r) => r.body.errors)!)).toMatchObject({ code: 'CONFLICT', reason: 'SUBSIDY_PAYMENT_DUPLICATE', field: 'input.month' });
    expect(await counts()).toEqual({ payments: mid.payments + 1, audits: mid.audits + 1 });
  });

  it('corrects a payment with the version read (checked again), deletes one with the reason; audited and on the change feed; lists with filters', async () => {
    const p = (await pay(federation, { memberId: m.d, month: '2018-07', paidOn: '2018-07-10', channel: 'CASH' })).payment;
    expect(errorOf(await t.gql(UPDATE, { i: { id: p.id, version: 2, amount: '70' } }, federation.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: p.id, version: 1, amount: '81' } }, federation.headers))).toMatchObject({ reason: 'SUBSIDY_ABOVE_STANDARD', field: 'input.amount' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: p.id, version: 1, amount: '70' } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'DISABILITY_SUBSIDY_PAYMENT_NOT_FOUND' });
    const u = dataOf(await t.gql(UPDATE, { i: { id: p.id, version: 1, amount: '70', channel: 'BANK_TRANSFER' } }, federation.headers)).updateDisabilitySubsidyPayment;
    expect(u).toMatchObject({ payment: { amount: '70.00', channel: 'BANK_TRANSFER', month: '2018-07', version: 2 }, standardAmount: '80.00' });
    // Moved to a month already paid: the duplicate rule again.
    await pay(federation, { memberId: m.d, month: '2018-08', paidOn: '2018-08-10' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: p.id, version: 2, month: '2018-08' } }, federation.headers))).toMatchObject({ reason: 'SUBSIDY_PAYMENT_DUPLICATE', field: 'input.month' });

    const list = async (v: Json, who = civil) => dataOf(await t.gql(LIST, v, who.headers)).disabilitySubsidyPayments;
    const all = await list({ h: h.id, first: 50 });
    expect(all.totalCount).toBe(5);
    const page1 = await list({ h: h.id, first: 3 });
    const page2 = await list({ h: h.id, first: 3, after: page1.pageInfo.endCursor });
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect([
      (await list({ m: m.d, first: 50 })).totalCount,
      (await list({ k: 'NURSING', first: 50 })).totalCount,
      (await list({ mo: '2018-05', first: 50 })).totalCount,
      (await list({ y: 2018, first: 50 })).totalCount,
      (await list({ y: 2017, first: 50 })).totalCount,
      (await list({ r: R.villageSameTown, first: 50 })).totalCount,
      (await list({ first: 50 }, village)).totalCount,
    ]).toEqual([3, 1, 2, 5, 0, 0, 5]);

    expect(dataOf(await t.gql(DELETE, { i: { id: p.id, version: 2, reason: '重复发放已追回' } }, federation.headers)).deleteDisabilitySubsidyPayment).toEqual({ payment: { id: p.id, version: 2 }, standardAmount: null });
    const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'DisabilitySubsidyPayment' AND entity_id = $1 ORDER BY seq`, [p.id]);
    expect(audits).toEqual([
      { operation: 'disability.createSubsidyPayment', reason: null },
      { operation: 'disability.updateSubsidyPayment', reason: null },
      { operation: 'disability.deleteSubsidyPayment', reason: '重复发放已追回' },
    ]);
    const feed = await t.dataSource.query(`SELECT operation, parts, region_code AS "regionCode" FROM change_feed WHERE root_type = 'DisabilitySubsidyPayment' AND root_id = $1 ORDER BY position`, [p.id]);
    expect(feed).toEqual([
      { operation: 'CREATED', parts: ['payment'], regionCode: R.village },
      { operation: 'UPDATED', parts: ['payment'], regionCode: R.village },
      { operation: 'DELETED', parts: ['payment'], regionCode: R.village },
    ]);
  });

  it('eligibleWithoutDisabilitySubsidy: the eligible by the rule parameters without a payment of the month; the grades 3–4 extension as a parameter switch', async () => {
    const q = async (vars: Json, who = civil) => dataOf(await t.gql(ELIGIBLE, vars, who.headers)).eligibleWithoutDisabilitySubsidy;
    // Living, May: A is paid; D (on 低保, certified) is not; B is not on 低保; C has no certificate.
    const living = await q({ k: 'LIVING', mo: '2018-05', first: 50 });
    expect(nodes(living)).toEqual([{ member: { id: m.d, name: '丁' }, kind: 'LIVING', month: '2018-05', certificates: [{ id: certs.d.id, grade: 2 }] }]);
    expect(living.totalCount).toBe(1);
    expect(living.parametersUsed).toEqual([
      { key: 'disability.living_subsidy_eligible', configured: true, status: 'VERIFIED', value: JSON.stringify({ text: 'holder personally on 低保' }) },
      { key: 'disability.nursing_subsidy_eligible', configured: true, status: 'VERIFIED', value: JSON.stringify({ text: 'grade 1–2 + long-term care need' }) },
      { key: 'disability.nursing_extension_grades_3_4', configured: true, status: 'UNVERIFIED', value: 'false' },
    ]);
    // Nursing, June: A (grade 1, care need) only; D's grade 2 without a care need, B's grade 3 with the extension off.
    expect(nodes(await q({ k: 'NURSING', mo: '2018-06', first: 50 })).map((n: Json) => n.member.id)).toEqual([m.a]);
    // Nursing, May: A was paid.
    expect((await q({ k: 'NURSING', mo: '2018-05', first: 50 })).totalCount).toBe(0);
    // Out of scope nothing; a region's subtree.
    expect((await q({ k: 'NURSING', mo: '2018-06', r: R.villageSameTown, first: 50 })).totalCount).toBe(0);
    expect((await q({ k: 'NURSING', mo: '2018-06', first: 50 }, await signIn(t, Role.TOWN_OFFICER, R.siblingTown))).totalCount).toBe(0);

    // The district switches the extension on: B (智力 grade 3) is eligible too.
    await setParameter('disability.nursing_extension_grades_3_4', true, { effectiveTo: null });
    const ext = await q({ k: 'NURSING', mo: '2018-06', first: 1 });
    expect(ext.totalCount).toBe(2);
    expect(ext.pageInfo.hasNextPage).toBe(true);
    const rest = await q({ k: 'NURSING', mo: '2018-06', first: 5, after: ext.pageInfo.endCursor });
    expect([...nodes(ext), ...nodes(rest)].map((n: Json) => n.member.id).sort()).toEqual([m.a, m.b].sort());
    // A page's certificates come in one statement: a page of one costs what a page of all does.
    const one = await countQueries(() => q({ k: 'NURSING', mo: '2018-06', first: 1 }));
    const all = await countQueries(() => q({ k: 'NURSING', mo: '2018-06', first: 50 }));
    expect(nodes(all.result)).toHaveLength(2);
    expect(all.count).toBe(one.count);
    expect(ext.parametersUsed[2]).toEqual({ key: 'disability.nursing_extension_grades_3_4', configured: true, status: 'UNVERIFIED', value: 'true' });
    // The family reading of the living rule (国发〔2015〕52号): B's household is on 低保, so B is eligible too.
    const fam = await t.gql(SET, { input: { key: 'disability.living_subsidy_eligible', regionCode: R.village, value: JSON.stringify({ text: '低保 family' }), effectiveFrom: '2018-01-01', status: 'UNVERIFIED', source: '国发〔2015〕52号', reason: '测试家庭口径' } }, admin.headers);
    expect(fam.body.errors).toBeUndefined();
    // The rules are read for the region asked: the village's family rule there, the province's person rule for the district.
    expect(nodes(await q({ k: 'LIVING', mo: '2018-06', r: R.village, first: 50 })).map((n: Json) => n.member.id).sort()).toEqual([m.a, m.b, m.d].sort());
    expect(nodes(await q({ k: 'LIVING', mo: '2018-06', first: 50 })).map((n: Json) => n.member.id).sort()).toEqual([m.a, m.d].sort());
    expect(errorOf(await t.gql(ELIGIBLE, { k: 'LIVING', mo: '2017-06' }, civil.headers))).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'month' });
  });

  it('disabilitySubsidiesPaidWithoutEligibility: payments whose member was not eligible in the month, with the reasons', async () => {
    // D's nursing in June: grade 2 without a care need.
    await pay(federation, { memberId: m.d, kind: 'NURSING', month: '2018-06', paidOn: '2018-06-20' });
    // A's certificate revoked from 2018-05-01: the May payments are no longer backed by a valid certificate.
    dataOf(await t.gql(REVOKE, { i: { id: certs.a.id, version: certs.a.version, revokedOn: '2018-05-01', reason: '复核不符合条件' } }, federation.headers));
    const q = async (vars: Json, who = civil) => dataOf(await t.gql(PAID_WITHOUT, vars, who.headers)).disabilitySubsidiesPaidWithoutEligibility;
    const may = await q({ mo: '2018-05', first: 50 });
    expect(may.totalCount).toBe(2);
    expect(nodes(may).map((n: Json) => [n.payment.memberId, n.payment.kind, n.reasons]).sort()).toEqual([
      [m.a, 'LIVING', ['NO_VALID_CERTIFICATE']],
      [m.a, 'NURSING', ['NO_VALID_CERTIFICATE']],
    ].sort());
    const p1 = await q({ mo: '2018-05', first: 1 });
    const p2 = await q({ mo: '2018-05', first: 5, after: p1.pageInfo.endCursor });
    expect([...nodes(p1), ...nodes(p2)].map((n: Json) => n.payment.id)).toEqual(nodes(may).map((n: Json) => n.payment.id));
    expect((await q({ k: 'LIVING', mo: '2018-05', first: 50 })).totalCount).toBe(1);
    expect(nodes(await q({ mo: '2018-06', first: 50 }))).toEqual([{ payment: expect.objectContaining({ memberId: m.d, kind: 'NURSING' }), reasons: ['NO_LONG_TERM_CARE_NEED'] }]);
    // D's living payments of July/August are eligible: not listed.
    expect((await q({ mo: '2018-08', first: 50 })).totalCount).toBe(0);
    expect((await q({ mo: '2018-05', first: 50 }, await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown))).totalCount).toBe(0);
    // A certificate subsidies were paid under is revoked, never deleted.
    const DEL = `mutation($i: DeleteDisabilityCertificateInput!) { deleteDisabilityCertificate(input: $i) { certificate { id } } }`;
    expect(errorOf(await t.gql(DEL, { i: { id: certs.a.id, version: certs.a.version + 1, reason: '误录删除' } }, federation.headers))).toMatchObject({ code: 'CONFLICT', reason: 'CERTIFICATE_HAS_PAYMENTS' });
  });

  it('a living payment to a certified person not on 低保 is listed NOT_ON_DIBAO; a grade not covered GRADE_NOT_COVERED', async () => {
    const v = R.villageOfSiblingTown;
    const [x, y] = [citizenId('1970-07-07', 'MALE'), citizenId('1971-08-08', 'FEMALE')];
    const hh = await createHousehold(t, district, householdInput(v, {
      members: [
        member({ name: '戊', joinedOn: '2014-01-01', idNumber: x, birthDate: '1970-07-07', health: ['DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 2 }),
        member({ name: '己', joinedOn: '2014-01-01', relation: 'SPOUSE', sex: 'FEMALE', idNumber: y, birthDate: '1971-08-08', health: ['DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 4, lowIncomeSupport: true }),
      ],
    }));
    const [e, f] = ['戊', '己'].map((n) => hh.members.find((mm) => mm.name === n)!.id);
    dataOf(await t.gql(CERT, { i: { memberId: e, category: 'PHYSICAL', grade: 2, certificateNumber: `${x}42`, issuedOn: '2017-01-01', validUntil: '2026-12-31', needsLongTermCare: true } }, federation.headers));
    dataOf(await t.gql(CERT, { i: { memberId: f, category: 'PHYSICAL', grade: 4, certificateNumber: `${y}44`, issuedOn: '2017-01-01', validUntil: '2026-12-31', needsLongTermCare: true } }, federation.headers));
    await setParameter('disability.amount.nursing_extension', '40.00');
    await pay(federation, { memberId: e, kind: 'LIVING', month: '2018-09', paidOn: '2018-09-20' });
    await pay(federation, { memberId: f, kind: 'NURSING', month: '2018-09', paidOn: '2018-09-20' });
    const res = dataOf(await t.gql(PAID_WITHOUT, { mo: '2018-09', r: v, first: 50 }, district.headers)).disabilitySubsidiesPaidWithoutEligibility;
    expect(nodes(res).map((n: Json) => [n.payment.memberId, n.reasons]).sort()).toEqual([[e, ['NOT_ON_DIBAO']], [f, ['GRADE_NOT_COVERED']]].sort());
    // A month before the member joined the household: refused.
    await t.dataSource.query(`UPDATE members SET joined_on = '2018-10-01' WHERE id = $1`, [e]);
    expect(await refused({ memberId: e, kind: 'LIVING', month: '2018-08', paidOn: '2018-08-20' })).toMatchObject({ reason: 'DISABILITY_MEMBER_NOT_CURRENT', field: 'input.memberId' });
  });

  describe('region × role × sector matrix', () => {
    let n = 0;
    const newPayment = async (region: string, sector?: Sector): Promise<string> => {
      n += 1;
      const month = `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}-01`;
      const [row] = await t.dataSource.query(
        `INSERT INTO disability_subsidy_payments (member_id, household_id, certificate_id, kind, month, amount, paid_on, channel, region_code, sector)
         VALUES ($1, $2, $3, 'LIVING', $4, 10, $4, 'CASH', $5, $6) RETURNING id`,
        [m.d, h.id, certs.d.id, month, region, sector ?? 'disabled_federation'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.SECTOR_OFFICER];
    const stale = (res: { body: unknown }) => JSON.stringify(res.body).includes('VERSION_MISMATCH');
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.disabilitySubsidyPayment', missingId: MISSING, sector: { access: 'read' }, target: newPayment, run: (c, id) => t.gql(GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.disabilitySubsidyPayment?.id }, READERS],
      [{ name: 'Mutation.updateDisabilitySubsidyPayment', missingId: MISSING, sector: { access: 'write' }, target: newPayment, run: (c, id) => t.gql(UPDATE, { i: { id, version: 2, amount: '5' } }, c.headers), reached: stale }, WRITERS],
      [{ name: 'Mutation.deleteDisabilitySubsidyPayment', missingId: MISSING, sector: { access: 'write' }, target: newPayment, run: (c, id) => t.gql(DELETE, { i: { id, version: 2, reason: '矩阵' } }, c.headers), reached: stale }, WRITERS],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
