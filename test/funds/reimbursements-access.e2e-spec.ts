import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { APPROVE_REIMB, callers, Callers, CORRECT_REIMB, CREATE_REIMB, fundingIn, PAY, REIMB, reimbInput, REJECT_REIMB, RETURN_REIMB, REVIEW_REIMB, vouchers } from './funds-fixtures';

type Json = Record<string, any>;

const missingId = '00000000-0000-4000-8000-000000000000';
const GET_REIMB = `query($id: ID!) { fundReimbursement(id: $id) { ${REIMB} } }`;
const REVEAL = `mutation($id: String!) { revealPersonalData(input: { subject: FUND_PAYEE_ACCOUNT, id: $id, reason: "核对支付账户 (check the account)" }) { value } }`;
const REIMBS = `query($f: ID) { fundReimbursements(fundingId: $f, first: 100) { edges { node { id } } } }`;
const PAYMENTS = `query($r: ID) { fundPayments(reimbursementId: $r, first: 100) { edges { node { id } } } }`;
const REVERSE = `mutation($i: ReverseFundPaymentInput!) { reverseFundPayment(input: $i) { payment { id reversesId } } }`;
const RATE = `query($r: String!) { reimbursementRate(year: 2018, asOf: "2018-12-31", regionCode: $r) { allocated } }`;

