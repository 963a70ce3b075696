import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';
import { buildHousehold, register } from '../households/lifecycle-fixtures';

type Json = Record<string, any>;

const ENROLMENT = `id memberId householdId year layer premium subsidy regionCode sector version`;
const CREATE = `mutation($i: CreateInsuranceEnrolmentInput!) { createInsuranceEnrolment(input: $i) { insuranceEnrolment { ${ENROLMENT} } parametersUsed { key configured status } } }`;
const UPDATE = `mutation($i: UpdateInsuranceEnrolmentInput!) { updateInsuranceEnrolment(input: $i) { insuranceEnrolment { ${ENROLMENT} } } }`;
const DELETE = `mutation($i: DeleteInsuranceEnrolmentInput!) { deleteInsuranceEnrolment(input: $i) { insuranceEnrolment { id version } parametersUsed { key } } }`;
const GET = `query($id: ID!) { insuranceEnrolment(id: $id) { ${ENROLMENT} } }`;
const LIST = `query($m: ID, $h: ID, $y: Int, $l: String, $r: String, $first: Int, $after: String) {
  insuranceEnrolments(memberId: $m, householdId: $h, year: $y, layer: $l, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { endCursor } } }`;
const MISSING_Q = `query($y: Int!, $l: String, $r: String, $first: Int, $after: String) {
  membersMissingInsurance(year: $y, layer: $l, regionCode: $r, first: $first, after: $after) {
    totalCount edges { node { memberId name householdId regionCode year enrolledLayers missingLayers } } pageInfo { hasNextPage endCursor }
    parametersUsed { key configured status value } } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';
// health.insurance_layers as seeded for Shangjie in 2018 (RULES.md §5), in settlement order.
const BASIC = '基本医疗保险';
const SERIOUS = '大病保险';
const SUPPLEMENTARY = '大病补充医疗保险';
const ASSISTANCE = '医疗救助';

describe('health: insurance enrolment per member, year and layer (参保台账, issue #17)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let health: SignedIn;
  let education: SignedIn;
  let h: CreatedHousehold;
  let head: string;
  let spouse: string;

  const input = (over: Json = {}): Json => ({ memberId: head, year: 2018, layer: BASIC, premium: '180.00', subsidy: '180.00', ...over });
  const create = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createInsuranceEnrolment;
  const counts = async (): Promise<Json> =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM insurance_enrolments) AS rows, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'InsuranceEnrolment') AS audits`))[0];

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [member({ name: '王健', joinedOn: '2014-01-01' }), member({ name: '赵芳', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1975-02-03', joinedOn: '2014-01-01' })],
    }));
    [head, spouse] = h.members.map((m) => m.id);
  });
  afterAll(() => t?.close());

  it('records an enrolment in a listed layer with its audit row and the list in parametersUsed; refuses bad input naming the field, writing nothing', async () => {
    const before = await counts();
    const w = await create(health);
    expect(w.insuranceEnrolment).toMatchObject({ memberId: head, householdId: h.id, year: 2018, layer: BASIC, premium: '180.00', subsidy: '180.00', regionCode: R.village, sector: 'HEALTH', version: 1 });
    expect(w.parametersUsed).toEqual([{ key: 'health.insurance_layers', configured: true, status: 'SEED' }]);
    expect(await counts()).toEqual({ rows: before.rows + 1, audits: before.audits + 1 });
    expect(dataOf(await t.gql(GET, { id: w.insuranceEnrolment.id }, village.headers)).insuranceEnrolment).toEqual(w.insuranceEnrolment);

    const mid = await counts();
    const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(CREATE, { i: input(over) }, who.headers));
    expect(await refused(village, {})).toMatchObject({ code: 'CONFLICT', reason: 'INSURANCE_ENROLMENT_DUPLICATE', field: 'input.layer' });
    expect(await refused(village, { layer: '商业补充保险' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CODE_NOT_LISTED', field: 'input.layer' });
    // The seed states the layers for 2018 only: another year answers "not configured", never a guessed list.
    expect(await refused(village, { year: 2019 })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.layer' });
    expect(await refused(village, { layer: SERIOUS, premium: '-1.00' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.premium' });
    expect(await refused(village, { layer: SERIOUS, subsidy: '1.234' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.subsidy' });
    expect(await refused(village, { layer: SERIOUS, premium: '50.00', subsidy: '60.00' })).toMatchObject({ reason: 'SUBSIDY_ABOVE_PREMIUM', field: 'input.subsidy' });
    expect(await refused(education, { layer: SERIOUS })).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(await refused(await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown), { layer: SERIOUS })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    expect(await refused(village, { memberId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    // A member who has left the household is not a current member.
    const gone = await createHousehold(t, district, householdInput(R.village, { members: [member({ name: '孙走' }), member({ name: '孙留', relation: 'SON', birthDate: '1996-02-02' })] }));
    await t.dataSource.query(`UPDATE members SET active = false, left_on = '2018-02-01', leave_reason = 'MOVED' WHERE id = $1`, [gone.members[1].id]);
    expect(await refused(village, { memberId: gone.members[1].id })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HEALTH_MEMBER_NOT_CURRENT', field: 'input.memberId' });
    expect(await counts()).toEqual(mid);
  });

  it('corrects an enrolment with the version read (checked again), deletes one with the reason, and lists them page by page', async () => {
    const a = (await create(town, { memberId: spouse, layer: SERIOUS, premium: '0', subsidy: '0' })).insuranceEnrolment;
    const b = (await create(town, { memberId: spouse, layer: SUPPLEMENTARY, premium: '30', subsidy: '10.5' })).insuranceEnrolment;
    expect(b).toMatchObject({ premium: '30.00', subsidy: '10.50' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: a.id, version: 3, premium: '20' } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: a.id, version: 1, layer: SUPPLEMENTARY } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'INSURANCE_ENROLMENT_DUPLICATE', field: 'input.layer' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: a.id, version: 1, subsidy: '5' } }, town.headers))).toMatchObject({ reason: 'SUBSIDY_ABOVE_PREMIUM', field: 'input.subsidy' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: a.id, version: 1, premium: '20' } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'INSURANCE_ENROLMENT_NOT_FOUND' });
    const u = dataOf(await t.gql(UPDATE, { i: { id: a.id, version: 1, premium: '20', subsidy: '20' } }, health.headers)).updateInsuranceEnrolment.insuranceEnrolment;
    expect(u).toMatchObject({ premium: '20.00', subsidy: '20.00', layer: SERIOUS, version: 2 });
    // 大病保险 has no individual premium: null clears it; the subsidy stated alone is not compared.
    const cleared = dataOf(await t.gql(UPDATE, { i: { id: a.id, version: 2, premium: null, subsidy: '5' } }, health.headers)).updateInsuranceEnrolment.insuranceEnrolment;
    expect(cleared).toMatchObject({ premium: null, subsidy: '5.00', version: 3 });
    // Left out on a new record: not stated, null in the API and in the table.
    const c = (await create(town, { memberId: spouse, layer: ASSISTANCE, premium: undefined, subsidy: undefined })).insuranceEnrolment;
    expect(c).toMatchObject({ layer: ASSISTANCE, premium: null, subsidy: null, version: 1 });
    expect(await t.dataSource.query(`SELECT premium, subsidy FROM insurance_enrolments WHERE id = $1`, [c.id])).toEqual([{ premium: null, subsidy: null }]);
    expect(dataOf(await t.gql(DELETE, { i: { id: c.id, version: 1, reason: '测试：未注明缴费' } }, health.headers))).toBeDefined();

    const list = async (v: Json, who = district) => dataOf(await t.gql(LIST, v, who.headers)).insuranceEnrolments;
    const all = await list({ h: h.id, first: 50 });
    expect(all.totalCount).toBe(3);
    const page1 = await list({ h: h.id, first: 2 });
    const page2 = await list({ h: h.id, first: 50, after: page1.pageInfo.endCursor });
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect([(await list({ m: spouse, first: 50 })).totalCount, (await list({ l: SERIOUS, y: 2018, r: R.village, first: 50 })).totalCount, (await list({ y: 2017, first: 50 })).totalCount]).toEqual([2, 1, 0]);
    expect((await list({ first: 50 }, await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown))).totalCount).toBe(0);

    expect(errorOf(await t.gql(DELETE, { i: { id: b.id, version: 2, reason: '误录' } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(DELETE, { i: { id: b.id, version: 1, reason: ' ' } }, town.headers))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(dataOf(await t.gql(DELETE, { i: { id: b.id, version: 1, reason: '误录' } }, town.headers)).deleteInsuranceEnrolment).toEqual({ insuranceEnrolment: { id: b.id, version: 1 }, parametersUsed: [] });
    const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'InsuranceEnrolment' AND entity_id = $1 ORDER BY seq`, [b.id]);
    expect(audits).toEqual([{ operation: 'health.createInsuranceEnrolment', reason: null }, { operation: 'health.deleteInsuranceEnrolment', reason: '误录' }]);
  });

  it('membersMissingInsurance: current members without every layer of the year (or one layer), with the layers each lacks, page by page', async () => {
    const v = R.villageOfSiblingTown;
    const hh = await createHousehold(t, district, householdInput(v, {
      members: [member({ name: '钱一', joinedOn: '2014-01-01' }), member({ name: '钱二', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1979-01-01', joinedOn: '2014-01-01' }), member({ name: '钱三', relation: 'SON', birthDate: '2000-01-01', joinedOn: '2014-01-01' })],
    }));
    const idOf = (name: string) => hh.members.find((m) => m.name === name)!.id;
    for (const layer of [BASIC, SERIOUS, SUPPLEMENTARY, ASSISTANCE]) await create(district, { memberId: idOf('钱一'), layer });
    for (const layer of [BASIC, SUPPLEMENTARY]) await create(district, { memberId: idOf('钱二'), layer });
    const q = async (vars: Json, who = district) => t.gql(MISSING_Q, vars, who.headers);
    const gaps = dataOf(await q({ y: 2018, r: v, first: 50 })).membersMissingInsurance;
    expect(gaps.totalCount).toBe(2);
    expect(gaps.edges.map((e: Json) => e.node)).toEqual([
      { memberId: idOf('钱三'), name: '钱三', householdId: hh.id, regionCode: v, year: 2018, enrolledLayers: [], missingLayers: [BASIC, SERIOUS, SUPPLEMENTARY, ASSISTANCE] },
      { memberId: idOf('钱二'), name: '钱二', householdId: hh.id, regionCode: v, year: 2018, enrolledLayers: [BASIC, SUPPLEMENTARY], missingLayers: [SERIOUS, ASSISTANCE] },
    ]);
    expect(gaps.parametersUsed).toEqual([{ key: 'health.insurance_layers', configured: true, status: 'SEED', value: JSON.stringify([BASIC, SERIOUS, SUPPLEMENTARY, ASSISTANCE]) }]);
    const page1 = dataOf(await q({ y: 2018, r: v, first: 1 })).membersMissingInsurance;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = dataOf(await q({ y: 2018, r: v, first: 5, after: page1.pageInfo.endCursor })).membersMissingInsurance;
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.name)).toEqual(['钱三', '钱二']);
    const serious = dataOf(await q({ y: 2018, l: SERIOUS, r: v, first: 50 })).membersMissingInsurance;
    expect(serious.edges.map((e: Json) => [e.node.name, e.node.missingLayers])).toEqual([['钱三', [SERIOUS]], ['钱二', [SERIOUS]]]);
    const supplementary = dataOf(await q({ y: 2018, l: SUPPLEMENTARY, r: v, first: 50 })).membersMissingInsurance;
    expect(supplementary.edges.map((e: Json) => e.node.name)).toEqual(['钱三']);
    // totalCount is counted by a grouped pass, the page by probes: the two agree, for one layer too.
    expect([serious.totalCount, supplementary.totalCount, page1.totalCount]).toEqual([2, 1, 2]);
    // The town of another village sees none of them.
    expect(dataOf(await q({ y: 2018, first: 50 }, town)).membersMissingInsurance.edges.map((e: Json) => e.node.householdId)).not.toContain(hh.id);
    expect(errorOf(await q({ y: 2018, l: '商业补充保险', r: v }))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'layer' });
    expect(errorOf(await q({ y: 2019, r: v }))).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'year' });
  });

  it('the exit standard reads the enrolment records: an exit refused for a member without serious-illness insurance passes once the record exists', async () => {
    const o = { village, town, district };
    // The district's lines for 2018 (the income criterion), as the lifecycle tests enter them.
    dataOf(await t.gql(`mutation($input: SetPovertyLineInput!) { setPovertyLine(input: $input) { povertyLine { year } } }`, { input: { year: 2018, nationalLine: '3100.00', provincialExitLine: '3208.00', source: 'test', isDemo: true } }, district.headers));
    // The registry says every member is insured in 2018 (member_insurance): the records replace it where they exist.
    const built = await buildHousehold(t, o, R.village, { years: [2018] });
    await register(t, o, built.id);
    const ASSESS = `query($id: ID!) { exitAssessment(householdId: $id, year: 2018) { passed results { criterion passed reason facts } } }`;
    const assess = async () => dataOf(await t.gql(ASSESS, { id: built.id }, district.headers)).exitAssessment;
    expect((await assess()).passed).toBe(true);

    const [headId, spouseId] = built.memberIds;
    await create(health, { memberId: headId, layer: BASIC });
    const refused = await assess();
    expect(refused.passed).toBe(false);
    const medical = refused.results.find((r: Json) => r.criterion === 'BASIC_MEDICAL');
    expect(medical).toMatchObject({ passed: false, facts: { uninsured: [{ memberId: headId, lacks: [SERIOUS], source: expect.stringContaining('insurance_enrolments') }] } });
    expect(medical.reason).toContain('未参加大病保险');
    // The spouse has no records: the registry's fields stay (insured).
    expect(medical.facts.uninsured.map((m: Json) => m.memberId)).not.toContain(spouseId);

    await create(health, { memberId: headId, layer: SERIOUS });
    expect((await assess()).passed).toBe(true);
  });

  describe('region × role × sector matrix', () => {
    let seq = 0;
    const newEnrolment = async (region: string, sector?: Sector): Promise<string> => {
      seq += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO insurance_enrolments (member_id, household_id, year, layer, premium, subsidy, region_code, sector) VALUES ($1, $2, $3, $4, 10, 0, $5, $6) RETURNING id`,
        [head, h.id, 3000 + seq, BASIC, region, sector ?? 'health'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.insuranceEnrolment', missingId: MISSING, sector: { access: 'read' }, target: newEnrolment, run: (c, id) => t.gql(GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.insuranceEnrolment?.id }, READERS],
      [{ name: 'Mutation.updateInsuranceEnrolment', missingId: MISSING, sector: { access: 'write' }, target: newEnrolment, run: (c, id) => t.gql(UPDATE, { i: { id, version: 2, premium: '11' } }, c.headers), reached: (res) => JSON.stringify(res.body).includes('VERSION_MISMATCH') }, WRITERS],
      [{ name: 'Mutation.deleteInsuranceEnrolment', missingId: MISSING, sector: { access: 'write' }, target: newEnrolment, run: (c, id) => t.gql(DELETE, { i: { id, version: 2, reason: '矩阵' } }, c.headers), reached: (res) => JSON.stringify(res.body).includes('VERSION_MISMATCH') }, WRITERS],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
