import { Role } from '../../src/common/access/permissions';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, any>;

const CHECK = `id regionCode year specialtyIndustry industryType cooperatives { id name phone } poorHouseholdsInCooperatives collectiveIncome incomeSources { source amount } version`;
const RECORD = `mutation($i: RecordVillageIndustryCheckInput!) { recordVillageIndustryCheck(input: $i) { villageIndustryCheck { ${CHECK} } } }`;
const UPDATE = `mutation($i: UpdateVillageIndustryCheckInput!) { updateVillageIndustryCheck(input: $i) { villageIndustryCheck { ${CHECK} } } }`;
const ROW = `regionCode villageName year recorded registeredPoorHouseholds poorHouseholdsInCooperatives hasSpecialtyIndustry hasCooperative hasCollectiveIncome passed check { ${CHECK} }`;
const GET = `query($id: ID!) { villageIndustryCheck(id: $id) { ${ROW} } }`;
const LIST = `query($y: Int!, $r: String, $first: Int, $after: String) { villageIndustryChecks(year: $y, regionCode: $r, first: $first, after: $after) {
  totalCount edges { node { ${ROW} } } pageInfo { hasNextPage endCursor } } }`;

/** project.industry_types is seeded for 2018 (seeds/policy-parameters.json). */
const YEAR = 2018;

