import { Role, Sector } from '../../src/common/access/permissions';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, CreatedHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const RECORD = `id memberId householdId year channel place { value } employerEntityId employerName startsOn endsOn monthsWorked monthlyIncome overlapReason regionCode sector version`;
const CREATE = `mutation($i: CreateEmploymentRecordInput!) { createEmploymentRecord(input: $i) { employmentRecord { ${RECORD} } } }`;
const UPDATE = `mutation($i: UpdateEmploymentRecordInput!) { updateEmploymentRecord(input: $i) { employmentRecord { ${RECORD} } } }`;
const DELETE = `mutation($i: DeleteEmploymentRecordInput!) { deleteEmploymentRecord(input: $i) { employmentRecord { id version } } }`;
const GET = `query($id: ID!) { employmentRecord(id: $id) { ${RECORD} } }`;
const LIST = `query($m: ID, $h: ID, $y: Int, $c: String, $e: ID, $r: String, $first: Int, $after: String) {
  employmentRecords(memberId: $m, householdId: $h, year: $y, channel: $c, employerEntityId: $e, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
const MARK = `mutation($i: MarkNotSeekingWorkInput!) { markNotSeekingWork(input: $i) { mark { memberId reason markedOn version } } }`;
const CLEAR = `mutation($i: ClearNotSeekingWorkInput!) { clearNotSeekingWork(input: $i) { mark { memberId version } } }`;
const REGISTER = `query($y: Int!, $r: String, $s: LabourStatus, $h: ID, $first: Int, $after: String) {
  labourRegister(year: $y, regionCode: $r, status: $s, householdId: $h, first: $first, after: $after) {
    totalCount edges { node { member { id name labourSkill { value } } year status monthsWorked wageIncome stablyEmployed notSeekingReason registryMonthsWorked registryDisagrees } }
    pageInfo { hasNextPage endCursor } } }`;
const TARGETS = `query($y: Int!, $r: String) { employmentTargets(year: $y, regionCode: $r) {
  year regionCode exitedHouseholds exitedWithoutStableEmployment exitedWithoutLabour relocatedWithLabour relocatedWithoutEnterpriseOrPost
  labourMembers labourWithoutStatus stablyEmployedMembers parametersUsed { key configured value status } } }`;
const EXITED = `query($y: Int!, $r: String, $w: Boolean) { exitedHouseholdsWithoutStableEmployment(year: $y, regionCode: $r, withoutLabour: $w, first: 50) { totalCount edges { node { id } } } }`;
const RELOCATED = `query($y: Int!, $r: String) { relocatedHouseholdsWithoutEnterpriseOrPost(year: $y, regionCode: $r, first: 50) { totalCount edges { node { id } } } }`;
const COVERAGE = `query($y: Int!, $r: String) { linkageCoverage(year: $y, regionCode: $r) { households covered uncovered } }`;
const CREATE_ENTITY = `mutation($i: CreateImplementingEntityInput!) { createImplementingEntity(input: $i) { implementingEntity { id name } } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('employment ledger (就业扶贫, issue #16)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let hr: SignedIn;
  let education: SignedIn;
  let supervisor: SignedIn;
  let h: CreatedHousehold;
  let head: string;
  let spouse: string;
  let entity: Json;

  // Members on the roll since 2014 (a job of a year before a member joined is refused).
  const labour = (name: string, extra: Json = {}) => member({ name, labourSkill: 'ORDINARY', joinedOn: '2014-01-01', ...extra });

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    hr = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HUMAN_RESOURCES });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    h = await createHousehold(t, district, householdInput(R.village, {
      members: [labour('王建国'), labour('刘桂兰', { relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09' })],
    }));
    await activate(t, h.id);
    [head, spouse] = h.members.map((m) => m.id);
    const code = makeCreditCode('9', '3', '410106', 'EM000001');
    entity = dataOf(await t.gql(CREATE_ENTITY, { i: { type: '龙头企业', name: '上街食品加工厂', creditCode: code, legalRepresentative: '陈强', regionCode: R.village, listedOn: '2018-06-01' } }, district.headers))
      .createImplementingEntity.implementingEntity;
  });
  afterAll(() => t?.close());

  const input = (over: Json = {}): Json => ({
    memberId: head, year: 2018, channel: '劳务输出', place: 'OUTSIDE_PROVINCE', employerName: '深圳某电子厂',
    startsOn: '2018-03-01', endsOn: '2018-10-31', monthsWorked: 8, monthlyIncome: '3200.00', ...over,
  });
  const create = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createEmploymentRecord.employmentRecord;
  const counts = async (): Promise<Json> =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM employment_records) AS records, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'EmploymentRecord') AS audits`))[0];

  it('records a job of a member in a year with its audit row, and reads it back', async () => {
    const before = await counts();
    const e = await create(village);
    expect(e).toMatchObject({
      memberId: head, householdId: h.id, year: 2018, channel: '劳务输出', place: { value: 'OUTSIDE_PROVINCE' }, employerEntityId: null, employerName: '深圳某电子厂',
      startsOn: '2018-03-01', endsOn: '2018-10-31', monthsWorked: 8, monthlyIncome: '3200.00', overlapReason: null, regionCode: R.village, sector: 'HUMAN_RESOURCES', version: 1,
    });
    expect(await counts()).toEqual({ records: before.records + 1, audits: before.audits + 1 });
    expect(dataOf(await t.gql(GET, { id: e.id }, supervisor.headers)).employmentRecord).toEqual(e);
    expect(dataOf(await t.gql(GET, { id: e.id }, (await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown)).headers)).employmentRecord).toBeNull();
    // With an implementing entity as employer, its name is the employer's name unless one is given.
    const local = await create(hr, { memberId: spouse, channel: '就地吸纳', place: 'WITHIN_TOWN', employerName: null, employerEntityId: entity.id, startsOn: '2018-01-01', endsOn: null, monthsWorked: 12, monthlyIncome: '1800.00' });
    expect(local).toMatchObject({ employerEntityId: entity.id, employerName: '上街食品加工厂', endsOn: null, monthsWorked: 12 });
  });

  it('refuses bad input with a coded error naming the field, and writes nothing', async () => {
    const before = await counts();
    const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(CREATE, { i: input(over) }, who.headers));
    expect(await refused(village, { monthsWorked: 13 })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'input.monthsWorked' });
    expect(await refused(village, { endsOn: '2018-02-01' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', field: 'input.endsOn' });
    expect(await refused(village, { startsOn: '2019-02-01', endsOn: null, monthsWorked: 1 })).toMatchObject({ reason: 'EMPLOYMENT_PERIOD_OUTSIDE_YEAR', field: 'input.startsOn' });
    expect(await refused(village, { startsOn: '2018-06-01', monthsWorked: 7, overlapReason: '兼职' })).toMatchObject({ reason: 'EMPLOYMENT_MONTHS_OVER_PERIOD', field: 'input.monthsWorked' });
    expect(await refused(village, { monthlyIncome: '-5.00' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.monthlyIncome' });
    expect(await refused(village, { channel: '自己找的' })).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.channel' });
    // The head's March–October job is recorded: another job in those months needs a reason.
    expect(await refused(village, { startsOn: '2018-10-01', endsOn: '2018-12-31', monthsWorked: 3 })).toMatchObject({ reason: 'EMPLOYMENT_OVERLAP', field: 'input.startsOn' });
    expect(await refused(village, { employerEntityId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'IMPLEMENTING_ENTITY_NOT_FOUND', field: 'input.employerEntityId' });
    expect(await refused(village, { memberId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    expect(await refused(await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown), {})).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    // Another sector department does not keep the ledger; a supervisor writes nothing.
    expect(await refused(education, {})).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.memberId' });
    expect(await refused(supervisor, {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);
    // With a reason, two part-time jobs may overlap.
    expect(await create(village, { startsOn: '2018-10-01', endsOn: '2018-12-31', monthsWorked: 3, monthlyIncome: '800.00', channel: '就地吸纳', employerName: '村保洁', overlapReason: '周末兼职' })).toMatchObject({ overlapReason: '周末兼职' });
  });

  it("refuses a job of a member who had left the household before it started", async () => {
    const hh = await createHousehold(t, district, householdInput(R.village, { members: [labour('赵明'), labour('赵亮', { relation: 'SON', birthDate: '1995-02-02' })] }));
    await t.dataSource.query(`UPDATE members SET active = false, left_on = '2018-05-01', leave_reason = 'MOVED' WHERE id = $1`, [hh.members[1].id]);
    expect(errorOf(await t.gql(CREATE, { i: input({ memberId: hh.members[1].id, startsOn: '2018-06-01', endsOn: null, monthsWorked: 5 }) }, district.headers)))
      .toMatchObject({ reason: 'EMPLOYMENT_MEMBER_NOT_IN_HOUSEHOLD', field: 'input.memberId' });
    // Before leaving, the job is the household's.
    expect(await create(district, { memberId: hh.members[1].id, startsOn: '2018-01-01', endsOn: '2018-04-30', monthsWorked: 4 })).toMatchObject({ monthsWorked: 4 });
  });

  it('corrects a record with the version read (checked again), and deletes one with the reason', async () => {
    const e = await create(district, { memberId: spouse, year: 2019, startsOn: '2019-02-01', endsOn: '2019-07-31', monthsWorked: 6 });
    expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 9, monthsWorked: 5 } }, district.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 1, monthsWorked: 7 } }, district.headers))).toMatchObject({ reason: 'EMPLOYMENT_MONTHS_OVER_PERIOD' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 1, monthsWorked: 5 } }, education.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'EMPLOYMENT_RECORD_NOT_FOUND' });
    const u = dataOf(await t.gql(UPDATE, { i: { id: e.id, version: 1, monthsWorked: 5, monthlyIncome: '2500.50' } }, hr.headers)).updateEmploymentRecord.employmentRecord;
    expect(u).toMatchObject({ monthsWorked: 5, monthlyIncome: '2500.50', version: 2 });
    expect(errorOf(await t.gql(DELETE, { i: { id: e.id, version: 1, reason: '重复录入' } }, district.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(dataOf(await t.gql(DELETE, { i: { id: e.id, version: 2, reason: '重复录入' } }, district.headers)).deleteEmploymentRecord.employmentRecord).toEqual({ id: e.id, version: 2 });
    expect(dataOf(await t.gql(GET, { id: e.id }, district.headers)).employmentRecord).toBeNull();
    const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'EmploymentRecord' AND entity_id = $1 ORDER BY seq`, [e.id]);
    expect(audits).toEqual([
      { operation: 'employment.createEmploymentRecord', reason: null },
      { operation: 'employment.updateEmploymentRecord', reason: null },
      { operation: 'employment.deleteEmploymentRecord', reason: '重复录入' },
    ]);
  });

  it('lists records in scope by member, household, year, channel, employer and region, page by page', async () => {
    const list = async (who: SignedIn, v: Json) => dataOf(await t.gql(LIST, v, who.headers)).employmentRecords;
    const all = await list(district, { h: h.id, first: 50 });
    expect(all.totalCount).toBe(3);
    const page1 = await list(district, { h: h.id, first: 2 });
    const page2 = await list(district, { h: h.id, first: 50, after: page1.pageInfo.endCursor });
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect((await list(town, { h: h.id, first: 50 })).totalCount).toBe(3);
    expect((await list(district, { m: spouse, first: 50 })).totalCount).toBe(1);
    expect((await list(district, { h: h.id, c: '劳务输出', y: 2018, first: 50 })).totalCount).toBe(1);
    expect((await list(district, { e: entity.id, first: 50 })).totalCount).toBe(1);
    expect((await list(district, { h: h.id, y: 2017, first: 50 })).totalCount).toBe(0);
    expect((await list(district, { r: R.villageSameTown, first: 50 })).totalCount).toBe(0);
    expect((await list(await signIn(t, Role.TOWN_OFFICER, R.siblingTown), { h: h.id, first: 50 })).totalCount).toBe(0);
  });

  it("the labour register: current members with labour, each member's year by the records beside the registry", async () => {
    const register = async (who: SignedIn, v: Json) => dataOf(await t.gql(REGISTER, v, who.headers)).labourRegister;
    const mine = await register(village, { y: 2018, h: h.id, first: 50 });
    const byId = new Map(mine.edges.map((e: Json) => [e.node.member.id, e.node]));
    // Head: 8 months (2018-03–10) + 3 months part-time (10–12) = 11; spouse: 12 months at the processing plant.
    expect(byId.get(head)).toMatchObject({ status: 'STABLY_EMPLOYED', monthsWorked: 11, wageIncome: '28000.00', stablyEmployed: true, registryDisagrees: true });
    expect(byId.get(spouse)).toMatchObject({ status: 'STABLY_EMPLOYED', monthsWorked: 12, wageIncome: '21600.00', stablyEmployed: true });
    await t.dataSource.query(`UPDATE members SET months_worked = 11 WHERE id = $1`, [head]);
    expect((await register(village, { y: 2018, h: h.id, s: 'STABLY_EMPLOYED', first: 50 })).edges.find((e: Json) => e.node.member.id === head).node).toMatchObject({ registryMonthsWorked: 11, registryDisagrees: false });

    // A new household: one member without work, one marked as not seeking work, one without labour (not on the register).
    const hh = await createHousehold(t, district, householdInput(R.village, {
      members: [labour('孙力'), labour('孙梅', { relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1975-01-01' }), member({ name: '孙奶奶', relation: 'MOTHER', sex: 'FEMALE', birthDate: '1940-01-01', labourSkill: 'LOST' })],
    }));
    const idOf = (name: string) => hh.members.find((m) => m.name === name)!.id;
    const [sun, mei] = [idOf('孙力'), idOf('孙梅')];
    const marked = dataOf(await t.gql(MARK, { i: { memberId: mei, reason: '照顾卧床老人', markedOn: '2018-03-01' } }, village.headers)).markNotSeekingWork.mark;
    expect(marked).toMatchObject({ memberId: mei, reason: '照顾卧床老人', version: 1 });
    const theirs = await register(village, { y: 2018, h: hh.id, first: 50 });
    expect(theirs.totalCount).toBe(2);
    expect(theirs.edges.map((e: Json) => [e.node.member.id, e.node.status]).sort()).toEqual([[mei, 'NOT_SEEKING_WORK'], [sun, 'WITHOUT_STATUS']].sort());
    expect((await register(village, { y: 2018, h: hh.id, s: 'WITHOUT_STATUS', first: 50 })).edges.map((e: Json) => e.node.member.id)).toEqual([sun]);
    expect(errorOf(await t.gql(CLEAR, { i: { memberId: mei, version: 2 } }, village.headers))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await t.gql(MARK, { i: { memberId: mei, reason: 'x', markedOn: '2018-03-01' } }, education.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE' });
    dataOf(await t.gql(CLEAR, { i: { memberId: mei, version: 1 } }, village.headers));
    expect((await register(village, { y: 2018, h: hh.id, s: 'WITHOUT_STATUS', first: 50 })).totalCount).toBe(2);
    expect(errorOf(await t.gql(CLEAR, { i: { memberId: mei, version: 1 } }, village.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_SEEKING_MARK_NOT_FOUND' });
    // A member who dies leaves the register.
    await t.dataSource.query(`UPDATE members SET active = false, died_on = '2018-09-01', left_on = '2018-09-01', leave_reason = 'DEATH' WHERE id = $1`, [sun]);
    expect((await register(village, { y: 2018, h: hh.id, first: 50 })).edges.map((e: Json) => e.node.member.id)).toEqual([mei]);
    // Stable employment is stated for 2018 only (seed): 2019 has no verdict, and a list by it says "not configured".
    expect((await register(village, { y: 2019, h: h.id, first: 50 })).edges.every((e: Json) => e.node.stablyEmployed === null)).toBe(true);
    expect(errorOf(await t.gql(REGISTER, { y: 2019, s: 'STABLY_EMPLOYED', first: 5 }, village.headers))).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'year' });
  });

  it("the records against the registry: a household's wage income and members' months, and the households where they disagree", async () => {
    const INCOME = `query($h: ID!, $y: Int!) { householdEmploymentIncome(householdId: $h, year: $y) {
      householdId year registryRecorded registryWages employmentWages members { memberId registryMonthsWorked monthsWorked } disagreements } }`;
    const LISTED = `query($y: Int!, $r: String) { employmentRegistryDisagreements(year: $y, regionCode: $r, first: 50) { totalCount edges { node { householdId disagreements } } } }`;
    const income = async () => dataOf(await t.gql(INCOME, { h: h.id, y: 2018 }, village.headers)).householdEmploymentIncome;
    const listed = async () => dataOf(await t.gql(LISTED, { y: 2018, r: R.village }, village.headers)).employmentRegistryDisagreements.edges.find((e: Json) => e.node.householdId === h.id)?.node;
    // The records earned 8 × 3,200 + 3 × 800 (head) + 12 × 1,800 (spouse) = 49,600; the registry has no income of 2018, and the spouse's months are empty.
    expect(await income()).toEqual({
      householdId: h.id, year: 2018, registryRecorded: false, registryWages: '0.00', employmentWages: '49600.00',
      members: [{ memberId: head, registryMonthsWorked: 11, monthsWorked: 11 }, { memberId: spouse, registryMonthsWorked: null, monthsWorked: 12 }],
      disagreements: ['WAGES', 'MONTHS'],
    });
    expect(await listed()).toEqual({ householdId: h.id, disagreements: ['WAGES', 'MONTHS'] });
    // The registry corrected: wages at least what the records earned (other wage income may add to it), months as the records say.
    await t.dataSource.query(`INSERT INTO household_incomes (household_id, region_code, year, wages) SELECT id, region_code, 2018, '50000.00' FROM households WHERE id = $1`, [h.id]);
    await t.dataSource.query(`UPDATE members SET months_worked = 12 WHERE id = $1`, [spouse]);
    expect(await income()).toMatchObject({ registryRecorded: true, registryWages: '50000.00', disagreements: [] });
    expect(await listed()).toBeUndefined();
    expect(errorOf(await t.gql(INCOME, { h: h.id, y: 2018 }, (await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown)).headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'HOUSEHOLD_NOT_FOUND', field: 'householdId' });
  });

  it("the plan's targets from the records: exited households without stable employment (those without labour apart), relocated households without an enterprise or post, coverage", async () => {
    const v = R.villageOfSiblingTown;
    const far = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    const mk = async (members: Json[], status: string, relocated = false) => {
      const hh = await createHousehold(t, district, householdInput(v, { members }));
      await activate(t, hh.id, status);
      if (relocated) await t.dataSource.query(`UPDATE households SET relocated = true WHERE id = $1`, [hh.id]);
      return hh;
    };
    const stable = await mk([labour('甲')], 'EXITED');
    const short = await mk([labour('乙')], 'EXITED');
    const noLabour = await mk([member({ name: '丙', birthDate: '1940-01-01', labourSkill: 'LOST' })], 'EXITED');
    const relocatedPost = await mk([labour('丁')], 'NOT_EXITED', true);
    const relocatedNone = await mk([labour('戊')], 'NOT_EXITED', true);
    await create(district, { memberId: stable.members[0].id, startsOn: '2018-01-01', endsOn: '2018-12-31', monthsWorked: 7 });
    await create(district, { memberId: short.members[0].id, startsOn: '2018-01-01', endsOn: '2018-12-31', monthsWorked: 5, employerName: null, channel: '居家灵活' });
    await create(district, { memberId: relocatedPost.members[0].id, channel: '公益岗', place: 'WITHIN_TOWN', employerName: null, startsOn: '2018-01-01', endsOn: null, monthsWorked: 12, monthlyIncome: '500.00' });

    const targets = dataOf(await t.gql(TARGETS, { y: 2018, r: v }, far.headers)).employmentTargets;
    expect(targets).toMatchObject({
      year: 2018, regionCode: v, exitedHouseholds: 3, exitedWithoutStableEmployment: 1, exitedWithoutLabour: 1,
      relocatedWithLabour: 2, relocatedWithoutEnterpriseOrPost: 1, labourMembers: 4, labourWithoutStatus: 1, stablyEmployedMembers: 2,
    });
    expect(targets.parametersUsed).toEqual(expect.arrayContaining([
      expect.objectContaining({ key: 'employment.stable_min_months', configured: true, value: '6', status: 'UNVERIFIED' }),
      expect.objectContaining({ key: 'target.exited_hh_stable_employment', configured: true, value: '1' }),
    ]));
    const ids = (res: GqlResult, name: string) => dataOf(res)[name].edges.map((e: Json) => e.node.id);
    expect(ids(await t.gql(EXITED, { y: 2018, r: v }, far.headers), 'exitedHouseholdsWithoutStableEmployment')).toEqual([short.id]);
    expect(ids(await t.gql(EXITED, { y: 2018, r: v, w: true }, far.headers), 'exitedHouseholdsWithoutStableEmployment')).toEqual([noLabour.id]);
    expect(ids(await t.gql(RELOCATED, { y: 2018, r: v }, far.headers), 'relocatedHouseholdsWithoutEnterpriseOrPost')).toEqual([relocatedNone.id]);
    // Coverage reads the records: the three households with a job in 2018 are covered, the other two not.
    expect(dataOf(await t.gql(COVERAGE, { y: 2018, r: v }, far.headers)).linkageCoverage).toEqual({ households: 5, covered: 3, uncovered: 2 });
    // 2019: stable employment and the targets are not configured: no verdict, and the list says so.
    expect(dataOf(await t.gql(TARGETS, { y: 2019, r: v }, far.headers)).employmentTargets).toMatchObject({ exitedWithoutStableEmployment: null, relocatedWithoutEnterpriseOrPost: null, stablyEmployedMembers: null, exitedWithoutLabour: 1 });
    expect(errorOf(await t.gql(EXITED, { y: 2019, r: v }, far.headers))).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'year' });
    // Outside the caller's region nothing is counted.
    expect(dataOf(await t.gql(TARGETS, { y: 2018, r: v }, village.headers)).employmentTargets).toMatchObject({ exitedHouseholds: 0, labourMembers: 0 });
  });

  it('publishes records on the change feed (root EmploymentRecord, part record), deletions too', async () => {
    const e = await create(district, { memberId: spouse, year: 2020, startsOn: '2020-01-01', endsOn: '2020-06-30', monthsWorked: 6 });
    await t.gql(DELETE, { i: { id: e.id, version: 1, reason: '测试' } }, district.headers);
    const rows = await t.dataSource.query(`SELECT operation, parts, region_code AS "regionCode" FROM change_feed WHERE root_type = 'EmploymentRecord' AND root_id = $1 ORDER BY position`, [e.id]);
    expect(rows).toEqual([
      { operation: 'CREATED', parts: ['record'], regionCode: R.village },
      { operation: 'DELETED', parts: ['record'], regionCode: R.village },
    ]);
  });

  it('income negative is refused; above employment.monthly_income_ceiling (declared, not in RULES.md) a warning naming monthlyIncome; without a ceiling no warning, the check reported as not made', async () => {
    const WRITE = (op: string, type: string) => `mutation($i: ${type}!) { ${op}(input: $i) { employmentRecord { id monthlyIncome version } warnings { code field message } parametersUsed { key configured value status source scopeCode } } }`;
    const hh = await createHousehold(t, district, householdInput(R.village, { members: [labour('钱多')] }));
    await activate(t, hh.id);
    const who = hh.members[0].id;
    const write = async (op: string, type: string, i: Json) => dataOf(await t.gql(WRITE(op, type), { i }, village.headers))[op];
    const ceilingOf = (answer: Json) => answer.parametersUsed.find((p: Json) => p.key === 'employment.monthly_income_ceiling');

    // Negative income: a coded error naming the field, nothing written.
    expect(errorOf(await t.gql(CREATE, { i: input({ memberId: who, monthlyIncome: '-1.00' }) }, village.headers))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DECIMAL', field: 'input.monthlyIncome' });
    // Not configured (the declared row, as seeded): saved, no warning, and the answer says the ceiling was not in force.
    const unchecked = await write('createEmploymentRecord', 'CreateEmploymentRecordInput', input({ memberId: who, monthlyIncome: '90000.00' }));
    expect(unchecked.warnings).toEqual([]);
    expect(ceilingOf(unchecked)).toEqual({ key: 'employment.monthly_income_ceiling', configured: false, value: null, status: 'NOT_CONFIGURED', source: 'not in RULES.md; declared by the employment module', scopeCode: '' });

    // The district administrator enters a ceiling for the district from June 2018 through the ordinary mutation.
    const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
    const set = await t.gql(`mutation($input: SetParameterInput!) { setParameter(input: $input) { parameter { id value } } }`, {
      input: { key: 'employment.monthly_income_ceiling', regionCode: R.district, value: '20000', effectiveFrom: '2018-06-01', source: '区人社局测试', status: 'UNVERIFIED', reason: '收入上限' },
    }, admin.headers);
    expect(set.body.errors).toBeUndefined();

    // The ceiling in force at the record's start: none on 2018-03-01.
    const early = await write('updateEmploymentRecord', 'UpdateEmploymentRecordInput', { id: unchecked.employmentRecord.id, version: 1, monthlyIncome: '25000.00' });
    expect(early.warnings).toEqual([]);
    expect(ceilingOf(early)).toMatchObject({ configured: false });
    // Above it: saved with the warning; at it: no warning; the ceiling used is in the answer.
    const late = await write('createEmploymentRecord', 'CreateEmploymentRecordInput', input({ memberId: who, startsOn: '2018-11-01', endsOn: '2018-12-31', monthsWorked: 2, monthlyIncome: '25000.00' }));
    expect(late.employmentRecord).toMatchObject({ monthlyIncome: '25000.00', version: 1 });
    expect(late.warnings).toEqual([{ code: 'MONTHLY_INCOME_ABOVE_CEILING', field: 'input.monthlyIncome', message: expect.stringContaining('20000.00') }]);
    expect(ceilingOf(late)).toMatchObject({ configured: true, value: '20000.00', status: 'UNVERIFIED', scopeCode: R.district });
    expect(dataOf(await t.gql(GET, { id: late.employmentRecord.id }, village.headers)).employmentRecord).toMatchObject({ monthlyIncome: '25000.00' });
    const atCeiling = await write('updateEmploymentRecord', 'UpdateEmploymentRecordInput', { id: late.employmentRecord.id, version: 1, monthlyIncome: '20000.00' });
    expect(atCeiling.warnings).toEqual([]);
    const created = await write('createEmploymentRecord', 'CreateEmploymentRecordInput', input({ memberId: who, year: 2019, startsOn: '2019-01-01', endsOn: '2019-03-31', monthsWorked: 3, monthlyIncome: '20000.01' }));
    expect(created.warnings.map((w: Json) => [w.code, w.field])).toEqual([['MONTHLY_INCOME_ABOVE_CEILING', 'input.monthlyIncome']]);
    // The district's value withdrawn: the national row answers "not configured" again, and no check is made.
    const retired = await t.gql(`mutation($input: RetireParameterInput!) { retireParameter(input: $input) { retired { id } } }`, { input: { id: dataOf(set).setParameter.parameter.id, reason: '撤回' } }, admin.headers);
    expect(retired.body.errors).toBeUndefined();
    expect((await write('updateEmploymentRecord', 'UpdateEmploymentRecordInput', { id: created.employmentRecord.id, version: 1, monthlyIncome: '30000.00' })).warnings).toEqual([]);
  });

  it('联系方式: the contact phone is stored encrypted, answered masked, revealed in full only with personalData.unmask and a reason (audited masked), checked as a phone', async () => {
    const REVEAL = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: EMPLOYMENT_RECORD_CONTACT_PHONE, id: $id, reason: $r }) { value } }`;
    const hh = await createHousehold(t, district, householdInput(R.village, { members: [labour('周联系')] }));
    await activate(t, hh.id);
    const who = hh.members[0].id;
    const before = await counts();
    expect(errorOf(await t.gql(CREATE, { i: input({ memberId: who, contactPhone: '12345' }) }, village.headers))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'input.contactPhone' });
    expect(errorOf(await t.gql(CREATE, { i: input({ memberId: who, contactPhone: '138****5678' }) }, village.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.contactPhone' });
    expect(await counts()).toEqual(before);

    const e = await create(village, { memberId: who, contactPhone: ' 13812345678 ' });
    const read = async (id: string, c = village) => dataOf(await t.gql(`query($id: ID!) { employmentRecord(id: $id) { contactPhone } }`, { id }, c.headers)).employmentRecord;
    expect(await read(e.id)).toEqual({ contactPhone: '138****5678' });
    expect(await read(e.id, supervisor)).toEqual({ contactPhone: '138****5678' });
    const [stored] = await t.dataSource.query(`SELECT contact_phone_enc FROM employment_records WHERE id = $1`, [e.id]);
    expect(stored.contact_phone_enc).toEqual(expect.any(String));
    expect(stored.contact_phone_enc).not.toContain('13812345678');
    const audit = async () => t.dataSource.query(`SELECT operation, reason, changes::text AS changes FROM audit_log WHERE entity_type = 'EmploymentRecord' AND entity_id = $1 ORDER BY seq`, [e.id]);
    expect((await audit()).map((a: Json) => a.changes).join()).not.toContain('13812345678');
    expect((await audit())[0].changes).toContain('138****5678');

    // Revealed in full with the reason, audited; without personalData.unmask, or outside the scope, not.
    expect(dataOf(await t.gql(REVEAL, { id: e.id, r: '回访务工人员' }, village.headers)).revealPersonalData.value).toBe('13812345678');
    expect((await audit()).find((a: Json) => a.operation === 'personalData.unmask')).toMatchObject({ reason: '回访务工人员', changes: expect.stringContaining('contactPhone') });
    expect(errorOf(await t.gql(REVEAL, { id: e.id, r: '..' }, village.headers))).toMatchObject({ reason: 'REASON_REQUIRED' });
    expect(errorOf(await t.gql(REVEAL, { id: e.id, r: '回访务工人员' }, supervisor.headers))).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(await t.gql(REVEAL, { id: e.id, r: '回访务工人员' }, (await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown)).headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'EMPLOYMENT_RECORD_NOT_FOUND' });

    // Corrected (a landline), kept when the update leaves it out, cleared with null.
    const upd = async (i: Json) => dataOf(await t.gql(`mutation($i: UpdateEmploymentRecordInput!) { updateEmploymentRecord(input: $i) { employmentRecord { version contactPhone } } }`, { i }, village.headers)).updateEmploymentRecord.employmentRecord;
    expect(await upd({ id: e.id, version: 1, contactPhone: '0371-68881234' })).toEqual({ version: 2, contactPhone: expect.stringMatching(/^037\*+1234$/) });
    expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 2, contactPhone: 'abc' } }, village.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.contactPhone' });
    expect(await upd({ id: e.id, version: 2, monthsWorked: 7 })).toMatchObject({ version: 3, contactPhone: expect.stringMatching(/^037\*+1234$/) });
    expect(await upd({ id: e.id, version: 3, contactPhone: null })).toEqual({ version: 4, contactPhone: null });
  });

  describe('region × role × sector matrix', () => {
    let seq = 0;
    // A record owned by the region (and sector), written directly on a member of the test household.
    const target = async (region: string, sector?: Sector): Promise<string> => {
      seq += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO employment_records (member_id, household_id, year, channel, place, starts_on, ends_on, months_worked, monthly_income, region_code, sector)
         VALUES ($1, $2, $3, '劳务输出', 'WITHIN_COUNTY', $4, $4, 1, '100.00', $5, $6) RETURNING id`,
        [head, h.id, 2100 + seq, `${2100 + seq}-05-01`, region, sector ?? 'human_resources'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const reached = (name: string) => (res: { body: { data?: unknown } }) => !!(res.body.data as Json | undefined)?.[name]?.employmentRecord?.id;
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.employmentRecord', missingId: MISSING, sector: { access: 'read' }, target, run: (c, id) => t.gql(GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.employmentRecord?.id }, READERS],
      [{ name: 'Mutation.updateEmploymentRecord', missingId: MISSING, sector: { access: 'write' }, target, run: (c, id) => t.gql(UPDATE, { i: { id, version: 1, monthlyIncome: '120.00' } }, c.headers), reached: reached('updateEmploymentRecord') }, WRITERS],
      [
        {
          name: 'Mutation.revealPersonalData(EMPLOYMENT_RECORD_CONTACT_PHONE)', missingId: MISSING, sector: { access: 'read' }, target,
          run: (c, id) => t.gql(`mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: EMPLOYMENT_RECORD_CONTACT_PHONE, id: $id, reason: $r }) { value } }`, { id, r: '矩阵测试查看电话' }, c.headers),
          reached: (res) => (res.body.data as Json | undefined)?.revealPersonalData !== undefined && !(res.body as Json).errors,
        },
        [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER],
      ],
      [{ name: 'Mutation.deleteEmploymentRecord', missingId: MISSING, sector: { access: 'write' }, target, run: (c, id) => t.gql(DELETE, { i: { id, version: 1, reason: '矩阵' } }, c.headers), reached: reached('deleteEmploymentRecord') }, WRITERS],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
