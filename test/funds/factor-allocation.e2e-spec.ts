import { Role, Sector } from '../../src/common/access/permissions';
import { RegionsService } from '../../src/regions/regions.service';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { callers, Callers, CANCEL_ALLOC, createAlloc, createDoc, UPDATE_ALLOC } from './funds-fixtures';

type Json = Record<string, any>;

// A small town of the test with three villages, so the shares can be checked by hand.
const TOWN = '410106900000';
const A = '410106900001';
const B = '410106900002';
const C = '410106900003';
const POP = '建档立卡人口规模';
const TASK = '年度脱贫攻坚任务';
const SPECIAL = '扶贫专项工作要求';
const PERF = '绩效评价结果';

const RUN_FIELDS = `id year parentRegionCode level runNumber documentId amount asOf formula rounding unverifiedParameters explanation
  parameters { key status source value }
  factors { factor weight source sum values { regionCode value valueId version } }
  lines { regionCode share shareDecimal amount remainderFen }`;
const RUN = `mutation($i: RunFactorAllocationInput!) { runFactorAllocation(input: $i) { fundAllocationRun { ${RUN_FIELDS} } } }`;
const SET = `mutation($i: SetFundFactorValueInput!) { setFundFactorValue(input: $i) { fundFactorValue { id year regionCode factor value note version } } }`;
const DATA = `query($y: Int!, $p: String!, $l: FactorAllocationLevel!) { fundFactorData(year: $y, parentRegionCode: $p, level: $l) {
  year parentRegionCode level asOf regionCodes parameters { key status } factors { factor weight source sum values { regionCode value version } } } }`;
const GET_RUN = `query($id: ID!) { fundAllocationRun(id: $id) { ${RUN_FIELDS} } }`;
const RUNS = `query($y: Int, $r: String) { fundAllocationRuns(year: $y, regionCode: $r, first: 50) { totalCount edges { node { id runNumber amount parentRegionCode } } } }`;

const APPLY = `mutation($i: ApplyFactorAllocationRunInput!) { applyFactorAllocationRun(input: $i) {
  fundAllocationRun { id runNumber amount } allocations { id documentId regionCode year level channel allocatedOn purpose amount runId status } } }`;
const LEDGER = `query { fundLedgerCheck(year: 2018) { ok violations { kind recordType recordId amount sum excess recordIds } } }`;

const missingId = '00000000-0000-4000-8000-000000000000';
const missingRegion = '419999999999';

