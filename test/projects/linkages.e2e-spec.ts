import { Role, Sector } from '../../src/common/access/permissions';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { createHousehold, householdInput } from '../households/registry-fixtures';

type Json = Record<string, any>;

const LINKAGE = `id householdId projectId entityId type agreedTerms startsOn endsOn agreedAmountPerYear incomeComponent returnedAtExit regionCode sector endReason version`;
const CREATE = `mutation($i: CreateBenefitLinkageInput!) { createBenefitLinkage(input: $i) { benefitLinkage { ${LINKAGE} } } }`;
const UPDATE = `mutation($i: UpdateBenefitLinkageInput!) { updateBenefitLinkage(input: $i) { benefitLinkage { ${LINKAGE} } } }`;
const END = `mutation($i: EndBenefitLinkageInput!) { endBenefitLinkage(input: $i) { benefitLinkage { ${LINKAGE} } } }`;
const GET = `query($id: ID!) { benefitLinkage(id: $id) { ${LINKAGE} } }`;
const LIST = `query($h: ID, $p: ID, $e: ID, $t: String, $y: Int, $r: String, $first: Int, $after: String) {
  benefitLinkages(householdId: $h, projectId: $p, entityId: $e, type: $t, year: $y, regionCode: $r, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
const CREATE_PROJECT = `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } } }`;
const CREATE_ENTITY = `mutation($i: CreateImplementingEntityInput!) { createImplementingEntity(input: $i) { implementingEntity { id sector } } }`;

/** The linkage types are in force for 2018 only (seeds/policy-parameters.json, project.linkage_types). */
const STARTS_ON = '2018-11-01';

describe('benefit linkages (利益联结, issue #15)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let agriculture: SignedIn;
  let health: SignedIn;
  let supervisor: SignedIn;
  /** h1 is a beneficiary of the planned project; h2 lives in the same village but is not; far lives in another town. */
  let h1: Json;
  let h2: Json;
  let far: Json;
  let planned: string;
  let draft: string;
  let officeEntity: string;
  let agricultureEntity: string;
  let seq = 0;

  async function project(stage: string, beneficiaryHouseholdIds: string[]): Promise<string> {
    const res = await t.gql(CREATE_PROJECT, {
      i: {
        regionCode: R.village, name: `北峡窝村联结项目${(seq += 1)}`, year: 2018, category: '产业发展', industryType: '特色加工业', constructionNature: 'NEW',
        budgetTotal: '100000.00', fundingLines: [{ level: 'DISTRICT', channel: '区本级', amount: '100000.00' }], beneficiaryHouseholdIds,
      },
    }, village.headers);
    const id = dataOf(res).createProject.project.id as string;
    // The procedure is not under test here (test/projects/project-library): the stage is set directly.
    await t.dataSource.query(`UPDATE projects SET stage = $2 WHERE id = $1`, [id, stage]);
    return id;
  }
  async function entity(who: SignedIn): Promise<string> {
    const code = makeCreditCode('9', '3', '410106', `LK${String((seq += 1)).padStart(6, '0')}`);
    const i = { type: '农民专业合作社', name: `联结合作社${seq}`, creditCode: code, legalRepresentative: '张三', regionCode: R.village, listedOn: '2018-06-01' };
    return dataOf(await t.gql(CREATE_ENTITY, { i }, who.headers)).createImplementingEntity.implementingEntity.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    agriculture = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.AGRICULTURE });
    health = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.HEALTH });
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    h1 = await createHousehold(t, district, householdInput(R.village));
    h2 = await createHousehold(t, district, householdInput(R.village));
    far = await createHousehold(t, district, householdInput(R.villageOfSiblingTown));
    planned = await project('IN_ANNUAL_PLAN', [h1.id]);
    draft = await project('DRAFT', [h1.id]);
    officeEntity = await entity(district);
    agricultureEntity = await entity(agriculture);
  });
  afterAll(() => t?.close());

  const input = (over: Json = {}): Json => ({
    householdId: h1.id,
    projectId: planned,
    type: '保底收益+按股分红',
    agreedTerms: '以到户产业资金入股合作社，每年保底分红',
    startsOn: STARTS_ON,
    agreedAmountPerYear: '1200.00',
    incomeComponent: 'ASSET_INCOME_DIVIDEND',
    ...over,
  });
  const create = async (who: SignedIn, over: Json = {}): Promise<Json> => dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createBenefitLinkage.benefitLinkage;
  const counts = async (): Promise<Json> =>
    (
      await t.dataSource.query(`SELECT (SELECT count(*)::int FROM benefit_linkages) AS linkages, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'BenefitLinkage') AS audits`)
    )[0];

  it('records a linkage through a planned project for a beneficiary household, with its audit row, and reads it back', async () => {
    const before = await counts();
    const l = await create(village, { entityId: officeEntity, endsOn: '2020-10-31', returnedAtExit: true });
    expect(l).toMatchObject({
      householdId: h1.id, projectId: planned, entityId: officeEntity, type: '保底收益+按股分红', startsOn: STARTS_ON, endsOn: '2020-10-31',
      agreedAmountPerYear: '1200.00', incomeComponent: 'ASSET_INCOME_DIVIDEND', returnedAtExit: true, regionCode: R.village, sector: null, version: 1,
    });
    expect(await counts()).toEqual({ linkages: before.linkages + 1, audits: before.audits + 1 });
    expect(dataOf(await t.gql(GET, { id: l.id }, supervisor.headers)).benefitLinkage).toEqual(l);
    expect(dataOf(await t.gql(GET, { id: l.id }, await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown).then((s) => s.headers))).benefitLinkage).toBeNull();
  });

  it('refuses the bad inputs with a coded error naming the field, and writes nothing', async () => {
    const before = await counts();
    const refused = async (who: SignedIn, over: Json) => errorOf(await t.gql(CREATE, { i: input(over) }, who.headers));
    expect(await refused(village, { projectId: null })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LINKAGE_PARTY_REQUIRED', field: 'input.projectId' });
    expect(await refused(village, { householdId: h2.id })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LINKAGE_HOUSEHOLD_NOT_BENEFICIARY', field: 'input.householdId' });
    expect(await refused(village, { householdId: far.id })).toMatchObject({ code: 'NOT_FOUND', reason: 'HOUSEHOLD_NOT_FOUND', field: 'input.householdId' });
    expect(await refused(village, { projectId: draft })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LINKAGE_PROJECT_STAGE', field: 'input.projectId' });
    expect(await refused(village, { type: '自定义联结' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CODE_NOT_LISTED', field: 'input.type' });
    // The list is not in force for 2019 in the seed: "not configured", never a guess.
    expect(await refused(village, { startsOn: '2019-03-01' })).toMatchObject({ reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.type' });
    expect(await refused(village, { agreedAmountPerYear: '12.345' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agreedAmountPerYear' });
    expect(await refused(village, { endsOn: '2018-10-01' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PERIOD', field: 'input.endsOn' });
    expect(await refused(village, { projectId: null, entityId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND', reason: 'IMPLEMENTING_ENTITY_NOT_FOUND', field: 'input.entityId' });
    expect(await refused(supervisor, {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);
  });

  it('sector write scope: the sector is the project\'s, else the entity\'s; another sector\'s officer is refused, its own records it', async () => {
    const before = await counts();
    expect(errorOf(await t.gql(CREATE, { i: input({ projectId: null, entityId: agricultureEntity }) }, health.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.entityId' });
    // The office's own project (no sector) is not an agriculture officer's to link.
    expect(errorOf(await t.gql(CREATE, { i: input() }, agriculture.headers))).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.projectId' });
    expect(await counts()).toEqual(before);
    const mine = await create(agriculture, { projectId: null, entityId: agricultureEntity, type: '订单农业', incomeComponent: 'PRODUCTION_BUSINESS' });
    expect(mine).toMatchObject({ sector: 'AGRICULTURE', projectId: null, entityId: agricultureEntity });
    expect(errorOf(await t.gql(UPDATE, { i: { id: mine.id, version: 1, agreedAmountPerYear: '1.00' } }, health.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'LINKAGE_NOT_FOUND' });
    expect(dataOf(await t.gql(UPDATE, { i: { id: mine.id, version: 1, agreedAmountPerYear: '800.50' } }, town.headers)).updateBenefitLinkage.benefitLinkage).toMatchObject({ agreedAmountPerYear: '800.50', version: 2 });
  });

  it('corrects the terms with the version read, and ends a linkage with the date and reason', async () => {
    const l = await create(district);
    expect(errorOf(await t.gql(UPDATE, { i: { id: l.id, version: 9, agreedTerms: 'x' } }, district.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: l.id, version: 1, type: '不在清单' } }, district.headers))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.type' });
    const u = dataOf(await t.gql(UPDATE, { i: { id: l.id, version: 1, type: '二次分红', incomeComponent: 'PROPERTY' } }, district.headers)).updateBenefitLinkage.benefitLinkage;
    expect(u).toMatchObject({ type: '二次分红', incomeComponent: 'PROPERTY', version: 2 });
    expect(errorOf(await t.gql(END, { i: { id: l.id, version: 2, endsOn: '2018-01-01', reason: '合作社解散' } }, district.headers))).toMatchObject({ reason: 'INVALID_PERIOD', field: 'input.endsOn' });
    const ended = dataOf(await t.gql(END, { i: { id: l.id, version: 2, endsOn: '2018-12-31', reason: '合作社解散' } }, district.headers)).endBenefitLinkage.benefitLinkage;
    expect(ended).toMatchObject({ endsOn: '2018-12-31', endReason: '合作社解散', version: 3 });
    // Ended with a reason: a correction does not reopen it nor move its end; other terms may still be corrected.
    expect(errorOf(await t.gql(UPDATE, { i: { id: l.id, version: 3, endsOn: null } }, district.headers))).toMatchObject({ reason: 'LINKAGE_ENDED', field: 'input.endsOn' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: l.id, version: 3, endsOn: '2019-06-30' } }, district.headers))).toMatchObject({ reason: 'LINKAGE_ENDED', field: 'input.endsOn' });
    const audits = await t.dataSource.query(`SELECT operation FROM audit_log WHERE entity_type = 'BenefitLinkage' AND entity_id = $1 ORDER BY seq`, [l.id]);
    expect(audits.map((a: Json) => a.operation)).toEqual(['projects.createBenefitLinkage', 'projects.updateBenefitLinkage', 'projects.endBenefitLinkage']);
  });

  it('lists linkages in scope by household, project, entity, type, year and region, page by page', async () => {
    const list = async (who: SignedIn, v: Json) => dataOf(await t.gql(LIST, v, who.headers)).benefitLinkages;
    const all = await list(district, { h: h1.id, first: 50 });
    expect(all.totalCount).toBeGreaterThanOrEqual(3);
    const page1 = await list(district, { h: h1.id, first: 2 });
    const page2 = await list(district, { h: h1.id, first: 50, after: page1.pageInfo.endCursor });
    expect([...page1.edges, ...page2.edges].map((e: Json) => e.node.id)).toEqual(all.edges.map((e: Json) => e.node.id));
    expect((await list(district, { e: agricultureEntity, first: 50 })).totalCount).toBe(1);
    expect((await list(district, { p: planned, t: '保底收益+按股分红', first: 50 })).totalCount).toBeGreaterThanOrEqual(1);
    expect((await list(district, { h: h1.id, y: 2017, first: 50 })).totalCount).toBe(0);
    expect((await list(district, { h: h1.id, y: 2018, first: 50 })).totalCount).toBe(all.totalCount);
    expect((await list(district, { r: R.villageSameTown, first: 50 })).totalCount).toBe(0);
    expect((await list(await signIn(t, Role.TOWN_OFFICER, R.siblingTown), { h: h1.id, first: 50 })).totalCount).toBe(0);
  });

  describe('region × role × sector matrix', () => {
    const missingId = '00000000-0000-4000-8000-000000000000';
    // A linkage owned by the region (and sector), written directly: the operations only read its region and sector.
    const target = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO benefit_linkages (household_id, entity_id, type, agreed_terms, starts_on, agreed_amount_per_year, income_component, region_code, sector)
         VALUES ($1, $2, '订单农业', '矩阵', $3, '100.00', 'PRODUCTION_BUSINESS', $4, $5) RETURNING id`,
        [h1.id, officeEntity, STARTS_ON, region, sector ?? null],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const ops: [MatrixOperation, Role[]][] = [
      [{ name: 'Query.benefitLinkage', missingId, sector: { access: 'read' }, target, run: (c, id) => t.gql(GET, { id }, c.headers), reached: (res) => !!(res.body.data as Json | undefined)?.benefitLinkage?.id }, READERS],
      [
        {
          name: 'Mutation.updateBenefitLinkage', missingId, sector: { access: 'write' }, target,
          run: (c, id) => t.gql(UPDATE, { i: { id, version: 1, agreedTerms: '矩阵修改' } }, c.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.updateBenefitLinkage?.benefitLinkage?.id,
        },
        WRITERS,
      ],
      [
        {
          name: 'Mutation.endBenefitLinkage', missingId, sector: { access: 'write' }, target,
          run: (c, id) => t.gql(END, { i: { id, version: 1, endsOn: '2018-12-31', reason: '矩阵' } }, c.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.endBenefitLinkage?.benefitLinkage?.id,
        },
        WRITERS,
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
