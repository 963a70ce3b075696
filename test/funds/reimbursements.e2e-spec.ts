import { Role } from '../../src/common/access/permissions';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { createHousehold, householdInput, member } from '../households/registry-fixtures';
import { dataOf, errorOf } from '../support/gql-answers';
import ExcelJS from 'exceljs';
import { maskCitizenId } from '../../src/common/crypto/mask';
import { EXECUTION_REPORT_COLUMNS } from '../../src/funds/fund-exports';
import { binary, csvRows, importRoster } from '../support/roster-import';
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
  project,
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
const PAYMENT_FIELDS = 'id reimbursementId paidOn amount kind payeeName bankAccount households { householdId amount } reversesId reversalReason';
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
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true' });
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
    expect(p2.payment.households).toEqual(expect.arrayContaining([{ householdId: h1, amount: '120.00', incomeComponent: null }, { householdId: h2, amount: '80.00', incomeComponent: null }]));
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

  it('execution reports as of a date (2016, its own year): by level, town and project, each figure by its own record\'s date; the 2016-06-30 report unchanged after July\'s records; scoped', async () => {
    const q = (sql: string, args: unknown[]) => t.dataSource.query(sql, args).then((rows: Json[]) => rows[0]?.id as string);
    const doc = (level: string, channel: string, amount: string) =>
      q(`INSERT INTO fund_documents (region_code, document_number, issuer, issued_on, year, level, level_rank, channel, batch, amount, function_code)
         VALUES ($1, $2, '执行报表', '2016-01-10', 2016, $3, 1, $4, 'REGULAR', $5, '2130599') RETURNING id`, [R.district, `执行〔2016〕${level}${channel}`, level, channel, amount]);
    const alloc = (d: string, level: string, channel: string, region: string, on: string, amount: string, cancelledOn: string | null = null) =>
      q(`INSERT INTO fund_allocations (document_id, region_code, year, level, channel, allocated_on, purpose, amount, status, cancelled_on, cancel_reason)
         VALUES ($1, $2, 2016, $3, $4, $5, '执行报表', $6, $7, $8, $9) RETURNING id`,
        [d, region, level, channel, on, amount, cancelledOn ? 'CANCELLED' : 'ACTIVE', cancelledOn, cancelledOn ? '撤销' : null]);
    const fund = (a: string, d: string, level: string, channel: string, projectId: string, region: string, on: string, amount: string) =>
      q(`INSERT INTO project_fundings (allocation_id, document_id, project_id, region_code, year, level, channel, funded_on, amount, basis)
         VALUES ($1, $2, $3, $4, 2016, $5, $6, $7, $8, 'IN_LIBRARY') RETURNING id`, [a, d, projectId, region, level, channel, on, amount]);
    const reimb = (f: string, a: string, d: string, projectId: string, region: string, amount: string, status: string, approvedOn: string | null, reimbursedOn: string | null = null) =>
      q(`INSERT INTO fund_reimbursements (funding_id, allocation_id, document_id, project_id, region_code, year, level, channel, applied_on, amount, status, reviewed_on, approved_on, reimbursed_on)
         VALUES ($1, $2, $3, $4, $5, 2016, '省', '扶贫发展', '2016-05-01', $6, $7, '2016-05-02', $8, $9) RETURNING id`, [f, a, d, projectId, region, amount, status, approvedOn, reimbursedOn]);
    const pay = (r: string, a: string, d: string, region: string, on: string, amount: string) =>
      q(`INSERT INTO fund_payments (reimbursement_id, allocation_id, document_id, region_code, year, paid_on, amount, kind) VALUES ($1, $2, $3, $4, 2016, $5, $6, 'HOUSEHOLDS') RETURNING id`, [r, a, d, region, on, amount]);

    // Up to June: two documents (省 扶贫发展, 市 以工代赈); allocations to a village of the town, to the district itself, to a village
    // of the sibling town, and one to another village cancelled in May; fundings of three projects; one reimbursement approved
    // on 10 June and paid 600.00 on 20 June; one only reviewed (not counted).
    const dProv = await doc('省', '扶贫发展', '10000.00');
    const dCity = await doc('市', '以工代赈', '5000.00');
    const a1 = await alloc(dProv, '省', '扶贫发展', R.village, '2016-03-01', '3000.00');
    const a2 = await alloc(dProv, '省', '扶贫发展', R.district, '2016-03-05', '1000.10');
    const a3 = await alloc(dCity, '市', '以工代赈', R.villageOfSiblingTown, '2016-04-01', '2000.05');
    await alloc(dProv, '省', '扶贫发展', R.villageSameTown, '2016-02-01', '400.00', '2016-05-01');
    const pv = await project(t, R.village);
    const pd = await project(t, R.village);
    const ps = await project(t, R.villageOfSiblingTown);
    const f1 = await fund(a1, dProv, '省', '扶贫发展', pv, R.village, '2016-04-01', '2500.00');
    const f2 = await fund(a2, dProv, '省', '扶贫发展', pd, R.village, '2016-04-02', '800.00');
    const f3 = await fund(a3, dCity, '市', '以工代赈', ps, R.villageOfSiblingTown, '2016-05-01', '1500.00');
    const r1 = await reimb(f1, a1, dProv, pv, R.village, '1200.00', 'APPROVED', '2016-06-10');
    await reimb(f1, a1, dProv, pv, R.village, '200.00', 'REVIEWED', null);
    await pay(r1, a1, dProv, R.village, '2016-06-20', '600.00');

    const REPORT = `query($y: Int!, $d: LocalDate!, $r: String!, $by: FundReportDimension!) { fundExecutionReport(year: $y, asOf: $d, regionCode: $r, by: $by) {
      year asOf regionCode by total { allocated funded reimbursed paid balance } rows { key regionName allocated funded reimbursed paid balance } } }`;
    const PROJECTS = `query($y: Int!, $d: LocalDate!, $r: String!, $first: Int, $after: String) { fundProjectExecution(year: $y, asOf: $d, regionCode: $r, first: $first, after: $after) {
      total { projectId funded reimbursed paid balance } edges { node { projectId projectName regionCode funded reimbursed paid balance } } pageInfo { hasNextPage endCursor } } }`;
    const report = async (by: string, asOf = '2016-06-30', who = c.district, r: string = R.district) => dataOf(await t.gql(REPORT, { y: 2016, d: asOf, r, by }, who.headers)).fundExecutionReport;
    const fig = (allocated: string, funded: string, reimbursed: string, paid: string, balance: string) => ({ allocated, funded, reimbursed, paid, balance });

    const juneTotal = fig('6000.15', '4800.00', '1200.00', '600.00', '5400.15');
    const juneByLevel = await report('LEVEL');
    expect(juneByLevel).toMatchObject({ year: 2016, asOf: '2016-06-30', regionCode: R.district, by: 'LEVEL', total: juneTotal });
    expect(juneByLevel.rows).toEqual([
      { key: '市', regionName: null, ...fig('2000.05', '1500.00', '0.00', '0.00', '2000.05') },
      { key: '省', regionName: null, ...fig('4000.10', '3300.00', '1200.00', '600.00', '3400.10') },
    ]);
    const [{ name: districtName }] = await t.dataSource.query(`SELECT name FROM regions WHERE code = $1`, [R.district]);
    const juneByTown = await report('TOWN');
    expect(juneByTown.total).toEqual(juneTotal);
    expect(juneByTown.rows).toEqual([
      { key: R.district, regionName: districtName, ...fig('1000.10', '800.00', '0.00', '0.00', '1000.10') },
      { key: R.siblingTown, regionName: '济源路街道', ...fig('2000.05', '1500.00', '0.00', '0.00', '2000.05') },
      { key: R.town, regionName: '峡窝镇', ...fig('3000.00', '2500.00', '1200.00', '600.00', '2400.00') },
    ]);
    const juneProjects = dataOf(await t.gql(PROJECTS, { y: 2016, d: '2016-06-30', r: R.district, first: 2 }, c.district.headers)).fundProjectExecution;
    expect(juneProjects.total).toEqual({ projectId: null, funded: '4800.00', reimbursed: '1200.00', paid: '600.00', balance: '4200.00' });
    const names: Json[] = await t.dataSource.query(`SELECT id, name FROM projects WHERE id = ANY($1::uuid[])`, [[pv, pd, ps]]);
    const byProject: Record<string, Json> = {
      [pv]: { regionCode: R.village, funded: '2500.00', reimbursed: '1200.00', paid: '600.00', balance: '1900.00' },
      [pd]: { regionCode: R.village, funded: '800.00', reimbursed: '0.00', paid: '0.00', balance: '800.00' },
      [ps]: { regionCode: R.villageOfSiblingTown, funded: '1500.00', reimbursed: '0.00', paid: '0.00', balance: '1500.00' },
    };
    const ordered = names
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.id < y.id ? -1 : 1))
      .map((p) => ({ projectId: p.id, projectName: p.name, ...byProject[p.id] }));
    expect(juneProjects.edges.map((e: Json) => e.node)).toEqual(ordered.slice(0, 2));
    expect(juneProjects.pageInfo.hasNextPage).toBe(true);
    const page2 = dataOf(await t.gql(PROJECTS, { y: 2016, d: '2016-06-30', r: R.district, first: 2, after: juneProjects.pageInfo.endCursor }, c.district.headers)).fundProjectExecution;
    expect(page2.edges.map((e: Json) => e.node)).toEqual(ordered.slice(2));
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(errorOf(await t.gql(PROJECTS, { y: 2016, d: '2016-06-30', r: R.district, after: 'bm9wZQ' }, c.district.headers))).toMatchObject({ reason: 'INVALID_CURSOR', field: 'after' });

    // July and later: another allocation, the second payment paying r1 in full, a reimbursement approved and partly paid,
    // the sibling town's funding cancelled in August. The June report stays the same; the year-end one counts them.
    await alloc(dCity, '市', '以工代赈', R.village, '2016-07-10', '500.00');
    await pay(r1, a1, dProv, R.village, '2016-07-15', '600.00');
    await t.dataSource.query(`UPDATE fund_reimbursements SET status = 'PAID', reimbursed_on = '2016-07-15' WHERE id = $1`, [r1]);
    const r2 = await reimb(f2, a2, dProv, pd, R.village, '300.00', 'APPROVED', '2016-07-05');
    await pay(r2, a2, dProv, R.village, '2016-07-06', '100.00');
    await t.dataSource.query(`UPDATE project_fundings SET status = 'CANCELLED', cancelled_on = '2016-08-01', cancel_reason = '项目取消' WHERE id = $1`, [f3]);
    expect(await report('LEVEL')).toEqual(juneByLevel);
    expect(await report('TOWN')).toEqual(juneByTown);
    expect(dataOf(await t.gql(PROJECTS, { y: 2016, d: '2016-06-30', r: R.district, first: 2 }, c.district.headers)).fundProjectExecution).toEqual(juneProjects);
    const yearEnd = await report('CHANNEL', '2016-12-31');
    expect(yearEnd.total).toEqual(fig('6500.15', '3300.00', '1500.00', '1300.00', '5200.15'));
    expect(yearEnd.rows).toEqual([
      { key: '以工代赈', regionName: null, ...fig('2500.05', '0.00', '0.00', '0.00', '2500.05') },
      { key: '扶贫发展', regionName: null, ...fig('4000.10', '3300.00', '1500.00', '1300.00', '2700.10') },
    ]);

    // Scope: the town officer sees its town's records (the district's allocation is not its, the funding of its village's
    // project from it is, under 区本级); another region is refused, naming the field.
    const town = await report('TOWN', '2016-12-31', c.town, R.town);
    expect(town.rows).toEqual([
      { key: R.district, regionName: districtName, ...fig('0.00', '800.00', '300.00', '100.00', '-100.00') },
      { key: R.town, regionName: '峡窝镇', ...fig('3500.00', '2500.00', '1200.00', '1200.00', '2300.00') },
    ]);
    expect(errorOf(await t.gql(REPORT, { y: 2016, d: '2016-06-30', r: R.district, by: 'LEVEL' }, c.town.headers))).toMatchObject({ code: 'FORBIDDEN', field: 'regionCode' });
    expect(errorOf(await t.gql(REPORT, { y: 2016, d: '2016-02-30', r: R.district, by: 'LEVEL' }, c.district.headers))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VARIABLE' });

    // The XLSX export of the same report (GET /exchange/exports/fund-execution-report): Chinese headers, one row a group, 合计
    // last, the figures as the GraphQL report's for the same asOf (June's, after July's records), exact decimals as text.
    const exported = (who: SignedIn, query: Record<string, string>) => t.http.get('/exchange/exports/fund-execution-report').query(query).set(who.headers).buffer(true);
    const sheet = async (who: SignedIn, query: Record<string, string>): Promise<string[][]> => {
      const res = await exported(who, { format: 'xlsx', ...query }).parse(binary as never);
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as unknown as ArrayBuffer);
      const ws = book.worksheets[0];
      const width = EXECUTION_REPORT_COLUMNS.columns.length;
      return Array.from({ length: ws.actualRowCount }, (_, n) => Array.from({ length: width }, (__, k) => {
        const v = ws.getRow(n + 1).getCell(k + 1).value;
        expect(v === null || typeof v === 'string').toBe(true);
        return v === null || v === undefined ? '' : String(v);
      }));
    };
    const line = (by: string, key: string, name: string, f: Json) => [by, key, name, f.allocated ?? '', f.funded, f.reimbursed, f.paid, f.balance];
    const byTownSheet = await sheet(c.district, { year: '2016', asOf: '2016-06-30', by: 'town', regionCode: R.district });
    expect(byTownSheet[0]).toEqual(['分组方式', '分组', '名称', '已分配（元）', '已安排项目（元）', '已报账（元）', '已支付（元）', '结余（元）']);
    expect(byTownSheet.slice(1)).toEqual([
      ...juneByTown.rows.map((g: Json) => line('乡镇', g.key, g.regionName ?? '', g)),
      line('乡镇', '合计', '', juneByTown.total),
    ]);
    // By project (the paged report, pages of the kit's size): the projects in the report's order, then the total.
    const csv = csvRows((await exported(c.district, { year: '2016', asOf: '2016-06-30', by: 'PROJECT' })).text);
    expect(csv.slice(1)).toEqual([
      ...ordered.map((p: Json) => line('项目', p.regionCode, p.projectName, { ...p, allocated: '' })),
      line('项目', '合计', '', { ...juneProjects.total, allocated: '' }),
    ]);
    const audit = (await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'exchange.exportKind' ORDER BY seq DESC LIMIT 1`))[0].changes;
    expect(audit).toMatchObject({ kind: 'fund-execution-report', format: 'csv', filters: { year: 2016, asOf: '2016-06-30', by: 'PROJECT' } });
    // A bad parameter is a coded error naming it, before any byte; another region is refused as missing; no exchange.export: 403.
    const bad = async (query: Record<string, string>) => (await exported(c.district, query)).body.errors[0].extensions;
    expect(await bad({ year: '2016', asOf: '2016-02-30' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DATE', field: 'asOf' });
    expect(await bad({ year: '2016', asOf: '2016-06-30', by: 'VILLAGE' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'by' });
    expect(await bad({ asOf: '2016-06-30' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'year' });
    expect(await bad({ year: '2016', asOf: '2016-06-30', colour: 'red' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'colour' });
    expect((await exported(c.town, { year: '2016', asOf: '2016-06-30', regionCode: R.district })).status).toBe(404);
    // Without funds.read (an integration holds exchange.export only) or without exchange.export (a supervisor reads funds): 403.
    const refused = await exported(await signIn(t, Role.INTEGRATION, R.district), { year: '2016', asOf: '2016-06-30' });
    expect([refused.status, refused.body.errors[0].extensions]).toMatchObject([403, { reason: 'EXPORT_KIND_NOT_ALLOWED', field: 'kind' }]);
    expect((await exported(await signIn(t, Role.SUPERVISOR, R.district), { year: '2016', asOf: '2016-06-30' })).status).toBe(403);
    // The town officer's own export is its scope's report, as GraphQL's.
    const townSheet = await sheet(c.town, { year: '2016', asOf: '2016-12-31', by: 'TOWN' });
    expect(townSheet.slice(1, -1)).toEqual(town.rows.map((g: Json) => line('乡镇', g.key, g.regionName ?? '', g)));
    // The other kinds refuse the report's parameters as unknown.
    expect((await t.http.get('/exchange/exports/supervision-findings').query({ asOf: '2016-06-30' }).set(c.district.headers)).body.errors[0].extensions).toMatchObject({ field: 'asOf' });

    // The ledgers: allocations of the year with their amounts as stored (cancelled ones kept, labelled), by date.
    const ledger = async (kind: string) => csvRows((await t.http.get(`/exchange/exports/${kind}`).query({ year: '2016' }).set(c.district.headers).buffer(true)).text);
    const allocations = await ledger('fund-allocations');
    expect(allocations[0].slice(0, 9)).toEqual(['文号', '年度', '级次', '资金渠道', '行政区划代码', '区划名称', '分配日期', '用途', '金额（元）']);
    expect(allocations.slice(1).map((r) => [r[6], r[8], r[10]])).toEqual([
      ['2016-02-01', '400.00', '已作废'],
      ['2016-03-01', '3000.00', '有效'],
      ['2016-03-05', '1000.10', '有效'],
      ['2016-04-01', '2000.05', '有效'],
      ['2016-07-10', '500.00', '有效'],
    ]);
    const fundings = await ledger('fund-project-fundings');
    expect(fundings.slice(1).map((r) => [r[6], r[7], r[10]])).toEqual([['2016-04-01', '2500.00', '有效'], ['2016-04-02', '800.00', '有效'], ['2016-05-01', '1500.00', '已作废']]);
    const reimbursements = await ledger('fund-reimbursements');
    expect(reimbursements.slice(1).map((r) => [r[8], r[10], r[12]]).sort()).toEqual([['1200.00', '已支付', '2016-06-10'], ['200.00', '已审核', ''], ['300.00', '已审批', '2016-07-05']]);
    const payments = await ledger('fund-payments');
    expect(payments.slice(1).map((r) => [r[5], r[6], r[7]])).toEqual([['2016-06-20', '600.00', '按花名册支付到户'], ['2016-07-06', '100.00', '按花名册支付到户'], ['2016-07-15', '600.00', '按花名册支付到户']]);
    expect((await t.http.get('/exchange/exports/fund-payments').query({ year: '20x6' }).set(c.district.headers)).body.errors[0].extensions).toMatchObject({ field: 'year' });
  });

  it('reversing a payment (冲销): a record of the negative amount, once, with a reason; the payment stays; paid, PAID, the reports and the ledger count the net', async () => {
    const REVERSE = `mutation($i: ReverseFundPaymentInput!) { reverseFundPayment(input: $i) { payment { ${PAYMENT_FIELDS} } reimbursement { id paid unpaid status reimbursed reimbursedOn } } }`;
    const REPORT = `query($d: LocalDate!) { fundExecutionReport(year: 2018, asOf: $d, regionCode: "${R.district}", by: LEVEL) { total { paid balance } } }`;
    const paidAsOf = async (d: string) => dataOf(await t.gql(REPORT, { d }, c.district.headers)).fundExecutionReport.total;
    const reverse = (who: Json, i: Json) => t.gql(REVERSE, { i: { reversedOn: '2018-08-08', reason: '重复支付 (paid twice)', ...i } }, who.headers);
    const fundingId = await fundingIn(t, R.village);
    const r = dataOf(await t.gql(CREATE_REIMB, { i: reimbInput(fundingId) }, c.village.headers)).createFundReimbursement.reimbursement;
    await decide(APPROVE_REIMB, c.finance, await decide(REVIEW_REIMB, c.district, r), { decidedOn: '2018-06-12' });
    const h = await household(t, R.village);
    const pay = (over: Json) => t.gql(PAY, { i: { reimbursementId: r.id, paidOn: '2018-06-20', ...over } }, c.finance.headers);
    const toAccount = dataOf(await pay({ amount: '100.00', account: { payeeName: '某合作社', bankAccount: '6222021234567890123' } })).createFundPayment.payment;
    const paid = dataOf(await pay({ amount: '200.00', households: [{ householdId: h, amount: '200.00' }] })).createFundPayment;
    expect(paid.reimbursement).toMatchObject({ status: 'PAID', reimbursedOn: '2018-06-20' });
    const before = await paidAsOf('2018-08-07');

    // Permission as paying (finance); bad input named; nothing written.
    expect(errorOf(await reverse(c.district, { paymentId: paid.payment.id }))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    expect(errorOf(await reverse(c.finance, { paymentId: paid.payment.id, reversedOn: '2018-06-19' }))).toMatchObject({ reason: 'FUND_DATE_BEFORE_SOURCE', field: 'input.reversedOn' });
    expect(errorOf(await reverse(c.finance, { paymentId: paid.payment.id, reason: ' ' }))).toMatchObject({ reason: 'REASON_REQUIRED', field: 'input.reason' });

    const done = dataOf(await reverse(c.finance, { paymentId: paid.payment.id })).reverseFundPayment;
    expect(done.payment).toMatchObject({ reimbursementId: r.id, paidOn: '2018-08-08', amount: '-200.00', kind: 'HOUSEHOLDS', households: [], reversesId: paid.payment.id, reversalReason: '重复支付 (paid twice)' });
    // Paid no longer in full: back to APPROVED, the 已报账 mark withdrawn; what is left can be paid again.
    expect(done.reimbursement).toMatchObject({ paid: '100.00', unpaid: '200.00', status: 'APPROVED', reimbursed: false, reimbursedOn: null });
    expect(errorOf(await reverse(c.finance, { paymentId: paid.payment.id }))).toMatchObject({ code: 'CONFLICT', reason: 'FUND_PAYMENT_ALREADY_REVERSED', field: 'input.paymentId', details: { reversalId: done.payment.id } });
    expect(errorOf(await reverse(c.finance, { paymentId: done.payment.id }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUND_PAYMENT_IS_REVERSAL', field: 'input.paymentId' });
    // The payment itself stays as it was; the table refuses any change.
    const [orig] = await t.dataSource.query(`SELECT amount::text, paid_on::text FROM fund_payments WHERE id = $1`, [paid.payment.id]);
    expect(orig).toEqual({ amount: '200.00', paid_on: '2018-06-20' });
    await expect(t.dataSource.query(`UPDATE fund_payments SET reference = 'x' WHERE id = $1`, [paid.payment.id])).rejects.toThrow(/never changed or deleted/);
    await expect(t.dataSource.query(`DELETE FROM fund_payments WHERE id = $1`, [done.payment.id])).rejects.toThrow(/never changed or deleted/);
    // An account payment's reversal keeps the (masked) account.
    const second = dataOf(await reverse(c.finance, { paymentId: toAccount.id, reason: '账户错误' })).reverseFundPayment;
    expect(second.payment).toMatchObject({ amount: '-100.00', kind: 'ACCOUNT', bankAccount: toAccount.bankAccount, payeeName: '某合作社' });
    expect(second.reimbursement).toMatchObject({ paid: '0.00', status: 'APPROVED' });

    // Reports by date: as of the day before the reversals the payments count in full, from their date the net.
    expect(await paidAsOf('2018-08-07')).toEqual(before);
    const after = await paidAsOf('2018-08-08');
    expect(Number(before.paid) - Number(after.paid)).toBeCloseTo(300, 2);
    const audit = await t.dataSource.query(`SELECT operation, entity_id FROM audit_log WHERE entity_id = ANY($1::text[]) AND operation IN ('funds.reversePayment', 'funds.unmarkReimbursed') ORDER BY seq`, [[r.id, done.payment.id, second.payment.id]]);
    expect(audit.map((a: Json) => [a.operation, a.entity_id])).toEqual([
      ['funds.reversePayment', done.payment.id],
      ['funds.unmarkReimbursed', r.id],
      ['funds.reversePayment', second.payment.id],
    ]);
    // Paid again in full after the reversals: PAID again; the ledger check finds nothing wrong with the net.
    const again = dataOf(await pay({ paidOn: '2018-08-09', amount: '300.00', account: { payeeName: '某合作社', bankAccount: '6222021234567890124' } })).createFundPayment.reimbursement;
    expect(again).toMatchObject({ paid: '300.00', status: 'PAID', reimbursedOn: '2018-08-09' });
    const ids = [r.id, paid.payment.id, done.payment.id, toAccount.id, second.payment.id, fundingId];
    expect(dataOf(await t.gql(LEDGER, { y: 2018 }, c.district.headers)).fundLedgerCheck.violations.filter((v: Json) => ids.includes(v.recordId))).toEqual([]);
  });

  it('payments to households feed household income: roster lines name the component (or none: in kind); beside the registry, disagreements listed, reversals netted by their date; the registry never written', async () => {
    const INCOME = `query($h: ID!, $y: Int!) { householdFundIncome(householdId: $h, year: $y) {
      householdId householdNumber regionCode year paidWage paidProductionBusiness paidProperty paidAssetIncomeDividend registryRecorded registryWages registryProperty registryAssetIncomeDividend disagreements } }`;
    const DISAGREE = `query($y: Int!, $r: String) { fundIncomeDisagreements(year: $y, regionCode: $r, first: 50) { totalCount edges { node { householdId paidWage disagreements } } } }`;
    const SET_INCOME = `mutation($i: SetHouseholdIncomeInput!) { setHouseholdIncome(input: $i) { income { version } } }`;
    const REVERSE = `mutation($i: ReverseFundPaymentInput!) { reverseFundPayment(input: $i) { payment { id } } }`;
    const fundingId = await fundingIn(t, R.village);
    const r = dataOf(await t.gql(CREATE_REIMB, { i: reimbInput(fundingId) }, c.village.headers)).createFundReimbursement.reimbursement;
    await decide(APPROVE_REIMB, c.finance, await decide(REVIEW_REIMB, c.district, r), { decidedOn: '2018-06-12' });
    const [h1, h2, h3] = [await household(t, R.village), await household(t, R.village), await household(t, R.village)];
    const roster = [
      { householdId: h1, amount: '120.00', incomeComponent: 'WAGE' },
      { householdId: h2, amount: '80.00', incomeComponent: 'ASSET_INCOME_DIVIDEND' },
      { householdId: h3, amount: '50.00' }, // goods in kind: not income
    ];
    expect(errorOf(await t.gql(PAY, { i: { reimbursementId: r.id, paidOn: '2018-06-20', amount: '250.00', households: [{ ...roster[0], incomeComponent: 'SALARY' }] } }, c.finance.headers))).toMatchObject({ code: 'BAD_USER_INPUT' });
    const paid = dataOf(await t.gql(PAY, { i: { reimbursementId: r.id, paidOn: '2018-06-20', amount: '250.00', households: roster } }, c.finance.headers)).createFundPayment.payment;
    expect(paid.households).toHaveLength(3);
    expect(paid.households).toEqual(expect.arrayContaining([...roster.slice(0, 2), { ...roster[2], incomeComponent: null }]));
    const income = async (h: string, y = 2018, who = c.village) => dataOf(await t.gql(INCOME, { h, y }, who.headers)).householdFundIncome;
    expect(await income(h1)).toMatchObject({ householdId: h1, regionCode: R.village, year: 2018, paidWage: '120.00', paidAssetIncomeDividend: '0.00', registryRecorded: false, registryWages: '0.00', disagreements: ['WAGE'] });
    expect(await income(h2)).toMatchObject({ paidWage: '0.00', paidAssetIncomeDividend: '80.00', disagreements: ['PROPERTY', 'ASSET_INCOME_DIVIDEND'] });
    expect(await income(h3)).toMatchObject({ paidWage: '0.00', paidProductionBusiness: '0.00', paidProperty: '0.00', paidAssetIncomeDividend: '0.00', disagreements: [] });
    expect(await income(h1, 2019)).toMatchObject({ paidWage: '0.00', disagreements: [] });
    // The registry records enough for h1: it agrees; the registry row is not written by any of this.
    dataOf(await t.gql(SET_INCOME, { i: { householdId: h1, year: 2018, wages: '5000.00' } }, c.district.headers));
    const registry = await t.dataSource.query(`SELECT * FROM household_incomes WHERE household_id = ANY($1) ORDER BY household_id`, [[h1, h2, h3]]);
    expect(await income(h1)).toMatchObject({ paidWage: '120.00', registryRecorded: true, registryWages: '5000.00', disagreements: [] });
    const listed = async (who = c.village) => dataOf(await t.gql(DISAGREE, { y: 2018, r: R.village }, who.headers)).fundIncomeDisagreements.edges.map((e: Json) => e.node.householdId);
    expect(await listed()).toContain(h2);
    expect(await listed()).not.toContain(h1);
    expect(await listed()).not.toContain(h3);
    // Scoped: another town's officer sees neither the household nor it in the list.
    const sibling = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    expect(errorOf(await t.gql(INCOME, { h: h2, y: 2018 }, sibling.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'FUND_HOUSEHOLD_NOT_FOUND', field: 'householdId' });
    expect(dataOf(await t.gql(DISAGREE, { y: 2018, r: null }, sibling.headers)).fundIncomeDisagreements.edges.map((e: Json) => e.node.householdId)).not.toContain(h2);
    // A reversal dated in 2019 takes the roster back in 2019: 2018 unchanged, 2019 net negative (no disagreement).
    dataOf(await t.gql(REVERSE, { i: { paymentId: paid.id, reversedOn: '2019-01-10', reason: '名单有误' } }, c.finance.headers));
    expect(await income(h2)).toMatchObject({ paidAssetIncomeDividend: '80.00' });
    expect(await income(h2, 2019)).toMatchObject({ paidAssetIncomeDividend: '-80.00', disagreements: [] });
    expect(await t.dataSource.query(`SELECT * FROM household_incomes WHERE household_id = ANY($1) ORDER BY household_id`, [[h1, h2, h3]])).toEqual(registry);
  });

  it('imports a payment roster (kind fund-payment-rosters): one payment a group of rows through the payment path, ID numbers by GB 11643 and the household\'s members, income components kept; coded per-row errors; a second import unchanged', async () => {
    const fundingId = await fundingIn(t, R.village);
    const r = dataOf(await t.gql(CREATE_REIMB, { i: reimbInput(fundingId) }, c.village.headers)).createFundReimbursement.reimbursement;
    await decide(APPROVE_REIMB, c.finance, await decide(REVIEW_REIMB, c.district, r), { decidedOn: '2018-06-12' });
    const head = (n: string) => member({ name: n });
    const [m1, m2] = [head('赵一'), head('钱二')];
    const [h1, h2] = [await createHousehold(t, c.village, householdInput(R.village, { members: [m1] })), await createHousehold(t, c.village, householdInput(R.village, { members: [m2] }))];
    const id1 = String(m1.idNumber);
    const id2 = String(m2.idNumber);
    const stranger = String(member().idNumber);
    const badCheck = id2.slice(0, 17) + (id2[17] === '0' ? '1' : '0');
    const header = '报账申请ID,支付日期,凭证号,户编号,证件号码,金额（元）,收入类别';
    const line = (ref: string, h: { householdNumber: string }, id: string, amount: string, component = '') => [r.id, '2018-06-20', ref, h.householdNumber, id, amount, component].join(',');
    const csv = [
      header,
      line('P1', h1, id1, '120.00', '工资性收入'),
      line('P1', h2, id2, '80.00'),
      line('P2', h1, stranger, '10.00'),
      line('P3', h2, badCheck, '10.00'),
      line('P4', h1, id1, '500.00'),
      line('P5', h1, id1, '10.00'),
      line('P5', h1, id1, '10.00'),
    ].join('\n');
    const audits = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'FundPayment'`))[0].n;
    const auditsBefore = await audits();
    const first = await importRoster(t, c.finance, 'fund-payment-rosters', csv);
    expect(first.problems.map((q) => [q.row_number, q.column, q.code])).toEqual([
      [4, '证件号码', 'MEMBER_NOT_IN_HOUSEHOLD'],
      [5, '证件号码', 'ID_NUMBER_INVALID'],
      [6, '金额（元）', 'FUND_OVER_SOURCE'],
      [8, '户编号', 'FUND_ROSTER_DUPLICATE'],
    ]);
    expect(first.counts).toMatchObject({ unit: 'payments', created: 1, unchanged: 0, rejected: 4 });
    const roster = await t.dataSource.query(
      `SELECT ph.household_id, ph.amount::text, ph.income_component::text AS component, p.amount::text AS total, p.reference FROM fund_payment_households ph JOIN fund_payments p ON p.id = ph.payment_id WHERE p.reimbursement_id = $1 ORDER BY ph.amount DESC`,
      [r.id],
    );
    expect(roster).toEqual([
      { household_id: h1.id, amount: '120.00', component: 'WAGE', total: '200.00', reference: 'P1' },
      { household_id: h2.id, amount: '80.00', component: null, total: '200.00', reference: 'P1' },
    ]);
    expect(await audits()).toBe(auditsBefore + 1);
    const again = await importRoster(t, c.finance, 'fund-payment-rosters', csv);
    expect(again.counts).toMatchObject({ created: 0, unchanged: 1, rejected: 4 });
    expect(await audits()).toBe(auditsBefore + 1);
    // The roster exported (GET /exchange/exports/fund-payment-rosters, funds.read): the import's columns, a household a row,
    // the head's ID number masked (never clear), the amounts exact; the poverty office reads it.
    const exported = csvRows((await t.http.get('/exchange/exports/fund-payment-rosters').query({ year: '2018' }).set(c.district.headers).buffer(true)).text);
    expect(exported[0]).toEqual(header.split(','));
    const mine = exported.filter((row) => row[0] === r.id);
    expect(mine).toEqual([
      [r.id, '2018-06-20', 'P1', h1.householdNumber, maskCitizenId(id1), '120.00', '工资性收入'],
      [r.id, '2018-06-20', 'P1', h2.householdNumber, maskCitizenId(id2), '80.00', ''],
    ]);
    expect(exported.flat().join(',')).not.toContain(id1);
    // Paying is finance's: the poverty office may not import rosters.
    const refused = await t.http.post('/exchange/imports').query({ kind: 'fund-payment-rosters' }).set(c.district.headers).attach('file', Buffer.from(csv, 'utf8'), 'roster.csv');
    expect(refused.status).toBe(403);
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
    await expect(
      t.dataSource.query(
        `INSERT INTO fund_payments (reimbursement_id, allocation_id, document_id, region_code, year, paid_on, amount, kind)
         SELECT reimbursement_id, allocation_id, document_id, region_code, year, paid_on, 60.01, kind FROM fund_payments WHERE id = $1`,
        [p.id],
      ),
    ).rejects.toThrow(/fund_reimbursements_paid_check/);
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
    // A reversal written around the service that does not mirror its payment.
    const [bad] = await t.dataSource.query(
      `INSERT INTO fund_payments (reimbursement_id, allocation_id, document_id, region_code, year, paid_on, amount, kind, reverses_id, reversal_reason)
       SELECT reimbursement_id, allocation_id, document_id, region_code, year, paid_on, -39.00, kind, id, '手工' FROM fund_payments WHERE id = $1 RETURNING id`,
      [p.id],
    );
    const reversals = dataOf(await t.gql(LEDGER, { y: 2018 }, c.district.headers)).fundLedgerCheck.violations.filter((v: Json) => v.recordId === bad.id);
    expect(reversals).toEqual([expect.objectContaining({ kind: 'REVERSAL_MISMATCH', recordType: 'FundPayment', amount: '-39.00', sum: '40.00', excess: '1.00', recordIds: [p.id] })]);
  });
});
