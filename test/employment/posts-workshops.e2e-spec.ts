import { Role, Sector } from '../../src/common/access/permissions';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const POST = `id regionCode type name places monthlyPay fundingSource fundingAssetId startsOn endsOn closedOn closeReason sector holders vacancies version`;
const CREATE_POST = `mutation($i: CreatePublicWelfarePostInput!) { createPublicWelfarePost(input: $i) { post { ${POST} } } }`;
const UPDATE_POST = `mutation($i: UpdatePublicWelfarePostInput!) { updatePublicWelfarePost(input: $i) { post { ${POST} } } }`;
const CLOSE_POST = `mutation($i: ClosePublicWelfarePostInput!) { closePublicWelfarePost(input: $i) { post { ${POST} } } }`;
const GET_POST = `query($id: ID!, $asOf: LocalDate) { publicWelfarePost(id: $id, asOf: $asOf) { ${POST} } }`;
const POSTS = `query($y: Int!, $a: LocalDate, $r: String, $t: String, $v: Boolean) {
  publicWelfarePosts(year: $y, asOf: $a, regionCode: $r, type: $t, withVacancies: $v, first: 50) { totalCount edges { node { id name holders vacancies } } } }`;
const RECORD = `id memberId channel place { value } employerName startsOn endsOn monthsWorked monthlyIncome postId otherVillageReason eligibilityNote workshopId regionCode`;
const ASSIGN = `mutation($i: AssignPostHolderInput!) { assignPostHolder(input: $i) { employmentRecord { ${RECORD} } warnings { code field message } parametersUsed { key configured } } }`;
const UPDATE_RECORD = `mutation($i: UpdateEmploymentRecordInput!) { updateEmploymentRecord(input: $i) { employmentRecord { id startsOn channel version } } }`;
const OUTSIDE = `query($y: Int!, $r: String) { postHoldersOutsideEligibleGroup(year: $y, regionCode: $r, first: 50) {
  totalCount edges { node { record { id memberId eligibilityNote } member { id name } post { id } why } } } }`;
