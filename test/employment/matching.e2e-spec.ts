import { Role, Sector } from '../../src/common/access/permissions';
import { todayInChina } from '../../src/common/dates/local-date';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { createHousehold, householdInput, member } from '../households/registry-fixtures';

type Json = Record<string, any>;

const OPENING = `id title employerEntityId employerName regionCode place { value } skills { value } monthlyPay places placesTaken openFrom openUntil channel closedOn closeReason sector version`;
const CREATE = `mutation($i: CreateJobOpeningInput!) { createJobOpening(input: $i) { jobOpening { ${OPENING} } } }`;
const UPDATE = `mutation($i: UpdateJobOpeningInput!) { updateJobOpening(input: $i) { jobOpening { ${OPENING} } } }`;
const CLOSE = `mutation($i: CloseJobOpeningInput!) { closeJobOpening(input: $i) { jobOpening { ${OPENING} } } }`;
const GET = `query($id: ID!) { jobOpening(id: $id) { ${OPENING} } }`;
const LIST = `query($r: String, $o: Boolean, $first: Int, $after: String) { jobOpenings(regionCode: $r, open: $o, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { endCursor } } }`;
const CANDIDATES = `query($id: ID!, $first: Int, $after: String) { openingCandidates(openingId: $id, first: $first, after: $after) {
  opening { id placesTaken } asOf matchingRule { key configured status value }
  edges { node { memberId name regionCode labourSkill { value } score reasons { code points } } } pageInfo { hasNextPage endCursor } } }`;
const PLACE = `mutation($i: PlaceCandidateInput!) { placeCandidate(input: $i) {
  employmentRecord { id memberId year channel place { value } employerEntityId employerName startsOn endsOn monthsWorked monthlyIncome openingId }
  jobOpening { id places placesTaken } warnings { code } parametersUsed { key configured } } }`;
const CREATE_RECORD = `mutation($i: CreateEmploymentRecordInput!) { createEmploymentRecord(input: $i) { employmentRecord { id } } }`;
const MARK = `mutation($i: MarkNotSeekingWorkInput!) { markNotSeekingWork(input: $i) { mark { memberId } } }`;
const CREATE_COURSE = `mutation($i: CreateTrainingCourseInput!) { createTrainingCourse(input: $i) { course { id } } }`;
const ENROL = `mutation($i: EnrolTraineeInput!) { enrolTrainee(input: $i) { participation { id } } }`;
const CREATE_POST = `mutation($i: CreatePublicWelfarePostInput!) { createPublicWelfarePost(input: $i) { post { id } } }`;
const ASSIGN = `mutation($i: AssignPostHolderInput!) { assignPostHolder(input: $i) { employmentRecord { id } } }`;
const CLOSE_POST = `mutation($i: ClosePublicWelfarePostInput!) { closePublicWelfarePost(input: $i) { post { id } } }`;
const POSTS_FOR = `query($m: ID!, $asOf: LocalDate, $first: Int, $after: String) { matchingPostsForMember(memberId: $m, asOf: $asOf, first: $first, after: $after) {
  member { id name } asOf eligibleGroup { key configured } memberEligible
  edges { node { post { id name regionCode holders vacancies } score reasons { code points } needsOtherVillageReason } } pageInfo { hasNextPage endCursor } } }`;
