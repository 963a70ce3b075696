import { Role, Sector } from '../../src/common/access/permissions';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { todayInChina } from '../../src/common/dates/local-date';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, householdInput, householdNumber } from '../households/registry-fixtures';

type Json = Record<string, any>;

const PAYMENT = `id linkageId householdId year paidOn amount channel reference overAgreementReason reversesId reversalReason regionCode sector`;
const ACCOUNT = `year due paid outstanding`;
const RECORD = `mutation($i: RecordLinkagePaymentInput!) { recordLinkagePayment(input: $i) { linkagePayment { ${PAYMENT} } yearAccount { ${ACCOUNT} } } }`;
const REVERSE = `mutation($i: ReverseLinkagePaymentInput!) { reverseLinkagePayment(input: $i) { linkagePayment { ${PAYMENT} } yearAccount { ${ACCOUNT} } } }`;
const PAYMENTS = `query($l: ID, $h: ID, $y: Int, $r: String, $first: Int, $after: String) {
  linkagePayments(linkageId: $l, householdId: $h, year: $y, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id amount reversesId } } pageInfo { endCursor } } }`;
const ARREARS = `query($y: Int!, $e: ID, $p: ID, $r: String, $first: Int, $after: String) {
  linkageArrears(year: $y, entityId: $e, projectId: $p, regionCode: $r, first: $first, after: $after) { totalCount edges { node { linkage { id householdId } yearAccount { ${ACCOUNT} } } } pageInfo { hasNextPage endCursor } } }`;
const RECONCILE = `query($e: ID!, $y: Int!) { entityLinkageReconciliation(entityId: $e, year: $y) { entityId year linkages due paid difference linkagesInArrears paidAll } }`;
const INCOME_FIELDS = `householdId householdNumber regionCode year paidWage paidProductionBusiness paidProperty paidAssetIncomeDividend registryRecorded registryWages registryProductionBusiness registryProperty registryAssetIncomeDividend disagreements`;
const INCOME = `query($h: ID!, $y: Int!) { householdLinkageIncome(householdId: $h, year: $y) { ${INCOME_FIELDS} } }`;
const DISAGREEMENTS = `query($y: Int!, $r: String, $first: Int) { linkageIncomeDisagreements(year: $y, regionCode: $r, first: $first) { totalCount edges { node { ${INCOME_FIELDS} } } } }`;
const SET_INCOME = `mutation($i: SetHouseholdIncomeInput!) { setHouseholdIncome(input: $i) { income { version } } }`;
const COVERAGE = `query($y: Int!, $r: String) { linkageCoverage(year: $y, regionCode: $r) { year regionCode households covered uncovered ratio meetsTarget target { key configured value status source } } }`;
const UNCOVERED = `query($y: Int!, $r: String, $first: Int, $after: String) {
  householdsWithoutLinkage(year: $y, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id householdNumber members { id } } } pageInfo { hasNextPage endCursor } } }`;
const CREATE_LINKAGE = `mutation($i: CreateBenefitLinkageInput!) { createBenefitLinkage(input: $i) { benefitLinkage { id } } }`;
const CREATE_ENTITY = `mutation($i: CreateImplementingEntityInput!) { createImplementingEntity(input: $i) { implementingEntity { id } } }`;