const WORKSHOP = `id entityId name regionCode capacity openedOn closedOn sector version`;
const CREATE_WORKSHOP = `mutation($i: CreatePovertyWorkshopInput!) { createPovertyWorkshop(input: $i) { workshop { ${WORKSHOP} } } }`;
const UPDATE_WORKSHOP = `mutation($i: UpdatePovertyWorkshopInput!) { updatePovertyWorkshop(input: $i) { workshop { ${WORKSHOP} } } }`;
const GET_WORKSHOP = `query($id: ID!) { povertyWorkshop(id: $id) { ${WORKSHOP} } }`;
const YEAR_FIELDS = `totalCount edges { node { workshop { id } year poorWorkers minimum { key configured value status } belowMinimum terms { key configured value status } } }`;
const WORKSHOPS = `query($y: Int!, $r: String) { workshops(year: $y, regionCode: $r, first: 50) { ${YEAR_FIELDS} } }`;
const BELOW = `query($y: Int!, $r: String) { workshopsBelowMinimum(year: $y, regionCode: $r, first: 50) { ${YEAR_FIELDS} } }`;
const CREATE_RECORD = `mutation($i: CreateEmploymentRecordInput!) { createEmploymentRecord(input: $i) { employmentRecord { ${RECORD} } } }`;
const CREATE_ENTITY = `mutation($i: CreateImplementingEntityInput!) { createImplementingEntity(input: $i) { implementingEntity { id name } } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('public-welfare posts (公益岗位) and poverty-alleviation workshops (扶贫车间), issue #16', () => {
  let t: TestApp;
  let district: SignedIn;
  let village: SignedIn;
  let hr: SignedIn;
  let education: SignedIn;
  let supervisor: SignedIn;
  let entity: Json;
  // Members of a household of R.village: weak labour, ordinary labour, and ordinary with a "三无" basis; one of R.villageSameTown (weak labour).
  let weak: string;
  let ordinary: string;
  let sanwu: string;
  let neighbour: string;
  let post: Json;
  let second: Json;

  const labour = (name: string, skill: string, extra: Json = {}) => member({ name, labourSkill: skill, joinedOn: '2014-01-01', ...extra });

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    hr = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HUMAN_RESOURCES });
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    const h = await createHousehold(t, district, householdInput(R.village, {
      members: [
        labour('周弱', 'WEAK_OR_PARTIAL'),
        labour('周强', 'ORDINARY', { relation: 'SON', birthDate: '1995-02-02' }),
        labour('周三', 'ORDINARY', { relation: 'SON', birthDate: '1997-02-02' }),
      ],
    }));
    await activate(t, h.id);
    [weak, ordinary, sanwu] = h.members.map((m) => m.id);
    const other = await createHousehold(t, district, householdInput(R.villageSameTown, { members: [labour('吴邻', 'WEAK_OR_PARTIAL')] }));
    await activate(t, other.id);
    neighbour = other.members[0].id;
    entity = dataOf(await t.gql(CREATE_ENTITY, { i: { type: '龙头企业', name: '北峡窝服装厂', creditCode: makeCreditCode('9', '3', '410106', 'PW000001'), legalRepresentative: '陈强', regionCode: R.village, listedOn: '2018-01-01' } }, district.headers))
      .createImplementingEntity.implementingEntity;
  });
  afterAll(() => t?.close());

  const postInput = (over: Json = {}): Json => ({
    regionCode: R.village, type: '保洁员 cleaning', name: '北峡窝村保洁员', places: 2, monthlyPay: '800.00', fundingSource: '村级光伏收益', startsOn: '2018-01-01', ...over,
  });
  const counts = async (): Promise<Json> =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM public_welfare_posts) AS posts, (SELECT count(*)::int FROM poverty_workshops) AS workshops,
      (SELECT count(*)::int FROM employment_records) AS records, (SELECT count(*)::int FROM audit_log) AS audits`))[0];
  const assign = (who: SignedIn, i: Json) => t.gql(ASSIGN, { i: { year: 2018, ...i } }, who.headers);

  it('creates posts (type listed, pay stated, audited, on the change feed) and refuses bad input naming the field, writing nothing', async () => {
    const before = await counts();
    const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(CREATE_POST, { i: postInput(over) }, who.headers));
    expect(await refused(village, { places: 0 })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'input.places' });
    expect(await refused(village, { monthlyPay: '-1.00' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.monthlyPay' });
    expect(await refused(village, { endsOn: '2017-12-31' })).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.endsOn' });
    expect(await refused(village, { type: '看门员' })).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.type' });
    // employment.pwp_types is stated for 2018 only: a post starting in 2019 has no list to check against.
    expect(await refused(village, { startsOn: '2019-01-01' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.type' });
    expect(await refused(village, { fundingAssetId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'PROJECT_ASSET_NOT_FOUND', field: 'input.fundingAssetId' });
    expect(await refused(village, { regionCode: R.villageSameTown })).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
    expect(await refused(education, {})).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
    expect(await refused(supervisor, {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);

    post = dataOf(await t.gql(CREATE_POST, { i: postInput() }, village.headers)).createPublicWelfarePost.post;
    expect(post).toMatchObject({ regionCode: R.village, type: '保洁员 cleaning', places: 2, monthlyPay: '800.00', fundingSource: '村级光伏收益', fundingAssetId: null, closedOn: null, sector: 'HUMAN_RESOURCES', holders: null, version: 1 });
    second = dataOf(await t.gql(CREATE_POST, { i: postInput({ type: '护林员 forest', name: '北峡窝村护林员', places: 2, monthlyPay: '600.00', fundingSource: '生态补偿' }) }, hr.headers)).createPublicWelfarePost.post;
    expect(await counts()).toMatchObject({ posts: before.posts + 2, audits: before.audits + 2 });
    expect(dataOf(await t.gql(GET_POST, { id: post.id }, supervisor.headers)).publicWelfarePost).toEqual({ ...post, holders: 0, vacancies: 2 });
    const feed = await t.dataSource.query(`SELECT operation, parts, region_code AS "regionCode" FROM change_feed WHERE root_type = 'PublicWelfarePost' AND root_id = $1`, [post.id]);
    expect(feed).toEqual([{ operation: 'CREATED', parts: ['post'], regionCode: R.village }]);
    // Corrections with the version read.
    expect(errorOf(await t.gql(UPDATE_POST, { i: { id: second.id, version: 7, places: 3 } }, district.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE_POST, { i: { id: second.id, version: 1, type: '看门员' } }, district.headers))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.type' });
    second = dataOf(await t.gql(UPDATE_POST, { i: { id: second.id, version: 1, name: '北峡窝村生态护林员' } }, district.headers)).updatePublicWelfarePost.post;
    expect(second).toMatchObject({ name: '北峡窝村生态护林员', places: 2, version: 2 });
  });

  it('assigns holders as employment records: eligible, a warning outside the group, another village only with a reason, full refused, every record rule still applies', async () => {
    const before = await counts();
    const first = dataOf(await assign(village, { postId: post.id, memberId: weak, startsOn: '2018-01-01', endsOn: '2018-12-31', monthsWorked: 12 })).assignPostHolder;
    expect(first.warnings).toEqual([]);
    // The checks read: the income ceiling (declared by the module, not configured: no check made) and the eligible group.
    expect(first.parametersUsed).toEqual([{ key: 'employment.monthly_income_ceiling', configured: false }, { key: 'employment.pwp_eligible', configured: true }]);
    expect(first.employmentRecord).toMatchObject({
      memberId: weak, channel: '公益岗', place: { value: 'WITHIN_TOWN' }, employerName: '北峡窝村保洁员', monthsWorked: 12, monthlyIncome: '800.00', postId: post.id, otherVillageReason: null, eligibilityNote: null, workshopId: null, regionCode: R.village,
    });
    const warned = dataOf(await assign(village, { postId: post.id, memberId: ordinary, startsOn: '2018-03-01', endsOn: '2018-06-30', monthsWorked: 4 })).assignPostHolder;
    expect(warned.warnings).toEqual([expect.objectContaining({ code: 'POST_HOLDER_OUTSIDE_ELIGIBLE_GROUP', field: 'input.memberId' })]);
    expect(await counts()).toMatchObject({ records: before.records + 2, audits: before.audits + 2 });

    const mid = await counts();
    const refused = async (who: SignedIn, i: Json) => errorOf(await assign(who, i));
    const neighbourIn = { postId: post.id, memberId: neighbour, startsOn: '2018-07-01', endsOn: '2018-12-31', monthsWorked: 6 };
    expect(await refused(district, neighbourIn)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'POST_HOLDER_OTHER_VILLAGE', field: 'input.memberId' });
    // The village officer cannot reach the neighbour at all.
    expect(await refused(village, { ...neighbourIn, otherVillageReason: '邻村就近' })).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    expect(await refused(village, { postId: post.id, memberId: sanwu, startsOn: '2018-01-01', monthsWorked: 13 })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.monthsWorked' });
    expect(await refused(village, { postId: MISSING, memberId: sanwu, startsOn: '2018-01-01', monthsWorked: 1 })).toMatchObject({ code: 'NOT_FOUND', reason: 'PUBLIC_WELFARE_POST_NOT_FOUND', field: 'input.postId' });
    expect(await refused(education, { postId: post.id, memberId: sanwu, startsOn: '2018-01-01', monthsWorked: 1 })).toMatchObject({ code: 'NOT_FOUND', reason: 'PUBLIC_WELFARE_POST_NOT_FOUND' });
    // The weak member holds the first post all year: a second post in those months overlaps (the record rules apply).
    expect(await refused(village, { postId: second.id, memberId: weak, startsOn: '2018-05-01', endsOn: '2018-05-31', monthsWorked: 1 })).toMatchObject({ reason: 'EMPLOYMENT_OVERLAP', field: 'input.startsOn' });
    expect(await refused(village, { postId: post.id, memberId: sanwu, startsOn: '2017-12-01', endsOn: '2017-12-31', monthsWorked: 1 })).toMatchObject({ reason: 'EMPLOYMENT_PERIOD_OUTSIDE_YEAR' });
    expect(await counts()).toEqual(mid);

    const accepted = dataOf(await assign(district, { ...neighbourIn, otherVillageReason: '邻村就近' })).assignPostHolder;
    expect(accepted.employmentRecord).toMatchObject({ memberId: neighbour, otherVillageReason: '邻村就近', regionCode: R.villageSameTown });
    expect(accepted.warnings).toEqual([]);
    // From July the weak member and the neighbour hold both places.
    const mid2 = await counts();
    expect(await refused(village, { postId: post.id, memberId: sanwu, startsOn: '2018-08-01', monthsWorked: 5 })).toMatchObject({ reason: 'POST_FULL', field: 'input.startsOn' });
    expect(await refused(village, { postId: post.id, memberId: sanwu, startsOn: '2018-02-01', endsOn: '2018-09-30', monthsWorked: 8 })).toMatchObject({ reason: 'POST_FULL', field: 'input.startsOn' });
    expect(await counts()).toEqual(mid2);
    // In January one place is free; a "三无" basis is kept on the record (still a warning, and listed with it).
    const noted = dataOf(await assign(village, { postId: post.id, memberId: sanwu, startsOn: '2018-01-01', endsOn: '2018-01-31', monthsWorked: 1, eligibilityNote: '三无人员：无法离乡' })).assignPostHolder;
    expect(noted.employmentRecord).toMatchObject({ eligibilityNote: '三无人员：无法离乡' });
    expect(noted.warnings.map((w: Json) => w.code)).toEqual(['POST_HOLDER_OUTSIDE_ELIGIBLE_GROUP']);

    const listed = dataOf(await t.gql(OUTSIDE, { y: 2018, r: R.village }, village.headers)).postHoldersOutsideEligibleGroup;
    expect(listed.totalCount).toBe(2);
    const byMember = new Map(listed.edges.map((e: Json) => [e.node.member.id, e.node]));
    expect(byMember.get(ordinary)).toMatchObject({ record: { eligibilityNote: null }, post: { id: post.id } });
    expect(byMember.get(sanwu)).toMatchObject({ record: { eligibilityNote: '三无人员：无法离乡' } });
    expect((byMember.get(sanwu) as Json).why).toContain('三无人员');

    // A holder's record, corrected, is checked against its post as an assignment is: full from March, the post's channel kept.
    const correct = async (i: Json) => errorOf(await t.gql(UPDATE_RECORD, { i: { id: accepted.employmentRecord.id, version: 1, ...i } }, district.headers));
    expect(await correct({ startsOn: '2018-02-15', monthsWorked: 6 })).toMatchObject({ reason: 'POST_FULL', field: 'input.startsOn' });
    expect(await correct({ channel: '就地吸纳' })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.channel' });
    const moved = dataOf(await t.gql(UPDATE_RECORD, { i: { id: accepted.employmentRecord.id, version: 1, startsOn: '2018-07-15', monthsWorked: 5 } }, district.headers)).updateEmploymentRecord.employmentRecord;
    expect(moved).toMatchObject({ startsOn: '2018-07-15', channel: '公益岗', version: 2 });
    expect(dataOf(await t.gql(OUTSIDE, { y: 2018, r: R.village }, await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown).then((s) => s.headers))).postHoldersOutsideEligibleGroup.totalCount).toBe(0);
  });

  it('lists posts with holders and vacancies (of the year, or on a day), by vacancy and type; closes a post, after which nobody starts', async () => {
    const list = async (who: SignedIn, v: Json) => dataOf(await t.gql(POSTS, { y: 2018, ...v }, who.headers)).publicWelfarePosts;
    const figures = (res: Json) => Object.fromEntries(res.edges.map((e: Json) => [e.node.id, [e.node.holders, e.node.vacancies]]));
    // The year: 4 holders of the first post (more than its places: no vacancy), none of the second.
    expect(figures(await list(village, {}))).toEqual({ [post.id]: [4, 0], [second.id]: [0, 2] });
    expect(figures(await list(village, { a: '2018-03-15' }))).toEqual({ [post.id]: [2, 0], [second.id]: [0, 2] });
    expect(figures(await list(village, { a: '2018-02-15', v: true }))).toEqual({ [post.id]: [1, 1], [second.id]: [0, 2] });
    expect(figures(await list(village, { v: false }))).toEqual({ [post.id]: [4, 0] });
    expect(figures(await list(district, { t: '护林员 forest', r: R.village }))).toEqual({ [second.id]: [0, 2] });
    expect((await list(village, { y: 2017 })).totalCount).toBe(0);
    expect((await list(await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown), {})).totalCount).toBe(0);
    // One post by id: its holders on a day (default today, long after 2018: none).
    const one = async (asOf?: string) => dataOf(await t.gql(GET_POST, { id: post.id, asOf }, village.headers)).publicWelfarePost;
    expect(await one('2018-03-15')).toMatchObject({ holders: 2, vacancies: 0 });
    expect(await one()).toMatchObject({ holders: 0, vacancies: 2 });

    // A correction must leave the holders fitting: places, and starts within the period; nothing written when refused.
    const fix = async (i: Json) => errorOf(await t.gql(UPDATE_POST, { i: { id: post.id, version: post.version, ...i } }, village.headers));
    expect(await fix({ places: 1 })).toMatchObject({ reason: 'POST_PLACES_BELOW_HOLDERS', field: 'input.places' });
    expect(await fix({ startsOn: '2018-02-01' })).toMatchObject({ reason: 'POST_HOLDERS_OUTSIDE_PERIOD', field: 'input.startsOn' });
    expect(await fix({ endsOn: '2018-06-30' })).toMatchObject({ reason: 'POST_HOLDERS_OUTSIDE_PERIOD', field: 'input.endsOn' });
    expect(await one('2018-03-15')).toMatchObject({ places: 2, startsOn: '2018-01-01', endsOn: null, version: post.version });

    expect(errorOf(await t.gql(CLOSE_POST, { i: { id: second.id, version: 2, closedOn: '2017-12-31', reason: '经费不足' } }, village.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.closedOn' });
    const closed = dataOf(await t.gql(CLOSE_POST, { i: { id: second.id, version: 2, closedOn: '2018-03-31', reason: '经费不足' } }, village.headers)).closePublicWelfarePost.post;
    expect(closed).toMatchObject({ closedOn: '2018-03-31', closeReason: '经费不足', version: 3 });
    const before = await counts();
    expect(errorOf(await assign(village, { postId: second.id, memberId: sanwu, startsOn: '2018-04-01', monthsWorked: 1 }))).toMatchObject({ reason: 'POST_CLOSED', field: 'input.startsOn' });
    expect(errorOf(await t.gql(CLOSE_POST, { i: { id: second.id, version: 3, closedOn: '2018-04-30', reason: '再次' } }, village.headers))).toMatchObject({ reason: 'POST_CLOSED' });
    expect(await counts()).toEqual(before);
    const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'PublicWelfarePost' AND entity_id = $1 ORDER BY seq`, [second.id]);
    expect(audits).toEqual([
      { operation: 'employment.createPublicWelfarePost', reason: null },
      { operation: 'employment.updatePublicWelfarePost', reason: null },
      { operation: 'employment.closePublicWelfarePost', reason: '经费不足' },
    ]);
  });

  it('workshops: workers are records naming the workshop (its channel), poor workers against the minimum; not configured: no verdict', async () => {
    const before = await counts();
    const wIn = (over: Json = {}) => ({ entityId: entity.id, name: '北峡窝扶贫车间', regionCode: R.village, capacity: 30, openedOn: '2018-01-01', ...over });
    expect(errorOf(await t.gql(CREATE_WORKSHOP, { i: wIn({ capacity: 0 }) }, village.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.capacity' });
    expect(errorOf(await t.gql(CREATE_WORKSHOP, { i: wIn({ entityId: MISSING }) }, village.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'IMPLEMENTING_ENTITY_NOT_FOUND', field: 'input.entityId' });
    expect(errorOf(await t.gql(CREATE_WORKSHOP, { i: wIn({ closedOn: '2017-01-01' }) }, village.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.closedOn' });
    expect(errorOf(await t.gql(CREATE_WORKSHOP, { i: wIn() }, education.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE' });
    expect(await counts()).toEqual(before);
    const w = dataOf(await t.gql(CREATE_WORKSHOP, { i: wIn() }, village.headers)).createPovertyWorkshop.workshop;
    expect(w).toMatchObject({ entityId: entity.id, regionCode: R.village, capacity: 30, closedOn: null, sector: 'HUMAN_RESOURCES', version: 1 });

    const hh = await createHousehold(t, district, householdInput(R.village, { members: [labour('郑一', 'ORDINARY'), labour('郑二', 'ORDINARY', { relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-01-01' }), labour('郑三', 'ORDINARY', { relation: 'SON', birthDate: '1996-01-01' })] }));
    await activate(t, hh.id);
    const candidate = await createHousehold(t, district, householdInput(R.village, { members: [labour('冯候选', 'ORDINARY')] }));
    const rec = (memberId: string, over: Json = {}) => ({ memberId, year: 2018, channel: '扶贫车间/代加工点', place: 'WITHIN_TOWN', workshopId: w.id, startsOn: '2018-01-01', endsOn: '2018-12-31', monthsWorked: 10, monthlyIncome: '1500.00', ...over });
    const mid = await counts();
    expect(errorOf(await t.gql(CREATE_RECORD, { i: rec(hh.members[0].id, { channel: '就地吸纳' }) }, village.headers))).toMatchObject({ reason: 'WORKSHOP_CHANNEL_REQUIRED', field: 'input.channel' });
    expect(errorOf(await t.gql(CREATE_RECORD, { i: rec(hh.members[0].id, { workshopId: MISSING }) }, village.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'WORKSHOP_NOT_FOUND', field: 'input.workshopId' });
    expect(await counts()).toEqual(mid);
    const made = dataOf(await t.gql(CREATE_RECORD, { i: rec(hh.members[0].id) }, village.headers)).createEmploymentRecord.employmentRecord;
    expect(made).toMatchObject({ workshopId: w.id, channel: '扶贫车间/代加工点' });
    await t.gql(CREATE_RECORD, { i: rec(hh.members[1].id) }, village.headers);
    // Not counted: months 0, a household not on the roll.
    await t.gql(CREATE_RECORD, { i: rec(hh.members[2].id, { monthsWorked: 0 }) }, village.headers);
    dataOf(await t.gql(CREATE_RECORD, { i: rec(candidate.members[0].id) }, district.headers));
    // 2019: one worker.
    await t.gql(CREATE_RECORD, { i: rec(hh.members[0].id, { year: 2019, startsOn: '2019-01-01', endsOn: '2019-06-30', monthsWorked: 6 }) }, village.headers);

    const y2018 = dataOf(await t.gql(WORKSHOPS, { y: 2018, r: R.village }, village.headers)).workshops;
    expect(y2018.totalCount).toBe(1);
    expect(y2018.edges[0].node).toMatchObject({
      workshop: { id: w.id }, year: 2018, poorWorkers: 2, belowMinimum: true,
      minimum: { key: 'employment.workshop_min_poor_workers', configured: true, value: '5', status: 'UNVERIFIED' },
      terms: { key: 'employment.workshop_terms', configured: true, status: 'UNVERIFIED' },
    });
    expect(y2018.edges[0].node.terms.value).toContain('award');
    expect(dataOf(await t.gql(BELOW, { y: 2018, r: R.village }, village.headers)).workshopsBelowMinimum.edges.map((e: Json) => e.node.workshop.id)).toEqual([w.id]);
    // employment.workshop_min_poor_workers is stated for 2018 only.
    const y2019 = dataOf(await t.gql(WORKSHOPS, { y: 2019, r: R.village }, village.headers)).workshops;
    expect(y2019.edges[0].node).toMatchObject({ poorWorkers: 1, belowMinimum: null, minimum: { configured: false, value: null } });
    expect(errorOf(await t.gql(BELOW, { y: 2019, r: R.village }, village.headers))).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'year' });
    expect(dataOf(await t.gql(WORKSHOPS, { y: 2018 }, await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown).then((s) => s.headers))).workshops.totalCount).toBe(0);

    expect(errorOf(await t.gql(UPDATE_WORKSHOP, { i: { id: w.id, version: 5, capacity: 40 } }, village.headers))).toMatchObject({ code: 'CONFLICT' });
    const closed = dataOf(await t.gql(UPDATE_WORKSHOP, { i: { id: w.id, version: 1, closedOn: '2019-12-31' } }, village.headers)).updatePovertyWorkshop.workshop;
    expect(closed).toMatchObject({ closedOn: '2019-12-31', version: 2 });
    expect(dataOf(await t.gql(WORKSHOPS, { y: 2020, r: R.village }, village.headers)).workshops.totalCount).toBe(0);
    // A job in a workshop starts while it is open.
    const late = rec(hh.members[1].id, { year: 2020, startsOn: '2020-01-01', endsOn: '2020-03-31', monthsWorked: 3 });
    expect(errorOf(await t.gql(CREATE_RECORD, { i: late }, village.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.startsOn' });
  });

  describe('region × role × sector matrix', () => {
    let seq = 0;
    const postTarget = async (region: string, sector?: Sector): Promise<string> => {
      seq += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO public_welfare_posts (region_code, type, name, places, monthly_pay, funding_source, starts_on, sector) VALUES ($1, '其他', $2, 5, '500.00', '财政', '2018-01-01', $3) RETURNING id`,
        [region, `矩阵岗位${seq}`, sector ?? 'human_resources'],
      );
      return row.id as string;
    };
    const workshopTarget = async (region: string, sector?: Sector): Promise<string> => {
      seq += 1;
      const [row] = await t.dataSource.query(
        `INSERT INTO poverty_workshops (entity_id, name, region_code, capacity, opened_on, sector) VALUES ($1, $2, $3, 5, '2018-01-01', $4) RETURNING id`,
        [entity.id, `矩阵车间${seq}`, region, sector ?? 'human_resources'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const data = (res: GqlResult, name: string): Json | undefined => (res.body.data as Json | undefined)?.[name];
    // assignPostHolder reads the post first: 13 months is refused only once the post is reached (nothing is written).
    const reachedPost = (res: GqlResult) => errorOf(res).reason === 'INVALID_VALUE';
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.publicWelfarePost', missingId: MISSING, sector: { access: 'read' }, target: postTarget, run: (c, id) => t.gql(GET_POST, { id }, c.headers), reached: (res) => !!data(res, 'publicWelfarePost')?.id }, READERS],
      [{ name: 'Mutation.updatePublicWelfarePost', missingId: MISSING, sector: { access: 'write' }, target: postTarget, run: (c, id) => t.gql(UPDATE_POST, { i: { id, version: 1, name: '改名' } }, c.headers), reached: (res) => !!data(res, 'updatePublicWelfarePost')?.post?.id }, WRITERS],
      [{ name: 'Mutation.closePublicWelfarePost', missingId: MISSING, sector: { access: 'write' }, target: postTarget, run: (c, id) => t.gql(CLOSE_POST, { i: { id, version: 1, closedOn: '2018-12-31', reason: '矩阵' } }, c.headers), reached: (res) => !!data(res, 'closePublicWelfarePost')?.post?.id }, WRITERS],
      [{
        name: 'Mutation.assignPostHolder', missingId: MISSING, sector: { access: 'write' }, target: postTarget,
        run: (c, id) => t.gql(ASSIGN, { i: { postId: id, memberId: weak, year: 2018, startsOn: '2018-01-01', monthsWorked: 13 } }, c.headers),
        reached: reachedPost,
      }, WRITERS],
      [{ name: 'Query.povertyWorkshop', missingId: MISSING, sector: { access: 'read' }, target: workshopTarget, run: (c, id) => t.gql(GET_WORKSHOP, { id }, c.headers), reached: (res) => !!data(res, 'povertyWorkshop')?.id }, READERS],
      [{ name: 'Mutation.updatePovertyWorkshop', missingId: MISSING, sector: { access: 'write' }, target: workshopTarget, run: (c, id) => t.gql(UPDATE_WORKSHOP, { i: { id, version: 1, capacity: 6 } }, c.headers), reached: (res) => !!data(res, 'updatePovertyWorkshop')?.workshop?.id }, WRITERS],
    ];
    // Signed in once for all six operations (none changes or signs out its caller): the file stays fast.
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
