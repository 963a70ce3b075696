import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const STAY = `id memberId householdId hospital hospitalLevel inCounty admittedOn dischargedOn diagnosis icd10Code totalCost layerPayments { layer amount } householdPaid outOfPocketRatio treatFirstPayLater regionCode sector version`;
const CREATE = `mutation($i: CreateHospitalStayInput!) { createHospitalStay(input: $i) { stay { ${STAY} } overOutOfPocketTarget parametersUsed { key configured status } } }`;
const UPDATE = `mutation($i: UpdateHospitalStayInput!) { updateHospitalStay(input: $i) { stay { ${STAY} } overOutOfPocketTarget } }`;
const DELETE = `mutation($i: DeleteHospitalStayInput!) { deleteHospitalStay(input: $i) { stay { id version } overOutOfPocketTarget parametersUsed { key } } }`;
const GET = `query($id: ID!) { hospitalStay(id: $id) { ${STAY} } }`;
const LIST = `query($m: ID, $h: ID, $y: Int, $r: String, $first: Int, $after: String) {
  hospitalStays(memberId: $m, householdId: $h, year: $y, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { endCursor } } }`;
const OVER = `query($y: Int!, $r: String, $first: Int, $after: String) {
  householdsOverOutOfPocketTarget(year: $y, regionCode: $r, first: $first, after: $after) {
    totalCount edges { node { householdId householdNumber regionCode year totalCost householdPaid outOfPocketRatio stays { id householdPaid } } } pageInfo { hasNextPage endCursor }
    parametersUsed { key configured status value } } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';
const BASIC = '基本医疗保险';
const SERIOUS = '大病保险';
const ASSISTANCE = '医疗救助';

describe('health: hospital stays and out-of-pocket costs (住院费用, issue #17)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let health: SignedIn;
  let education: SignedIn;
  let h: CreatedHousehold;
  let head: string;

  const input = (over: Json = {}): Json => ({
    memberId: head, hospital: '上街区人民医院', hospitalLevel: 'SECONDARY', inCounty: true, admittedOn: '2018-04-01', dischargedOn: '2018-04-10',
    diagnosis: '肺炎', icd10Code: 'J18.9', totalCost: '10000.00', layerPayments: [{ layer: BASIC, amount: '7000' }, { layer: SERIOUS, amount: '1500' }, { layer: ASSISTANCE, amount: '800' }],
    householdPaid: '700.00', treatFirstPayLater: true, ...over,
  });
  const create = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createHospitalStay;
  const counts = async (): Promise<Json> =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM hospital_stays) AS stays, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'HospitalStay') AS audits`))[0];

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    h = await createHousehold(t, district, householdInput(R.village, { members: [member({ name: '冯病', joinedOn: '2014-01-01' })] }));
    head = h.members[0].id;
  });
  afterAll(() => t?.close());

  it('records a stay with what each layer and the household paid, its out-of-pocket ratio against health.out_of_pocket_max; audited', async () => {
    const before = await counts();
    const w = await create(health);
    expect(w.stay).toMatchObject({
      memberId: head, householdId: h.id, hospitalLevel: 'SECONDARY', inCounty: true, icd10Code: 'J18.9', totalCost: '10000.00', householdPaid: '700.00', outOfPocketRatio: '0.0700', treatFirstPayLater: true,
      layerPayments: [{ layer: BASIC, amount: '7000.00' }, { layer: SERIOUS, amount: '1500.00' }, { layer: ASSISTANCE, amount: '800.00' }], regionCode: R.village, sector: 'HEALTH', version: 1,
    });
    expect(w.overOutOfPocketTarget).toBe(false);
    expect(w.parametersUsed).toEqual([{ key: 'health.insurance_layers', configured: true, status: 'SEED' }, { key: 'health.out_of_pocket_max', configured: true, status: 'UNVERIFIED' }]);
    expect(await counts()).toEqual({ stays: before.stays + 1, audits: before.audits + 1 });
    expect(dataOf(await t.gql(GET, { id: w.stay.id }, village.headers)).hospitalStay).toEqual(w.stay);
    // Above the target (0.10): 1500 of 10000.
    expect((await create(village, { admittedOn: '2018-06-01', dischargedOn: '2018-06-03', layerPayments: [{ layer: BASIC, amount: '8500' }], householdPaid: '1500', icd10Code: null })).overOutOfPocketTarget).toBe(true);
    // No target in force in 2019: the verdict is "not configured" (null), never a guess; no layers paid, no list read.
    const later = await create(village, { admittedOn: '2019-06-01', dischargedOn: '2019-06-03', layerPayments: [], householdPaid: '5000' });
    expect(later.overOutOfPocketTarget).toBeNull();
    expect(later.parametersUsed).toEqual([{ key: 'health.out_of_pocket_max', configured: false, status: 'NOT_CONFIGURED' }]);
  });

  it('refuses bad input with a coded error naming the field, writing nothing', async () => {
    const mid = await counts();
    const refused = async (over: Json, who = village) => errorOf(await t.gql(CREATE, { i: input(over) }, who.headers));
    expect(await refused({ dischargedOn: '2018-03-31' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', field: 'input.dischargedOn' });
    for (const bad of ['J1', 'j18.9', 'J18.', '189', 'JJ8']) expect(await refused({ icd10Code: bad })).toMatchObject({ reason: 'ICD10_INVALID', field: 'input.icd10Code' });
    expect(await refused({ totalCost: '-1.00' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.totalCost' });
    expect(await refused({ householdPaid: '-5' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.householdPaid' });
    expect(await refused({ layerPayments: [{ layer: BASIC, amount: '-1' }] })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.layerPayments.0.amount' });
    expect(await refused({ layerPayments: [{ layer: BASIC, amount: '10000.01' }] })).toMatchObject({ reason: 'LAYER_PAID_ABOVE_TOTAL', field: 'input.layerPayments.0.amount' });
    expect(await refused({ layerPayments: [{ layer: BASIC, amount: '9000' }, { layer: SERIOUS, amount: '400' }], householdPaid: '700' })).toMatchObject({ reason: 'PAYMENTS_ABOVE_TOTAL', field: 'input.householdPaid' });
    expect(await refused({ layerPayments: [{ layer: BASIC, amount: '1' }, { layer: BASIC, amount: '2' }] })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.layerPayments.1.layer' });
    expect(await refused({ layerPayments: [{ layer: '商业保险', amount: '1' }] })).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.layerPayments.0.layer' });
    expect(await refused({ dischargedOn: '2019-01-02' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.layerPayments.0.layer' });
    expect(await refused({ diagnosis: ' ' })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.diagnosis' });
    expect(await refused({ admittedOn: '2013-12-01', dischargedOn: '2013-12-05' })).toMatchObject({ reason: 'HEALTH_MEMBER_NOT_IN_HOUSEHOLD', field: 'input.memberId' });
    expect(await refused({}, education)).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(await refused({ memberId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    expect(await counts()).toEqual(mid);
  });

  it('corrects a stay with the version read (checked again), deletes one with the reason, lists them page by page', async () => {
    const s = (await create(town, { admittedOn: '2018-08-01', dischargedOn: '2018-08-05' })).stay;
    expect(errorOf(await t.gql(UPDATE, { i: { id: s.id, version: 3, householdPaid: '600' } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: s.id, version: 1, totalCost: '5000' } }, town.headers))).toMatchObject({ reason: 'LAYER_PAID_ABOVE_TOTAL', field: 'input.layerPayments.0.amount' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: s.id, version: 1, householdPaid: '600' } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'HOSPITAL_STAY_NOT_FOUND' });
    const u = dataOf(await t.gql(UPDATE, { i: { id: s.id, version: 1, householdPaid: '1200', layerPayments: [{ layer: BASIC, amount: '8800' }], icd10Code: null } }, health.headers)).updateHospitalStay;
    expect(u).toMatchObject({ stay: { householdPaid: '1200.00', icd10Code: null, outOfPocketRatio: '0.1200', diagnosis: '肺炎', version: 2 }, overOutOfPocketTarget: true });

    const list = async (v: Json) => dataOf(await t.gql(LIST, v, district.headers)).hospitalStays;
    const all = await list({ h: h.id, first: 50 });
    expect(all.totalCount).toBe(4);
    const page1 = await list({ h: h.id, first: 2 });
    const page2 = await list({ h: h.id, first: 5, after: page1.pageInfo.endCursor });
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect([(await list({ y: 2018, m: head, first: 50 })).totalCount, (await list({ y: 2019, first: 50 })).totalCount, (await list({ r: R.villageSameTown, first: 50 })).totalCount]).toEqual([3, 1, 0]);

    expect(dataOf(await t.gql(DELETE, { i: { id: s.id, version: 2, reason: '重复录入' } }, village.headers)).deleteHospitalStay).toEqual({ stay: { id: s.id, version: 2 }, overOutOfPocketTarget: null, parametersUsed: [] });
    const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'HospitalStay' AND entity_id = $1 ORDER BY seq`, [s.id]);
    expect(audits).toEqual([
      { operation: 'health.createHospitalStay', reason: null },
      { operation: 'health.updateHospitalStay', reason: null },
      { operation: 'health.deleteHospitalStay', reason: '重复录入' },
    ]);
  });

  it('householdsOverOutOfPocketTarget: households whose share of the year\'s costs is above the target, with the stays behind each', async () => {
    const v = R.villageOfSiblingTown;
    const mk = async (name: string) => {
      const created = await createHousehold(t, district, householdInput(v, { members: [member({ name, joinedOn: '2014-01-01' })] }));
      await activate(t, created.id);
      return created;
    };
    const [over, under, split] = [await mk('甲'), await mk('乙'), await mk('丙')];
    await create(district, { memberId: over.members[0].id, totalCost: '2000', layerPayments: [{ layer: BASIC, amount: '1500' }], householdPaid: '500' });
    await create(district, { memberId: under.members[0].id, totalCost: '2000', layerPayments: [{ layer: BASIC, amount: '1900' }], householdPaid: '100' });
    // Two stays: one above the target, the year's share exactly at it (not above).
    await create(district, { memberId: split.members[0].id, totalCost: '1000', layerPayments: [], householdPaid: '300' });
    await create(district, { memberId: split.members[0].id, admittedOn: '2018-09-01', dischargedOn: '2018-09-02', totalCost: '2000', layerPayments: [{ layer: BASIC, amount: '2000' }], householdPaid: '0' });
    const q = async (vars: Json, who = district) => t.gql(OVER, vars, who.headers);
    const res = dataOf(await q({ y: 2018, r: v, first: 50 })).householdsOverOutOfPocketTarget;
    expect(res.edges.map((e: Json) => e.node)).toEqual([
      { householdId: over.id, householdNumber: over.householdNumber, regionCode: v, year: 2018, totalCost: '2000.00', householdPaid: '500.00', outOfPocketRatio: '0.2500', stays: [{ id: expect.any(String), householdPaid: '500.00' }] },
    ]);
    expect(res.parametersUsed).toEqual([{ key: 'health.out_of_pocket_max', configured: true, status: 'UNVERIFIED', value: '0.10' }]);
    // The first household of this file (stays of 2018 at 0.07, 0.15, …) is over too: its year's share is (700 + 1500) / 20000 = 0.11.
    await activate(t, h.id);
    const page1 = dataOf(await q({ y: 2018, first: 1 })).householdsOverOutOfPocketTarget;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = dataOf(await q({ y: 2018, first: 5, after: page1.pageInfo.endCursor })).householdsOverOutOfPocketTarget;
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.householdId).sort()).toEqual([h.id, over.id].sort());
    // Households not on the roll are not listed (the candidate stays recorded, but the list is of poor households).
    await t.dataSource.query(`UPDATE households SET validity = 'CANDIDATE', status = NULL WHERE id = $1`, [over.id]);
    expect(dataOf(await q({ y: 2018, r: v, first: 50 })).householdsOverOutOfPocketTarget.totalCount).toBe(0);
    expect(dataOf(await q({ y: 2018, first: 50 }, village)).householdsOverOutOfPocketTarget.edges.map((e: Json) => e.node.householdId)).toEqual([h.id]);
    expect(errorOf(await q({ y: 2019, r: v }))).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'year' });
  });

  describe('region × role × sector matrix', () => {
    const newStay = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO hospital_stays (member_id, household_id, hospital, hospital_level, in_county, admitted_on, discharged_on, diagnosis, total_cost, household_paid, region_code, sector)
         VALUES ($1, $2, '矩阵', 'PRIMARY', true, '2018-01-01', '2018-01-02', '矩阵', 10, 1, $3, $4) RETURNING id`,
        [head, h.id, region, sector ?? 'health'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const stale = (res: { body: unknown }) => JSON.stringify(res.body).includes('VERSION_MISMATCH');
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.hospitalStay', missingId: MISSING, sector: { access: 'read' }, target: newStay, run: (c, id) => t.gql(GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.hospitalStay?.id }, READERS],
      [{ name: 'Mutation.updateHospitalStay', missingId: MISSING, sector: { access: 'write' }, target: newStay, run: (c, id) => t.gql(UPDATE, { i: { id, version: 2, householdPaid: '2' } }, c.headers), reached: stale }, WRITERS],
      [{ name: 'Mutation.deleteHospitalStay', missingId: MISSING, sector: { access: 'write' }, target: newStay, run: (c, id) => t.gql(DELETE, { i: { id, version: 2, reason: '矩阵' } }, c.headers), reached: stale }, WRITERS],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
