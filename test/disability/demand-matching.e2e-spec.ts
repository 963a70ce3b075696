import { Role, Sector } from '../../src/common/access/permissions';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { createHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const NEED = `id householdId memberId kind description recordedOn status regionCode version`;
const CREATE_NEED = `mutation($i: CreateAssistanceNeedInput!) { createAssistanceNeed(input: $i) { ${NEED} } }`;
const UPDATE_NEED = `mutation($i: UpdateAssistanceNeedInput!) { updateAssistanceNeed(input: $i) { ${NEED} } }`;
const PROVIDER = `id name kind offers offering active regionCode version`;
const CREATE_PROVIDER = `mutation($i: CreateAssistanceProviderInput!) { createAssistanceProvider(input: $i) { ${PROVIDER} } }`;
const UPDATE_PROVIDER = `mutation($i: UpdateAssistanceProviderInput!) { updateAssistanceProvider(input: $i) { ${PROVIDER} } }`;
const MATCH = `id needId providerId stage proposedOn acceptedOn closedOn outcome regionCode version`;
const CREATE_MATCH = `mutation($i: CreateAssistanceMatchInput!) { createAssistanceMatch(input: $i) { ${MATCH} } }`;
const ADVANCE = `mutation($i: AdvanceAssistanceMatchInput!) { advanceAssistanceMatch(input: $i) { match { ${MATCH} } need { ${NEED} } } }`;
const OPEN = `query($r: String, $k: AssistanceNeedKind) { openAssistanceNeedsWithoutMatch(regionCode: $r, kind: $k, first: 50) { totalCount edges { node { id description } } } }`;

/** The social-assistance network (§21, issue #18 part 3): needs per household, providers, matches. */
describe('disability: demand matching (社会救助供需对接, issue #18 part 3)', () => {
  let t: TestApp;
  let district: SignedIn;
  let civil: SignedIn;
  let federation: SignedIn;
  let h1: { id: string; members: { id: string; name: string }[] };
  let h2: { id: string; members: { id: string; name: string }[] };
  const needs: Record<string, Json> = {};
  const providers: Record<string, Json> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    civil = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.CIVIL_AFFAIRS });
    federation = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.DISABLED_FEDERATION });
    h1 = await createHousehold(t, district, householdInput(R.village, { members: [member({ name: '需甲', joinedOn: '2014-01-01' }), member({ name: '需乙', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09', joinedOn: '2014-01-01' })] }));
    h2 = await createHousehold(t, district, householdInput(R.villageSameTown));
  });
  afterAll(() => t?.close());

  it('records needs per household (civil affairs only); bad input is coded and writes nothing', async () => {
    const make = async (vars: Json, who = civil) => t.gql(CREATE_NEED, { i: { kind: 'CARE', description: '独居老人日间照料', recordedOn: '2018-03-01', ...vars } }, who.headers);
    needs.care = dataOf(await make({ householdId: h1.id, memberId: h1.members[0].id })).createAssistanceNeed;
    expect(needs.care).toMatchObject({ householdId: h1.id, memberId: h1.members[0].id, kind: 'CARE', status: 'OPEN', regionCode: R.village, version: 1 });
    needs.housing = dataOf(await make({ householdId: h2.id, kind: 'HOUSING', description: '危房改造' })).createAssistanceNeed;
    needs.medical = dataOf(await make({ householdId: h1.id, kind: 'MEDICAL', description: '慢病随访' })).createAssistanceNeed;

    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM assistance_needs`);
    expect(errorOf(await make({ householdId: h1.id, memberId: h2.members[0].id }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NEED_MEMBER_NOT_IN_HOUSEHOLD', field: 'input.memberId' });
    expect(errorOf(await make({ householdId: h1.id, recordedOn: '2999-01-01' }))).toMatchObject({ reason: 'DATE_IN_FUTURE', field: 'input.recordedOn' });
    expect(errorOf(await make({ householdId: h1.id, description: '  ' }))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.description' });
    expect(errorOf(await make({ householdId: h1.id }, federation))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.householdId' });
    expect(errorOf(await make({ householdId: h1.id }, district))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM assistance_needs`)).toEqual(before);

    // Withdraw and reopen; MET only comes from a delivered match; a stale version is a CONFLICT.
    const withdrawn = dataOf(await t.gql(UPDATE_NEED, { i: { id: needs.medical.id, version: 1, status: 'WITHDRAWN' } }, civil.headers)).updateAssistanceNeed;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', version: 2 });
    expect(errorOf(await t.gql(UPDATE_NEED, { i: { id: needs.medical.id, version: 2, status: 'MET' } }, civil.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.status' });
    expect(errorOf(await t.gql(UPDATE_NEED, { i: { id: needs.medical.id, version: 1, description: 'x' } }, civil.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type = 'AssistanceNeed' ORDER BY seq`)).toEqual([
      ...Array(3).fill({ operation: 'disability.createAssistanceNeed' }),
      { operation: 'disability.updateAssistanceNeed' },
    ]);
  });

  it('records providers with what they offer and the region they serve', async () => {
    const make = async (vars: Json) => t.gql(CREATE_PROVIDER, { i: { name: '峡窝镇敬老院', kind: 'UNIT', offers: ['CARE', 'MEDICAL'], offering: '日间照料、上门护理', regionCode: R.town, ...vars } }, civil.headers);
    providers.town = dataOf(await make({})).createAssistanceProvider;
    expect(providers.town).toMatchObject({ kind: 'UNIT', offers: ['CARE', 'MEDICAL'], active: true, regionCode: R.town, version: 1 });
    providers.sibling = dataOf(await make({ name: '济源路志愿队', kind: 'VOLUNTEER', regionCode: R.siblingTown })).createAssistanceProvider;
    providers.builder = dataOf(await make({ name: '上街建筑公司', kind: 'ENTERPRISE', offers: ['HOUSING'], offering: '危房改造', regionCode: R.district })).createAssistanceProvider;
    expect(errorOf(await make({ regionCode: '410106100299' }))).toMatchObject({ code: 'NOT_FOUND', reason: 'REGION_NOT_FOUND', field: 'input.regionCode' });
    expect(errorOf(await make({ regionCode: R.otherDistrict }))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
    expect(errorOf(await make({ offers: [] }))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.offers' });
    const list = dataOf(await t.gql(`query { assistanceProviders(offers: CARE, first: 10) { totalCount edges { node { name } } } }`, {}, district.headers)).assistanceProviders;
    expect(list.edges.map((e: Json) => e.node.name).sort()).toEqual(['峡窝镇敬老院', '济源路志愿队'].sort());
  });

  it("matches a need with a provider serving its village and offering its kind: proposed → accepted → delivered (the need is met) or declined; the open needs without a match", async () => {
    const open = async () => dataOf(await t.gql(OPEN, { r: R.town }, district.headers)).openAssistanceNeedsWithoutMatch.edges.map((e: Json) => e.node.description).sort();
    expect(await open()).toEqual(['危房改造', '独居老人日间照料'].sort());
    const propose = async (needId: string, providerId: string, proposedOn = '2018-03-05') => t.gql(CREATE_MATCH, { i: { needId, providerId, proposedOn } }, civil.headers);
    expect(errorOf(await propose(needs.care.id, providers.sibling.id))).toMatchObject({ reason: 'PROVIDER_NOT_SERVING_REGION', field: 'input.providerId' });
    expect(errorOf(await propose(needs.housing.id, providers.town.id))).toMatchObject({ reason: 'PROVIDER_KIND_NOT_OFFERED', field: 'input.providerId' });
    expect(errorOf(await propose(needs.care.id, providers.town.id, '2018-02-01'))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.proposedOn' });
    expect(errorOf(await propose(needs.medical.id, providers.town.id))).toMatchObject({ code: 'CONFLICT', reason: 'NEED_NOT_OPEN', field: 'input.needId' });
    const m1 = dataOf(await propose(needs.care.id, providers.town.id)).createAssistanceMatch;
    expect(m1).toMatchObject({ stage: 'PROPOSED', proposedOn: '2018-03-05', regionCode: R.village, version: 1 });
    expect(errorOf(await propose(needs.care.id, providers.town.id))).toMatchObject({ code: 'CONFLICT', reason: 'MATCH_DUPLICATE' });
    const m2 = dataOf(await propose(needs.housing.id, providers.builder.id)).createAssistanceMatch;
    expect(await open()).toEqual([]);

    const step = async (id: string, version: number, action: string, vars: Json = {}) => t.gql(ADVANCE, { i: { id, version, action, on: '2018-03-10', ...vars } }, civil.headers);
    expect(errorOf(await step(m1.id, 1, 'DELIVER', { outcome: '已安排' }))).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    const accepted = dataOf(await step(m1.id, 1, 'ACCEPT')).advanceAssistanceMatch;
    expect(accepted.match).toMatchObject({ stage: 'ACCEPTED', acceptedOn: '2018-03-10', version: 2 });
    expect(errorOf(await step(m1.id, 2, 'DELIVER'))).toMatchObject({ reason: 'STEP_INPUT_REQUIRED', field: 'input.outcome' });
    expect(errorOf(await step(m1.id, 2, 'DELIVER', { outcome: '每周三次上门', on: '2018-03-09' }))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.on' });
    const delivered = dataOf(await step(m1.id, 2, 'DELIVER', { outcome: '每周三次上门', on: '2018-04-01' })).advanceAssistanceMatch;
    expect(delivered.match).toMatchObject({ stage: 'DELIVERED', closedOn: '2018-04-01', outcome: '每周三次上门', version: 3 });
    expect(delivered.need).toMatchObject({ id: needs.care.id, status: 'MET', version: 2 });
    // Declined: the housing need is open without a live match again.
    expect(dataOf(await step(m2.id, 1, 'DECLINE', { outcome: '户主不同意' })).advanceAssistanceMatch.match).toMatchObject({ stage: 'DECLINED', outcome: '户主不同意' });
    expect(await open()).toEqual(['危房改造']);
    expect(errorOf(await propose(needs.care.id, providers.town.id))).toMatchObject({ reason: 'NEED_NOT_OPEN' });
    expect(await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type = 'AssistanceMatch' ORDER BY seq`)).toEqual(
      ['createAssistanceMatch', 'createAssistanceMatch', 'acceptAssistanceMatch', 'deliverAssistanceMatch', 'declineAssistanceMatch'].map((o) => ({ operation: `disability.${o}` })),
    );
    const listed = dataOf(await t.gql(`query($n: ID) { assistanceMatches(needId: $n, first: 5) { totalCount } }`, { n: needs.care.id }, district.headers)).assistanceMatches;
    expect(listed.totalCount).toBe(1);
  });

  it('region × role × sector matrix: the id-taking operations (civil affairs)', async () => {
    const MISSING = '00000000-0000-4000-8000-000000000000';
    let n = 0;
    const needAt = async (region: string): Promise<string> => {
      const [row] = await t.dataSource.query(`INSERT INTO assistance_needs (household_id, kind, description, recorded_on, region_code, sector) VALUES ($1, 'CARE', '矩阵', '2018-01-01', $2, 'civil_affairs') RETURNING id`, [h1.id, region]);
      return row.id as string;
    };
    const providerAt = async (region: string): Promise<string> => {
      n += 1;
      const [row] = await t.dataSource.query(`INSERT INTO assistance_providers (name, kind, offers, offering, region_code, sector) VALUES ($1, 'UNIT', '{CARE}', '矩阵', $2, 'civil_affairs') RETURNING id`, [`矩阵${n}`, region]);
      return row.id as string;
    };
    const matchAt = async (region: string): Promise<string> => {
      const [row] = await t.dataSource.query(`INSERT INTO assistance_matches (need_id, provider_id, proposed_on, region_code, sector) VALUES ($1, $2, '2018-01-02', $3, 'civil_affairs') RETURNING id`, [await needAt(region), providers.town.id, region]);
      return row.id as string;
    };
    const hasReason = (reason: string) => (res: { body: unknown }) => JSON.stringify(res.body).includes(reason);
    const ops: MatrixOperation[] = [
      { name: 'Mutation.updateAssistanceNeed', missingId: MISSING, target: needAt, sectorOfficer: Sector.CIVIL_AFFAIRS, run: (c, id) => t.gql(UPDATE_NEED, { i: { id, version: 9, description: '矩阵' } }, c.headers), reached: hasReason('VERSION_MISMATCH') },
      { name: 'Mutation.updateAssistanceProvider', missingId: MISSING, target: providerAt, sectorOfficer: Sector.CIVIL_AFFAIRS, run: (c, id) => t.gql(UPDATE_PROVIDER, { i: { id, version: 9, name: '矩阵' } }, c.headers), reached: hasReason('VERSION_MISMATCH') },
      { name: 'Mutation.createAssistanceMatch', missingId: MISSING, target: needAt, sectorOfficer: Sector.CIVIL_AFFAIRS, run: (c, id) => t.gql(CREATE_MATCH, { i: { needId: id, providerId: MISSING } }, c.headers), reached: hasReason('ASSISTANCE_PROVIDER_NOT_FOUND') },
      { name: 'Mutation.advanceAssistanceMatch', missingId: MISSING, target: matchAt, sectorOfficer: Sector.CIVIL_AFFAIRS, run: (c, id) => t.gql(ADVANCE, { i: { id, version: 9, action: 'ACCEPT' } }, c.headers), reached: hasReason('VERSION_MISMATCH') },
    ];
    for (const op of ops) expect([op.name, await checkRegionMatrix(t, op, [Role.SECTOR_OFFICER])]).toEqual([op.name, []]);
  });
});
