import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { citizenId, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const NEED = `id memberId householdId kind careMode assessedOn description status regionCode version`;
const CREATE_NEED = `mutation($i: CreateDisabilityServiceNeedInput!) { createDisabilityServiceNeed(input: $i) { ${NEED} } }`;
const UPDATE_NEED = `mutation($i: UpdateDisabilityServiceNeedInput!) { updateDisabilityServiceNeed(input: $i) { ${NEED} } }`;
const SERVICE = `id needId memberId householdId kind deliveredOn provider programme sessions deviceType quantity adaptationItems completedOn acceptedOn careMode institution periodStart periodEnd cost subsidy childRehabAid regionCode version`;
const CREATE = `mutation($i: CreateDisabilityServiceInput!) { createDisabilityService(input: $i) { service { ${SERVICE} } need { id status version } parametersUsed { key configured } } }`;
const UPDATE = `mutation($i: UpdateDisabilityServiceInput!) { updateDisabilityService(input: $i) { service { ${SERVICE} } need { id status version } parametersUsed { key configured } } }`;
const DELETE = `mutation($i: DeleteDisabilityServiceInput!) { deleteDisabilityService(input: $i) { service { id } need { id status version } } }`;
const UNMET = `query($r: String, $a: LocalDate, $k: DisabilityServiceKind) { unmetDisabilityServiceNeeds(regionCode: $r, asOf: $a, kind: $k, first: 50) { asOf totalCount edges { node { id description } } } }`;
const TOTALS = `query($y: Int!, $r: String, $k: DisabilityServiceKind) { disabilityServiceTotals(year: $y, regionCode: $r, kind: $k) { regionCode kind services members childRehabAid cost subsidy } }`;
const SET = `mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id } } }`;
const MISSING = '00000000-0000-4000-8000-000000000000';

/** Disability services (残疾人服务, issue #18 part 4): needs, delivered services, children's rehabilitation aid, lists. */
describe('disability: services (残疾人服务, issue #18 part 4)', () => {
  let t: TestApp;
  let district: SignedIn;
  let federation: SignedIn;
  let federationTown: SignedIn;
  let education: SignedIn;
  let admin: SignedIn;
  let h: CreatedHousehold;
  let h2: CreatedHousehold;
  const m: Record<string, string> = {};
  const needs: Record<string, Json> = {};
  const adultId = citizenId('1966-04-12', 'MALE');

  const needInput = (over: Json = {}): Json => ({ memberId: m.adult, kind: 'ASSISTIVE_DEVICE', assessedOn: '2018-03-01', description: '需要轮椅', ...over });
  const serviceInput = (over: Json = {}): Json => ({ kind: 'ASSISTIVE_DEVICE', deliveredOn: '2018-04-10', provider: '区残联辅具中心', cost: '1200.00', subsidy: '1000.50', device: { deviceType: '轮椅', quantity: 1 }, ...over });
  const deliver = async (over: Json = {}, who = federation) => t.gql(CREATE, { i: serviceInput(over) }, who.headers);
  const setParameter = async (key: string, value: unknown, extra: Json = {}) => {
    const res = await t.gql(SET, { input: { key, regionCode: R.district, value: typeof value === 'string' ? value : JSON.stringify(value), effectiveFrom: '2018-01-01', status: 'UNVERIFIED', source: '区残联 (tests)', reason: '测试服务参数', ...extra } }, admin.headers);
    expect(res.body.errors).toBeUndefined();
  };
  const counts = async (): Promise<Json> =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM disability_service_needs) AS needs, (SELECT count(*)::int FROM disability_services) AS services, (SELECT count(*)::int FROM audit_log WHERE entity_type IN ('DisabilityServiceNeed', 'DisabilityService')) AS audits`,
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    federation = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.DISABLED_FEDERATION });
    federationTown = await signIn(t, Role.SECTOR_OFFICER, R.siblingTown, { sector: Sector.DISABLED_FEDERATION });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [
        // Certified (肢体 2), not marked disabled in the registry.
        member({ name: '服成', joinedOn: '2014-01-01', idNumber: adultId, birthDate: '1966-04-12' }),
        // A child marked disabled in the registry, born 2014-03-01.
        member({ name: '服童', joinedOn: '2014-03-01', relation: 'SON', birthDate: '2014-03-01', schoolingStatus: 'NOT_IN_SCHOOL', health: ['DISABLED'], disabilityType: 'HEARING', disabilityGrade: 2 }),
        // Neither certified nor marked disabled.
        member({ name: '服健', joinedOn: '2014-01-01', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1968-09-30' }),
      ],
    }));
    for (const [k, name] of [['adult', '服成'], ['child', '服童'], ['healthy', '服健']]) m[k] = h.members.find((x) => x.name === name)!.id;
    h2 = await createHousehold(t, district, householdInput(R.villageSameTown, { members: [member({ name: '服邻', joinedOn: '2014-01-01', health: ['DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 1 })] }));
    m.neighbour = h2.members[0].id;
    const cert = await t.gql(
      `mutation($i: CreateDisabilityCertificateInput!) { createDisabilityCertificate(input: $i) { certificate { id } } }`,
      { i: { memberId: m.adult, category: 'PHYSICAL', grade: 2, certificateNumber: `${adultId}42`, issuedOn: '2017-03-01', validUntil: '2027-02-28' } },
      federation.headers,
    );
    expect(cert.body.errors).toBeUndefined();
  });
  afterAll(() => t?.close());

  it('records service needs of certified or registry-disabled members (the federation only); bad input is coded and writes nothing', async () => {
    const make = async (over: Json, who = federation) => t.gql(CREATE_NEED, { i: needInput(over) }, who.headers);
    needs.device = dataOf(await make({})).createDisabilityServiceNeed;
    expect(needs.device).toMatchObject({ memberId: m.adult, householdId: h.id, kind: 'ASSISTIVE_DEVICE', careMode: null, status: 'OPEN', regionCode: R.village, version: 1 });
    needs.rehab = dataOf(await make({ memberId: m.child, kind: 'REHABILITATION', description: '听力言语康复', assessedOn: '2018-02-01' })).createDisabilityServiceNeed;
    needs.care = dataOf(await make({ memberId: m.child, kind: 'CARE', careMode: 'HOME', description: '居家照料' })).createDisabilityServiceNeed;
    needs.adaptation = dataOf(await make({ memberId: m.neighbour, kind: 'HOME_ADAPTATION', description: '卫生间扶手' })).createDisabilityServiceNeed;

    const before = await counts();
    expect(errorOf(await make({ memberId: m.healthy }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SERVICE_MEMBER_NOT_DISABLED', field: 'input.memberId' });
    // The certificate was issued 2017-03-01: assessed before it, the member was neither certified nor marked disabled.
    expect(errorOf(await make({ assessedOn: '2016-12-01' }))).toMatchObject({ reason: 'SERVICE_MEMBER_NOT_DISABLED' });
    expect(errorOf(await make({ kind: 'CARE' }))).toMatchObject({ reason: 'SERVICE_DETAIL_MISMATCH', field: 'input.careMode' });
    expect(errorOf(await make({ careMode: 'HOME' }))).toMatchObject({ reason: 'SERVICE_DETAIL_MISMATCH', field: 'input.careMode' });
    expect(errorOf(await make({ assessedOn: '2999-01-01' }))).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'input.assessedOn' });
    expect(errorOf(await make({ description: ' ' }))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.description' });
    expect(errorOf(await make({}, education))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(errorOf(await make({}, district))).toMatchObject({ code: 'FORBIDDEN' });
    // A member outside the caller's region answers as missing.
    expect(errorOf(await make({}, federationTown))).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    expect(await counts()).toEqual(before);

    // Withdraw and reopen; MET comes only from a service; a stale version is a CONFLICT.
    const withdrawn = dataOf(await t.gql(UPDATE_NEED, { i: { id: needs.adaptation.id, version: 1, status: 'WITHDRAWN' } }, federation.headers)).updateDisabilityServiceNeed;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', version: 2 });
    expect(errorOf(await t.gql(UPDATE_NEED, { i: { id: needs.adaptation.id, version: 2, status: 'MET' } }, federation.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.status' });
    expect(errorOf(await t.gql(UPDATE_NEED, { i: { id: needs.adaptation.id, version: 1, description: 'x' } }, federation.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await deliver({ needId: needs.adaptation.id, kind: 'HOME_ADAPTATION', device: null, adaptation: { items: '扶手', completedOn: '2018-04-01' } }))).toMatchObject({ code: 'CONFLICT', reason: 'SERVICE_NEED_WITHDRAWN' });
    needs.adaptation = dataOf(await t.gql(UPDATE_NEED, { i: { id: needs.adaptation.id, version: 2, status: 'OPEN' } }, federation.headers)).updateDisabilityServiceNeed;
    expect(needs.adaptation).toMatchObject({ status: 'OPEN', version: 3 });
    // A care need corrected to another kind clears its mode (a mode left on it is refused).
    const moved = dataOf(await make({ memberId: m.neighbour, kind: 'CARE', careMode: 'CENTRALISED', description: '集中托养评估' })).createDisabilityServiceNeed;
    expect(errorOf(await t.gql(UPDATE_NEED, { i: { id: moved.id, version: 1, kind: 'REHABILITATION' } }, federation.headers))).toMatchObject({ reason: 'SERVICE_DETAIL_MISMATCH', field: 'input.careMode' });
    expect(dataOf(await t.gql(UPDATE_NEED, { i: { id: moved.id, version: 1, kind: 'REHABILITATION', careMode: null, status: 'WITHDRAWN' } }, federation.headers)).updateDisabilityServiceNeed).toMatchObject({
      kind: 'REHABILITATION',
      careMode: null,
      status: 'WITHDRAWN',
      version: 2,
    });
    const feed = await t.dataSource.query(`SELECT operation, parts, region_code AS "regionCode" FROM change_feed WHERE root_type = 'DisabilityServiceNeed' AND root_id = $1 ORDER BY position`, [needs.adaptation.id]);
    expect(feed).toEqual([
      { operation: 'CREATED', parts: ['need'], regionCode: R.villageSameTown },
      { operation: 'UPDATED', parts: ['need'], regionCode: R.villageSameTown },
      { operation: 'UPDATED', parts: ['need'], regionCode: R.villageSameTown },
    ]);
  });

  it('records services delivered against a need (met) or directly, checked against disability.services at the day and village; a deletion reopens the need', async () => {
    const before = await counts();
    const refused = async (over: Json) => errorOf(await deliver({ needId: needs.device.id, ...over }));
    expect(await refused({ deliveredOn: '2018-02-28' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', field: 'input.deliveredOn' });
    expect(await refused({ device: { deviceType: '轮椅', quantity: 0 } })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.device.quantity' });
    expect(await refused({ cost: '-1.00' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.cost' });
    expect(await refused({ subsidy: '10.005' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.subsidy' });
    expect(await refused({ subsidy: '1200.01' })).toMatchObject({ reason: 'SERVICE_SUBSIDY_ABOVE_COST', field: 'input.subsidy' });
    expect(await refused({ device: null, rehabilitation: { programme: '训练', sessions: 2 } })).toMatchObject({ reason: 'SERVICE_DETAIL_MISMATCH', field: 'input.device' });
    expect(await refused({ kind: 'REHABILITATION', device: null, rehabilitation: { programme: '训练', sessions: 2 } })).toMatchObject({ reason: 'SERVICE_KIND_MISMATCH', field: 'input.kind' });
    // disability.services is seeded for 2018 only: a 2019 delivery finds no list in force.
    expect(await refused({ deliveredOn: '2019-04-10' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.kind' });
    // Another department: a direct service is out of its write scope; a need of the federation is not found for writing.
    expect(errorOf(await deliver({ memberId: m.adult }, education))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(errorOf(await deliver({ needId: needs.device.id }, education))).toMatchObject({ code: 'NOT_FOUND', reason: 'DISABILITY_SERVICE_NEED_NOT_FOUND', field: 'input.needId' });
    expect(errorOf(await deliver({ memberId: m.healthy }))).toMatchObject({ reason: 'SERVICE_MEMBER_NOT_DISABLED', field: 'input.memberId' });
    expect(await counts()).toEqual(before);

    const w = dataOf(await deliver({ needId: needs.device.id })).createDisabilityService;
    expect(w.service).toMatchObject({ needId: needs.device.id, memberId: m.adult, kind: 'ASSISTIVE_DEVICE', deviceType: '轮椅', quantity: 1, cost: '1200.00', subsidy: '1000.50', childRehabAid: null, regionCode: R.village, version: 1 });
    expect(w.need).toMatchObject({ id: needs.device.id, status: 'MET', version: 2 });
    expect(w.parametersUsed).toEqual([{ key: 'disability.services', configured: true }]);
    // Care, directly: the period's end before its start is refused; home adaptation in a village whose list lacks it is CODE_NOT_LISTED.
    const care = { kind: 'CARE', needId: needs.care.id, device: null, care: { mode: 'HOME', institution: '阳光家园', periodStart: '2018-05-01', periodEnd: '2018-04-30' } };
    expect(errorOf(await deliver(care))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.care.periodEnd' });
    const cared = dataOf(await deliver({ ...care, deliveredOn: '2018-05-01', cost: '600', subsidy: '600', care: { ...care.care, periodEnd: '2018-10-31' } })).createDisabilityService;
    expect(cared.service).toMatchObject({ careMode: 'HOME', institution: '阳光家园', periodStart: '2018-05-01', periodEnd: '2018-10-31', cost: '600.00', subsidy: '600.00' });
    await setParameter('disability.services', ['精准康复'], { regionCode: R.villageSameTown, effectiveTo: '2018-12-31' });
    const adaptation = { needId: needs.adaptation.id, kind: 'HOME_ADAPTATION', device: null, adaptation: { items: '扶手', completedOn: '2018-04-01', acceptedOn: '2018-03-31' } };
    expect(errorOf(await deliver(adaptation))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.adaptation.acceptedOn' });
    expect(errorOf(await deliver({ ...adaptation, adaptation: { items: '扶手', completedOn: '2018-04-01' } }))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.kind' });

    // A deletion with its reason: the need it alone met is open again; audited and on the feed.
    const direct = dataOf(await deliver({ memberId: m.adult, deliveredOn: '2018-06-01', device: { deviceType: '拐杖', quantity: 2 }, cost: '80', subsidy: '0' })).createDisabilityService;
    expect(direct.need).toBeNull();
    // A correction is checked again as a new service; omitted fields keep their values.
    const update = async (i: Json) => t.gql(UPDATE, { i: { id: direct.service.id, version: 1, ...i } }, federation.headers);
    expect(errorOf(await update({ device: { deviceType: '拐杖', quantity: 0 } }))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.device.quantity' });
    expect(errorOf(await update({ subsidy: '80.01' }))).toMatchObject({ reason: 'SERVICE_SUBSIDY_ABOVE_COST', field: 'input.subsidy' });
    expect(errorOf(await update({ kind: 'HOME_ADAPTATION' }))).toMatchObject({ reason: 'SERVICE_DETAIL_MISMATCH', field: 'input.adaptation' });
    const corrected = dataOf(await update({ subsidy: '40.00' })).updateDisabilityService.service;
    expect(corrected).toMatchObject({ deviceType: '拐杖', quantity: 2, cost: '80.00', subsidy: '40.00', deliveredOn: '2018-06-01', version: 2 });
    expect(errorOf(await update({ subsidy: '30.00' }))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: cared.service.id, version: 1, deliveredOn: '2018-02-01' } }, federation.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.deliveredOn' });
    expect(await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type = 'DisabilityService' AND entity_id = $1 ORDER BY seq`, [direct.service.id])).toEqual([
      { operation: 'disability.createService' },
      { operation: 'disability.updateService' },
    ]);
    expect(errorOf(await t.gql(DELETE, { i: { id: w.service.id, version: 2, reason: '录入错误' } }, federation.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    const deleted = dataOf(await t.gql(DELETE, { i: { id: w.service.id, version: 1, reason: '录入错误' } }, federation.headers)).deleteDisabilityService;
    expect(deleted.need).toMatchObject({ id: needs.device.id, status: 'OPEN', version: 3 });
    const [audit] = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'DisabilityService' AND entity_id = $1 AND operation = 'disability.deleteService'`, [w.service.id]);
    expect(audit).toMatchObject({ operation: 'disability.deleteService' });
    const feed = await t.dataSource.query(`SELECT operation, parts FROM change_feed WHERE root_type = 'DisabilityService' AND root_id = $1 ORDER BY position`, [w.service.id]);
    expect(feed).toEqual([{ operation: 'CREATED', parts: ['service'] }, { operation: 'DELETED', parts: ['service'] }]);
    needs.device = dataOf(await deliver({ needId: needs.device.id, deliveredOn: '2018-04-12' })).createDisabilityService.need;
    expect(needs.device).toMatchObject({ status: 'MET' });
  });

  it("flags a child's rehabilitation under the children's rehabilitation aid from 2018-10-01, by the age bound once configured", async () => {
    const rehab = (over: Json = {}) => deliver({ kind: 'REHABILITATION', device: null, rehabilitation: { programme: '听觉言语训练', sessions: 12 }, cost: '3000.00', subsidy: '2400.00', ...over });
    // Before the aid: an ordinary rehabilitation service.
    const before = dataOf(await rehab({ needId: needs.rehab.id, deliveredOn: '2018-09-30' })).createDisabilityService;
    expect(before.service).toMatchObject({ childRehabAid: 'NOT_IN_FORCE', programme: '听觉言语训练', sessions: 12 });
    expect(before.parametersUsed).toEqual([{ key: 'disability.services', configured: true }, { key: 'disability.child_rehab_aid', configured: false }]);
    // In force, but RULES.md gives no age bound: not decided, never guessed.
    const unknown = dataOf(await rehab({ memberId: m.child, deliveredOn: '2018-10-08' })).createDisabilityService;
    expect(unknown.service.childRehabAid).toBe('NOT_CONFIGURED');
    expect(unknown.parametersUsed.map((p: Json) => [p.key, p.configured])).toEqual([['disability.services', true], ['disability.child_rehab_aid', true], ['disability.child_rehab_aid_max_age', false]]);
    await setParameter('disability.child_rehab_aid_max_age', '6', { effectiveFrom: '2018-10-01' });
    expect(dataOf(await rehab({ memberId: m.child, deliveredOn: '2018-11-05' })).createDisabilityService.service.childRehabAid).toBe('AIDED');
    expect(dataOf(await rehab({ memberId: m.adult, deliveredOn: '2018-11-05' })).createDisabilityService.service.childRehabAid).toBe('NOT_CHILD');
    // A correction decides again: the service recorded NOT_CONFIGURED is aided once the bound is entered.
    const again = dataOf(await t.gql(UPDATE, { i: { id: unknown.service.id, version: 1, provider: '区康复中心' } }, federation.headers)).updateDisabilityService;
    expect(again.service).toMatchObject({ childRehabAid: 'AIDED', provider: '区康复中心', version: 2 });
  });

  it('lists the needs unmet on a day and the year’s services by village and kind with exact sums', async () => {
    const unmet = async (vars: Json) => dataOf(await t.gql(UNMET, vars, district.headers)).unmetDisabilityServiceNeeds;
    // On 2018-04-11 the device need (met 2018-04-12) was still unmet; the care need was met on 2018-05-01; rehab met 2018-09-30.
    const early = await unmet({ a: '2018-04-11' });
    expect(early.asOf).toBe('2018-04-11');
    expect(early.edges.map((e: Json) => e.node.description).sort()).toEqual(['卫生间扶手', '听力言语康复', '居家照料', '需要轮椅'].sort());
    expect((await unmet({ a: '2018-12-31' })).edges.map((e: Json) => e.node.description)).toEqual(['卫生间扶手']);
    expect((await unmet({ a: '2018-12-31', r: R.village })).totalCount).toBe(0);
    // Before an assessment the need is not listed.
    expect((await unmet({ a: '2018-02-15' })).edges.map((e: Json) => e.node.description)).toEqual(['听力言语康复']);

    const totals = dataOf(await t.gql(TOTALS, { y: 2018 }, district.headers)).disabilityServiceTotals;
    expect(totals).toEqual([
      { regionCode: R.village, kind: 'REHABILITATION', services: 4, members: 2, childRehabAid: 2, cost: '12000.00', subsidy: '9600.00' },
      { regionCode: R.village, kind: 'ASSISTIVE_DEVICE', services: 2, members: 1, childRehabAid: 0, cost: '1280.00', subsidy: '1040.50' },
      { regionCode: R.village, kind: 'CARE', services: 1, members: 1, childRehabAid: 0, cost: '600.00', subsidy: '600.00' },
    ]); // by village, then the kinds in their declared order
    expect(dataOf(await t.gql(TOTALS, { y: 2018, k: 'CARE', r: R.villageSameTown }, district.headers)).disabilityServiceTotals).toEqual([]);
    expect(dataOf(await t.gql(TOTALS, { y: 2019 }, district.headers)).disabilityServiceTotals).toEqual([]);
    const listed = dataOf(await t.gql(`query($y: Int) { disabilityServices(year: $y, kind: REHABILITATION, first: 10) { totalCount } }`, { y: 2018 }, federationTown.headers)).disabilityServices;
    expect(listed.totalCount).toBe(0);
    expect(dataOf(await t.gql(`query($y: Int) { disabilityServices(year: $y, first: 10) { totalCount } }`, { y: 2018 }, district.headers)).disabilityServices.totalCount).toBe(7);
  });

  describe('region × role × sector matrix', () => {
    const needAt = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO disability_service_needs (member_id, household_id, kind, assessed_on, description, region_code, sector) VALUES ($1, $2, 'REHABILITATION', '2018-01-01', '矩阵', $3, $4) RETURNING id`,
        [m.adult, h.id, region, sector ?? 'disabled_federation'],
      );
      return row.id as string;
    };
    const serviceAt = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO disability_services (member_id, household_id, kind, delivered_on, provider, device_type, quantity, cost, subsidy, region_code, sector) VALUES ($1, $2, 'ASSISTIVE_DEVICE', '2018-01-02', '矩阵', '轮椅', 1, 0, 0, $3, $4) RETURNING id`,
        [m.adult, h.id, region, sector ?? 'disabled_federation'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.SECTOR_OFFICER];
    const stale = (res: { body: unknown }) => JSON.stringify(res.body).includes('VERSION_MISMATCH');
    const found = (field: string) => (res: { body: unknown }) => !!((res.body as Json).data as Json | undefined)?.[field]?.id;
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.disabilityServiceNeed', missingId: MISSING, sector: { access: 'read' }, target: needAt, run: (c, id) => t.gql(`query($id: ID!) { disabilityServiceNeed(id: $id) { id } }`, { id }, c.headers), reached: found('disabilityServiceNeed') }, READERS],
      [{ name: 'Mutation.updateDisabilityServiceNeed', missingId: MISSING, sector: { access: 'write' }, target: needAt, run: (c, id) => t.gql(UPDATE_NEED, { i: { id, version: 9, description: '矩阵' } }, c.headers), reached: stale }, WRITERS],
      [{ name: 'Query.disabilityService', missingId: MISSING, sector: { access: 'read' }, target: serviceAt, run: (c, id) => t.gql(`query($id: ID!) { disabilityService(id: $id) { id } }`, { id }, c.headers), reached: found('disabilityService') }, READERS],
      [{ name: 'Mutation.updateDisabilityService', missingId: MISSING, sector: { access: 'write' }, target: serviceAt, run: (c, id) => t.gql(UPDATE, { i: { id, version: 9, provider: '矩阵' } }, c.headers), reached: stale }, WRITERS],
      [{ name: 'Mutation.deleteDisabilityService', missingId: MISSING, sector: { access: 'write' }, target: serviceAt, run: (c, id) => t.gql(DELETE, { i: { id, version: 9, reason: '矩阵' } }, c.headers), reached: stale }, WRITERS],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
