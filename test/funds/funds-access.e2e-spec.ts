import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { ALLOC, callers, Callers, CANCEL_ALLOC, CANCEL_DOC, CANCEL_FUNDING, CREATE_ALLOC, CREATE_FUNDING, createAlloc, createDoc, DOC, FUNDING, household, project, UPDATE_ALLOC, UPDATE_DOC, UPDATE_FUNDING } from './funds-fixtures';

type Json = Record<string, any>;

const missingId = '00000000-0000-4000-8000-000000000000';
const GET_DOC = `query($id: ID!) { fundDocument(id: $id) { ${DOC} } }`;
const GET_ALLOC = `query($id: ID!) { fundAllocation(id: $id) { ${ALLOC} } }`;
const GET_FUNDING = `query($id: ID!) { projectFunding(id: $id) { ${FUNDING} } }`;
const ALLOCS = `query($d: ID) { fundAllocations(documentId: $d, first: 100) { totalCount edges { node { id regionCode } } } }`;
const FUNDINGS = `query($a: ID) { projectFundings(allocationId: $a, first: 100) { totalCount edges { node { id amount } } } }`;
const LEDGER = `query { fundLedgerCheck(year: 2018) { ok documents allocations fundings } }`;
const APPLY = `mutation($i: ApplyFactorAllocationRunInput!) { applyFactorAllocationRun(input: $i) { allocations { id runId } } }`;
const FIRST_SECRETARY = `query($r: String!) { firstSecretaryFunds(year: 2018, asOf: "2018-12-31", regionCode: $r) { regionCode planned } }`;
const FUND_INCOME = `query($id: ID!) { householdFundIncome(householdId: $id, year: 2018) { householdId paidWage } }`;
/** A region code no caller's scope holds: a region-taking report answers it as it answers a region out of scope. */
const OUTSIDE_EVERY_SCOPE = '110000000000';
const PUBLISH = `mutation($i: PublishFundAllocationInput!) { publishFundAllocation(input: $i) { allocationId noticeId } }`;