describe('village industry checks (§10, §12, issue #15)', () => {
  let t: TestApp;
  let town: SignedIn;
  let village: SignedIn;
  let siblingTown: SignedIn;
  let supervisor: SignedIn;
  let seq = 0;
  let cooperativeId: string;
  let otherVillageEntityId: string;

  async function entity(region: string, status = 'ACTIVE'): Promise<string> {
    seq += 1;
    const code = makeCreditCode('9', '3', '410106', `MB${String(seq).padStart(6, '0')}`);
    const [row] = await t.dataSource.query(
      `INSERT INTO implementing_entities (type, name, credit_code, legal_representative, region_code, listed_on, status) VALUES ('农民专业合作社', $1, $2, '王五', $3, '2018-01-02', $4) RETURNING id`,
      [`合作社${seq}`, code, region, status],
    );
    return row.id as string;
  }
  async function household(region: string, validity = 'ACTIVE', yearRegistered = 2016): Promise<void> {
    seq += 1;
    await t.dataSource.query(
      `INSERT INTO households (household_number, region_code, validity, status, year_registered, attribute, primary_cause) VALUES ($1, $2, $3, $4, $5, 'GENERAL_POOR', 'ILLNESS')`,
      [`VC${String(seq).padStart(10, '0')}`, region, validity, validity === 'ACTIVE' ? 'NOT_EXITED' : null, yearRegistered],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    cooperativeId = await entity(R.village);
    otherVillageEntityId = await entity(R.villageSameTown);
    // R.village: 3 on the roll (one registered after the year does not count), 1 candidate.
    await household(R.village);
    await household(R.village);
    await household(R.village);
    await household(R.village, 'ACTIVE', 2019);
    await household(R.village, 'CANDIDATE');
  });
  afterAll(() => t?.close());

  const written = async () => {
    const [c] = await t.dataSource.query(`SELECT count(*)::int AS n FROM village_industry_checks`);
    const [s] = await t.dataSource.query(`SELECT count(*)::int AS n FROM village_collective_income_sources`);
    const [a] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'VillageIndustryCheck'`);
    return { checks: c.n, sources: s.n, audit: a.n };
  };
  const full = (over: Json = {}): Json => ({
    regionCode: R.village,
    year: YEAR,
    specialtyIndustry: '樱桃种植',
    industryType: '特色加工业',
    cooperativeIds: [cooperativeId],
    poorHouseholdsInCooperatives: 2,
    collectiveIncome: '52000.00',
    incomeSources: [
      { source: '光伏收益', amount: '40000.00' },
      { source: '资产租赁', amount: '12000.00' },
    ],
    ...over,
  });

  it('records a check and lists every village of the scope for the year, a village without a check shown as missing', async () => {
    const c = dataOf(await t.gql(RECORD, { i: full() }, village.headers)).recordVillageIndustryCheck.villageIndustryCheck;
    expect(c).toMatchObject({ regionCode: R.village, year: YEAR, cooperatives: [{ id: cooperativeId }], collectiveIncome: '52000.00', version: 1 });
    expect(c.incomeSources).toEqual([
      { source: '光伏收益', amount: '40000.00' },
      { source: '资产租赁', amount: '12000.00' },
    ]);

    const list = dataOf(await t.gql(LIST, { y: YEAR, r: R.town, first: 100 }, town.headers)).villageIndustryChecks;
    const [{ n: villagesOfTown }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM regions WHERE level = 'village' AND code LIKE '410106100%'`);
    expect(list.totalCount).toBe(villagesOfTown);
    const mine = list.edges.find((e: Json) => e.node.regionCode === R.village).node;
    expect(mine).toMatchObject({
      recorded: true,
      registeredPoorHouseholds: 3,
      poorHouseholdsInCooperatives: 2,
      hasSpecialtyIndustry: true,
      hasCooperative: true,
      hasCollectiveIncome: true,
      passed: true,
    });
    const missing = list.edges.find((e: Json) => e.node.regionCode === R.villageSameTown).node;
    expect(missing).toMatchObject({ recorded: false, check: null, hasSpecialtyIndustry: null, passed: null, registeredPoorHouseholds: 0 });
    expect(missing.villageName).toBeTruthy();

    // The village officer's list is its village alone, even asked for the town; the sibling town sees none of it.
    const own = dataOf(await t.gql(LIST, { y: YEAR, r: R.town, first: 100 }, village.headers)).villageIndustryChecks;
    expect(own.edges.map((e: Json) => e.node.regionCode)).toEqual([R.village]);
    expect(dataOf(await t.gql(LIST, { y: YEAR, r: R.town, first: 100 }, siblingTown.headers)).villageIndustryChecks.edges).toEqual([]);
    const sibling = dataOf(await t.gql(LIST, { y: YEAR, first: 100 }, siblingTown.headers)).villageIndustryChecks;
    expect(sibling.edges.every((e: Json) => e.node.regionCode.startsWith('410106001'))).toBe(true);
    // Another year: the village is missing then.
    expect(dataOf(await t.gql(LIST, { y: 2017, r: R.village }, town.headers)).villageIndustryChecks.edges[0].node).toMatchObject({ recorded: false });

    const audit = await t.dataSource.query(`SELECT operation, changes FROM audit_log WHERE entity_type = 'VillageIndustryCheck' AND entity_id = $1`, [c.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].changes).toMatchObject({ cooperativeIds: { from: null, to: [cooperativeId] }, collectiveIncome: { from: null, to: '52000.00' } });
  });

  it('refuses bad input with coded errors naming the field, and writes nothing', async () => {
    const before = await written();
    // On the village without a check yet, with that village's own entity as its cooperative, one thing wrong at a time.
    const other = (over: Json): Json => ({ regionCode: R.villageSameTown, cooperativeIds: [otherVillageEntityId], ...over });
    const cases: [Json, Json][] = [
      [other({ incomeSources: [{ source: '光伏收益', amount: '1.00' }] }), { reason: 'INCOME_SOURCES_MISMATCH', field: 'input.incomeSources' }],
      [other({ cooperativeIds: [cooperativeId] }), { reason: 'COOPERATIVE_NOT_IN_VILLAGE', field: 'input.cooperativeIds.0' }],
      [other({ industryType: '炼钢' }), { reason: 'CODE_NOT_LISTED', field: 'input.industryType' }],
      [other({ year: 2017 }), { reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.industryType' }],
      [other({ cooperativeIds: [], poorHouseholdsInCooperatives: 3 }), { reason: 'POOR_MEMBERS_WITHOUT_COOPERATIVE', field: 'input.poorHouseholdsInCooperatives' }],
      [other({ collectiveIncome: '-5.00', incomeSources: [] }), { reason: 'AMOUNT_FORMAT', field: 'input.collectiveIncome' }],
      [other({ incomeSources: [{ source: '光伏收益', amount: '52000.001' }] }), { reason: 'AMOUNT_FORMAT', field: 'input.incomeSources.0.amount' }],
      [{ regionCode: R.town }, { reason: 'REGION_NOT_VILLAGE', field: 'input.regionCode' }],
      [{ regionCode: R.villageOfSiblingTown }, { code: 'NOT_FOUND', field: 'input.regionCode' }],
      [other({ year: 2099 }), { reason: 'DATE_IN_FUTURE', field: 'input.year' }],
      [{}, { code: 'CONFLICT', reason: 'VILLAGE_CHECK_EXISTS', field: 'input.year' }],
    ];
    for (const [over, expected] of cases) {
      expect({ over, error: errorOf(await t.gql(RECORD, { i: full(over) }, town.headers)) }).toMatchObject({ over, error: expected });
    }
    expect(await written()).toEqual(before);
  });

  it('updates with the version read (a stale one is a conflict); lists given replace the stored ones; no income means the target fails', async () => {
    const c = dataOf(await t.gql(RECORD, { i: full({ regionCode: R.villageSameTown, cooperativeIds: [otherVillageEntityId], poorHouseholdsInCooperatives: 1 }) }, town.headers))
      .recordVillageIndustryCheck.villageIndustryCheck;
    const u = dataOf(await t.gql(UPDATE, { i: { id: c.id, version: 1, collectiveIncome: null, incomeSources: [] } }, town.headers)).updateVillageIndustryCheck.villageIndustryCheck;
    expect(u).toMatchObject({ collectiveIncome: null, incomeSources: [], cooperatives: [{ id: otherVillageEntityId }], version: 2 });
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 1, specialtyIndustry: null } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    // Sources without the income they add up to: refused, nothing changed.
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 2, incomeSources: [{ source: '租金', amount: '10.00' }] } }, town.headers))).toMatchObject({ reason: 'INCOME_SOURCES_MISMATCH' });
    const row = dataOf(await t.gql(GET, { id: c.id }, town.headers)).villageIndustryCheck;
    expect(row).toMatchObject({ recorded: true, hasCollectiveIncome: false, hasCooperative: true, passed: false, check: { version: 2, incomeSources: [] } });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM village_collective_income_sources s JOIN village_industry_checks c ON c.id = s.check_id WHERE c.id = $1`, [c.id]);
    expect(n).toBe(0);
    // A closed entity is no longer a cooperative one can name.
    const closed = await entity(R.villageSameTown, 'CLOSED');
    expect(errorOf(await t.gql(UPDATE, { i: { id: c.id, version: 2, cooperativeIds: [closed] } }, town.headers))).toMatchObject({ reason: 'COOPERATIVE_NOT_IN_VILLAGE', field: 'input.cooperativeIds.0' });
    expect(errorOf(await t.gql(RECORD, { i: full({ regionCode: R.villageSameTown, year: 2016 }) }, supervisor.headers))).toMatchObject({ code: 'FORBIDDEN' });
  });

  describe('region × role matrix', () => {
    let year = 3000;
    const missingId = '00000000-0000-4000-8000-000000000000';
    // Checks are placed on the matrix's regions directly (the service records villages only; scope reads the code).
    const target = async (region: string): Promise<string> => {
      const [row] = await t.dataSource.query(`INSERT INTO village_industry_checks (region_code, year) VALUES ($1, $2) RETURNING id`, [region, (year += 1)]);
      return row.id as string;
    };
    const ops: [MatrixOperation, Role[]][] = [
      [
        {
          name: 'Query.villageIndustryCheck',
          missingId,
          target,
          run: (caller, id) => t.gql(GET, { id }, caller.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.villageIndustryCheck?.check?.id,
        },
        [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR],
      ],
      [
        {
          name: 'Mutation.updateVillageIndustryCheck',
          missingId,
          target,
          run: (caller, id) => t.gql(UPDATE, { i: { id, version: 1, specialtyIndustry: '矩阵' } }, caller.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.updateVillageIndustryCheck?.villageIndustryCheck?.id,
        },
        [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER],
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
