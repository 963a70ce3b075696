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

type Json = Record<string, any>;

const ASSET = `id projectId name kind ownerType ownerRegionCode ownerHouseholdId ownerName value handedOverOn operatorId regionCode sector version`;
const CREATE = `mutation($i: CreateProjectAssetInput!) { createProjectAsset(input: $i) { projectAsset { ${ASSET} } } }`;
const GET = `query($id: ID!) { projectAsset(id: $id) { ${ASSET} } }`;
const LIST = `query($r: String, $p: ID, $k: AssetKind, $first: Int, $after: String) {
  projectAssets(regionCode: $r, projectId: $p, kind: $k, first: $first, after: $after) { totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;
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
    (await t.dataSource.query(`SELECT (SELECT count(*)::int FROM project_assets) AS assets, (SELECT count(*)::int FROM audit_log WHERE entity_type = 'ProjectAsset') AS audits`))[0];

  it('plugs in: entities and migration agree, every element is described, every operation declares its permission', async () => {
    expect((await pendingSchemaChanges(t.dataSource)).up).toEqual([]);
    expect(undescribedSchemaElements(t.get(GraphQLSchemaHost).schema)).toEqual([]);
    const access = Object.fromEntries(collectOperations(t.service.app).map((o) => [o.operation, o.access]));
    expect(access['Query.projectAssets']).toBe('projects.read');
    expect(access['Query.projectAsset']).toBe('projects.read');
    expect(access['Mutation.createProjectAsset']).toBe('projects.write');
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

  describe('region × role × sector matrix', () => {
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const READERS = [...WRITERS, Role.SUPERVISOR];
    const assetOf = async (regionCode: string, sector?: Sector): Promise<string> => {
      const p = await project(regionCode, 'COMPLETED', sector ?? null);
      const [row] = await t.dataSource.query(
        `INSERT INTO project_assets (project_id, name, kind, owner_type, owner_name, value, region_code, sector) VALUES ($1, '矩阵资产', 'OTHER', 'OTHER', '某单位', '1.00', $2, $3) RETURNING id`,
        [p, regionCode, sector ?? null],
      );
      return row.id;
    };
    const ops: [MatrixOperation, Role[]][] = [
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
