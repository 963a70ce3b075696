import { GraphQLSchemaHost } from '@nestjs/graphql';
import { collectOperations } from '../../src/common/access/operation-map';
import { Role, Sector } from '../../src/common/access/permissions';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { undescribedSchemaElements } from '../../src/common/graphql/schema-descriptions';
import { pendingSchemaChanges } from '../../src/database/schema-diff';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';
import { createHousehold, householdInput } from '../households/registry-fixtures';
import { todayInChina, yearOf } from '../../src/common/dates/local-date';

type Json = Record<string, any>;

const ASSET = `id projectId name kind ownerType ownerRegionCode ownerHouseholdId ownerName value handedOverOn operatorId regionCode sector version`;
const CREATE = `mutation($i: CreateProjectAssetInput!) { createProjectAsset(input: $i) { projectAsset { ${ASSET} } } }`;
const GET = `query($id: ID!) { projectAsset(id: $id) { ${ASSET} } }`;
const LIST = `query($r: String, $p: ID, $k: AssetKind, $first: Int, $after: String) {
  projectAssets(regionCode: $r, projectId: $p, kind: $k, first: $first, after: $after) { totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;
const UPDATE = `mutation($i: UpdateProjectAssetInput!) { updateProjectAsset(input: $i) { projectAsset { ${ASSET} } } }`;
const INCOME = `id assetId year income toPublicWelfarePosts toHouseholds toCollective other note pvShare regionCode sector version`;
const SET_INCOME = `mutation($i: SetProjectAssetIncomeInput!) { setProjectAssetIncome(input: $i) { projectAssetIncome { ${INCOME} } } }`;
const INCOMES = `query($a: ID, $y: Int, $r: String, $first: Int, $after: String) {
  projectAssetIncomes(assetId: $a, year: $y, regionCode: $r, first: $first, after: $after) { totalCount edges { node { ${INCOME} } } pageInfo { hasNextPage endCursor } } }`;
const PV_SHARES = `query($y: Int!, $r: String, $first: Int, $after: String) {
  pvIncomeShares(year: $y, regionCode: $r, first: $first, after: $after) {
    totalCount edges { node { asset { id name } income { id year pvShare } share meetsMinimum minimum { key configured value status asOf regionCode } } } pageInfo { hasNextPage endCursor } } }`;
const WITHOUT_INCOME = `query($y: Int!, $r: String) { assetsWithoutIncome(year: $y, regionCode: $r, first: 50) { totalCount edges { node { id name } } } }`;
const CREATE_ENTITY = `mutation($i: CreateImplementingEntityInput!) { createImplementingEntity(input: $i) { implementingEntity { id } } }`;
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('project assets (扶贫资产, issue #15)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let village: SignedIn;
  let otherVillage: SignedIn;
  let supervisor: SignedIn;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    otherVillage = await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown);
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
  });
  afterAll(() => t?.close());

  /** A project row at a stage (the procedure itself is tested in project-library.e2e-spec.ts). */
  async function project(regionCode: string, stage = 'COMPLETED', sector: Sector | null = null): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO projects (region_code, sector, name, year, category, industry_type, construction_nature, budget_total, stage)
       VALUES ($1, $2, $3, 2018, '产业发展', '特色加工业', 'NEW', '500000.00', $4) RETURNING id`,
      [regionCode, sector, `资产测试项目${(seq += 1)}`, stage],
    );
    return row.id;
  }
  const input = (projectId: string, over: Json = {}): Json => ({
    projectId,
    name: `北峡窝村光伏电站${(seq += 1)}`,
    kind: 'PV_STATION',
    ownerType: 'VILLAGE_COLLECTIVE',
    ownerRegionCode: R.village,
    value: '320000.00',
    handedOverOn: '2018-12-20',
    ...over,
  });
  const counts = async (): Promise<Json> =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM project_assets) AS assets, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'ProjectAsset') AS audits,
           (SELECT count(*)::int FROM project_asset_incomes) AS incomes, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'ProjectAssetIncome') AS "incomeAudits",
           (SELECT COALESCE(sum(version), 0)::int FROM project_assets) AS "assetVersions", (SELECT COALESCE(sum(version), 0)::int FROM project_asset_incomes) AS "incomeVersions"`,
      )
    )[0];

  it('plugs in: entities and migration agree, every element is described, every operation declares its permission', async () => {
    expect((await pendingSchemaChanges(t.dataSource)).up).toEqual([]);
    expect(undescribedSchemaElements(t.get(GraphQLSchemaHost).schema)).toEqual([]);
    const access = Object.fromEntries(collectOperations(t.service.app).map((o) => [o.operation, o.access]));
    expect(access['Query.projectAssets']).toBe('projects.read');
    expect(access['Query.projectAsset']).toBe('projects.read');
    expect(access['Mutation.createProjectAsset']).toBe('projects.write');
    expect(access['Mutation.updateProjectAsset']).toBe('projects.write');
    expect(access['Mutation.setProjectAssetIncome']).toBe('projects.write');
    expect(access['Query.projectAssetIncomes']).toBe('projects.read');
    expect(access['Query.pvIncomeShares']).toBe('projects.read');
    expect(access['Query.assetsWithoutIncome']).toBe('projects.read');
  });

  it('records an asset of a completed project with its owner, operator, value and handover date; reads it in scope; audits it; feeds the project', async () => {
    const p = await project(R.village);
    const entity = dataOf(
      await t.gql(CREATE_ENTITY, { i: { type: '农民专业合作社', name: '北峡窝光伏运维合作社', creditCode: makeCreditCode('9', '3', '410106', 'MA900001'), legalRepresentative: '李四', regionCode: R.village, listedOn: '2018-06-01' } }, town.headers),
    ).createImplementingEntity.implementingEntity;
    const [feedBefore] = await t.dataSource.query(`SELECT count(*)::int AS n FROM change_feed WHERE root_type = 'Project' AND root_id = $1`, [p]);
    const a = dataOf(await t.gql(CREATE, { i: input(p, { operatorId: entity.id }) }, town.headers)).createProjectAsset.projectAsset;
    expect(a).toMatchObject({ projectId: p, kind: 'PV_STATION', ownerType: 'VILLAGE_COLLECTIVE', ownerRegionCode: R.village, ownerHouseholdId: null, ownerName: null, value: '320000.00', handedOverOn: '2018-12-20', operatorId: entity.id, regionCode: R.village, sector: null, version: 1 });
    expect(dataOf(await t.gql(GET, { id: a.id }, supervisor.headers)).projectAsset).toMatchObject({ id: a.id, value: '320000.00' });
    expect(dataOf(await t.gql(GET, { id: a.id }, otherVillage.headers)).projectAsset).toBeNull();
    const listed = dataOf(await t.gql(LIST, { p, k: 'PV_STATION' }, village.headers)).projectAssets;
    expect(listed).toMatchObject({ totalCount: 1, edges: [{ node: { id: a.id } }] });
    expect(dataOf(await t.gql(LIST, { p, k: 'WORKSHOP' }, village.headers)).projectAssets.totalCount).toBe(0);
    expect(dataOf(await t.gql(LIST, { p }, otherVillage.headers)).projectAssets.totalCount).toBe(0);
    const [audit] = await t.dataSource.query(`SELECT operation, region_code FROM audit_log WHERE entity_type = 'ProjectAsset' AND entity_id = $1`, [a.id]);
    expect(audit).toEqual({ operation: 'projects.createProjectAsset', region_code: R.village });
    const [feedAfter] = await t.dataSource.query(`SELECT count(*)::int AS n FROM change_feed WHERE root_type = 'Project' AND root_id = $1`, [p]);
    expect(feedAfter.n).toBe(feedBefore.n + 1);
    // A household owner (in the project's area) and another owner by name.
    const h = await createHousehold(t, village, householdInput(R.village));
    expect(dataOf(await t.gql(CREATE, { i: input(p, { kind: 'LIVESTOCK', ownerType: 'HOUSEHOLD', ownerRegionCode: null, ownerHouseholdId: h.id }) }, village.headers)).createProjectAsset.projectAsset).toMatchObject({ ownerHouseholdId: h.id });
    expect(dataOf(await t.gql(CREATE, { i: input(p, { kind: 'OTHER', ownerType: 'OTHER', ownerRegionCode: null, ownerName: '峡窝镇人民政府', handedOverOn: null }) }, district.headers)).createProjectAsset.projectAsset).toMatchObject({ ownerName: '峡窝镇人民政府', handedOverOn: null });
  });

  it('refuses bad input with coded errors naming the field, and writes nothing', async () => {
    const p = await project(R.village);
    const notBuilt = await project(R.village, 'IMPLEMENTING');
    const elsewhere = await project(R.villageSameTown);
    const hOther = await createHousehold(t, otherVillage, householdInput(R.villageSameTown));
    const before = await counts();
    const cases: [Json, Json][] = [
      [input(notBuilt), { code: 'CONFLICT', reason: 'PROJECT_NOT_BUILT', field: 'input.projectId' }],
      [input(elsewhere), { code: 'NOT_FOUND', reason: 'PROJECT_NOT_FOUND', field: 'input.projectId' }],
      [input(MISSING), { code: 'NOT_FOUND', reason: 'PROJECT_NOT_FOUND', field: 'input.projectId' }],
      [input(p, { value: '0' }), { code: 'BAD_USER_INPUT', reason: 'ASSET_VALUE_INVALID', field: 'input.value' }],
      [input(p, { value: '12.345' }), { code: 'BAD_USER_INPUT', reason: 'ASSET_VALUE_INVALID', field: 'input.value' }],
      [input(p, { value: '-5.00' }), { code: 'BAD_USER_INPUT', reason: 'ASSET_VALUE_INVALID', field: 'input.value' }],
      [input(p, { handedOverOn: '2099-01-01' }), { reason: 'DATE_IN_FUTURE', field: 'input.handedOverOn' }],
      [input(p, { ownerRegionCode: null }), { code: 'BAD_USER_INPUT', reason: 'ASSET_OWNER_MISMATCH', field: 'input.ownerRegionCode' }],
      [input(p, { ownerName: '某公司' }), { code: 'BAD_USER_INPUT', reason: 'ASSET_OWNER_MISMATCH', field: 'input.ownerName' }],
      [input(p, { ownerRegionCode: R.villageSameTown }), { code: 'BAD_USER_INPUT', reason: 'ASSET_OWNER_NOT_VILLAGE', field: 'input.ownerRegionCode' }],
      [input(p, { ownerRegionCode: R.town }), { code: 'BAD_USER_INPUT', reason: 'ASSET_OWNER_NOT_VILLAGE', field: 'input.ownerRegionCode' }],
      [input(p, { ownerType: 'HOUSEHOLD', ownerRegionCode: null, ownerHouseholdId: hOther.id }), { code: 'NOT_FOUND', reason: 'HOUSEHOLD_NOT_FOUND', field: 'input.ownerHouseholdId' }],
      [input(p, { operatorId: MISSING }), { code: 'NOT_FOUND', reason: 'IMPLEMENTING_ENTITY_NOT_FOUND', field: 'input.operatorId' }],
      [input(p, { kind: 'CASTLE' }), { code: 'BAD_USER_INPUT' }],
    ];
    for (const [i, expected] of cases) {
      expect({ i, error: errorOf(await t.gql(CREATE, { i }, village.headers)) }).toMatchObject({ i, error: expected });
    }
    expect(await counts()).toEqual(before);
  });

  it('updates an asset with the checks of create and the version read; audits the change; a no-op writes nothing', async () => {
    const p = await project(R.village);
    const a = dataOf(await t.gql(CREATE, { i: input(p) }, village.headers)).createProjectAsset.projectAsset;
    const u = dataOf(await t.gql(UPDATE, { i: { id: a.id, version: 1, name: ' 北峡窝村光伏电站（一期） ', value: '330000.50', ownerType: 'OTHER', ownerName: '峡窝镇人民政府' } }, town.headers)).updateProjectAsset.projectAsset;
    expect(u).toMatchObject({ id: a.id, name: '北峡窝村光伏电站（一期）', value: '330000.50', ownerType: 'OTHER', ownerRegionCode: null, ownerName: '峡窝镇人民政府', kind: 'PV_STATION', handedOverOn: '2018-12-20', version: 2 });
    // Only the owner field given: the stored type stays; the handover date cleared; the operator kept.
    const u2 = dataOf(await t.gql(UPDATE, { i: { id: a.id, version: 2, ownerName: '上街区农业农村局', handedOverOn: null } }, village.headers)).updateProjectAsset.projectAsset;
    expect(u2).toMatchObject({ ownerType: 'OTHER', ownerName: '上街区农业农村局', handedOverOn: null, version: 3 });
    const audits = await t.dataSource.query(`SELECT operation, changes FROM audit_log WHERE entity_type = 'ProjectAsset' AND entity_id = $1 ORDER BY seq`, [a.id]);
    expect(audits.map((x: Json) => x.operation)).toEqual(['projects.createProjectAsset', 'projects.updateProjectAsset', 'projects.updateProjectAsset']);
    expect(JSON.stringify(audits[1].changes)).toContain('330000.50');
    const before = await counts();
    // Nothing differs: answered as stored, no write, no audit row; a stale version is still refused.
    expect(dataOf(await t.gql(UPDATE, { i: { id: a.id, version: 3, name: '北峡窝村光伏电站（一期）' } }, village.headers)).updateProjectAsset.projectAsset.version).toBe(3);
    expect(await counts()).toEqual(before);
    const hOther = await createHousehold(t, otherVillage, householdInput(R.villageSameTown));
    const cases: [Json, Json][] = [
      [{ version: 1, name: 'x' }, { code: 'CONFLICT', reason: 'VERSION_MISMATCH', field: 'version' }],
      [{ version: 3, value: '0' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_VALUE_INVALID', field: 'input.value' }],
      [{ version: 3, value: '1.234' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_VALUE_INVALID', field: 'input.value' }],
      [{ version: 3, handedOverOn: '2099-01-01' }, { reason: 'DATE_IN_FUTURE', field: 'input.handedOverOn' }],
      [{ version: 3, ownerType: 'HOUSEHOLD' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_OWNER_MISMATCH', field: 'input.ownerHouseholdId' }],
      [{ version: 3, ownerType: 'VILLAGE_COLLECTIVE', ownerRegionCode: R.villageSameTown }, { code: 'BAD_USER_INPUT', reason: 'ASSET_OWNER_NOT_VILLAGE', field: 'input.ownerRegionCode' }],
      [{ version: 3, ownerType: 'HOUSEHOLD', ownerHouseholdId: hOther.id }, { code: 'NOT_FOUND', reason: 'HOUSEHOLD_NOT_FOUND', field: 'input.ownerHouseholdId' }],
      [{ version: 3, operatorId: MISSING }, { code: 'NOT_FOUND', reason: 'IMPLEMENTING_ENTITY_NOT_FOUND', field: 'input.operatorId' }],
      [{ version: 3, kind: 'CASTLE' }, { code: 'BAD_USER_INPUT' }],
    ];
    const mid = await counts();
    for (const [i, expected] of cases) {
      expect({ i, error: errorOf(await t.gql(UPDATE, { i: { id: a.id, ...i } }, village.headers)) }).toMatchObject({ i, error: expected });
    }
    expect(errorOf(await t.gql(UPDATE, { i: { id: MISSING, version: 1, name: 'x' } }, village.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'PROJECT_ASSET_NOT_FOUND', field: 'input.id' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: a.id, version: 3, name: 'x' } }, otherVillage.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'PROJECT_ASSET_NOT_FOUND', field: 'input.id' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: a.id, version: 3, name: 'x' } }, supervisor.headers))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(mid);
  });

  describe('yearly incomes (扶贫资产收益), PV shares, assets without income', () => {
    const V = '410106001005'; // 三湾街社区: only this block's assets
    let far: SignedIn;
    const thisYear = yearOf(todayInChina());
    beforeAll(async () => {
      far = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    });
    const asset = async (kind: string, handedOverOn: string | null): Promise<Json> =>
      dataOf(await t.gql(CREATE, { i: input(await project(V), { kind, ownerRegionCode: V, handedOverOn, name: `三湾${kind}${(seq += 1)}` }) }, far.headers)).createProjectAsset.projectAsset;
    const set = async (i: Json, who: SignedIn = far) => t.gql(SET_INCOME, { i }, who.headers);

    it('records a year, replaces it with the version read, audits both; refuses bad input naming the field and writes nothing', async () => {
      const a = await asset('PV_STATION', '2018-06-30');
      const first = dataOf(await set({ assetId: a.id, year: 2018, income: '100000.00', toPublicWelfarePosts: '80000.00', toHouseholds: '15000', toCollective: '5000.00', note: ' 村民代表会议决定 ' })).setProjectAssetIncome.projectAssetIncome;
      expect(first).toMatchObject({ assetId: a.id, year: 2018, income: '100000.00', toPublicWelfarePosts: '80000.00', toHouseholds: '15000.00', toCollective: '5000.00', other: '0.00', note: '村民代表会议决定', pvShare: '0.8000', regionCode: V, sector: null, version: 1 });
      const before = await counts();
      const cases: [Json, Json][] = [
        [{ assetId: a.id, year: 2018, income: '1.00' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_INCOME_VERSION_REQUIRED', field: 'input.version' }],
        [{ assetId: a.id, year: 2018, version: 7, income: '1.00' }, { code: 'CONFLICT', reason: 'VERSION_MISMATCH', field: 'version' }],
        [{ assetId: a.id, year: 2019, version: 1, income: '1.00' }, { code: 'CONFLICT', reason: 'VERSION_MISMATCH', field: 'version' }],
        [{ assetId: a.id, year: 2019, income: '-1.00' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_INCOME_AMOUNT_INVALID', field: 'input.income' }],
        [{ assetId: a.id, year: 2019, income: '10', toHouseholds: '1.001' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_INCOME_AMOUNT_INVALID', field: 'input.toHouseholds' }],
        [{ assetId: a.id, year: 2019, income: '100', toPublicWelfarePosts: '60', toHouseholds: '30', toCollective: '20', other: '0' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_INCOME_DISTRIBUTION_OVER', field: 'input.toCollective' }],
        [{ assetId: a.id, year: 2019, income: '100', other: '100.01' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_INCOME_DISTRIBUTION_OVER', field: 'input.other' }],
        [{ assetId: a.id, year: 2017, income: '100' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_INCOME_BEFORE_HANDOVER', field: 'input.year' }],
        [{ assetId: a.id, year: thisYear + 1, income: '100' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_INCOME_YEAR_IN_FUTURE', field: 'input.year' }],
        [{ assetId: MISSING, year: 2019, income: '100' }, { code: 'NOT_FOUND', reason: 'PROJECT_ASSET_NOT_FOUND', field: 'input.assetId' }],
      ];
      const notHandedOver = await asset('WORKSHOP', null);
      cases.push([{ assetId: notHandedOver.id, year: 2019, income: '100' }, { code: 'BAD_USER_INPUT', reason: 'ASSET_INCOME_BEFORE_HANDOVER', field: 'input.year' }]);
      const mid = await counts();
      for (const [i, expected] of cases) {
        expect({ i, error: errorOf(await set(i)) }).toMatchObject({ i, error: expected });
      }
      // Out of scope: as missing.
      expect(errorOf(await set({ assetId: a.id, year: 2019, income: '100' }, village))).toMatchObject({ code: 'NOT_FOUND', reason: 'PROJECT_ASSET_NOT_FOUND', field: 'input.assetId' });
      // The handover cannot move past a year with an income, nor be cleared.
      for (const handedOverOn of ['2019-01-01', null]) {
        expect(errorOf(await t.gql(UPDATE, { i: { id: a.id, version: a.version, handedOverOn } }, far.headers))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ASSET_INCOME_BEFORE_HANDOVER', field: 'input.handedOverOn' });
      }
      expect(await counts()).toEqual({ ...mid });
      expect(mid).toEqual({ ...before, assets: before.assets + 1, audits: before.audits + 1, assetVersions: before.assetVersions + 1 });
      const second = dataOf(await set({ assetId: a.id, year: 2018, version: 1, income: '100000.00', toPublicWelfarePosts: '70000.00', toHouseholds: '30000.00' })).setProjectAssetIncome.projectAssetIncome;
      expect(second).toMatchObject({ id: first.id, toPublicWelfarePosts: '70000.00', toHouseholds: '30000.00', toCollective: '0.00', note: null, pvShare: '0.7000', version: 2 });
      const audits = await t.dataSource.query(`SELECT operation, region_code FROM audit_log WHERE entity_type = 'ProjectAssetIncome' AND entity_id = $1 ORDER BY seq`, [first.id]);
      expect(audits).toEqual([
        { operation: 'projects.setProjectAssetIncome', region_code: V },
        { operation: 'projects.setProjectAssetIncome', region_code: V },
      ]);
      // The database keeps the distribution rule too.
      await expect(t.dataSource.query(`UPDATE project_asset_incomes SET other = 1 WHERE id = $1`, [first.id])).rejects.toThrow(/project_asset_incomes_distribution_check/);
    });

    it('PV shares against employment.pv_income_to_pwp_min (no verdict where not configured); incomes listed newest first; assets without income', async () => {
      const a = await asset('PV_STATION', '2018-03-01'); // 2018: 70 %, 2021: 90 %
      const b = await asset('PV_STATION', '2018-03-01'); // 2018: income 0
      const c = await asset('WORKSHOP', '2018-03-01'); // not a PV station
      const d = await asset('PV_STATION', '2018-12-31'); // no income recorded
      const e = await asset('GREENHOUSE', '2019-05-01'); // handed over in 2019
      const f = await asset('LIVESTOCK', null); // never handed over
      dataOf(await set({ assetId: a.id, year: 2018, income: '3.00', toPublicWelfarePosts: '2.00', toCollective: '1.00' }));
      dataOf(await set({ assetId: a.id, year: 2021, income: '1000.00', toPublicWelfarePosts: '900.00' }));
      dataOf(await set({ assetId: b.id, year: 2018, income: '0' }));
      const cIncome = dataOf(await set({ assetId: c.id, year: 2018, income: '500.00', toHouseholds: '500.00' })).setProjectAssetIncome.projectAssetIncome;
      expect(cIncome.pvShare).toBeNull();

      const shares = dataOf(await t.gql(PV_SHARES, { y: 2018, r: V }, district.headers)).pvIncomeShares;
      const byAsset = Object.fromEntries(shares.edges.map((x: Json) => [x.node.asset.id, x.node]));
      expect(shares.totalCount).toBe(3); // the PV station of the first test, a and b
      expect(byAsset[a.id]).toMatchObject({ share: '0.6667', meetsMinimum: false, income: { year: 2018, pvShare: '0.6667' }, minimum: { key: 'employment.pv_income_to_pwp_min', configured: true, value: '0.80', status: 'VERIFIED', asOf: '2018-12-31', regionCode: V } });
      expect(byAsset[b.id]).toMatchObject({ share: null, meetsMinimum: null, minimum: { configured: true } });
      expect(byAsset[c.id] ?? byAsset[d.id]).toBeUndefined();
      const later = dataOf(await t.gql(PV_SHARES, { y: 2021, r: V }, district.headers)).pvIncomeShares;
      expect(later.edges.map((x: Json) => x.node)).toEqual([
        expect.objectContaining({ asset: { id: a.id, name: a.name }, share: '0.9000', meetsMinimum: null, minimum: expect.objectContaining({ configured: false, value: null, status: 'NOT_CONFIGURED' }) }),
      ]);
      // Pages, by name.
      const p1 = dataOf(await t.gql(PV_SHARES, { y: 2018, r: V, first: 2 }, district.headers)).pvIncomeShares;
      const p2 = dataOf(await t.gql(PV_SHARES, { y: 2018, r: V, first: 2, after: p1.pageInfo.endCursor }, district.headers)).pvIncomeShares;
      expect(p1.pageInfo.hasNextPage).toBe(true);
      expect([...p1.edges, ...p2.edges].map((x: Json) => x.node.asset.id)).toEqual(shares.edges.map((x: Json) => x.node.asset.id));
      // Region scope: another town sees none of them.
      expect(dataOf(await t.gql(PV_SHARES, { y: 2018 }, village.headers)).pvIncomeShares.edges.filter((x: Json) => x.node.asset.id === a.id)).toEqual([]);

      const incomes = dataOf(await t.gql(INCOMES, { a: a.id }, supervisor.headers)).projectAssetIncomes;
      expect(incomes.edges.map((x: Json) => [x.node.year, x.node.pvShare])).toEqual([[2021, '0.9000'], [2018, '0.6667']]);
      expect(dataOf(await t.gql(INCOMES, { a: a.id, y: 2018 }, far.headers)).projectAssetIncomes.totalCount).toBe(1);
      expect(dataOf(await t.gql(INCOMES, { a: a.id }, village.headers)).projectAssetIncomes.totalCount).toBe(0);
      const ip1 = dataOf(await t.gql(INCOMES, { r: V, first: 1 }, far.headers)).projectAssetIncomes;
      const ip2 = dataOf(await t.gql(INCOMES, { r: V, first: 1, after: ip1.pageInfo.endCursor }, far.headers)).projectAssetIncomes;
      expect(ip1.edges[0].node.year).toBeGreaterThanOrEqual(ip2.edges[0].node.year);
      expect(ip2.edges[0].node.id).not.toBe(ip1.edges[0].node.id);

      const without = async (y: number) => dataOf(await t.gql(WITHOUT_INCOME, { y, r: V }, far.headers)).assetsWithoutIncome.edges.map((x: Json) => x.node.id);
      const mine = [a.id, b.id, c.id, d.id, e.id, f.id];
      expect((await without(2018)).filter((id: string) => mine.includes(id)).sort()).toEqual([b.id, d.id].sort());
      expect((await without(2019)).filter((id: string) => mine.includes(id)).sort()).toEqual([a.id, b.id, c.id, d.id, e.id].sort());
      expect((await without(2017)).filter((id: string) => mine.includes(id))).toEqual([]);
      expect(dataOf(await t.gql(WITHOUT_INCOME, { y: 2018, r: V }, village.headers)).assetsWithoutIncome.totalCount).toBe(0);
    });
  });

  describe('region × role × sector matrix', () => {
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const READERS = [...WRITERS, Role.SUPERVISOR];
    const assetOf = async (regionCode: string, sector?: Sector): Promise<string> => {
      const p = await project(regionCode, 'COMPLETED', sector ?? null);
      const [row] = await t.dataSource.query(
        `INSERT INTO project_assets (project_id, name, kind, owner_type, owner_name, value, handed_over_on, region_code, sector)
         VALUES ($1, '矩阵资产', 'OTHER', 'OTHER', '某单位', '1.00', '2018-06-01', $2, $3) RETURNING id`,
        [p, regionCode, sector ?? null],
      );
      return row.id;
    };
    const withIncome = async (regionCode: string, sector?: Sector): Promise<string> => {
      const id = await assetOf(regionCode, sector);
      await t.dataSource.query(
        `INSERT INTO project_asset_incomes (asset_id, year, income, to_public_welfare_posts, to_households, to_collective, other, region_code, sector) VALUES ($1, 2018, '10.00', 0, 0, 0, 0, $2, $3)`,
        [id, regionCode, sector ?? null],
      );
      return id;
    };
    const ops: [MatrixOperation, Role[]][] = [
      [
        {
          name: 'Mutation.updateProjectAsset',
          missingId: MISSING,
          sector: { access: 'write' },
          target: assetOf,
          run: (caller, id) => t.gql(UPDATE, { i: { id, version: 1, name: '矩阵资产（改）' } }, caller.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.updateProjectAsset?.projectAsset?.id,
        },
        WRITERS,
      ],
      [
        {
          name: 'Mutation.setProjectAssetIncome',
          missingId: MISSING,
          sector: { access: 'write' },
          target: assetOf,
          run: (caller, id) => t.gql(SET_INCOME, { i: { assetId: id, year: 2018, income: '10.00', toHouseholds: '10.00' } }, caller.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.setProjectAssetIncome?.projectAssetIncome?.id,
        },
        WRITERS,
      ],
      [
        {
          name: 'Query.projectAssetIncomes(assetId)',
          missingId: MISSING,
          sector: { access: 'read' },
          target: withIncome,
          run: (caller, id) => t.gql(INCOMES, { a: id }, caller.headers),
          reached: (res) => ((res.body.data as Json | undefined)?.projectAssetIncomes?.totalCount ?? 0) > 0,
        },
        READERS,
      ],
      [
        {
          name: 'Mutation.createProjectAsset',
          missingId: MISSING,
          sector: { access: 'write' },
          target: (regionCode, sector) => project(regionCode, 'COMPLETED', sector ?? null),
          run: (caller, id) => t.gql(CREATE, { i: input(id, { ownerType: 'OTHER', ownerRegionCode: null, ownerName: '某单位' }) }, caller.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.createProjectAsset?.projectAsset?.id,
        },
        WRITERS,
      ],
      [
        {
          name: 'Query.projectAsset',
          missingId: MISSING,
          sector: { access: 'read' },
          target: assetOf,
          run: (caller, id) => t.gql(GET, { id }, caller.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.projectAsset?.id,
        },
        READERS,
      ],
      [
        {
          name: 'Query.projectAssets(projectId)',
          missingId: MISSING,
          sector: { access: 'read' },
          target: async (regionCode, sector) => (await t.dataSource.query(`SELECT project_id FROM project_assets WHERE id = $1`, [await assetOf(regionCode, sector)]))[0].project_id,
          run: (caller, id) => t.gql(LIST, { p: id }, caller.headers),
          reached: (res) => ((res.body.data as Json | undefined)?.projectAssets?.totalCount ?? 0) > 0,
        },
        READERS,
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });
  });
});
