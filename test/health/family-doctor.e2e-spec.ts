import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const CONTRACT = `id memberId householdId doctor clinic startsOn endsOn priorityDisease followUpsDue followUpsDone regionCode sector version`;
const CREATE = `mutation($i: CreateFamilyDoctorContractInput!) { createFamilyDoctorContract(input: $i) { contract { ${CONTRACT} } parametersUsed { key configured status } } }`;
const UPDATE = `mutation($i: UpdateFamilyDoctorContractInput!) { updateFamilyDoctorContract(input: $i) { contract { ${CONTRACT} } } }`;
const DELETE = `mutation($i: DeleteFamilyDoctorContractInput!) { deleteFamilyDoctorContract(input: $i) { contract { id version } } }`;
const GET = `query($id: ID!) { familyDoctorContract(id: $id) { ${CONTRACT} followUps { id followedOn note version } } }`;
const LIST = `query($m: ID, $h: ID, $on: LocalDate, $d: String, $r: String, $first: Int, $after: String) {
  familyDoctorContracts(memberId: $m, householdId: $h, activeOn: $on, priorityDisease: $d, regionCode: $r, first: $first, after: $after) {
    totalCount edges { node { id followUpsDone followUps { followedOn } } } pageInfo { endCursor } } }`;
const FOLLOW = `mutation($i: RecordFollowUpInput!) { recordFollowUp(input: $i) { followUp { id contractId followedOn note regionCode version } } }`;
const UNFOLLOW = `mutation($i: RemoveFollowUpInput!) { removeFollowUp(input: $i) { followUp { id version } } }`;
const PATIENTS = `query($on: LocalDate, $r: String, $first: Int, $after: String) {
  priorityPatientsWithoutContract(asOf: $on, regionCode: $r, first: $first, after: $after) {
    totalCount edges { node { memberId name householdId regionCode healthConditions } } pageInfo { hasNextPage endCursor } parametersUsed { key configured status } } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('health: family-doctor contracts and follow-ups (家庭医生签约, issue #17)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let health: SignedIn;
  let education: SignedIn;
  let h: CreatedHousehold;
  let head: string;
  let spouse: string;

  const input = (over: Json = {}): Json => ({ memberId: head, doctor: '刘医生', clinic: '峡窝镇卫生院', startsOn: '2018-03-01', endsOn: '2018-12-31', priorityDisease: '高血压', followUpsDue: 4, ...over });
  const create = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createFamilyDoctorContract;
  const counts = async (): Promise<Json> =>
    (
      await t.dataSource.query(`SELECT (SELECT count(*)::int FROM family_doctor_contracts) AS contracts, (SELECT count(*)::int FROM family_doctor_follow_ups) AS follow_ups,
        (SELECT count(*)::int FROM audit_log WHERE entity_type IN ('FamilyDoctorContract', 'FamilyDoctorFollowUp')) AS audits`)
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [member({ name: '周康', joinedOn: '2014-01-01', health: ['CHRONIC_ILLNESS'] }), member({ name: '吴梅', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1975-02-03', joinedOn: '2014-01-01' })],
    }));
    [head, spouse] = h.members.map((m) => m.id);
  });
  afterAll(() => t?.close());

  it('records a contract with its priority disease from health.family_doctor, audited; refuses bad input naming the field, writing nothing', async () => {
    const before = await counts();
    const w = await create(health);
    expect(w.contract).toMatchObject({ memberId: head, householdId: h.id, doctor: '刘医生', clinic: '峡窝镇卫生院', startsOn: '2018-03-01', endsOn: '2018-12-31', priorityDisease: '高血压', followUpsDue: 4, followUpsDone: 0, regionCode: R.village, sector: 'HEALTH', version: 1 });
    expect(w.parametersUsed).toEqual([{ key: 'health.family_doctor', configured: true, status: 'VERIFIED' }]);
    expect(await counts()).toMatchObject({ contracts: before.contracts + 1, audits: before.audits + 1 });

    const mid = await counts();
    const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(CREATE, { i: input(over) }, who.headers));
    expect(await refused(village, { startsOn: '2018-06-01', endsOn: null })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FAMILY_DOCTOR_CONTRACT_OVERLAP', field: 'input.startsOn' });
    expect(await refused(village, { memberId: spouse, priorityDisease: '感冒' })).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.priorityDisease' });
    // health.family_doctor runs 2018–2020: a later start has no list, and says so.
    expect(await refused(village, { memberId: spouse, startsOn: '2021-03-01', endsOn: null })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.priorityDisease' });
    expect(await refused(village, { memberId: spouse, endsOn: '2018-01-01' })).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.endsOn' });
    expect(await refused(village, { memberId: spouse, followUpsDue: -1 })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.followUpsDue' });
    expect(await refused(village, { memberId: spouse, doctor: '  ' })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.doctor' });
    expect(await refused(education, { memberId: spouse })).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(await refused(village, { memberId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    expect(await counts()).toEqual(mid);
    // Without a priority disease no rule is read.
    expect((await create(village, { memberId: spouse, priorityDisease: null, startsOn: '2021-03-01', endsOn: null })).parametersUsed).toEqual([]);
  });

  it('records follow-ups within the period, counts them against the due, corrects and deletes contracts with the version', async () => {
    const c = (await create(town, { startsOn: '2019-01-01', endsOn: '2019-12-31', followUpsDue: 2 })).contract;
    const before = await counts();
    const f1 = dataOf(await t.gql(FOLLOW, { i: { contractId: c.id, followedOn: '2019-03-05', note: '血压 150/95，调整用药' } }, village.headers)).recordFollowUp.followUp;
    expect(f1).toMatchObject({ contractId: c.id, followedOn: '2019-03-05', note: '血压 150/95，调整用药', regionCode: R.village, version: 1 });
    const refused = async (i: Json, who = village) => errorOf(await t.gql(FOLLOW, { i: { contractId: c.id, note: '随访', ...i } }, who.headers));
    expect(await refused({ followedOn: '2020-01-02' })).toMatchObject({ reason: 'FOLLOW_UP_OUTSIDE_CONTRACT', field: 'input.followedOn' });
    expect(await refused({ followedOn: '2019-05-01', note: ' ' })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.note' });
    expect(await refused({ followedOn: '2019-05-01' }, education)).toMatchObject({ code: 'NOT_FOUND', reason: 'FAMILY_DOCTOR_CONTRACT_NOT_FOUND', field: 'input.contractId' });
    expect(await counts()).toMatchObject({ follow_ups: before.follow_ups + 1 });
    dataOf(await t.gql(FOLLOW, { i: { contractId: c.id, followedOn: '2019-06-05', note: '血压平稳' } }, health.headers));
    const got = dataOf(await t.gql(GET, { id: c.id }, village.headers)).familyDoctorContract;
    expect(got).toMatchObject({ followUpsDue: 2, followUpsDone: 2 });
    expect(got.followUps.map((f: Json) => f.followedOn)).toEqual(['2019-03-05', '2019-06-05']);

    // A correction may not leave a follow-up outside the period.
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 1, endsOn: '2019-05-31' } }, town.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.endsOn' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 4, doctor: '陈医生' } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 1, doctor: '陈医生' } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'FAMILY_DOCTOR_CONTRACT_NOT_FOUND' });
    const u = dataOf(await t.gql(UPDATE, { i: { id: c.id, version: 1, doctor: '陈医生', priorityDisease: '糖尿病' } }, town.headers)).updateFamilyDoctorContract.contract;
    expect(u).toMatchObject({ doctor: '陈医生', priorityDisease: '糖尿病', clinic: '峡窝镇卫生院', version: 2 });

    const list = async (v: Json) => dataOf(await t.gql(LIST, v, district.headers)).familyDoctorContracts;
    const all = await list({ h: h.id, first: 50 });
    expect(all.totalCount).toBe(3);
    const page1 = await list({ h: h.id, first: 2 });
    const page2 = await list({ h: h.id, first: 5, after: page1.pageInfo.endCursor });
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect([(await list({ on: '2019-06-01', first: 50 })).totalCount, (await list({ d: '高血压', m: head, first: 50 })).totalCount, (await list({ r: R.villageSameTown, first: 50 })).totalCount]).toEqual([1, 1, 0]);

    expect(errorOf(await t.gql(UNFOLLOW, { i: { id: f1.id, version: 1, reason: '误录' } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'FOLLOW_UP_NOT_FOUND' });
    expect(dataOf(await t.gql(UNFOLLOW, { i: { id: f1.id, version: 1, reason: '误录' } }, village.headers)).removeFollowUp.followUp).toEqual({ id: f1.id, version: 1 });
    const mid = await counts();
    expect(dataOf(await t.gql(DELETE, { i: { id: c.id, version: 2, reason: '重复签约' } }, town.headers)).deleteFamilyDoctorContract.contract).toEqual({ id: c.id, version: 2 });
    // The contract and its remaining follow-up go, each with an audit row carrying the reason.
    expect(await counts()).toEqual({ contracts: mid.contracts - 1, follow_ups: mid.follow_ups - 1, audits: mid.audits + 2 });
  });

  it('priorityPatientsWithoutContract: members with a chronic or serious illness in the registry and no contract running on the day', async () => {
    const v = R.villageOfSiblingTown;
    const hh = await createHousehold(t, district, householdInput(v, {
      members: [
        member({ name: '郑甲', joinedOn: '2014-01-01', health: ['CHRONIC_ILLNESS'] }),
        member({ name: '郑乙', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1979-01-01', joinedOn: '2014-01-01', health: ['SERIOUS_ILLNESS', 'DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 2 }),
        member({ name: '郑丙', relation: 'SON', birthDate: '2000-01-01', joinedOn: '2014-01-01' }),
      ],
    }));
    const idOf = (name: string) => hh.members.find((m) => m.name === name)!.id;
    const q = async (vars: Json, who = district) => dataOf(await t.gql(PATIENTS, vars, who.headers)).priorityPatientsWithoutContract;
    const before = await q({ on: '2018-06-01', r: v, first: 50 });
    expect(before.edges.map((e: Json) => e.node)).toEqual([
      { memberId: idOf('郑乙'), name: '郑乙', householdId: hh.id, regionCode: v, healthConditions: ['SERIOUS_ILLNESS', 'DISABLED'] },
      { memberId: idOf('郑甲'), name: '郑甲', householdId: hh.id, regionCode: v, healthConditions: ['CHRONIC_ILLNESS'] },
    ]);
    expect(before.parametersUsed).toEqual([{ key: 'health.family_doctor', configured: true, status: 'VERIFIED' }]);
    const page1 = await q({ on: '2018-06-01', r: v, first: 1 });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect((await q({ on: '2018-06-01', r: v, first: 5, after: page1.pageInfo.endCursor })).edges.map((e: Json) => e.node.name)).toEqual(['郑甲']);

    await create(district, { memberId: idOf('郑甲'), startsOn: '2018-01-01', endsOn: '2018-12-31' });
    expect((await q({ on: '2018-06-01', r: v, first: 50 })).edges.map((e: Json) => e.node.name)).toEqual(['郑乙']);
    // After the contract ended the patient is listed again.
    expect((await q({ on: '2019-06-01', r: v, first: 50 })).edges.map((e: Json) => e.node.name)).toEqual(['郑乙', '郑甲']);
    expect((await q({ on: '2018-06-01', first: 50 }, village)).edges.map((e: Json) => e.node.householdId)).not.toContain(hh.id);
  });

  describe('region × role × sector matrix', () => {
    let seq = 0;
    const newContract = async (region: string, sector?: Sector): Promise<string> => {
      seq += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO family_doctor_contracts (member_id, household_id, doctor, clinic, starts_on, ends_on, region_code, sector) VALUES ($1, $2, '矩阵', '矩阵', $3, $3, $4, $5) RETURNING id`,
        [head, h.id, `${3000 + seq}-01-01`, region, sector ?? 'health'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const stale = (res: { body: unknown }) => JSON.stringify(res.body).includes('VERSION_MISMATCH');
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.familyDoctorContract', missingId: MISSING, sector: { access: 'read' }, target: newContract, run: (c, id) => t.gql(GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.familyDoctorContract?.id }, READERS],
      [{ name: 'Mutation.updateFamilyDoctorContract', missingId: MISSING, sector: { access: 'write' }, target: newContract, run: (c, id) => t.gql(UPDATE, { i: { id, version: 2, doctor: '改' } }, c.headers), reached: stale }, WRITERS],
      [{ name: 'Mutation.deleteFamilyDoctorContract', missingId: MISSING, sector: { access: 'write' }, target: newContract, run: (c, id) => t.gql(DELETE, { i: { id, version: 2, reason: '矩阵' } }, c.headers), reached: stale }, WRITERS],
      [{ name: 'Mutation.recordFollowUp', missingId: MISSING, sector: { access: 'write' }, target: newContract, run: (c, id) => t.gql(FOLLOW, { i: { contractId: id, followedOn: '2018-01-01', note: '矩阵' } }, c.headers), reached: (res) => JSON.stringify(res.body).includes('FOLLOW_UP_OUTSIDE_CONTRACT') }, WRITERS],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