describe('funds: the region × role × sector matrix and races (issue #19 part 1)', () => {
  let t: TestApp;
  let c: Callers;
  let seq = 0;

  // Records owned by a region, written directly (the operations read only their region): a
  // document of the region, an allocation of it to the region, a project of the region funded from it.
  const docAt = async (region: string): Promise<string> => {
    const [row] = await t.dataSource.query(
      `INSERT INTO fund_documents (region_code, document_number, issuer, issued_on, year, level, level_rank, channel, batch, amount, function_code)
       VALUES ($1, $2, '矩阵', '2018-03-01', 2018, '区', 3, '扶贫发展', 'REGULAR', '1000.00', '2130599') RETURNING id`,
      [region, `矩阵〔2018〕${(seq += 1)}号`],
    );
    return row.id;
  };
  const allocRegion = new Map<string, string>();
  const allocAt = async (region: string): Promise<string> => {
    const doc = await docAt(region);
    const [row] = await t.dataSource.query(
      `INSERT INTO fund_allocations (document_id, region_code, year, level, channel, allocated_on, purpose, amount)
       VALUES ($1, $2, 2018, '区', '扶贫发展', '2018-04-01', '矩阵', '500.00') RETURNING id`,
      [doc, region],
    );
    allocRegion.set(row.id, region);
    return row.id;
  };
  const projectOfAlloc = new Map<string, string>();
  const fundingAt = async (region: string): Promise<string> => {
    const alloc = await allocAt(region);
    const p = await project(t, region);
    const [{ document_id: doc }] = await t.dataSource.query(`SELECT document_id FROM fund_allocations WHERE id = $1`, [alloc]);
    const [row] = await t.dataSource.query(
      `INSERT INTO project_fundings (allocation_id, document_id, project_id, region_code, year, level, channel, funded_on, amount, basis)
       VALUES ($1, $2, $3, $4, 2018, '区', '扶贫发展', '2018-05-01', '1.00', 'IN_LIBRARY') RETURNING id`,
      [alloc, doc, p, region],
    );
    return row.id;
  };
  const allocWithProject = async (region: string): Promise<string> => {
    const a = await allocAt(region);
    projectOfAlloc.set(a, await project(t, region));
    return a;
  };
  const docRegion = new Map<string, string>();
  const docWithRegion = async (region: string): Promise<string> => {
    const d = await docAt(region);
    docRegion.set(d, region);
    return d;
  };
  // A factor allocation run of a document of the region, its parent region the region, one line of 1.00 to the region itself.
  const runAt = async (region: string): Promise<string> => {
    const doc = await docAt(region);
    const [run] = await t.dataSource.query(
      `INSERT INTO fund_allocation_runs (year, parent_region_code, level, run_number, document_id, amount, inputs, run_by)
       VALUES (2018, $1::varchar, 'TOWN', (SELECT COALESCE(max(run_number), 0) + 1 FROM fund_allocation_runs WHERE year = 2018 AND parent_region_code = $1::varchar AND level = 'TOWN'), $2, '1.00',
               '{"asOf":"2018-12-31","formula":"f","rounding":"r","regions":[],"factors":[],"parameters":[],"document":null}', 'matrix') RETURNING id`,
      [region, doc],
    );
    await t.dataSource.query(
      `INSERT INTO fund_allocation_run_lines (run_id, region_code, share_numerator, share_denominator, amount, remainder_fen) VALUES ($1, $2, '1', '1', '1.00', false)`,
      [run.id, region],
    );
    return run.id;
  };
  const applyRun = (w: SignedIn, id: string) => t.gql(APPLY, { i: { runId: id, allocatedOn: '2018-04-01', purpose: '矩阵' } }, w.headers);
  const applied = (r: GqlResult): boolean => !!(r.body.data as Json | undefined)?.applyFactorAllocationRun?.allocations?.[0]?.runId;
  const got = (res: GqlResult, op: string, field: string): boolean => !!(res.body.data as Json | undefined)?.[op]?.[field]?.id;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    c = await callers(t);
  });
  afterAll(() => t?.close());

  describe('region × role matrix', () => {
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.AUDITOR];
    // The poverty office's operations (funds.allocate, funds.arrange); the sector axis (finance only) is tested below.
    const OFFICE = [Role.DISTRICT_OFFICER];
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.fundDocument', missingId, target: docAt, run: (w, id) => t.gql(GET_DOC, { id }, w.headers), reached: (r) => !!(r.body.data as Json | undefined)?.fundDocument?.id }, READERS],
      [{ name: 'Query.fundAllocation', missingId, target: allocAt, run: (w, id) => t.gql(GET_ALLOC, { id }, w.headers), reached: (r) => !!(r.body.data as Json | undefined)?.fundAllocation?.id }, READERS],
      [
        {
          name: 'Query.firstSecretaryFunds', missingId: OUTSIDE_EVERY_SCOPE, target: (region) => Promise.resolve(region),
          run: (w, r) => t.gql(FIRST_SECRETARY, { r }, w.headers), reached: (r) => !!(r.body.data as Json | undefined)?.firstSecretaryFunds,
        },
        READERS,
      ],
      [
        {
          name: 'Query.householdFundIncome', missingId, target: (region) => household(t, region),
          run: (w, id) => t.gql(FUND_INCOME, { id }, w.headers), reached: (r) => !!(r.body.data as Json | undefined)?.householdFundIncome?.householdId,
        },
        READERS,
      ],
      [{ name: 'Query.projectFunding', missingId, target: fundingAt, run: (w, id) => t.gql(GET_FUNDING, { id }, w.headers), reached: (r) => !!(r.body.data as Json | undefined)?.projectFunding?.id }, READERS],
      [
        {
          name: 'Mutation.createFundAllocation', missingId, target: docWithRegion,
          run: (w, id) => t.gql(CREATE_ALLOC, { i: { documentId: id, regionCode: docRegion.get(id) ?? R.district, amount: '1.00', allocatedOn: '2018-04-01', purpose: '矩阵' } }, w.headers),
          reached: (r) => got(r, 'createFundAllocation', 'fundAllocation'),
        },
        OFFICE,
      ],
      [
        {
          name: 'Mutation.updateFundAllocation', missingId, target: allocAt,
          run: (w, id) => t.gql(UPDATE_ALLOC, { i: { id, version: 1, purpose: '矩阵修改' } }, w.headers),
          reached: (r) => got(r, 'updateFundAllocation', 'fundAllocation'),
        },
        OFFICE,
      ],
      [
        {
          name: 'Mutation.cancelFundAllocation', missingId, target: allocAt,
          run: (w, id) => t.gql(CANCEL_ALLOC, { i: { id, version: 1, reason: '矩阵' } }, w.headers),
          reached: (r) => got(r, 'cancelFundAllocation', 'fundAllocation'),
        },
        OFFICE,
      ],
      [
        {
          name: 'Mutation.publishFundAllocation', missingId, target: allocAt,
          run: (w, id) => t.gql(PUBLISH, { i: { id, responsibleUnit: '上街区扶贫办', channels: ['PORTAL'] } }, w.headers),
          reached: (r) => !!(r.body.data as Json | undefined)?.publishFundAllocation?.noticeId,
        },
        OFFICE,
      ],
      [{ name: 'Mutation.applyFactorAllocationRun', missingId, target: runAt, run: applyRun, reached: applied }, OFFICE],
      [
        {
          name: 'Mutation.createProjectFunding', missingId, target: allocWithProject,
          run: (w, id) => t.gql(CREATE_FUNDING, { i: { allocationId: id, projectId: projectOfAlloc.get(id) ?? missingId, amount: '1.00', fundedOn: '2018-05-01' } }, w.headers),
          reached: (r) => got(r, 'createProjectFunding', 'projectFunding'),
        },
        OFFICE,
      ],
      [
        {
          name: 'Mutation.updateProjectFunding', missingId, target: fundingAt,
          run: (w, id) => t.gql(UPDATE_FUNDING, { i: { id, version: 1, amount: '2.00' } }, w.headers),
          reached: (r) => got(r, 'updateProjectFunding', 'projectFunding'),
        },
        OFFICE,
      ],
      [
        {
          name: 'Mutation.cancelProjectFunding', missingId, target: fundingAt,
          run: (w, id) => t.gql(CANCEL_FUNDING, { i: { id, version: 1, reason: '矩阵' } }, w.headers),
          reached: (r) => got(r, 'cancelProjectFunding', 'projectFunding'),
        },
        OFFICE,
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });

  it('sector axis: finance writes documents and allocations (and applies runs) in its subtree; another sector reaches nothing (answered as missing)', async () => {
    const finance = { district: c.finance, town: await signIn(t, Role.SECTOR_OFFICER, R.town, { sector: Sector.FINANCE }) };
    const others = [c.agriculture, await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION })];
    const strip = (r: GqlResult, id: string) => JSON.stringify(r.body).replace(/"path":\[[^\]]*\]/g, '').split(id).join('<id>');
    const cases: { name: string; target: (region: string) => Promise<string>; run: (w: SignedIn, id: string) => Promise<GqlResult>; reached: (r: GqlResult) => boolean }[] = [
      { name: 'updateFundDocument', target: docAt, run: (w, id) => t.gql(UPDATE_DOC, { i: { id, version: 1, issuer: '矩阵修改' } }, w.headers), reached: (r) => got(r, 'updateFundDocument', 'fundDocument') },
      { name: 'cancelFundDocument', target: docAt, run: (w, id) => t.gql(CANCEL_DOC, { i: { id, version: 1, reason: '矩阵' } }, w.headers), reached: (r) => got(r, 'cancelFundDocument', 'fundDocument') },
      { name: 'updateFundAllocation', target: allocAt, run: (w, id) => t.gql(UPDATE_ALLOC, { i: { id, version: 1, purpose: '矩阵' } }, w.headers), reached: (r) => got(r, 'updateFundAllocation', 'fundAllocation') },
      { name: 'cancelFundAllocation', target: allocAt, run: (w, id) => t.gql(CANCEL_ALLOC, { i: { id, version: 1, reason: '矩阵' } }, w.headers), reached: (r) => got(r, 'cancelFundAllocation', 'fundAllocation') },
      { name: 'applyFactorAllocationRun', target: runAt, run: applyRun, reached: applied },
    ];
    const findings: string[] = [];
    for (const op of cases) {
      const expectations: [SignedIn, string, boolean][] = [
        [finance.district, R.district, true],
        [finance.district, R.town, true],
        [finance.district, R.otherDistrict, false],
        [finance.town, R.town, true],
        [finance.town, R.district, false],
        [finance.town, R.siblingTown, false],
        ...others.flatMap((o): [SignedIn, string, boolean][] => [[o, R.district, false], [o, R.town, false]]),
      ];
      for (const [who, region, reach] of expectations) {
        const id = await op.target(region);
        const res = await op.run(who, id);
        const missing = strip(await op.run(who, missingId), missingId);
        const ok = reach ? op.reached(res) : !op.reached(res) && strip(res, id) === missing;
        if (!ok) findings.push(`${op.name} ${who.username} ${region}: ${JSON.stringify(res.body).slice(0, 200)}`);
      }
    }
    expect(findings).toEqual([]);
    // Lists follow the read scope: the other town sees no allocation of this town.
    // (Filtered to the allocation's document: the server's database keeps earlier runs' rows, more than a page.)
    const mine = await allocAt(R.villageSameTown);
    const [{ document_id: d }] = await t.dataSource.query(`SELECT document_id FROM fund_allocations WHERE id = $1`, [mine]);
    const sibling = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    expect(dataOf(await t.gql(ALLOCS, { d }, sibling.headers)).fundAllocations.edges.map((e: Json) => e.node.id)).not.toContain(mine);
    expect(dataOf(await t.gql(ALLOCS, { d }, c.town.headers)).fundAllocations.edges.map((e: Json) => e.node.id)).toContain(mine);
    // Supervisors and auditors read, never write.
    for (const role of [Role.SUPERVISOR, Role.AUDITOR]) {
      const w = await signIn(t, role, R.district);
      expect(dataOf(await t.gql(LEDGER, {}, w.headers)).fundLedgerCheck).toMatchObject({ documents: expect.any(Number) });
      expect(errorOf(await t.gql(UPDATE_ALLOC, { i: { id: mine, version: 1, purpose: 'x' } }, w.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
    }
  });

  it('race: parallel fundings of one allocation never overspend it; exactly those that fit succeed, the rest get FUND_OVER_SOURCE', async () => {
    const doc = await createDoc(t, c.finance, { level: '区', amount: '100000.00' });
    const alloc = await createAlloc(t, c.district, doc.id, { regionCode: R.town, amount: '1000.00' });
    const projects = await Promise.all([R.village, R.villageSameTown].map((r) => project(t, r)));
    const second = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        t.gql(CREATE_FUNDING, { i: { allocationId: alloc.id, projectId: projects[i % 2], amount: '300.00', fundedOn: '2018-05-01' } }, (i % 2 ? second : c.district).headers),
      ),
    );
    const ok = results.filter((r) => !r.body.errors);
    const refused = results.filter((r) => r.body.errors).map((r) => errorOf(r));
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(4);
    for (const e of refused) expect(e).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUND_OVER_SOURCE', field: 'input.amount' });
    const [row] = await t.dataSource.query(
      `SELECT (SELECT sum(amount)::text FROM project_fundings WHERE allocation_id = $1 AND status = 'ACTIVE') AS sum, committed::text AS committed, amount::text AS amount FROM fund_allocations WHERE id = $1`,
      [alloc.id],
    );
    expect(row).toEqual({ sum: '900.00', committed: '900.00', amount: '1000.00' });
    expect(dataOf(await t.gql(FUNDINGS, { a: alloc.id }, c.town.headers)).projectFundings.totalCount).toBe(3);
  });

  it('race: parallel allocations of one document (by finance and the poverty office at once) never overspend it', async () => {
    const doc = await createDoc(t, c.finance, { level: '区', amount: '1000.00' });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.gql(CREATE_ALLOC, { i: { documentId: doc.id, regionCode: i % 2 ? R.village : R.town, amount: '250.00', allocatedOn: '2018-04-01', purpose: '并发' } }, (i % 2 ? c.finance : c.district).headers),
      ),
    );
    expect(results.filter((r) => !r.body.errors)).toHaveLength(4);
    const refused = results.filter((r) => r.body.errors).map((r) => errorOf(r));
    expect(refused).toEqual([expect.objectContaining({ reason: 'FUND_OVER_SOURCE', field: 'input.amount' }), expect.objectContaining({ reason: 'FUND_OVER_SOURCE' })]);
    const [row] = await t.dataSource.query(
      `SELECT (SELECT sum(amount)::text FROM fund_allocations WHERE document_id = $1 AND status = 'ACTIVE') AS sum, committed::text AS committed FROM fund_documents WHERE id = $1`,
      [doc.id],
    );
    expect(row).toEqual({ sum: '1000.00', committed: '1000.00' });
    expect(dataOf(await t.gql(LEDGER, {}, c.district.headers)).fundLedgerCheck.ok).toBe(true);
  });
});
