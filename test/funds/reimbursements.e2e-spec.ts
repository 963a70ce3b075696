import { loadRegions, R } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import {
  APPROVE_REIMB,
  callers,
  Callers,
  CANCEL_FUNDING,
  CORRECT_REIMB,
  CREATE_REIMB,
  fundingIn,
  household,
  PAY,
  reimbInput,
  REJECT_REIMB,
  RETURN_REIMB,
  REVIEW_REIMB,
  UPDATE_FUNDING,
  VOUCHER_KINDS,
  vouchers,
} from './funds-fixtures';

type Json = Record<string, any>;

const ONE = `query($id: ID!) { projectFunding(id: $id) { id amount committed available version } }`;
const LEDGER = `query($y: Int!) { fundLedgerCheck(year: $y) { ok reimbursements payments violations { kind recordType recordId amount sum excess recordIds } } }`;
const RATE = `query($y: Int!, $d: LocalDate!, $r: String!) { reimbursementRate(year: $y, asOf: $d, regionCode: $r) {
  year asOf regionCode allocated paid allocationCount ratio formulaVerified configured target meetsTarget targetParameter { key status source configured } } }`;
const RATE_ROWS = `query($y: Int!, $d: LocalDate!, $r: String!, $after: String) { fundRateAllocations(year: $y, asOf: $d, regionCode: $r, first: 1, after: $after) {
  totalCount edges { node { paid allocation { id amount regionCode } } } pageInfo { hasNextPage endCursor } } }`;
const REIMBS = `query($f: ID, $s: ReimbursementStatus) { fundReimbursements(fundingId: $f, status: $s, first: 50) { totalCount edges { node { id amount status lines { expenseType } } } } }`;
const PAYMENTS = `query($r: ID) { fundPayments(reimbursementId: $r, first: 50) { totalCount edges { node { id amount kind bankAccount households { householdId amount } } } } }`;
const REVEAL = `mutation($i: RevealPersonalDataInput!) { revealPersonalData(input: $i) { value } }`;