describe('linkage payments, arrears, reconciliation, income and coverage (利益联结兑现, issue #15)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let agriculture: SignedIn;
  let health: SignedIn;
  let supervisor: SignedIn;
  let h1: Json;
  let h2: Json;
  let h3: Json;
  let entity: string;
  let agriEntity: string;
  let seq = 0;

  async function newEntity(who: SignedIn): Promise<string> {
    const code = makeCreditCode('9', '3', '410106', `LP${String((seq += 1)).padStart(6, '0')}`);
    const i = { type: '农民专业合作社', name: `兑现合作社${seq}`, creditCode: code, legalRepresentative: '王五', regionCode: R.village, listedOn: '2018-01-01' };
    return dataOf(await t.gql(CREATE_ENTITY, { i }, who.headers)).createImplementingEntity.implementingEntity.id as string;
  }
  async function linkage(householdId: string, over: Json = {}, who: SignedIn = district): Promise<string> {
    const i = {
      householdId, entityId: entity, type: '保底收益+按股分红', agreedTerms: '入股合作社，每年保底分红', startsOn: '2018-01-01',
      agreedAmountPerYear: '1200.00', incomeComponent: 'ASSET_INCOME_DIVIDEND', ...over,
    };
    return dataOf(await t.gql(CREATE_LINKAGE, { i }, who.headers)).createBenefitLinkage.benefitLinkage.id as string;
  }
  const payment = (linkageId: string, over: Json = {}): Json => ({ linkageId, year: 2018, paidOn: '2018-12-20', amount: '600.00', channel: 'BANK_TRANSFER', ...over });
  const record = async (who: SignedIn, i: Json): Promise<Json> => dataOf(await t.gql(RECORD, { i }, who.headers)).recordLinkagePayment;
  const counts = async (): Promise<Json> =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM benefit_linkage_payments) AS payments, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'LinkagePayment') AS audits,
           (SELECT count(*)::int FROM household_incomes) AS incomes`,
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    agriculture = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.AGRICULTURE });
    health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    h1 = await createHousehold(t, district, householdInput(R.village));
    h2 = await createHousehold(t, district, householdInput(R.village));
    h3 = await createHousehold(t, district, householdInput(R.village));
    for (const h of [h1, h2, h3]) await activate(t, h.id);
    // Nobody works in these households unless a test says so (coverage counts working members).
    await t.dataSource.query(`UPDATE members SET months_worked = 0 WHERE household_id = ANY($1::uuid[])`, [[h1.id, h2.id, h3.id]]);
    entity = await newEntity(district);
    agriEntity = await newEntity(agriculture);
  });
  afterAll(() => t?.close());

  it('records payments for a year with the year account: pro rata due, outstanding, audit rows; lists them', async () => {
    const l = await linkage(h1.id);
    const before = await counts();
    const first = await record(village, payment(l, { reference: '凭证-001' }));
    expect(first.linkagePayment).toMatchObject({ linkageId: l, householdId: h1.id, year: 2018, paidOn: '2018-12-20', amount: '600.00', channel: 'BANK_TRANSFER', reference: '凭证-001', reversesId: null, regionCode: R.village });
    expect(first.yearAccount).toEqual({ year: 2018, due: '1200.00', paid: '600.00', outstanding: '600.00' });
    const second = await record(town, payment(l, { amount: '600', paidOn: '2018-12-28', channel: 'SUBSIDY_CARD' }));
    expect(second.yearAccount).toEqual({ year: 2018, due: '1200.00', paid: '1200.00', outstanding: '0.00' });
    expect(await counts()).toMatchObject({ payments: before.payments + 2, audits: before.audits + 2, incomes: before.incomes });
    // From 1 July: 184 of 365 days of 1,200.00 = 604.93.
    const half = await linkage(h2.id, { startsOn: '2018-07-01' });
    expect((await record(district, payment(half, { amount: '100.00' }))).yearAccount).toEqual({ year: 2018, due: '604.93', paid: '100.00', outstanding: '504.93' });
    const list = dataOf(await t.gql(PAYMENTS, { l, first: 10 }, supervisor.headers)).linkagePayments;
    expect(list.totalCount).toBe(2);
    expect(list.edges.map((e: Json) => e.node.id)).toEqual([second.linkagePayment.id, first.linkagePayment.id]);
    expect(dataOf(await t.gql(PAYMENTS, { h: h1.id, y: 2019, first: 10 }, district.headers)).linkagePayments.totalCount).toBe(0);
    expect(dataOf(await t.gql(PAYMENTS, { r: R.villageSameTown, first: 10 }, district.headers)).linkagePayments.totalCount).toBe(0);
    expect(dataOf(await t.gql(PAYMENTS, { l, first: 10 }, (await signIn(t, Role.TOWN_OFFICER, R.siblingTown)).headers)).linkagePayments.totalCount).toBe(0);
  });

  it('refuses payments over what is due without the reason, bad amounts, dates and years, and other scopes: coded, naming the field, nothing written', async () => {
    const l = await linkage(h3.id, { agreedAmountPerYear: '500.00' });
    await record(district, payment(l, { amount: '400.00' }));
    const before = await counts();
    const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(RECORD, { i: payment(l, over) }, who.headers));
    expect(await refused(district, { amount: '100.01' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAYMENT_OVER_AGREEMENT', field: 'input.amount' });
    expect(await refused(district, { amount: '0.00' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DECIMAL', field: 'input.amount' });
    expect(await refused(district, { amount: '10.001' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DECIMAL', field: 'input.amount' });
    expect(await refused(district, { amount: '-5.00' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amount' });
    expect(await refused(district, { year: 2017 })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAYMENT_YEAR_OUTSIDE_LINKAGE', field: 'input.year' });
    expect(await refused(district, { paidOn: '2017-12-31', year: 2018 })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', field: 'input.paidOn' });
    expect(await refused(district, { paidOn: '2999-01-01' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DATE_IN_FUTURE', field: 'input.paidOn' });
    expect(await refused(district, { linkageId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND', reason: 'LINKAGE_NOT_FOUND', field: 'input.linkageId' });
    expect(await refused(await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown), {})).toMatchObject({ code: 'NOT_FOUND', reason: 'LINKAGE_NOT_FOUND' });
    // The office's linkage (no sector) is not a sector officer's to pay.
    expect(await refused(health, {})).toMatchObject({ code: 'NOT_FOUND', reason: 'LINKAGE_NOT_FOUND' });
    expect(await refused(supervisor, {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);
    // With the reason it is recorded, and the reason kept.
    const over = await record(district, payment(l, { amount: '150.00', overAgreementReason: '社员大会决议超额分红' }));
    expect(over.linkagePayment.overAgreementReason).toBe('社员大会决议超额分红');
    expect(over.yearAccount).toEqual({ year: 2018, due: '500.00', paid: '550.00', outstanding: '0.00' });
    // A sector officer pays its own sector's linkages.
    const mine = await linkage(h3.id, { entityId: agriEntity, type: '订单农业', incomeComponent: 'PRODUCTION_BUSINESS' }, agriculture);
    expect((await record(agriculture, payment(mine, { amount: '300.00' }))).linkagePayment.sector).toBe('AGRICULTURE');
  });

  it('reverses a payment once with the reason (a negative row; the payment stays); the ledger refuses UPDATE and DELETE', async () => {
    const l = await linkage(h1.id, { type: '二次分红', incomeComponent: 'PROPERTY', agreedAmountPerYear: '300.00' });
    const paid = (await record(district, payment(l, { amount: '300.00' }))).linkagePayment;
    const r = dataOf(await t.gql(REVERSE, { i: { paymentId: paid.id, reason: '重复录入' } }, village.headers)).reverseLinkagePayment;
    expect(r.linkagePayment).toMatchObject({ amount: '-300.00', reversesId: paid.id, reversalReason: '重复录入', year: 2018, paidOn: todayInChina(), linkageId: l });
    expect(r.yearAccount).toEqual({ year: 2018, due: '300.00', paid: '0.00', outstanding: '300.00' });
    expect(errorOf(await t.gql(REVERSE, { i: { paymentId: paid.id, reason: '再次' } }, district.headers))).toMatchObject({ code: 'CONFLICT', reason: 'PAYMENT_ALREADY_REVERSED', field: 'input.paymentId' });
    expect(errorOf(await t.gql(REVERSE, { i: { paymentId: r.linkagePayment.id, reason: '冲销的冲销' } }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAYMENT_IS_REVERSAL' });
    expect(errorOf(await t.gql(REVERSE, { i: { paymentId: paid.id, reason: '越权' } }, health.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'LINKAGE_PAYMENT_NOT_FOUND' });
    expect(errorOf(await t.gql(REVERSE, { i: { paymentId: paid.id, reason: '  ' } }, district.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    await expect(t.dataSource.query(`UPDATE benefit_linkage_payments SET amount = 1 WHERE id = $1`, [paid.id])).rejects.toThrow(/never changed or deleted/);
    await expect(t.dataSource.query(`DELETE FROM benefit_linkage_payments WHERE id = $1`, [paid.id])).rejects.toThrow(/never changed or deleted/);
    const audits = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type = 'LinkagePayment' AND entity_id = ANY($1::text[]) ORDER BY seq`, [[paid.id, r.linkagePayment.id]]);
    expect(audits.map((a: Json) => a.operation)).toEqual(['projects.recordLinkagePayment', 'projects.reverseLinkagePayment']);
    // Paid again correctly after the reversal.
    expect((await record(district, payment(l, { amount: '300.00' }))).yearAccount.outstanding).toBe('0.00');
  });

  it('lists linkages in arrears at year end with their figures, by entity, project and region, page by page; reconciles an entity', async () => {
    const e = await newEntity(district);
    const a = await linkage(h1.id, { entityId: e, agreedAmountPerYear: '1000.00' });
    const b = await linkage(h2.id, { entityId: e, agreedAmountPerYear: '800.00' });
    const c = await linkage(h3.id, { entityId: e, agreedAmountPerYear: '200.00' });
    await record(district, payment(a, { amount: '400.00' }));
    await record(district, payment(c, { amount: '200.00' }));
    const arrears = async (who: SignedIn, v: Json) => dataOf(await t.gql(ARREARS, v, who.headers)).linkageArrears;
    const all = await arrears(district, { y: 2018, e, first: 10 });
    expect(all.totalCount).toBe(2);
    const byId = new Map(all.edges.map((x: Json) => [x.node.linkage.id, x.node.yearAccount]));
    expect(byId.get(a)).toEqual({ year: 2018, due: '1000.00', paid: '400.00', outstanding: '600.00' });
    expect(byId.get(b)).toEqual({ year: 2018, due: '800.00', paid: '0.00', outstanding: '800.00' });
    const p1 = await arrears(district, { y: 2018, e, first: 1 });
    const p2 = await arrears(district, { y: 2018, e, first: 10, after: p1.pageInfo.endCursor });
    expect([...p1.edges, ...p2.edges].map((x: Json) => x.node.linkage.id).sort()).toEqual([a, b].sort());
    expect((await arrears(district, { y: 2017, e, first: 10 })).totalCount).toBe(0);
    expect((await arrears(district, { y: 2018, e, r: R.villageSameTown, first: 10 })).totalCount).toBe(0);
    expect((await arrears(await signIn(t, Role.TOWN_OFFICER, R.siblingTown), { y: 2018, e, first: 10 })).totalCount).toBe(0);
    const rec = dataOf(await t.gql(RECONCILE, { e, y: 2018 }, supervisor.headers)).entityLinkageReconciliation;
    expect(rec).toEqual({ entityId: e, year: 2018, linkages: 3, due: '2000.00', paid: '600.00', difference: '1400.00', linkagesInArrears: 2, paidAll: '600.00' });
    expect(errorOf(await t.gql(RECONCILE, { e, y: 2018 }, await signIn(t, Role.TOWN_OFFICER, R.siblingTown).then((s) => s.headers)))).toMatchObject({ code: 'NOT_FOUND', field: 'entityId' });
  });

  it("puts a household's linkage income beside the registry's, never writing it, and lists the households where they disagree", async () => {
    const hh = await createHousehold(t, district, householdInput(R.village));
    await activate(t, hh.id);
    const dividend = await linkage(hh.id, { agreedAmountPerYear: '900.00' });
    const wage = await linkage(hh.id, { type: '务工', incomeComponent: 'WAGE', agreedAmountPerYear: '3000.00' });
    await t.gql(SET_INCOME, { i: { householdId: hh.id, year: 2018, wages: '5000.00', property: '500.00', assetIncomeDividend: '500.00' } }, district.headers);
    const registryBefore = await t.dataSource.query(`SELECT * FROM household_incomes WHERE household_id = $1`, [hh.id]);
    await record(district, payment(dividend, { amount: '900.00' }));
    await record(district, payment(wage, { amount: '3000.00' }));
    expect(await t.dataSource.query(`SELECT * FROM household_incomes WHERE household_id = $1`, [hh.id])).toEqual(registryBefore);
    const income = dataOf(await t.gql(INCOME, { h: hh.id, y: 2018 }, village.headers)).householdLinkageIncome;
    expect(income).toEqual({
      householdId: hh.id, householdNumber: hh.householdNumber, regionCode: R.village, year: 2018,
      paidWage: '3000.00', paidProductionBusiness: '0.00', paidProperty: '0.00', paidAssetIncomeDividend: '900.00',
      registryRecorded: true, registryWages: '5000.00', registryProductionBusiness: '0.00', registryProperty: '500.00', registryAssetIncomeDividend: '500.00',
      disagreements: ['PROPERTY', 'ASSET_INCOME_DIVIDEND'],
    });
    const listed = async () => dataOf(await t.gql(DISAGREEMENTS, { y: 2018, r: R.village, first: 50 }, district.headers)).linkageIncomeDisagreements;
    expect((await listed()).edges.map((e: Json) => e.node.householdId)).toContain(hh.id);
    expect((await listed()).edges.find((e: Json) => e.node.householdId === hh.id).node).toEqual(income);
    // The village corrects the registry: the household leaves the list.
    await t.gql(SET_INCOME, { i: { householdId: hh.id, year: 2018, version: 1, wages: '5000.00', property: '900.00', assetIncomeDividend: '900.00' } }, district.headers);
    expect(dataOf(await t.gql(INCOME, { h: hh.id, y: 2018 }, village.headers)).householdLinkageIncome.disagreements).toEqual([]);
    expect((await listed()).edges.map((e: Json) => e.node.householdId)).not.toContain(hh.id);
    // A year without registry income and without payments: nothing recorded, nothing disagrees.
    expect(dataOf(await t.gql(INCOME, { h: hh.id, y: 2019 }, village.headers)).householdLinkageIncome).toMatchObject({ registryRecorded: false, paidWage: '0.00', disagreements: [] });
    expect(errorOf(await t.gql(INCOME, { h: hh.id, y: 2018 }, await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown).then((s) => s.headers)))).toMatchObject({ code: 'NOT_FOUND', reason: 'HOUSEHOLD_NOT_FOUND', field: 'householdId' });
    expect((await t.gql(DISAGREEMENTS, { y: 2018, first: 50 }, await signIn(t, Role.TOWN_OFFICER, R.siblingTown).then((s) => s.headers))).body.data).toMatchObject({ linkageIncomeDisagreements: { totalCount: 0 } });
  });

  it('coverage: households on the roll without a linkage in force in the year or a member employed in it by the ledger, against the target; the list behind the figure', async () => {
    const v = R.villageOfSiblingTown;
    const far = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    const hs = [];
    for (let i = 0; i < 4; i++) hs.push(await createHousehold(t, district, householdInput(v)));
    for (const h of hs) await activate(t, h.id);
    await t.dataSource.query(`UPDATE members SET months_worked = 0 WHERE household_id = ANY($1::uuid[])`, [hs.map((h) => h.id)]);
    // hs[0]: a linkage in force in 2018; hs[1]: a member with an employment record of 2018 (8 months); hs[2], hs[3]: neither.
    const farEntity = await (async () => {
      const code = makeCreditCode('9', '3', '410106', `LQ${String((seq += 1)).padStart(6, '0')}`);
      const i = { type: '农民专业合作社', name: `远村合作社${seq}`, creditCode: code, legalRepresentative: '赵六', regionCode: v, listedOn: '2018-01-01' };
      return dataOf(await t.gql(CREATE_ENTITY, { i }, district.headers)).createImplementingEntity.implementingEntity.id as string;
    })();
    await linkage(hs[0].id, { entityId: farEntity, endsOn: '2018-12-31' });
    // The employment ledger's rules are not under test here (test/employment): the record is written directly.
    await t.dataSource.query(
      `INSERT INTO employment_records (member_id, household_id, year, channel, place, starts_on, months_worked, monthly_income, region_code, sector)
       VALUES ($1, $2, 2018, '劳务输出', 'OUTSIDE_PROVINCE', '2018-03-01', 8, '3000.00', $3, 'human_resources')`,
      [hs[1].members[0].id, hs[1].id, v],
    );
    const coverage = async (who: SignedIn, y: number) => dataOf(await t.gql(COVERAGE, { y, r: v }, who.headers)).linkageCoverage;
    const c = await coverage(far, 2018);
    expect(c).toEqual({
      year: 2018, regionCode: v, households: 4, covered: 2, uncovered: 2, ratio: '0.5000', meetsTarget: false,
      target: { key: 'target.industry_employment_coverage', configured: true, value: '1.00', status: 'SEED', source: expect.any(String) },
    });
    const list = async (y: number, first = 50, after?: string) => dataOf(await t.gql(UNCOVERED, { y, r: v, first, after }, far.headers)).householdsWithoutLinkage;
    const uncovered = await list(2018);
    expect(uncovered.totalCount).toBe(2);
    expect(uncovered.edges.map((e: Json) => e.node.id).sort()).toEqual([hs[2].id, hs[3].id].sort());
    expect(uncovered.edges[0].node.members.length).toBe(2);
    const page1 = await list(2018, 1);
    const page2 = await list(2018, 1, page1.pageInfo.endCursor);
    expect([page1.edges[0].node.id, page2.edges[0].node.id].sort()).toEqual([hs[2].id, hs[3].id].sort());
    // 2019: the linkage has ended and the ledger has no job of 2019; the target is not configured (the seed states it for 2018): no verdict.
    const c2019 = await coverage(far, 2019);
    expect(c2019).toMatchObject({ households: 4, covered: 0, uncovered: 4, ratio: '0.0000', meetsTarget: null, target: { configured: false, value: null, status: 'NOT_CONFIGURED' } });
    expect((await list(2019)).totalCount).toBe(4);
    // Outside the caller's region nothing is counted.
    expect(await coverage(village, 2018)).toMatchObject({ households: 0, covered: 0, ratio: null, meetsTarget: null });
  });

  it("publishes linkages and their payments on the change feed (root BenefitLinkage, parts linkage and payments, the household's village)", async () => {
    const feed = (id: string) =>
      t.dataSource.query(`SELECT operation, parts, region_code, root_version FROM change_feed WHERE root_type = 'BenefitLinkage' AND root_id = $1 ORDER BY position`, [id]);
    const l = await linkage(h2.id, { type: '订单农业', incomeComponent: 'PRODUCTION_BUSINESS', agreedAmountPerYear: '100.00' });
    expect(await feed(l)).toEqual([{ operation: 'CREATED', parts: ['linkage'], region_code: R.village, root_version: 1 }]);
    const paid = (await record(district, payment(l, { amount: '50.00' }))).linkagePayment;
    await t.gql(REVERSE, { i: { paymentId: paid.id, reason: '金额有误' } }, district.headers);
    expect((await feed(l)).slice(1)).toEqual([
      { operation: 'UPDATED', parts: ['payments'], region_code: R.village, root_version: 1 },
      { operation: 'UPDATED', parts: ['payments'], region_code: R.village, root_version: 1 },
    ]);
  });

  describe('region × role × sector matrix', () => {
    const missingId = '00000000-0000-4000-8000-000000000000';
    // A linkage (with one payment) owned by the region and sector, written directly: the operations read only those.
    const linkageIn = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO benefit_linkages (household_id, entity_id, type, agreed_terms, starts_on, agreed_amount_per_year, income_component, region_code, sector)
         VALUES ($1, $2, '订单农业', '矩阵', '2018-01-01', '100000.00', 'PRODUCTION_BUSINESS', $3, $4) RETURNING id`,
        [h1.id, entity, region, sector ?? null],
      );
      return row.id as string;
    };
    const paymentIn = async (region: string, sector?: Sector): Promise<string> => {
      const linkageId = await linkageIn(region, sector);
      const [row] = await t.dataSource.query(
        `INSERT INTO benefit_linkage_payments (linkage_id, household_id, year, paid_on, amount, channel, region_code, sector)
         VALUES ($1, $2, 2018, '2018-12-01', '10.00', 'CASH', $3, $4) RETURNING id`,
        [linkageId, h1.id, region, sector ?? null],
      );
      return row.id as string;
    };
    const householdIn = async (region: string): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO households (household_number, region_code, attribute, primary_cause, validity, status) VALUES ($1, $2, 'GENERAL_POOR', 'ILLNESS', 'ACTIVE', 'NOT_EXITED') RETURNING id`,
        [householdNumber(), region],
      );
      return row.id as string;
    };
    const entityIn = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO implementing_entities (type, name, credit_code, legal_representative, region_code, sector, listed_on)
         VALUES ('农民专业合作社', '矩阵合作社', $1, '矩阵', $2, $3, '2018-01-01') RETURNING id`,
        [makeCreditCode('9', '3', '410106', `MX${String((seq += 1)).padStart(6, '0')}`), region, sector ?? null],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const ops: [MatrixOperation, Role[]][] = [
      [
        {
          name: 'Mutation.recordLinkagePayment', missingId, sector: { access: 'write' }, target: linkageIn,
          run: (c, id) => t.gql(RECORD, { i: payment(id, { amount: '1.00' }) }, c.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.recordLinkagePayment?.linkagePayment?.id,
        },
        WRITERS,
      ],
      [
        {
          name: 'Mutation.reverseLinkagePayment', missingId, sector: { access: 'write' }, target: paymentIn,
          run: (c, id) => t.gql(REVERSE, { i: { paymentId: id, reason: '矩阵' } }, c.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.reverseLinkagePayment?.linkagePayment?.id,
        },
        WRITERS,
      ],
      [
        {
          name: 'Query.linkagePayments(linkageId)', missingId, sector: { access: 'read' }, target: paymentIn,
          run: async (c, id) => {
            const [p] = id === missingId ? [{ linkage_id: missingId }] : await t.dataSource.query(`SELECT linkage_id FROM benefit_linkage_payments WHERE id = $1`, [id]);
            return t.gql(PAYMENTS, { l: p.linkage_id, first: 5 }, c.headers);
          },
          reached: (res) => ((res.body.data as Json | undefined)?.linkagePayments?.totalCount ?? 0) > 0,
        },
        READERS,
      ],
      [
        {
          name: 'Query.householdLinkageIncome', missingId, target: householdIn,
          run: (c, id) => t.gql(INCOME, { h: id, y: 2018 }, c.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.householdLinkageIncome?.householdId,
        },
        READERS,
      ],
      [
        {
          name: 'Query.entityLinkageReconciliation', missingId, sector: { access: 'read' }, target: entityIn,
          run: (c, id) => t.gql(RECONCILE, { e: id, y: 2018 }, c.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.entityLinkageReconciliation?.entityId,
        },
        READERS,
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