describe('funds: factor allocation runs (因素分配法, issue #19 part 3)', () => {
  let t: TestApp;
  let c: Callers;
  let hh = 0;

  /** A household on the roll in `region`, registered in `year`, with members (those with `leftOn` left then). */
  const household = async (region: string, year: number, members: { leftOn?: string }[], validity = 'ACTIVE') => {
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO households (household_number, region_code, attribute, primary_cause, validity, year_registered) VALUES ($1, $2, 'GENERAL_POOR', 'ILLNESS', $3, $4) RETURNING id`,
      [`FA-${(hh += 1)}-${Date.now() % 100000}`, region, validity, year],
    );
    for (const [i, m] of members.entries()) {
      await t.dataSource.query(
        `INSERT INTO members (household_id, region_code, name, id_number_enc, id_number_hash, sex, birth_date, relation, joined_on, left_on, active)
         VALUES ($1, $2, '因素', 'x', $3, 'MALE', '1970-01-01', $4, '2016-01-01', $5, $6)`,
        [id, region, `fa-${hh}-${i}-${Date.now()}`, i === 0 ? 'HEAD' : 'SON', m.leftOn ?? null, !m.leftOn],
      );
    }
  };
  const set = (who: { headers: Record<string, string> }, i: Json) => t.gql(SET, { i: { year: 2018, ...i } }, who.headers);
  const run = (who: { headers: Record<string, string> }, i: Json) => t.gql(RUN, { i: { year: 2018, parentRegionCode: TOWN, level: 'VILLAGE', ...i } }, who.headers);

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    await t.get(RegionsService).importCsvAsSystem(
      'code,name,parent_code,level\n' + `${TOWN},因素镇,${R.district},town\n${A},甲村,${TOWN},village\n${B},乙村,${TOWN},village\n${C},丙村,${TOWN},village\n`,
    );
    c = await callers(t);
    // Registered population 2018: A 3 + 1 = 4; B 2 members, one left in 2017 → 1; C 2 (a 2019 household and a candidate do not count).
    await household(A, 2016, [{}, {}, {}]);
    await household(A, 2018, [{}]);
    await household(B, 2017, [{}, { leftOn: '2017-06-01' }]);
    await household(C, 2018, [{}, {}]);
    await household(C, 2019, [{}, {}, {}]);
    await household(C, 2018, [{}], 'CANDIDATE');
  });
  afterAll(() => t?.close());

  it('factor data: the registered population from the registry, entered factors missing, the weights UNVERIFIED', async () => {
    const d = dataOf(await t.gql(DATA, { y: 2018, p: TOWN, l: 'VILLAGE' }, c.district.headers)).fundFactorData;
    expect(d).toMatchObject({ year: 2018, parentRegionCode: TOWN, level: 'VILLAGE', asOf: '2018-12-31', regionCodes: [A, B, C] });
    expect(d.factors.map((f: Json) => [f.factor, f.weight, f.source])).toEqual([
      [POP, '0.25', 'REGISTRY'],
      [TASK, '0.25', 'ENTERED'],
      [SPECIAL, '0.25', 'ENTERED'],
      [PERF, '0.25', 'ENTERED'],
    ]);
    expect(d.factors[0].values.map((v: Json) => v.value)).toEqual(['4', '1', '2']);
    expect(d.factors[0].sum).toBe('7.0000');
    expect(d.factors[1].values.map((v: Json) => v.value)).toEqual([null, null, null]);
    expect(d.parameters).toEqual([
      { key: 'funds.allocation_factors', status: 'VERIFIED' },
      { key: 'funds.allocation_weights', status: 'UNVERIFIED' },
    ]);
  });

  it('a run with an entered value missing names the factor and the region; nothing is stored', async () => {
    const e = errorOf(await run(c.district, { amount: '1000.00' }));
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUND_FACTOR_VALUE_MISSING', field: 'input.parentRegionCode', details: { factor: TASK, regionCode: A, year: 2018 } });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM fund_allocation_runs WHERE parent_region_code = $1`, [TOWN]);
    expect(n).toBe(0);
  });

  it('setFundFactorValue: enters, corrects with the version, refuses a stale or missing version, the registry factor, an unlisted factor and a bad value; audited', async () => {
    const first = dataOf(await set(c.finance, { regionCode: A, factor: TASK, value: '0', note: '区扶贫办文件' })).setFundFactorValue.fundFactorValue;
    expect(first).toMatchObject({ regionCode: A, factor: TASK, value: '0', version: 1 });
    expect(errorOf(await set(c.district, { regionCode: A, factor: TASK, value: '5' }))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await set(c.district, { regionCode: A, factor: TASK, value: '5', version: 7 }))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await set(c.district, { regionCode: A, factor: POP, value: '5' }))).toMatchObject({ reason: 'FUND_FACTOR_COMPUTED', field: 'input.factor' });
    expect(errorOf(await set(c.district, { regionCode: A, factor: '贫困状况', value: '5' }))).toMatchObject({ reason: 'FUND_FACTOR_NOT_LISTED', field: 'input.factor' });
    expect(errorOf(await set(c.district, { regionCode: A, factor: SPECIAL, value: '-1' }))).toMatchObject({ reason: 'FUND_FACTOR_VALUE_INVALID', field: 'input.value' });
    expect(errorOf(await set(c.district, { regionCode: A, factor: SPECIAL, value: '1.00001' }))).toMatchObject({ reason: 'FUND_FACTOR_VALUE_INVALID', field: 'input.value' });
    expect(errorOf(await set(c.district, { regionCode: R.district, factor: SPECIAL, value: '1' }))).toMatchObject({ reason: 'FUND_RUN_PARENT_LEVEL', field: 'input.regionCode' });
    // 年度脱贫攻坚任务 all zero: a run refuses the factor.
    await set(c.district, { regionCode: B, factor: TASK, value: '0' });
    await set(c.district, { regionCode: C, factor: TASK, value: '0.0' });
    for (const [region, special, perf] of [
      [A, '1', '90'],
      [B, '1', '80'],
      [C, '2', '70.5'],
    ]) {
      await set(c.district, { regionCode: region, factor: SPECIAL, value: special });
      await set(c.district, { regionCode: region, factor: PERF, value: perf });
    }
    expect(errorOf(await run(c.district, { amount: '1000.00' }))).toMatchObject({ reason: 'FUND_FACTOR_SUM_ZERO', details: { factor: TASK } });
    const corrected = dataOf(await set(c.district, { regionCode: A, factor: TASK, value: '3', version: 1 })).setFundFactorValue.fundFactorValue;
    expect(corrected).toMatchObject({ value: '3', version: 2, note: null });
    const audit = await t.dataSource.query(`SELECT operation AS action FROM audit_log WHERE entity_type = 'FundFactorValue' AND entity_id = $1 ORDER BY seq`, [first.id]);
    expect(audit.map((r: Json) => r.action)).toEqual(['funds.setFactorValue', 'funds.setFactorValue']);
  });

  it('a run: exact shares, amounts to the fen summing exactly, every input stored; a re-run is the next version', async () => {
    await set(c.district, { regionCode: B, factor: TASK, value: '1', version: 1 });
    // A: pop 4/7, task 3/4, special 1/4, perf 90/240.5 ... shares by hand below.
    const r = dataOf(await run(c.district, { amount: '1000.00' })).runFactorAllocation.fundAllocationRun;
    expect(r).toMatchObject({ year: 2018, parentRegionCode: TOWN, level: 'VILLAGE', runNumber: 1, documentId: null, amount: '1000.00', asOf: '2018-12-31', unverifiedParameters: true });
    const share = (pop: bigint, task: bigint, special: bigint, perf2: bigint) => {
      // 1/4 × (pop/7 + task/4 + special/4 + perf2/481) with perf2 = 2 × perf (sum 240.5 → 481/2).
      const num = pop * 4n * 481n + task * 7n * 481n + special * 7n * 481n + perf2 * 7n * 4n;
      const den = 4n * 7n * 4n * 481n;
      return [num, den];
    };
    const exact = [share(4n, 3n, 1n, 180n), share(1n, 1n, 1n, 160n), share(2n, 0n, 2n, 141n)];
    const gcd = (a: bigint, b: bigint): bigint => (b ? gcd(b, a % b) : a);
    expect(r.lines.map((l: Json) => l.share)).toEqual(exact.map(([n, d]) => `${n / gcd(n, d)}/${d / gcd(n, d)}`));
    const fen = exact.map(([n, d]) => (100000n * n) / d);
    const left = 100000n - fen.reduce((s, x) => s + x, 0n);
    const lineFen = r.lines.map((l: Json) => BigInt(l.amount.replace('.', '')));
    expect(lineFen.reduce((s: bigint, x: bigint) => s + x, 0n)).toBe(100000n);
    expect(lineFen.map((x: bigint, i: number) => x - fen[i]).reduce((s: bigint, x: bigint) => s + x, 0n)).toBe(left);
    expect(r.lines.filter((l: Json) => l.remainderFen)).toHaveLength(Number(left));
    expect(r.parameters.find((p: Json) => p.key === 'funds.allocation_weights')).toMatchObject({ status: 'UNVERIFIED', source: null });
    expect(r.factors[0]).toMatchObject({ factor: POP, source: 'REGISTRY', sum: '7.0000' });
    expect(r.explanation).toContain('UNVERIFIED');
    expect(r.explanation).toContain(`${A}: 份额`);
    // Stored: the lines in SQL sum exactly; read back the same; a re-run is number 2 and run 1 stays as it was.
    const [{ s }] = await t.dataSource.query(`SELECT sum(amount)::text AS s FROM fund_allocation_run_lines WHERE run_id = $1`, [r.id]);
    expect(s).toBe('1000.00');
    expect(dataOf(await t.gql(GET_RUN, { id: r.id }, c.finance.headers)).fundAllocationRun).toEqual(r);
    await set(c.district, { regionCode: C, factor: PERF, value: '100', version: 1 });
    const r2 = dataOf(await run(c.finance, { amount: '1000.00' })).runFactorAllocation.fundAllocationRun;
    expect(r2.runNumber).toBe(2);
    expect(r2.lines.map((l: Json) => l.amount)).not.toEqual(r.lines.map((l: Json) => l.amount));
    expect(dataOf(await t.gql(GET_RUN, { id: r.id }, c.district.headers)).fundAllocationRun).toEqual(r);
    const list = dataOf(await t.gql(RUNS, { y: 2018, r: TOWN }, c.district.headers)).fundAllocationRuns;
    expect(list.edges.map((e: Json) => e.node.runNumber)).toEqual([2, 1]);
    const audit = await t.dataSource.query(`SELECT operation AS action FROM audit_log WHERE entity_type = 'FundAllocationRun' AND entity_id = $1`, [r.id]);
    expect(audit).toEqual([{ action: 'funds.runFactorAllocation' }]);
  });

  it("a run of a document shares its available amount (amount − committed); more than that is FUND_OVER_SOURCE", async () => {
    const doc = await createDoc(t, c.finance, { level: '区', amount: '100.01' });
    const r = dataOf(await run(c.district, { documentId: doc.id })).runFactorAllocation.fundAllocationRun;
    expect(r).toMatchObject({ documentId: doc.id, amount: '100.01' });
    const total = r.lines.reduce((s: bigint, l: Json) => s + BigInt(l.amount.replace('.', '')), 0n);
    expect(total).toBe(10001n);
    expect(errorOf(await run(c.district, { documentId: doc.id, amount: '100.02' }))).toMatchObject({ reason: 'FUND_OVER_SOURCE', field: 'input.amount' });
    expect(dataOf(await run(c.district, { documentId: doc.id, amount: '50.00' })).runFactorAllocation.fundAllocationRun.amount).toBe('50.00');
    expect(errorOf(await run(c.district, { documentId: doc.id, year: 2019 }))).toMatchObject({ reason: 'FUND_YEAR_NOT_PARENT' });
  });

  it('applyFactorAllocationRun: the newest run of a document becomes one allocation per non-zero line, exactly its amounts, all or nothing, once; audited; in the ledger check', async () => {
    const apply = (who: { headers: Record<string, string> }, i: Json) => t.gql(APPLY, { i: { allocatedOn: '2018-04-01', purpose: '因素法分配', ...i } }, who.headers);
    const doc = await createDoc(t, c.finance, { level: '区', amount: '300.02' });
    const r1 = dataOf(await run(c.district, { documentId: doc.id })).runFactorAllocation.fundAllocationRun;
    const r2 = dataOf(await run(c.district, { documentId: doc.id, amount: '200.00' })).runFactorAllocation.fundAllocationRun;
    const alone = dataOf(await run(c.district, { amount: '5.00' })).runFactorAllocation.fundAllocationRun;
    expect(errorOf(await apply(c.district, { runId: r1.id }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FUND_RUN_NOT_NEWEST', field: 'input.runId', details: { runNumber: r1.runNumber, newestRunId: r2.id } });
    expect(errorOf(await apply(c.district, { runId: alone.id }))).toMatchObject({ reason: 'FUND_RUN_NO_DOCUMENT', field: 'input.runId' });
    expect(errorOf(await apply(c.district, { runId: missingId }))).toMatchObject({ code: 'NOT_FOUND', reason: 'FUND_ALLOCATION_RUN_NOT_FOUND', field: 'input.runId' });
    expect(errorOf(await apply(c.district, { runId: r2.id, allocatedOn: '2018-02-28' }))).toMatchObject({ reason: 'FUND_DATE_BEFORE_SOURCE', field: 'input.allocatedOn' });
    expect(errorOf(await apply(c.district, { runId: r2.id, purpose: ' ' }))).toMatchObject({ reason: 'REASON_REQUIRED', field: 'input.purpose' });
    // All or nothing: with 150.00 of the document allocated by hand, the first lines fit and the last does not.
    const byHand = await createAlloc(t, c.district, doc.id, { regionCode: A, amount: '150.00' });
    const fen = (x: string) => Number(x.replace('.', ''));
    const [la, lb, lc] = r2.lines.map((l: Json) => l.amount);
    expect(fen(la) + fen(lb)).toBeLessThanOrEqual(15002);
    // The third line is refused after the first two were written in the same transaction: they are rolled back.
    const left = ((15002 - fen(la) - fen(lb)) / 100).toFixed(2);
    expect(errorOf(await apply(c.finance, { runId: r2.id }))).toMatchObject({ reason: 'FUND_OVER_SOURCE', field: 'input.runId', details: { available: left, requested: lc } });
    const written = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM fund_allocations WHERE run_id = $1`, [r2.id]))[0].n;
    expect(await written()).toBe(0);
    dataOf(await t.gql(CANCEL_ALLOC, { i: { id: byHand.id, version: byHand.version, reason: '改按因素法分配' } }, c.district.headers));

    const applied = dataOf(await apply(c.finance, { runId: r2.id })).applyFactorAllocationRun;
    const lines = r2.lines.filter((l: Json) => l.amount !== '0.00');
    expect(applied.allocations).toEqual(
      lines.map((l: Json) => ({ id: expect.any(String), documentId: doc.id, regionCode: l.regionCode, year: 2018, level: '区', channel: '扶贫发展', allocatedOn: '2018-04-01', purpose: '因素法分配', amount: l.amount, runId: r2.id, status: 'ACTIVE' })),
    );
    const [{ committed }] = await t.dataSource.query(`SELECT committed::text FROM fund_documents WHERE id = $1`, [doc.id]);
    expect(committed).toBe('200.00');
    expect(errorOf(await apply(c.district, { runId: r2.id }))).toMatchObject({ code: 'CONFLICT', reason: 'FUND_RUN_ALREADY_APPLIED', field: 'input.runId' });
    const audit = await t.dataSource.query(
      `SELECT operation FROM audit_log WHERE (entity_type = 'FundAllocationRun' AND entity_id = $1) OR (entity_type = 'FundAllocation' AND entity_id = ANY($2::text[])) ORDER BY seq`,
      [r2.id, applied.allocations.map((a: Json) => a.id)],
    );
    expect(audit.map((r: Json) => r.operation)).toEqual(['funds.runFactorAllocation', ...lines.map(() => 'funds.createAllocation'), 'funds.applyFactorAllocationRun']);

    // A line of 0.00 gets no allocation: 0.02 among three villages.
    const small = await createDoc(t, c.finance, { level: '区', amount: '0.02' });
    const r3 = dataOf(await run(c.district, { documentId: small.id })).runFactorAllocation.fundAllocationRun;
    expect(r3.lines.filter((l: Json) => l.amount === '0.00')).toHaveLength(1);
    expect(dataOf(await apply(c.district, { runId: r3.id })).applyFactorAllocationRun.allocations.map((a: Json) => a.amount)).toEqual(['0.01', '0.01']);

    // By hand, an applied allocation keeps the run's amount (raised or lowered: refused, nothing
    // changed); its purpose may be corrected.
    for (const amount of ['999.00', '0.01']) {
      expect(errorOf(await t.gql(UPDATE_ALLOC, { i: { id: applied.allocations[0].id, version: 1, amount } }, c.district.headers))).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'FUND_ALLOCATION_FROM_RUN',
        field: 'input.amount',
        details: { runId: r2.id },
      });
    }
    const corrected = dataOf(await t.gql(UPDATE_ALLOC, { i: { id: applied.allocations[0].id, version: 1, purpose: '因素法分配（更正）', amount: applied.allocations[0].amount } }, c.district.headers));
    expect(corrected.updateFundAllocation.fundAllocation).toMatchObject({ amount: applied.allocations[0].amount, purpose: '因素法分配（更正）', version: 2 });

    // The ledger check: clean; an applied allocation raised around the service takes the run's allocations above it.
    const mine = (v: Json[]) => v.filter((x) => [r2.id, r3.id, doc.id, small.id].includes(x.recordId));
    expect(mine(dataOf(await t.gql(LEDGER, {}, c.district.headers)).fundLedgerCheck.violations)).toEqual([]);
    const first = applied.allocations[0].id;
    await t.dataSource.query(`UPDATE fund_allocations SET amount = amount + 1 WHERE id = $1`, [first]);
    try {
      expect(mine(dataOf(await t.gql(LEDGER, {}, c.district.headers)).fundLedgerCheck.violations)).toEqual([
        { kind: 'OVER_SOURCE', recordType: 'FundAllocationRun', recordId: r2.id, amount: '200.00', sum: '201.00', excess: '1.00', recordIds: applied.allocations.map((a: Json) => a.id).sort() },
      ]);
    } finally {
      await t.dataSource.query(`UPDATE fund_allocations SET amount = amount - 1 WHERE id = $1`, [first]);
    }
  });

  it('bad input: coded errors naming the field, nothing stored', async () => {
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM fund_allocation_runs`);
    expect(errorOf(await run(c.district, {}))).toMatchObject({ reason: 'FUND_RUN_AMOUNT_SOURCE', field: 'input.amount' });
    expect(errorOf(await run(c.district, { amount: '1.001' }))).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.amount' });
    expect(errorOf(await run(c.district, { amount: '-1.00' }))).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.amount' });
    expect(errorOf(await run(c.district, { amount: '1.00', level: 'TOWN' }))).toMatchObject({ reason: 'FUND_RUN_PARENT_LEVEL', field: 'input.parentRegionCode' });
    expect(errorOf(await run(c.district, { amount: '1.00', parentRegionCode: A }))).toMatchObject({ reason: 'FUND_RUN_PARENT_LEVEL' });
    expect(errorOf(await run(c.district, { documentId: missingId }))).toMatchObject({ code: 'NOT_FOUND', field: 'input.documentId' });
    // Weights not summing to 1 (a version entered by an administrator, say): coded, with the sum.
    await t.dataSource.query(`UPDATE policy_parameters SET value = '["0.3","0.3","0.3","0.3"]'::jsonb WHERE key = 'funds.allocation_weights' AND superseded_at IS NULL`);
    try {
      expect(errorOf(await run(c.district, { amount: '1.00' }))).toMatchObject({ reason: 'FUND_FACTOR_WEIGHTS_NOT_ONE', field: 'input.year', details: { sum: '6/5' } });
    } finally {
      await t.dataSource.query(`UPDATE policy_parameters SET value = '["0.25","0.25","0.25","0.25"]'::jsonb WHERE key = 'funds.allocation_weights' AND superseded_at IS NULL`);
    }
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM fund_allocation_runs`);
    expect(after).toBe(before);
  });

  describe('region × role matrix', () => {
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.AUDITOR];
    const OFFICE = [Role.DISTRICT_OFFICER];
    // Past the scope check: a result, or a refusal for another reason than the region (the region's level, a missing value…).
    const passed = (r: GqlResult, op: string) => {
      if ((r.body.data as Json | undefined)?.[op]) return true;
      const e = r.body.errors?.[0] as Json | undefined;
      return !!e && !['REGION_OUT_OF_SCOPE', 'MISSING_PERMISSION'].includes(e.extensions?.reason);
    };
    const runAt = async (region: string): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO fund_allocation_runs (year, parent_region_code, level, run_number, amount, inputs, run_by)
         VALUES (2017, $1::varchar, 'VILLAGE', (SELECT COALESCE(max(run_number), 0) + 1 FROM fund_allocation_runs WHERE year = 2017 AND parent_region_code = $1::varchar), '1.00',
                 '{"asOf":"2017-12-31","formula":"f","rounding":"r","regions":[],"factors":[],"parameters":[],"document":null}', 'matrix') RETURNING id`,
        [region],
      );
      return row.id;
    };
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.fundAllocationRun', missingId, target: runAt, run: (w, id) => t.gql(GET_RUN, { id }, w.headers), reached: (r) => !!(r.body.data as Json | undefined)?.fundAllocationRun?.id }, READERS],
      [
        {
          name: 'Query.fundFactorData', missingId: missingRegion, target: async (region) => region,
          run: (w, region) => t.gql(DATA, { y: 2018, p: region, l: 'VILLAGE' }, w.headers),
          reached: (r) => passed(r, 'fundFactorData'),
        },
        READERS,
      ],
      [
        {
          name: 'Mutation.setFundFactorValue', missingId: missingRegion, target: async (region) => region,
          run: (w, region) => set(w, { regionCode: region, factor: SPECIAL, value: '1', year: 2017 }),
          reached: (r) => passed(r, 'setFundFactorValue'),
        },
        OFFICE,
      ],
      [
        {
          name: 'Mutation.runFactorAllocation', missingId: missingRegion, target: async (region) => region,
          run: (w, region) => run(w, { parentRegionCode: region, amount: '1.00' }),
          reached: (r) => passed(r, 'runFactorAllocation'),
        },
        OFFICE,
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });

    it('roles without funds.allocate are refused; finance writes, another sector is out of scope; lists follow the read scope', async () => {
      for (const role of [Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SUPERVISOR, Role.AUDITOR]) {
        const w = await signIn(t, role, role === Role.VILLAGE_OFFICER ? A : TOWN);
        expect(errorOf(await run(w, { amount: '1.00' }))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
        expect(errorOf(await set(w, { regionCode: A, factor: SPECIAL, value: '1' }))).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION' });
      }
      const other = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.AGRICULTURE });
      expect(errorOf(await run(other, { amount: '1.00' }))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.parentRegionCode' });
      expect(errorOf(await set(other, { regionCode: A, factor: SPECIAL, value: '1' }))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
      expect(dataOf(await run(c.finance, { amount: '0.02' })).runFactorAllocation.fundAllocationRun.amount).toBe('0.02');
      // The other district's officer sees none of these runs; the town's officer sees them.
      const far = await signIn(t, Role.DISTRICT_OFFICER, R.otherDistrict);
      expect(dataOf(await t.gql(RUNS, { y: 2018 }, far.headers)).fundAllocationRuns.totalCount).toBe(0);
      const town = await signIn(t, Role.TOWN_OFFICER, TOWN);
      expect(dataOf(await t.gql(RUNS, { y: 2018 }, town.headers)).fundAllocationRuns.totalCount).toBeGreaterThan(0);
    });
  });
});