describe('funds part 2: the region × role × sector matrix of reimbursements and payments, and races (issue #19)', () => {
  let t: TestApp;
  let c: Callers;

  // A reimbursement of a region in a status, written directly (the flow itself is tested in reimbursements.e2e-spec).
  const reimbursementAt = async (region: string, status: string): Promise<string> => {
    const fundingId = await fundingIn(t, region, '10.00');
    const [row] = await t.dataSource.query(
      `INSERT INTO fund_reimbursements (funding_id, allocation_id, document_id, project_id, region_code, year, level, channel, applied_on, amount, status, reviewed_on, approved_on)
       SELECT f.id, f.allocation_id, f.document_id, f.project_id, f.region_code, 2018, '区', '扶贫发展', '2018-06-01', '1.00', $2::fund_reimbursement_status,
              CASE WHEN $2 IN ('REVIEWED', 'APPROVED') THEN '2018-06-02'::date END, CASE WHEN $2 = 'APPROVED' THEN '2018-06-03'::date END
         FROM project_fundings f WHERE f.id = $1 RETURNING id`,
      [fundingId, status],
    );
    await t.dataSource.query(`INSERT INTO fund_reimbursement_lines (reimbursement_id, position, expense_type, amount) VALUES ($1, 0, '材料费', '1.00')`, [row.id]);
    return row.id;
  };
  const paymentAt = async (region: string): Promise<string> => {
    const r = await reimbursementAt(region, 'APPROVED');
    const [row] = await t.dataSource.query(
      `INSERT INTO fund_payments (reimbursement_id, allocation_id, document_id, region_code, year, paid_on, amount, kind)
       SELECT r.id, r.allocation_id, r.document_id, r.region_code, 2018, '2018-06-10', '0.50', 'HOUSEHOLDS' FROM fund_reimbursements r WHERE r.id = $1 RETURNING id`,
      [r],
    );
    return row.id;
  };
  const got = (res: GqlResult, op: string): boolean => !!(res.body.data as Json | undefined)?.[op]?.reimbursement?.id;
  const decision = (q: string, extra: Json = {}) => (w: SignedIn, id: string) => t.gql(q, { i: { id, version: 1, decidedOn: '2018-06-10', ...extra } }, w.headers);
  const oneLine = { amount: '1.00', lines: [{ expenseType: '材料费', amount: '1.00' }], vouchers: vouchers() };

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    c = await callers(t);
  });
  afterAll(() => t?.close());

  describe('region × role matrix', () => {
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.AUDITOR];
    const APPLICANTS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER];
    const OFFICE = [Role.DISTRICT_OFFICER];
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.fundReimbursement', missingId, target: (r) => reimbursementAt(r, 'SUBMITTED'), run: (w, id) => t.gql(GET_REIMB, { id }, w.headers), reached: (r) => !!(r.body.data as Json | undefined)?.fundReimbursement?.id }, READERS],
      [
        {
          name: 'Mutation.createFundReimbursement', missingId, target: (r) => fundingIn(t, r, '10.00'),
          run: (w, id) => t.gql(CREATE_REIMB, { i: { ...reimbInput(id), ...oneLine } }, w.headers),
          reached: (r) => got(r, 'createFundReimbursement'),
        },
        APPLICANTS,
      ],
      [
        {
          name: 'Mutation.correctFundReimbursement', missingId, target: (r) => reimbursementAt(r, 'RETURNED'),
          run: (w, id) => t.gql(CORRECT_REIMB, { i: { id, version: 1, ...oneLine } }, w.headers),
          reached: (r) => got(r, 'correctFundReimbursement'),
        },
        APPLICANTS,
      ],
      [{ name: 'Mutation.reviewFundReimbursement', missingId, target: (r) => reimbursementAt(r, 'SUBMITTED'), run: decision(REVIEW_REIMB), reached: (r) => got(r, 'reviewFundReimbursement') }, OFFICE],
      [{ name: 'Mutation.returnFundReimbursement', missingId, target: (r) => reimbursementAt(r, 'SUBMITTED'), run: decision(RETURN_REIMB, { reason: '矩阵' }), reached: (r) => got(r, 'returnFundReimbursement') }, OFFICE],
      [{ name: 'Mutation.rejectFundReimbursement', missingId, target: (r) => reimbursementAt(r, 'SUBMITTED'), run: decision(REJECT_REIMB, { reason: '矩阵' }), reached: (r) => got(r, 'rejectFundReimbursement') }, OFFICE],
      [
        {
          name: 'Mutation.revealPersonalData(FUND_PAYEE_ACCOUNT)', missingId, target: paymentAt,
          run: (w, id) => t.gql(REVEAL, { id }, w.headers),
          reached: (r) => !!(r.body.data as Json | undefined)?.revealPersonalData,
        },
        APPLICANTS,
      ],
      [
        {
          // Finance's operation (funds.pay): checked with finance's officers at every home.
          name: 'Mutation.reverseFundPayment', missingId, target: paymentAt, sectorOfficer: Sector.FINANCE,
          run: (w, id) => t.gql(REVERSE, { i: { paymentId: id, reversedOn: '2018-06-10', reason: '矩阵' } }, w.headers),
          reached: (r) => !!(r.body.data as Json | undefined)?.reverseFundPayment?.payment?.reversesId,
        },
        [Role.SECTOR_OFFICER],
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });

  it('sector axis: finance approves, returns, rejects (at REVIEWED) and pays in its subtree; another sector reaches nothing (answered as missing); the poverty office cannot take finance\'s step', async () => {
    const finance = { district: c.finance, town: await signIn(t, Role.SECTOR_OFFICER, R.town, { sector: Sector.FINANCE }) };
    const others = [c.agriculture, await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION })];
    const strip = (r: GqlResult, id: string) => JSON.stringify(r.body).replace(/"path":\[[^\]]*\]/g, '').split(id).join('<id>');
    const account = { payeeName: '矩阵', bankAccount: '6222021234567890123' };
    const cases: { name: string; status: string; run: (w: SignedIn, id: string) => Promise<GqlResult>; reached: (r: GqlResult) => boolean }[] = [
      { name: 'approveFundReimbursement', status: 'REVIEWED', run: decision(APPROVE_REIMB), reached: (r) => got(r, 'approveFundReimbursement') },
      { name: 'returnFundReimbursement', status: 'REVIEWED', run: decision(RETURN_REIMB, { reason: '矩阵' }), reached: (r) => got(r, 'returnFundReimbursement') },
      { name: 'rejectFundReimbursement', status: 'REVIEWED', run: decision(REJECT_REIMB, { reason: '矩阵' }), reached: (r) => got(r, 'rejectFundReimbursement') },
      {
        name: 'createFundPayment', status: 'APPROVED',
        run: (w, id) => t.gql(PAY, { i: { reimbursementId: id, paidOn: '2018-06-10', amount: '1.00', account } }, w.headers),
        reached: (r) => !!(r.body.data as Json | undefined)?.createFundPayment?.payment?.id,
      },
    ];
    const findings: string[] = [];
    for (const op of cases) {
      const expectations: [SignedIn, string, boolean][] = [
        [finance.district, R.village, true],
        [finance.district, R.otherDistrict, false],
        [finance.town, R.village, true],
        [finance.town, R.villageOfSiblingTown, false],
        ...others.flatMap((o): [SignedIn, string, boolean][] => [[o, R.district, false], [o, R.village, false]]),
      ];
      for (const [who, region, reach] of expectations) {
        const id = await reimbursementAt(region, op.status);
        const res = await op.run(who, id);
        const missing = strip(await op.run(who, missingId), missingId);
        const ok = reach ? op.reached(res) : !op.reached(res) && strip(res, id) === missing;
        if (!ok) findings.push(`${op.name} ${who.username} ${region}: ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(findings).toEqual([]);
    // The poverty office holds funds.decide but finance's step is not its own; it holds no funds.pay.
    const reviewed = await reimbursementAt(R.village, 'REVIEWED');
    expect(errorOf(await decision(APPROVE_REIMB)(c.district, reviewed))).toMatchObject({ code: 'FORBIDDEN', reason: 'FUND_NOT_YOUR_STEP' });
    expect(errorOf(await decision(REJECT_REIMB, { reason: 'x' })(c.district, reviewed))).toMatchObject({ reason: 'FUND_NOT_YOUR_STEP' });
    const approved = await reimbursementAt(R.village, 'APPROVED');
    expect(errorOf(await t.gql(PAY, { i: { reimbursementId: approved, paidOn: '2018-06-10', amount: '1.00', account } }, c.district.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    // Finance takes no review step.
    expect(errorOf(await decision(REVIEW_REIMB)(c.finance, await reimbursementAt(R.village, 'SUBMITTED')))).toMatchObject({ reason: 'FUND_NOT_YOUR_STEP' });
    // Applying is for the officers of the project's region: supervisors, auditors and finance hold no funds.reimburse.
    const f = await fundingIn(t, R.village, '10.00');
    for (const w of [c.finance, await signIn(t, Role.SUPERVISOR, R.district), await signIn(t, Role.AUDITOR, R.district)]) {
      expect(errorOf(await t.gql(CREATE_REIMB, { i: { ...reimbInput(f), ...oneLine } }, w.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    }
    // Lists and the rate follow the read scope.
    const sibling = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    const ids = (d: Json, k: string) => d[k].edges.map((e: Json) => e.node.id);
    // (Filtered to the record's source: the server's database keeps earlier runs' rows.)
    const [{ funding_id: f2 }] = await t.dataSource.query(`SELECT funding_id FROM fund_reimbursements WHERE id = $1`, [reviewed]);
    expect(ids(dataOf(await t.gql(REIMBS, { f: f2 }, sibling.headers)), 'fundReimbursements')).toEqual([]);
    expect(ids(dataOf(await t.gql(REIMBS, { f: f2 }, c.town.headers)), 'fundReimbursements')).toEqual([reviewed]);
    const pay = await paymentAt(R.village);
    const [{ reimbursement_id: r2 }] = await t.dataSource.query(`SELECT reimbursement_id FROM fund_payments WHERE id = $1`, [pay]);
    expect(ids(dataOf(await t.gql(PAYMENTS, { r: r2 }, sibling.headers)), 'fundPayments')).toEqual([]);
    expect(ids(dataOf(await t.gql(PAYMENTS, { r: r2 }, c.village.headers)), 'fundPayments')).toEqual([pay]);
    expect(errorOf(await t.gql(RATE, { r: R.town }, sibling.headers))).toMatchObject({ code: 'FORBIDDEN', field: 'regionCode' });
    expect(dataOf(await t.gql(RATE, { r: R.town }, c.town.headers)).reimbursementRate.allocated).toEqual(expect.any(String));
  });

  it('race: parallel reimbursements of one funding never overspend it; exactly those that fit succeed, the rest get FUND_OVER_SOURCE', async () => {
    const fundingId = await fundingIn(t, R.village, '1000.00');
    const second = await signIn(t, Role.TOWN_OFFICER, R.town);
    const input = { ...reimbInput(fundingId), amount: '300.00', lines: [{ expenseType: '材料费', amount: '300.00' }] };
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => t.gql(CREATE_REIMB, { i: input }, (i % 3 === 0 ? c.village : i % 3 === 1 ? second : c.district).headers)));
    const ok = results.filter((r) => !r.body.errors);
    const refused = results.filter((r) => r.body.errors).map((r) => errorOf(r));
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(4);
    for (const e of refused) expect(e).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUND_OVER_SOURCE', field: 'input.amount' });
    const [row] = await t.dataSource.query(
      `SELECT (SELECT sum(amount)::text FROM fund_reimbursements WHERE funding_id = $1 AND status <> 'REJECTED') AS sum, committed::text AS committed FROM project_fundings WHERE id = $1`,
      [fundingId],
    );
    expect(row).toEqual({ sum: '900.00', committed: '900.00' });
  });

  it('race: parallel payments of one reimbursement never pay more than it; the one that completes it marks it PAID once', async () => {
    const fundingId = await fundingIn(t, R.village, '1000.00');
    const r = dataOf(await t.gql(CREATE_REIMB, { i: { ...reimbInput(fundingId), amount: '1000.00', lines: [{ expenseType: '材料费', amount: '1000.00' }] } }, c.village.headers)).createFundReimbursement.reimbursement;
    const reviewed = dataOf(await decision(REVIEW_REIMB)(c.district, r.id)).reviewFundReimbursement.reimbursement;
    dataOf(await t.gql(APPROVE_REIMB, { i: { id: r.id, version: reviewed.version, decidedOn: '2018-06-11' } }, c.finance.headers));
    const second = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.FINANCE });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.gql(PAY, { i: { reimbursementId: r.id, paidOn: '2018-06-20', amount: '250.00', account: { payeeName: '并发', bankAccount: '6222021234567890123' } } }, (i % 2 ? second : c.finance).headers),
      ),
    );
    const ok = results.filter((x) => !x.body.errors);
    const refused = results.filter((x) => x.body.errors).map((x) => errorOf(x));
    expect(ok).toHaveLength(4);
    // Once paid in full the reimbursement is PAID: later attempts see the step passed, or nothing left.
    for (const e of refused) expect(['FUND_OVER_SOURCE', 'FUND_STEP_OUT_OF_ORDER']).toContain(e.reason);
    const [row] = await t.dataSource.query(
      `SELECT (SELECT sum(amount)::text FROM fund_payments WHERE reimbursement_id = $1) AS sum, paid::text AS paid, status::text AS status, reimbursed_on::text AS "reimbursedOn" FROM fund_reimbursements WHERE id = $1`,
      [r.id],
    );
    expect(row).toEqual({ sum: '1000.00', paid: '1000.00', status: 'PAID', reimbursedOn: '2018-06-20' });
    const [marks] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND operation = 'funds.markReimbursed'`, [r.id]);
    expect(marks.n).toBe(1);
  });
});