describe('funds: reimbursements (报账), payments, the negative list, the reimbursement rate (issue #19 part 2)', () => {
  let t: TestApp;
  let c: Callers;

  const counts = async (): Promise<Json> =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM fund_reimbursements) AS reimbursements, (SELECT count(*)::int FROM fund_reimbursement_lines) AS lines,
                (SELECT count(*)::int FROM fund_reimbursement_vouchers) AS vouchers, (SELECT count(*)::int FROM fund_payments) AS payments,
                (SELECT count(*)::int FROM fund_payment_households) AS roster,
                (SELECT count(*)::int FROM audit_log WHERE entity_type IN ('FundReimbursement', 'FundPayment')) AS audits`,
      )
    )[0];
  const decide = async (q: string, who: Json, r: Json, over: Json = {}): Promise<Json> => {
    const res = await t.gql(q, { i: { id: r.id, version: r.version, decidedOn: '2018-06-10', ...over } }, who.headers);
    const d = dataOf(res);
    return Object.values(d)[0].reimbursement;
  };

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    c = await callers(t);
  });
  afterAll(() => t?.close());

  it('the flow SUBMITTED → REVIEWED → APPROVED → PAID: payments to an account and to households, marked reimbursed with the date; audit rows and feed entries', async () => {
    const fundingId = await fundingIn(t, R.village);
    const before = await counts();
    const created = dataOf(await t.gql(CREATE_REIMB, { i: reimbInput(fundingId) }, c.town.headers)).createFundReimbursement;
    const r0 = created.reimbursement;
    expect(r0).toMatchObject({ fundingId, regionCode: R.village, amount: '300.00', paid: '0.00', unpaid: '300.00', status: 'SUBMITTED', reimbursed: false, version: 1 });
    expect(r0.lines).toEqual([
      { expenseType: '材料费', amount: '200.00' },
      { expenseType: '劳务费', amount: '100.00' },
    ]);
    expect(r0.vouchers).toHaveLength(VOUCHER_KINDS.length);
    // The negative list is unverified in RULES.md: its status travels with the answer.
    expect(created.parametersUsed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'funds.negative_list', status: 'UNVERIFIED', configured: true }),
        expect.objectContaining({ key: 'funds.reimbursement_vouchers', status: 'VERIFIED' }),
        expect.objectContaining({ key: 'funds.reimbursement_flow', status: 'VERIFIED' }),
      ]),
    );
    expect(dataOf(await t.gql(ONE, { id: fundingId }, c.district.headers)).projectFunding).toMatchObject({ committed: '300.00', available: '700.00' });

    // Skipping a step: finance cannot approve before the review, nor pay before the approval.
    expect(errorOf(await t.gql(APPROVE_REIMB, { i: { id: r0.id, version: 1, decidedOn: '2018-06-10' } }, c.finance.headers))).toMatchObject({
      code: 'CONFLICT',
      reason: 'FUND_STEP_OUT_OF_ORDER',
      details: { status: 'SUBMITTED', required: ['REVIEWED'] },
    });
    expect(errorOf(await t.gql(PAY, { i: { reimbursementId: r0.id, paidOn: '2018-06-20', amount: '1.00', account: { payeeName: '某合作社', bankAccount: '6222021234567890123' } } }, c.finance.headers))).toMatchObject({
      reason: 'FUND_STEP_OUT_OF_ORDER',
    });
    // The review is the poverty office's: finance holding funds.decide gets FUND_NOT_YOUR_STEP.
    expect(errorOf(await t.gql(REVIEW_REIMB, { i: { id: r0.id, version: 1, decidedOn: '2018-06-10' } }, c.finance.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'FUND_NOT_YOUR_STEP' });
    expect(errorOf(await t.gql(REVIEW_REIMB, { i: { id: r0.id, version: 1, decidedOn: '2018-05-31' } }, c.district.headers))).toMatchObject({ reason: 'FUND_DATE_BEFORE_SOURCE', field: 'input.decidedOn' });

    const r1 = await decide(REVIEW_REIMB, c.district, r0);
    expect(r1).toMatchObject({ status: 'REVIEWED', reviewedOn: '2018-06-10', version: 2 });
    expect(errorOf(await t.gql(REVIEW_REIMB, { i: { id: r0.id, version: 2, decidedOn: '2018-06-10' } }, c.district.headers))).toMatchObject({ reason: 'FUND_STEP_OUT_OF_ORDER' });
    expect(errorOf(await t.gql(APPROVE_REIMB, { i: { id: r0.id, version: 2, decidedOn: '2018-06-11' } }, c.district.headers))).toMatchObject({ reason: 'FUND_NOT_YOUR_STEP' });
    const r2 = await decide(APPROVE_REIMB, c.finance, r1, { decidedOn: '2018-06-12' });
    expect(r2).toMatchObject({ status: 'APPROVED', approvedOn: '2018-06-12' });

    // A payment to an account: its form checked, stored encrypted, answered masked.
    const pay = (over: Json) => t.gql(PAY, { i: { reimbursementId: r0.id, paidOn: '2018-06-20', amount: '100.00', ...over } }, c.finance.headers);
    expect(errorOf(await pay({ account: { payeeName: '某合作社', bankAccount: '6222-02x1' } }))).toMatchObject({ reason: 'FUND_BANK_ACCOUNT', field: 'input.account.bankAccount' });
    expect(errorOf(await pay({ account: { payeeName: '某合作社', bankAccount: '123' } }))).toMatchObject({ reason: 'FUND_BANK_ACCOUNT' });
    expect(errorOf(await pay({}))).toMatchObject({ reason: 'FUND_PAYMENT_FIELDS' });
    expect(errorOf(await pay({ amount: '300.01', account: { payeeName: '某合作社', bankAccount: '6222021234567890123' } }))).toMatchObject({ reason: 'FUND_OVER_SOURCE', details: { available: '300.00' } });
    expect(errorOf(await pay({ paidOn: '2018-06-11', account: { payeeName: '某合作社', bankAccount: '6222021234567890123' } }))).toMatchObject({ reason: 'FUND_DATE_BEFORE_SOURCE', field: 'input.paidOn' });
    const p1 = dataOf(await pay({ account: { payeeName: '某合作社', bankAccount: '6222 0212 3456 7890 123' }, reference: '转账-1' })).createFundPayment;
    expect(p1.payment).toMatchObject({ kind: 'ACCOUNT', payeeName: '某合作社', bankAccount: '6222 **** **** 0123', amount: '100.00', households: [] });
    expect(p1.reimbursement).toMatchObject({ status: 'APPROVED', paid: '100.00', unpaid: '200.00', reimbursed: false });
    const [stored] = await t.dataSource.query(`SELECT bank_account_enc, bank_account_hash FROM fund_payments WHERE id = $1`, [p1.payment.id]);
    expect(stored.bank_account_enc).not.toContain('6222021234567890123');
    expect(stored.bank_account_hash).toHaveLength(64);
    const revealed = dataOf(await t.gql(REVEAL, { i: { subject: 'FUND_PAYEE_ACCOUNT', id: p1.payment.id, reason: '核对支付账户 (check the account paid)' } }, c.district.headers)).revealPersonalData;
    expect(revealed.value).toBe('6222021234567890123');
    const [unmask] = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type = 'FundPayment' AND entity_id = $1 AND operation = 'personalData.unmask'`, [p1.payment.id]);
    expect(unmask).toBeTruthy();
    const [payAudit] = await t.dataSource.query(`SELECT changes::text AS changes FROM audit_log WHERE entity_type = 'FundPayment' AND entity_id = $1 AND operation = 'funds.createPayment'`, [p1.payment.id]);
    expect(payAudit.changes).not.toContain('6222021234567890123');

    // To households: the roster sums to the payment, households in the caller's and the project's region.
    const [h1, h2, far] = [await household(t, R.village), await household(t, R.village), await household(t, R.villageSameTown)];
    expect(errorOf(await pay({ amount: '200.00', households: [{ householdId: h1, amount: '120.00' }, { householdId: h2, amount: '70.00' }] }))).toMatchObject({ reason: 'FUND_ROSTER_SUM', details: { sum: '190.00', amount: '200.00' } });
    expect(errorOf(await pay({ amount: '200.00', households: [{ householdId: h1, amount: '100.00' }, { householdId: h1, amount: '100.00' }] }))).toMatchObject({ reason: 'FUND_ROSTER_DUPLICATE', field: 'input.households[1].householdId' });
    expect(errorOf(await pay({ amount: '200.00', households: [{ householdId: h1, amount: '100.00' }, { householdId: far, amount: '100.00' }] }))).toMatchObject({ reason: 'FUND_REGION_OUTSIDE_SOURCE', field: 'input.households[1].householdId' });
    const p2 = dataOf(await pay({ paidOn: '2018-07-02', amount: '200.00', households: [{ householdId: h1, amount: '120.00' }, { householdId: h2, amount: '80.00' }] })).createFundPayment;
    expect(p2.payment).toMatchObject({ kind: 'HOUSEHOLDS', bankAccount: null, payeeName: null });
    expect(p2.payment.households).toEqual(expect.arrayContaining([{ householdId: h1, amount: '120.00' }, { householdId: h2, amount: '80.00' }]));
    // Paid in full: 盖"已报账".
    expect(p2.reimbursement).toMatchObject({ status: 'PAID', paid: '300.00', unpaid: '0.00', reimbursed: true, reimbursedOn: '2018-07-02' });
    expect(errorOf(await pay({ amount: '0.01', account: { payeeName: '某合作社', bankAccount: '6222021234567890123' } }))).toMatchObject({ reason: 'FUND_STEP_OUT_OF_ORDER', details: { status: 'PAID' } });
    expect(dataOf(await t.gql(PAYMENTS, { r: r0.id }, c.village.headers)).fundPayments.totalCount).toBe(2);

    const after = await counts();
    expect(after).toMatchObject({
      reimbursements: before.reimbursements + 1,
      lines: before.lines + 2,
      vouchers: before.vouchers + VOUCHER_KINDS.length,
      payments: before.payments + 2,
      roster: before.roster + 2,
      // create, review, approve, 2 payments, markReimbursed, unmask
      audits: before.audits + 7,
    });
    const feed = await t.dataSource.query(`SELECT DISTINCT unnest(parts) AS part FROM change_feed WHERE root_type = 'FundDocument' AND root_id = $1 ORDER BY 1`, [r0.documentId]);
    expect(feed.map((f: Json) => f.part)).toEqual(expect.arrayContaining(['payment', 'reimbursement']));
    // The funding cannot be cancelled under its reimbursement.
    const f = dataOf(await t.gql(ONE, { id: fundingId }, c.district.headers)).projectFunding;
    expect(errorOf(await t.gql(CANCEL_FUNDING, { i: { id: fundingId, version: f.version, reason: '撤销' } }, c.district.headers))).toMatchObject({ reason: 'FUND_HAS_COMMITMENTS' });
    expect(errorOf(await t.gql(UPDATE_FUNDING, { i: { id: fundingId, version: f.version, amount: '299.99' } }, c.district.headers))).toMatchObject({ reason: 'FUND_AMOUNT_BELOW_COMMITTED', details: { committed: '300.00' } });
  });

  it('bad input: lines not adding up, a line on the negative list (named), missing vouchers (named), over the funding, bad decimals; nothing written', async () => {
    const fundingId = await fundingIn(t, R.village, '500.00');
    const before = await counts();
    const create = (over: Json) => t.gql(CREATE_REIMB, { i: reimbInput(fundingId, over) }, c.village.headers);
    expect(errorOf(await create({ amount: '300.01' }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUND_LINES_SUM', field: 'input.lines', details: { sum: '300.00', amount: '300.01' } });
    expect(errorOf(await create({ amount: '300.001' }))).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.amount' });
    expect(errorOf(await create({ lines: [{ expenseType: '材料费', amount: '-300.00' }] }))).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.lines[0].amount' });
    expect(errorOf(await create({ lines: [] }))).toMatchObject({ reason: 'FUND_NO_LINES' });
    const negative = errorOf(
      await create({
        lines: [
          { expenseType: '材料费', amount: '200.00' },
          { expenseType: '交通工具及通讯设备', amount: '100.00' },
        ],
      }),
    );
    expect(negative).toMatchObject({ reason: 'FUND_NEGATIVE_LIST', field: 'input.lines[1].expenseType', details: { expenseType: '交通工具及通讯设备', parameter: { key: 'funds.negative_list', status: 'UNVERIFIED' } } });
    const missing = errorOf(await create({ vouchers: vouchers(VOUCHER_KINDS.filter((k) => k !== '发票' && k !== '验收报告')) }));
    expect(missing).toMatchObject({ reason: 'FUND_VOUCHERS_MISSING', field: 'input.vouchers', details: { missing: ['发票', '验收报告'] } });
    expect(errorOf(await create({ vouchers: [...vouchers(), { kind: '收据', reference: 'x', datedOn: '2018-05-01' }] }))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.vouchers[7].kind' });
    expect(errorOf(await create({ appliedOn: '2018-04-30' }))).toMatchObject({ reason: 'FUND_DATE_BEFORE_SOURCE', field: 'input.appliedOn' });
    expect(errorOf(await create({ appliedOn: '2099-01-01' }))).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'input.appliedOn' });
    // Over what the funding has left.
    dataOf(await create({ amount: '300.00' }));
    expect(errorOf(await create({ amount: '200.01', lines: [{ expenseType: '材料费', amount: '200.01' }] }))).toMatchObject({ reason: 'FUND_OVER_SOURCE', field: 'input.amount', details: { available: '200.00' } });
    const after = await counts();
    expect(after).toMatchObject({ reimbursements: before.reimbursements + 1, lines: before.lines + 2, audits: before.audits + 1 });
  });

  it('returned for correction and submitted again; rejected stops counting against the funding', async () => {
    const fundingId = await fundingIn(t, R.village, '500.00');
    const r0 = dataOf(await t.gql(CREATE_REIMB, { i: reimbInput(fundingId) }, c.village.headers)).createFundReimbursement.reimbursement;
    expect(errorOf(await t.gql(RETURN_REIMB, { i: { id: r0.id, version: 1, decidedOn: '2018-06-10', reason: ' ' } }, c.district.headers))).toMatchObject({ reason: 'REASON_REQUIRED' });
    const returned = await decide(RETURN_REIMB, c.district, r0, { reason: '缺少验收签字' });
    expect(returned).toMatchObject({ status: 'RETURNED', returnReason: '缺少验收签字' });
    expect(errorOf(await t.gql(REVIEW_REIMB, { i: { id: r0.id, version: returned.version, decidedOn: '2018-06-11' } }, c.district.headers))).toMatchObject({ reason: 'FUND_STEP_OUT_OF_ORDER' });
    // The correction is checked like an application; an increase must fit.
    const correct = (over: Json) => t.gql(CORRECT_REIMB, { i: { id: r0.id, version: returned.version, amount: '300.00', lines: reimbInput(fundingId).lines, vouchers: vouchers(), ...over } }, c.village.headers);
    expect(errorOf(await correct({ amount: '500.01', lines: [{ expenseType: '材料费', amount: '500.01' }] }))).toMatchObject({ reason: 'FUND_OVER_SOURCE', details: { available: '200.00' } });
    expect(errorOf(await correct({ lines: [{ expenseType: '偿还债务和垫资', amount: '300.00' }] }))).toMatchObject({ reason: 'FUND_NEGATIVE_LIST', field: 'input.lines[0].expenseType' });
    const corrected = dataOf(await correct({ amount: '500.00', lines: [{ expenseType: '材料费', amount: '500.00' }] })).correctFundReimbursement.reimbursement;
    expect(corrected).toMatchObject({ status: 'SUBMITTED', amount: '500.00', reviewedOn: null, lines: [{ expenseType: '材料费', amount: '500.00' }] });
    expect(dataOf(await t.gql(ONE, { id: fundingId }, c.district.headers)).projectFunding).toMatchObject({ committed: '500.00', available: '0.00' });
    const reviewed = await decide(REVIEW_REIMB, c.district, corrected);
    // Finance returns or rejects at its step.
    const rejected = await decide(REJECT_REIMB, c.finance, reviewed, { reason: '不符合支出范围' });
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: '不符合支出范围' });
    expect(dataOf(await t.gql(ONE, { id: fundingId }, c.district.headers)).projectFunding).toMatchObject({ committed: '0.00', available: '500.00' });
    expect(errorOf(await t.gql(CORRECT_REIMB, { i: { id: r0.id, version: rejected.version, amount: '1.00', lines: [{ expenseType: '材料费', amount: '1.00' }], vouchers: vouchers() } }, c.village.headers))).toMatchObject({
      reason: 'FUND_STEP_OUT_OF_ORDER',
    });
    expect(dataOf(await t.gql(REIMBS, { f: fundingId, s: 'REJECTED' }, c.town.headers)).fundReimbursements.totalCount).toBe(1);
    const [audit] = await t.dataSource.query(`SELECT changes::text AS changes FROM audit_log WHERE entity_type = 'FundReimbursement' AND entity_id = $1 AND operation = 'funds.correctReimbursement'`, [r0.id]);
    expect(audit.changes).toContain('500.00');
  });

  it('the reimbursement rate: paid ÷ allocated as of a date (later payments not counted), exact to 4 decimals, the target as of 31 December; the records behind it paged', async () => {
    // A town of its own for this test's figures: the sibling town.
    const region = R.villageOfSiblingTown;
    const f1 = await fundingIn(t, region, '3000.00');
    await fundingIn(t, region, '6000.00');
    const r = dataOf(await t.gql(CREATE_REIMB, { i: reimbInput(f1, { amount: '1000.00', lines: [{ expenseType: '材料费', amount: '1000.00' }] }) }, c.district.headers)).createFundReimbursement.reimbursement;
    const approved = await decide(APPROVE_REIMB, c.finance, await decide(REVIEW_REIMB, c.district, r));
    const pay = (paidOn: string, amount: string) => t.gql(PAY, { i: { reimbursementId: approved.id, paidOn, amount, account: { payeeName: '施工单位', bankAccount: '6222021234567890123' } } }, c.finance.headers);
    dataOf(await pay('2018-06-30', '333.33'));
    dataOf(await pay('2018-07-15', '666.67'));
    const rate = async (asOf: string, y = 2018) => dataOf(await t.gql(RATE, { y, d: asOf, r: R.siblingTown }, c.district.headers)).reimbursementRate;
    // 333.33 / 9000 = 0.037036… → 0.0370
    expect(await rate('2018-06-30')).toMatchObject({ allocated: '9000.00', paid: '333.33', allocationCount: 2, ratio: '0.0370', formulaVerified: false, configured: true, target: '0.92', meetsTarget: false });
    // 1000 / 9000 = 0.1111
    expect(await rate('2018-12-31')).toMatchObject({ paid: '1000.00', ratio: '0.1111', targetParameter: { key: 'funds.reimbursement_rate_min', status: 'SEED' } });
    // Before any allocation: no ratio; 2019 has no target configured.
    expect(await rate('2018-03-01')).toMatchObject({ allocated: '0.00', ratio: null, meetsTarget: null });
    expect(await rate('2019-12-31', 2019)).toMatchObject({ configured: false, target: null, meetsTarget: null });
    // The records behind it, paged.
    const page1 = dataOf(await t.gql(RATE_ROWS, { y: 2018, d: '2018-06-30', r: R.siblingTown }, c.district.headers)).fundRateAllocations;
    expect(page1).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const page2 = dataOf(await t.gql(RATE_ROWS, { y: 2018, d: '2018-06-30', r: R.siblingTown, after: page1.pageInfo.endCursor }, c.district.headers)).fundRateAllocations;
    const rows = [...page1.edges, ...page2.edges].map((e: Json) => e.node);
    expect(rows.map((x: Json) => x.paid).sort()).toEqual(['0.00', '333.33']);
    // Out of scope: a town officer asking for another town.
    expect(errorOf(await t.gql(RATE, { y: 2018, d: '2018-12-31', r: R.siblingTown }, c.town.headers))).toMatchObject({ code: 'FORBIDDEN', field: 'regionCode' });
    expect(errorOf(await t.gql(RATE_ROWS, { y: 2018, d: '2018-12-31', r: R.siblingTown }, c.town.headers))).toMatchObject({ code: 'FORBIDDEN', field: 'regionCode' });
  });

  it('fundLedgerCheck: reimbursements within fundings, payments within reimbursements, lines and rosters adding up; breaches written around the service are found', async () => {
    const fundingId = await fundingIn(t, R.village, '100.00');
    const r = dataOf(await t.gql(CREATE_REIMB, { i: reimbInput(fundingId, { amount: '100.00', lines: [{ expenseType: '材料费', amount: '100.00' }] }) }, c.village.headers)).createFundReimbursement.reimbursement;
    const approved = await decide(APPROVE_REIMB, c.finance, await decide(REVIEW_REIMB, c.district, r));
    const h = await household(t, R.village);
    const p = dataOf(await t.gql(PAY, { i: { reimbursementId: r.id, paidOn: '2018-07-01', amount: '40.00', households: [{ householdId: h, amount: '40.00' }] } }, c.finance.headers)).createFundPayment.payment;
    expect(approved.status).toBe('APPROVED');
    const mine = (v: Json[]) => v.filter((x) => [fundingId, r.id, p.id].includes(x.recordId));
    expect(mine(dataOf(await t.gql(LEDGER, { y: 2018 }, c.district.headers)).fundLedgerCheck.violations)).toEqual([]);
    // The CHECKs refuse an overspend even in raw SQL.
    await expect(t.dataSource.query(`UPDATE fund_reimbursements SET amount = 100.01 WHERE id = $1`, [r.id])).rejects.toThrow(/project_fundings_committed_check/);
    await expect(t.dataSource.query(`UPDATE fund_payments SET amount = 100.01 WHERE id = $1`, [p.id])).rejects.toThrow(/fund_reimbursements_paid_check/);
    // Breaches the CHECKs cannot see: a roster row and a line added around the service.
    const h2 = await household(t, R.village);
    await t.dataSource.query(`INSERT INTO fund_payment_households (payment_id, household_id, amount) VALUES ($1, $2, '5.00')`, [p.id, h2]);
    await t.dataSource.query(`INSERT INTO fund_reimbursement_lines (reimbursement_id, position, expense_type, amount) VALUES ($1, 9, '杂费', '1.00')`, [r.id]);
    const check = dataOf(await t.gql(LEDGER, { y: 2018 }, c.district.headers)).fundLedgerCheck;
    expect(check.ok).toBe(false);
    expect(mine(check.violations)).toEqual([
      expect.objectContaining({ kind: 'ROSTER_SUM', recordType: 'FundPayment', recordId: p.id, amount: '40.00', sum: '45.00', excess: '5.00' }),
      expect.objectContaining({ kind: 'LINES_SUM', recordType: 'FundReimbursement', recordId: r.id, amount: '100.00', sum: '101.00', excess: '1.00' }),
    ]);
    expect(check.reimbursements).toBeGreaterThan(0);
    // A reimbursement moved to another channel than its funding's (用途不变、渠道不乱).
    await t.dataSource.query(`UPDATE fund_reimbursements SET channel = '以工代赈' WHERE id = $1`, [r.id]);
    const moved = dataOf(await t.gql(LEDGER, { y: 2018 }, c.district.headers)).fundLedgerCheck.violations;
    expect(mine(moved)).toContainEqual(expect.objectContaining({ kind: 'CHANNEL_CHANGED', recordType: 'ProjectFunding', recordId: fundingId, recordIds: [r.id] }));
    await t.dataSource.query(`UPDATE fund_reimbursements SET channel = '扶贫发展' WHERE id = $1`, [r.id]);
    await t.dataSource.query(`DELETE FROM fund_payment_households WHERE payment_id = $1 AND household_id = $2`, [p.id, h2]);
    await t.dataSource.query(`DELETE FROM fund_reimbursement_lines WHERE reimbursement_id = $1 AND position = 9`, [r.id]);
  });
});