const CREATE_ENTITY = `mutation($i: CreateImplementingEntityInput!) { createImplementingEntity(input: $i) { implementingEntity { id name } } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';
const TODAY = todayInChina();
const YEAR = Number(TODAY.slice(0, 4));

describe('job openings, matching and placing (issue #16)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let education: SignedIn;
  let entity: Json;
  const ids: Record<string, string> = {};

  const labour = (name: string, labourSkill: string, birthDate: string, extra: Json = {}) => member({ name, labourSkill, birthDate, joinedOn: '2014-01-01', ...extra });

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    education = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.EDUCATION });
    const add = async (region: string, members: Json[]) => {
      const h = await createHousehold(t, district, householdInput(region, { members }));
      for (const m of h.members) ids[m.name] = m.id;
    };
    await add(R.village, [labour('李技工', 'SKILLED', '1980-01-02'), labour('李妻', 'ORDINARY', '1981-02-03', { relation: 'SPOUSE', sex: 'FEMALE' })]);
    await add(R.village, [labour('王弱', 'WEAK_OR_PARTIAL', '1960-03-04'), labour('王标', 'ORDINARY', '1985-04-05', { relation: 'SON' })]);
    await add(R.villageSameTown, [labour('张普工', 'ORDINARY', '1978-05-06')]);
    await add(R.villageOfSiblingTown, [labour('赵远', 'SKILLED', '1976-06-07')]);
    // 李妻 works now (a record of this year covering today); 王标 does not seek work.
    dataOf(await t.gql(CREATE_RECORD, { i: { memberId: ids['李妻'], year: YEAR, channel: '就地吸纳', place: 'WITHIN_TOWN', employerName: '村合作社', startsOn: `${YEAR}-01-01`, monthsWorked: 1, monthlyIncome: '1500.00' } }, district.headers));
    dataOf(await t.gql(MARK, { i: { memberId: ids['王标'], reason: '在读', markedOn: '2018-01-01' } }, district.headers));
    const code = makeCreditCode('9', '3', '410106', 'MT000001');
    entity = dataOf(await t.gql(CREATE_ENTITY, { i: { type: '龙头企业', name: '上街食品加工厂', creditCode: code, legalRepresentative: '陈强', regionCode: R.village, listedOn: '2018-01-01' } }, district.headers))
      .createImplementingEntity.implementingEntity;
  });
  afterAll(() => t?.close());

  const input = (over: Json = {}): Json => ({
    title: '食品加工操作工', employerEntityId: entity.id, regionCode: R.village, place: 'WITHIN_TOWN', skills: ['SKILLED', 'ORDINARY'],
    monthlyPay: '2400.00', places: 1, openFrom: '2018-03-01', openUntil: null, channel: '就地吸纳', ...over,
  });
  const create = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createJobOpening.jobOpening;
  const count = async (): Promise<Json> =>
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM job_openings) AS openings, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'JobOpening') AS audits`))[0];

  it('opens, corrects, closes and lists job openings; bad input is refused with a coded error naming the field, nothing written', async () => {
    const before = await count();
    const o = await create(village);
    expect(o).toMatchObject({
      title: '食品加工操作工', employerEntityId: entity.id, employerName: '上街食品加工厂', regionCode: R.village, place: { value: 'WITHIN_TOWN' },
      skills: [{ value: 'SKILLED' }, { value: 'ORDINARY' }], monthlyPay: '2400.00', places: 1, placesTaken: 0, channel: '就地吸纳', closedOn: null, sector: 'HUMAN_RESOURCES', version: 1,
    });
    expect(await count()).toEqual({ openings: before.openings + 1, audits: before.audits + 1 });
    expect(dataOf(await t.gql(GET, { id: o.id }, town.headers)).jobOpening).toEqual(o);
    expect(dataOf(await t.gql(GET, { id: o.id }, (await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown)).headers)).jobOpening).toBeNull();

    const mid = await count();
    const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(CREATE, { i: input(over) }, who.headers));
    expect(await refused(village, { places: 0 })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: 'input.places' });
    expect(await refused(village, { skills: ['LOST'] })).toMatchObject({ reason: 'JOB_OPENING_SKILL', field: 'input.skills' });
    expect(await refused(village, { monthlyPay: '-1.00' })).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.monthlyPay' });
    expect(await refused(village, { openUntil: '2018-01-01' })).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.openUntil' });
    expect(await refused(village, { channel: '自己找的' })).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.channel' });
    expect(await refused(village, { employerEntityId: null })).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.employerName' });
    expect(await refused(village, { employerEntityId: MISSING })).toMatchObject({ code: 'NOT_FOUND', reason: 'IMPLEMENTING_ENTITY_NOT_FOUND', field: 'input.employerEntityId' });
    expect(await refused(village, { regionCode: R.villageSameTown })).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
    expect(await refused(education, {})).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' });
    expect(await count()).toEqual(mid);

    const up = (i: Json, who = village) => t.gql(UPDATE, { i: { id: o.id, ...i } }, who.headers);
    expect(errorOf(await up({ version: 5, places: 3 }))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await up({ version: 1, monthlyPay: '1.234' }))).toMatchObject({ reason: 'INVALID_DECIMAL', field: 'input.monthlyPay' });
    expect(errorOf(await up({ version: 1, places: 3 }, education))).toMatchObject({ code: 'NOT_FOUND', reason: 'JOB_OPENING_NOT_FOUND', field: 'input.id' });
    const u = dataOf(await up({ version: 1, places: 3, employerEntityId: null, employerName: '镇服装厂' })).updateJobOpening.jobOpening;
    expect(u).toMatchObject({ places: 3, employerEntityId: null, employerName: '镇服装厂', version: 2 });

    const list = async (v: Json) => dataOf(await t.gql(LIST, { first: 50, ...v }, district.headers)).jobOpenings;
    expect((await list({ o: true })).edges.map((e: Json) => e.node.id)).toContain(o.id);
    const c = dataOf(await t.gql(CLOSE, { i: { id: o.id, version: 2, reason: '企业撤回', closedOn: '2018-06-30' } }, village.headers)).closeJobOpening.jobOpening;
    expect(c).toMatchObject({ closedOn: '2018-06-30', closeReason: '企业撤回', version: 3 });
    expect(errorOf(await t.gql(CLOSE, { i: { id: o.id, version: 3, reason: '再次' } }, village.headers))).toMatchObject({ code: 'CONFLICT', reason: 'JOB_OPENING_CLOSED' });
    expect(errorOf(await up({ version: 3, places: 4 }))).toMatchObject({ reason: 'JOB_OPENING_CLOSED', field: 'input.id' });
    expect((await list({ o: true })).edges.map((e: Json) => e.node.id)).not.toContain(o.id);
    expect((await list({ o: false })).edges.map((e: Json) => e.node.id)).toContain(o.id);
    expect((await list({ r: R.siblingTown })).totalCount).toBe(0);
    const audits = await t.dataSource.query(`SELECT operation, reason FROM audit_log WHERE entity_type = 'JobOpening' AND entity_id = $1 ORDER BY seq`, [o.id]);
    expect(audits).toEqual([
      { operation: 'employment.createJobOpening', reason: null },
      { operation: 'employment.updateJobOpening', reason: null },
      { operation: 'employment.closeJobOpening', reason: '企业撤回' },
    ]);
  });

  it("ranks the caller's labour register for an opening, in the database, with the reasons; marked and out-of-scope members absent", async () => {
    const o = await create(village, { places: 2 });
    const page = async (who: SignedIn, v: Json = {}) => dataOf(await t.gql(CANDIDATES, { id: o.id, first: 50, ...v }, who.headers)).openingCandidates;
    const mine = await page(town);
    expect(mine.asOf).toBe(TODAY);
    expect(mine.matchingRule).toMatchObject({ key: 'employment.matching', configured: true });
    const names = mine.edges.map((e: Json) => e.node.name);
    // Skilled, unemployed, in the opening's village first; the same town next; the employed one later, with the reason.
    expect(names).toEqual(['李技工', '张普工', '李妻', '王弱']);
    const byName = new Map(mine.edges.map((e: Json) => [e.node.name, e.node]));
    expect(byName.get('李技工')).toMatchObject({
      score: 105, regionCode: R.village, labourSkill: { value: 'SKILLED' },
      reasons: [{ code: 'SKILL_FITS', points: 30 }, { code: 'LABOUR_FITS_KIND', points: 20 }, { code: 'SAME_VILLAGE', points: 15 }, { code: 'NOT_EMPLOYED_NOW', points: 40 }],
    });
    expect(byName.get('张普工')).toMatchObject({ score: 100, reasons: expect.arrayContaining([{ code: 'SAME_TOWN', points: 10 }]) });
    expect(byName.get('李妻')).toMatchObject({ score: 65, reasons: expect.arrayContaining([{ code: 'EMPLOYED_NOW', points: 0 }]) });
    expect(byName.get('王弱')).toMatchObject({ score: 55, reasons: [{ code: 'SAME_VILLAGE', points: 15 }, { code: 'NOT_EMPLOYED_NOW', points: 40 }] });
    // The district sees the other town's member too, as the same district.
    const wide = await page(district);
    expect(wide.edges.find((e: Json) => e.node.name === '赵远').node).toMatchObject({ score: 95, reasons: expect.arrayContaining([{ code: 'SAME_DISTRICT', points: 5 }]) });
    expect(wide.edges.map((e: Json) => e.node.name)).not.toContain('王标');
    // Keyset pages.
    const first = await page(town, { first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await page(town, { after: first.pageInfo.endCursor });
    expect([...first.edges, ...rest.edges].map((e: Json) => e.node.name)).toEqual(names);
    expect(errorOf(await t.gql(CANDIDATES, { id: o.id, after: 'bm9wZQ' }, town.headers))).toMatchObject({ reason: 'INVALID_CURSOR', field: 'after' });
    // A public-welfare post ranks weak or half labour for the kind of work.
    const post = await create(village, { title: '村保洁员', channel: '公益岗', skills: ['WEAK_OR_PARTIAL'], monthlyPay: '500.00', employerEntityId: null, employerName: '北峡窝村委' });
    const posts = await page(village, {});
    expect(posts.edges[0].node.name).toBe('李技工');
    const forPost = dataOf(await t.gql(CANDIDATES, { id: post.id, first: 50 }, village.headers)).openingCandidates;
    expect(forPost.edges[0].node).toMatchObject({ name: '王弱', score: 105 });
  });

  it('a completed training course that ended by the day is a reason (real-name training), an unfinished one is not', async () => {
    const o = await create(district, { regionCode: R.district, places: 5 });
    const score = async (name: string) => {
      const edges = dataOf(await t.gql(CANDIDATES, { id: o.id, first: 50 }, district.headers)).openingCandidates.edges as Json[];
      return edges.find((e) => e.node.name === name)!.node;
    };
    const before = await score('赵远');
    expect(before.reasons.map((r: Json) => r.code)).not.toContain('TRAINED');
    const course = async (endsOn: string) =>
      dataOf(await t.gql(CREATE_COURSE, { i: { name: '电工培训', provider: '区职业培训学校', type: '精准脱贫技能培训班', startsOn: '2018-03-01', endsOn, hours: '40', regionCode: R.district } }, district.headers))
        .createTrainingCourse.course.id;
    // Not completed: no reason.
    dataOf(await t.gql(ENROL, { i: { courseId: await course('2018-03-20'), memberId: ids['赵远'], completed: false } }, district.headers));
    expect((await score('赵远')).score).toBe(before.score);
    // Completed, ended before the day asked about: +TRAINED.
    dataOf(await t.gql(ENROL, { i: { courseId: await course('2018-04-20'), memberId: ids['赵远'], completed: true } }, district.headers));
    const after = await score('赵远');
    expect(after.score).toBe(before.score + 10);
    expect(after.reasons).toContainEqual({ code: 'TRAINED', points: 10 });
  });

  it('pages one candidate at a time in the order of the whole list: across score classes, the trained, the employed; each score the sum of its reasons', async () => {
    for (const [who, opening] of [[district, await create(district, { regionCode: R.district, places: 5 })], [town, await create(village, { places: 5 })], [village, await create(village, { title: '村保洁员', channel: '公益岗', skills: ['WEAK_OR_PARTIAL'], monthlyPay: '500.00', employerEntityId: null, employerName: '北峡窝村委' })]] as const) {
      const whole = dataOf(await t.gql(CANDIDATES, { id: opening.id, first: 50 }, who.headers)).openingCandidates.edges.map((e: Json) => e.node);
      expect(whole.length).toBeGreaterThan(2);
      const oneByOne: Json[] = [];
      let after: string | undefined;
      for (;;) {
        const page = dataOf(await t.gql(CANDIDATES, { id: opening.id, first: 1, after }, who.headers)).openingCandidates;
        oneByOne.push(...page.edges.map((e: Json) => e.node));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(oneByOne).toEqual(whole);
      for (const [i, c] of whole.entries()) {
        expect(c.score).toBe(c.reasons.reduce((sum: number, r: Json) => sum + r.points, 0));
        if (i > 0) expect(c.score).toBeLessThanOrEqual(whole[i - 1].score);
      }
    }
    // The district's list holds the trained (赵远, previous test) and the employed (李妻).
    const codes = (await (async () => dataOf(await t.gql(CANDIDATES, { id: (await create(district, { regionCode: R.district, places: 5 })).id, first: 50 }, district.headers)).openingCandidates.edges)()).flatMap((e: Json) => e.node.reasons.map((r: Json) => r.code));
    expect(codes).toEqual(expect.arrayContaining(['TRAINED', 'EMPLOYED_NOW', 'SAME_DISTRICT']));
  });

  it('matching posts for a weak or half-labour member: open posts with a place free that day in your region, the member\'s village first, eligibility shown', async () => {
    const post = async (regionCode: string, name: string, places = 1) =>
      dataOf(await t.gql(CREATE_POST, { i: { regionCode, type: '保洁员 cleaning', name, places, monthlyPay: '600.00', fundingSource: '村级光伏收益', startsOn: '2018-01-01' } }, district.headers))
        .createPublicWelfarePost.post.id;
    const own = await post(R.village, '本村保洁员');
    const near = await post(R.villageSameTown, '邻村保洁员', 2);
    const full = await post(R.village, '本村护路员');
    const far = await post(R.villageOfSiblingTown, '外镇保洁员');
    const closed = await post(R.village, '已撤销岗位');
    dataOf(await t.gql(ASSIGN, { i: { postId: full, memberId: ids['李妻'], year: 2018, startsOn: '2018-01-01', monthsWorked: 12 } }, district.headers));
    dataOf(await t.gql(CLOSE_POST, { i: { id: closed, version: 1, closedOn: '2018-02-28', reason: '合并' } }, district.headers));
    const ask = async (who: SignedIn, memberId: string, v: Json = {}) => dataOf(await t.gql(POSTS_FOR, { m: memberId, asOf: '2018-06-01', first: 50, ...v }, who.headers)).matchingPostsForMember;

    const weak = await ask(town, ids['王弱']);
    expect(weak).toMatchObject({ member: { id: ids['王弱'], name: '王弱' }, asOf: '2018-06-01', eligibleGroup: { key: 'employment.pwp_eligible', configured: true }, memberEligible: true });
    const ours = weak.edges.map((e: Json) => e.node).filter((n: Json) => [own, near, full, far, closed].includes(n.post.id));
    // The full post (its one place held that day), the closed one and the other town's (out of the town officer's region) are absent.
    expect(ours.map((n: Json) => n.post.name)).toEqual(['本村保洁员', '邻村保洁员']);
    expect(ours[0]).toMatchObject({ score: 15, reasons: [{ code: 'SAME_VILLAGE', points: 15 }], needsOtherVillageReason: false, post: { holders: 0, vacancies: 1 } });
    expect(ours[1]).toMatchObject({ score: 10, reasons: [{ code: 'SAME_TOWN', points: 10 }], needsOtherVillageReason: true, post: { holders: 0, vacancies: 2 } });
    // The district sees the other town's post, ranked last; on a day before the holder started, the full post is free.
    const wide = (await ask(district, ids['王弱'], { asOf: '2017-12-31' })).edges.map((e: Json) => e.node.post.id);
    expect(wide).not.toContain(full);
    const early = (await ask(district, ids['王弱'])).edges.map((e: Json) => e.node.post.id);
    expect(early.indexOf(far)).toBeGreaterThan(early.indexOf(near));
    // Keyset pages.
    const first = await ask(district, ids['王弱'], { first: 1 });
    const rest = await ask(district, ids['王弱'], { after: first.pageInfo.endCursor });
    expect([...first.edges, ...rest.edges].map((e: Json) => e.node.post.id)).toEqual(early);
    // Full labour is shown outside the eligible group; a member out of scope is not found.
    expect((await ask(town, ids['李技工'])).memberEligible).toBe(false);
    expect(errorOf(await t.gql(POSTS_FOR, { m: ids['赵远'] }, town.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'memberId' });
    expect(errorOf(await t.gql(POSTS_FOR, { m: ids['王弱'], after: 'bm9wZQ' }, town.headers))).toMatchObject({ reason: 'INVALID_CURSOR', field: 'after' });
  });

  it('places a candidate: the employment record with the opening\'s terms, through the ledger rules; a full or closed opening is refused', async () => {
    const o = await create(district, { places: 1, regionCode: R.town });
    const place = (memberId: string, over: Json = {}, who = district) =>
      t.gql(PLACE, { i: { openingId: o.id, memberId, startsOn: '2018-04-01', monthsWorked: 9, year: 2018, ...over } }, who.headers);
    expect(errorOf(await place(ids['李技工'], { monthsWorked: 10 }))).toMatchObject({ reason: 'EMPLOYMENT_MONTHS_OVER_PERIOD', field: 'input.monthsWorked' });
    expect(errorOf(await place(ids['李技工'], { startsOn: '2018-01-01', monthsWorked: 1 }))).toMatchObject({ reason: 'JOB_OPENING_NOT_OPEN', field: 'input.startsOn' });
    expect(errorOf(await place(ids['赵远'], {}, town))).toMatchObject({ code: 'NOT_FOUND', reason: 'MEMBER_NOT_FOUND', field: 'input.memberId' });
    const placed = dataOf(await place(ids['李技工'])).placeCandidate;
    expect(placed.employmentRecord).toMatchObject({
      memberId: ids['李技工'], year: 2018, channel: '就地吸纳', place: { value: 'WITHIN_TOWN' }, employerEntityId: entity.id, employerName: '上街食品加工厂',
      startsOn: '2018-04-01', endsOn: null, monthsWorked: 9, monthlyIncome: '2400.00', openingId: o.id,
    });
    expect(placed.jobOpening).toEqual({ id: o.id, places: 1, placesTaken: 1 });
    // The placement passes the records' checks: no income ceiling is in force, so none was made, and it says so.
    expect(placed.warnings).toEqual([]);
    expect(placed.parametersUsed).toEqual([{ key: 'employment.monthly_income_ceiling', configured: false }]);
    expect(dataOf(await t.gql(GET, { id: o.id }, district.headers)).jobOpening.placesTaken).toBe(1);
    expect(errorOf(await place(ids['张普工']))).toMatchObject({ code: 'CONFLICT', reason: 'JOB_OPENING_FULL', field: 'input.openingId' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: o.id, version: 1, places: 0 } }, district.headers))).toMatchObject({ reason: 'INVALID_VALUE', field: 'input.places' });
    const more = dataOf(await t.gql(UPDATE, { i: { id: o.id, version: 1, places: 2 } }, district.headers)).updateJobOpening.jobOpening;
    dataOf(await t.gql(CLOSE, { i: { id: o.id, version: more.version, reason: '招满' } }, district.headers));
    const records = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM employment_records WHERE opening_id = $1`, [o.id]))[0].n;
    expect(errorOf(await place(ids['张普工']))).toMatchObject({ code: 'CONFLICT', reason: 'JOB_OPENING_CLOSED', field: 'input.openingId' });
    expect(await records()).toBe(1);
    const audit = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type = 'EmploymentRecord' AND entity_id = $1`, [placed.employmentRecord.id]);
    expect(audit).toEqual([{ operation: 'employment.placeCandidate' }]);
  });

  describe('region × role × sector matrix', () => {
    // An opening owned by the region (and sector), written directly.
    const target = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO job_openings (title, employer_name, region_code, place, skills, monthly_pay, places, open_from, channel, sector)
         VALUES ('矩阵', '矩阵厂', $1, 'WITHIN_COUNTY', '{ORDINARY}', '100.00', 1, '2018-01-01', '就地吸纳', $2) RETURNING id`,
        [region, sector ?? 'human_resources'],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const data = (res: { body: { data?: unknown } }) => (res.body.data ?? {}) as Json;
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.jobOpening', missingId: MISSING, sector: { access: 'read' }, target, run: (c, id) => t.gql(GET, { id }, c.headers), reached: (res) => !!data(res).jobOpening?.id }, READERS],
      [{ name: 'Query.openingCandidates', missingId: MISSING, sector: { access: 'read' }, target, run: (c, id) => t.gql(CANDIDATES, { id, first: 1 }, c.headers), reached: (res) => !!data(res).openingCandidates?.opening?.id }, READERS],
      [{ name: 'Mutation.updateJobOpening', missingId: MISSING, sector: { access: 'write' }, target, run: (c, id) => t.gql(UPDATE, { i: { id, version: 1, places: 2 } }, c.headers), reached: (res) => !!data(res).updateJobOpening?.jobOpening?.id }, WRITERS],
      [{ name: 'Mutation.closeJobOpening', missingId: MISSING, sector: { access: 'write' }, target, run: (c, id) => t.gql(CLOSE, { i: { id, version: 1, reason: '矩阵' } }, c.headers), reached: (res) => !!data(res).closeJobOpening?.jobOpening?.id }, WRITERS],
      // A missing member: reaching the opening answers MEMBER_NOT_FOUND; an opening out of scope answers as a missing opening.
      [{
        name: 'Mutation.placeCandidate', missingId: MISSING, sector: { access: 'write' }, target,
        run: (c, id) => t.gql(PLACE, { i: { openingId: id, memberId: MISSING, startsOn: '2018-04-01', monthsWorked: 1, year: 2018 } }, c.headers),
        reached: (res) => (res.body as Json).errors?.[0]?.extensions?.reason === 'MEMBER_NOT_FOUND',
      }, WRITERS],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
