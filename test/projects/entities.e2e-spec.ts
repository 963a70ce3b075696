import { GraphQLSchemaHost } from '@nestjs/graphql';
import { collectOperations } from '../../src/common/access/operation-map';
import { Role, Sector } from '../../src/common/access/permissions';
import { undescribedSchemaElements } from '../../src/common/graphql/schema-descriptions';
import { makeCreditCode } from '../../src/common/identity-number/credit-code';
import { pendingSchemaChanges } from '../../src/database/schema-diff';
import { checkRegionMatrix, MatrixOperation } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { dataOf, errorOf } from '../support/gql-answers';
import { startTestApp, TestApp } from '../support/test-app';

type Json = Record<string, any>;

const ENTITY = `id type name creditCode registrationAuthority organisationType legalRepresentative phone regionCode sector foundedOn listedOn businessScope status closedOn closeReason version`;
const CREATE = `mutation($i: CreateImplementingEntityInput!) { createImplementingEntity(input: $i) { implementingEntity { ${ENTITY} } } }`;
const UPDATE = `mutation($i: UpdateImplementingEntityInput!) { updateImplementingEntity(input: $i) { implementingEntity { ${ENTITY} } } }`;
const CLOSE = `mutation($i: CloseImplementingEntityInput!) { closeImplementingEntity(input: $i) { implementingEntity { ${ENTITY} } } }`;
const GET = `query($id: ID!) { implementingEntity(id: $id) { ${ENTITY} } }`;
const LIST = `query($r: String, $t: String, $n: String, $c: String, $s: ImplementingEntityStatus, $first: Int, $after: String) {
  implementingEntities(regionCode: $r, type: $t, nameContains: $n, creditCode: $c, status: $s, first: $first, after: $after) { totalCount edges { node { id name creditCode phone } } pageInfo { hasNextPage endCursor } } }`;
const REVEAL = `mutation($id: String!, $r: String!) { revealPersonalData(input: { subject: IMPLEMENTING_ENTITY_PHONE, id: $id, reason: $r }) { value } }`;

const PHONE = '13812345678';
const PHONE_MASKED = '138****5678';
/** The entity types are in force for 2018 (seeds/policy-parameters.json, project.entity_types). */
const LISTED_ON = '2018-06-01';

describe('implementing entities (经营主体, issue #15)', () => {
  let t: TestApp;
  let district: SignedIn;
  let town: SignedIn;
  let siblingTown: SignedIn;
  let supervisor: SignedIn;
  let agriculture: SignedIn;
  let seq = 0;

  /** A fresh valid credit code (enterprise, registered in Shangjie). */
  const nextCode = (authority = '9', type = '3') => makeCreditCode(authority, type, '410106', `MA${String((seq += 1)).padStart(6, '0')}`);

  beforeAll(async () => {
    t = await startTestApp();
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    siblingTown = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
    supervisor = await signIn(t, Role.SUPERVISOR, R.district);
    agriculture = await signIn(t, Role.SECTOR_OFFICER, R.district, { sector: Sector.AGRICULTURE });
  });
  afterAll(() => t?.close());

  const input = (over: Json = {}): Json => ({
    type: '农民专业合作社',
    name: `北峡窝种植专业合作社${seq}`,
    creditCode: nextCode(),
    legalRepresentative: '张三',
    phone: PHONE,
    regionCode: R.village,
    foundedOn: '2016-03-01',
    listedOn: LISTED_ON,
    businessScope: '蔬菜种植、销售',
    ...over,
  });
  async function create(who: SignedIn, over: Json = {}): Promise<Json> {
    return dataOf(await t.gql(CREATE, { i: input(over) }, who.headers)).createImplementingEntity.implementingEntity;
  }
  const counts = async () => {
    const [e] = await t.dataSource.query(`SELECT count(*)::int AS n FROM implementing_entities`);
    const [a] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'ImplementingEntity'`);
    return { entities: e.n, audit: a.n };
  };
  const auditRows = (id: string): Promise<Json[]> =>
    t.dataSource.query(`SELECT operation, changes, reason FROM audit_log WHERE entity_type = 'ImplementingEntity' AND entity_id = $1 ORDER BY seq`, [id]);

  it('plugs in: entities and migration agree, every element is described, every operation declares its permission', async () => {
    expect((await pendingSchemaChanges(t.dataSource)).up).toEqual([]);
    expect(undescribedSchemaElements(t.get(GraphQLSchemaHost).schema)).toEqual([]);
    const access = Object.fromEntries(collectOperations(t.service.app).map((o) => [o.operation, o.access]));
    expect(access['Query.implementingEntities']).toBe('projects.read');
    expect(access['Mutation.createImplementingEntity']).toBe('projects.write');
    expect(access['Mutation.closeImplementingEntity']).toBe('projects.write');
  });

  it('records an entity: credit code decoded, phone encrypted in SQL and answered masked, creation audited masked', async () => {
    const e = await create(town);
    expect(e).toMatchObject({ type: '农民专业合作社', registrationAuthority: '工商', organisationType: '农民专业合作社', phone: PHONE_MASKED, status: 'ACTIVE', sector: null, version: 1 });
    const [row] = await t.dataSource.query(`SELECT phone_enc, phone_hash, credit_code FROM implementing_entities WHERE id = $1`, [e.id]);
    expect(row.phone_enc).toBeTruthy();
    expect(row.phone_enc).not.toContain(PHONE);
    expect(row.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.credit_code).toBe(e.creditCode);
    const [created] = await auditRows(e.id);
    expect(created.operation).toBe('projects.createImplementingEntity');
    expect(created.changes).toMatchObject({ phone: { from: null, to: PHONE_MASKED }, creditCode: { from: null, to: e.creditCode } });
    expect(JSON.stringify(created.changes)).not.toContain(PHONE);
  });

  it('reveals the phone with a reason (audited), not without one, not outside the scope', async () => {
    const e = await create(town);
    const reason = '联系合作社核实带贫人数 (call to check the members)';
    expect(dataOf(await t.gql(REVEAL, { id: e.id, r: reason }, town.headers)).revealPersonalData.value).toBe(PHONE);
    expect((await auditRows(e.id)).find((r) => r.operation === 'personalData.unmask')).toMatchObject({ reason, changes: { field: 'phone' } });
    expect(errorOf(await t.gql(REVEAL, { id: e.id, r: '..' }, town.headers))).toMatchObject({ reason: 'REASON_REQUIRED' });
    expect(errorOf(await t.gql(REVEAL, { id: e.id, r: reason }, siblingTown.headers))).toMatchObject({ reason: 'IMPLEMENTING_ENTITY_NOT_FOUND' });
    // A supervisor reads the entity, masked, but holds no personalData.unmask.
    expect(dataOf(await t.gql(GET, { id: e.id }, supervisor.headers)).implementingEntity.phone).toBe(PHONE_MASKED);
    expect(errorOf(await t.gql(REVEAL, { id: e.id, r: reason }, supervisor.headers))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses bad input with coded errors naming the field, and writes nothing', async () => {
    const before = await counts();
    const good = nextCode();
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const cases: [Json, Json][] = [
      [{ creditCode: wrongCheck }, { code: 'BAD_USER_INPUT', reason: 'CREDIT_CODE_CHECKSUM', field: 'input.creditCode' }],
      [{ creditCode: `${good.slice(0, 16)}I${good[17]}` }, { reason: 'CREDIT_CODE_ALPHABET', field: 'input.creditCode' }],
      [{ creditCode: good.slice(0, 17) }, { reason: 'CREDIT_CODE_LENGTH', field: 'input.creditCode' }],
      [{ creditCode: '91440300708461137X' }, { reason: 'CREDIT_CODE_ORGANISATION', field: 'input.creditCode' }],
      [{ type: '个体户' }, { code: 'BAD_USER_INPUT', reason: 'CODE_NOT_LISTED', field: 'input.type' }],
      // project.entity_types is seeded for 2018 only: 2020 is not configured, never guessed.
      [{ listedOn: '2020-01-01' }, { code: 'BAD_USER_INPUT', reason: 'PARAMETER_NOT_CONFIGURED', field: 'input.type' }],
      [{ regionCode: R.siblingTown }, { code: 'FORBIDDEN', reason: 'REGION_OUT_OF_SCOPE', field: 'input.regionCode' }],
      [{ regionCode: '410106999999' }, { reason: 'REGION_NOT_FOUND', field: 'input.regionCode' }],
      [{ foundedOn: '2099-01-01' }, { reason: 'DATE_IN_FUTURE', field: 'input.foundedOn' }],
      [{ foundedOn: '2018-07-01' }, { reason: 'INVALID_PERIOD', field: 'input.listedOn' }],
      [{ phone: '12345' }, { code: 'BAD_USER_INPUT' }],
    ];
    for (const [over, expected] of cases) {
      expect({ over, error: errorOf(await t.gql(CREATE, { i: input(over) }, town.headers)) }).toMatchObject({ over, error: expected });
    }
    // The same code twice: CONFLICT on the field, whatever its spelling.
    const first = await create(town);
    const spelled = `${first.creditCode.slice(0, 8).toLowerCase()} ${first.creditCode.slice(8)}`;
    expect(errorOf(await t.gql(CREATE, { i: input({ creditCode: spelled }) }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'CREDIT_CODE_TAKEN', field: 'input.creditCode' });
    expect(await counts()).toEqual({ entities: before.entities + 1, audit: before.audit + 1 });
  });

  it('accepts a village collective economic organisation\'s code (authority N, 农业) and finds entities by normalised code, type, name and region', async () => {
    const code = nextCode('N', '2');
    const e = await create(town, { type: '村集体经济组织', name: '北峡窝村股份经济合作社', creditCode: code.toLowerCase() });
    expect(e).toMatchObject({ creditCode: code, registrationAuthority: '农业', organisationType: '村级集体经济组织' });
    const spaced = `${code.slice(0, 2)} ${code.slice(2, 8)}-${code.slice(8)}`.toLowerCase();
    expect(dataOf(await t.gql(LIST, { c: spaced }, town.headers)).implementingEntities.edges.map((x: Json) => x.node.id)).toEqual([e.id]);
    expect(dataOf(await t.gql(LIST, { c: 'not a code' }, town.headers)).implementingEntities.edges).toEqual([]);
    const byType = dataOf(await t.gql(LIST, { t: '村集体经济组织', n: '股份经济', first: 100 }, town.headers)).implementingEntities;
    expect(byType.edges.map((x: Json) => x.node.id)).toContain(e.id);
    expect(byType.edges.every((x: Json) => x.node.name.includes('股份经济'))).toBe(true);
    // The sibling town sees none of it; its own subtree filter lists nothing of town's.
    expect(dataOf(await t.gql(LIST, { c: code }, siblingTown.headers)).implementingEntities.edges).toEqual([]);
    expect(dataOf(await t.gql(LIST, { r: R.villageSameTown, c: code }, town.headers)).implementingEntities.edges).toEqual([]);
  });

  it('pages by name with cursors', async () => {
    for (const n of ['甲', '乙', '丙']) await create(town, { name: `翻页测试社${n}`, regionCode: R.villageSameTown });
    const first = dataOf(await t.gql(LIST, { n: '翻页测试社', first: 2 }, town.headers)).implementingEntities;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = dataOf(await t.gql(LIST, { n: '翻页测试社', first: 2, after: first.pageInfo.endCursor }, town.headers)).implementingEntities;
    expect(rest.edges).toHaveLength(1);
  });

  it('updates with the version read (a stale one is a conflict), re-checks type and code, closes with a reason, then changes no more', async () => {
    const e = await create(town);
    const updated = dataOf(await t.gql(UPDATE, { i: { id: e.id, version: 1, name: '改名后的合作社', phone: '' } }, town.headers)).updateImplementingEntity.implementingEntity;
    expect(updated).toMatchObject({ name: '改名后的合作社', phone: null, version: 2 });
    expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 1, name: 'x' } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 2, type: '合资企业' } }, town.headers))).toMatchObject({ reason: 'CODE_NOT_LISTED', field: 'input.type' });
    const other = await create(town);
    expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 2, creditCode: other.creditCode } }, town.headers))).toMatchObject({ reason: 'CREDIT_CODE_TAKEN', field: 'input.creditCode' });
    expect(dataOf(await t.gql(GET, { id: e.id }, town.headers)).implementingEntity).toMatchObject({ name: '改名后的合作社', creditCode: e.creditCode, version: 2 });

    expect(errorOf(await t.gql(CLOSE, { i: { id: e.id, version: 2, reason: '  ' } }, town.headers))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const closed = dataOf(await t.gql(CLOSE, { i: { id: e.id, version: 2, reason: '合作社注销', closedOn: '2019-01-10' } }, town.headers)).closeImplementingEntity.implementingEntity;
    expect(closed).toMatchObject({ status: 'CLOSED', closedOn: '2019-01-10', closeReason: '合作社注销', version: 3 });
    expect(errorOf(await t.gql(UPDATE, { i: { id: e.id, version: 3, name: 'y' } }, town.headers))).toMatchObject({ code: 'CONFLICT', reason: 'IMPLEMENTING_ENTITY_CLOSED' });
    expect((await auditRows(e.id)).map((r) => r.operation)).toEqual(['projects.createImplementingEntity', 'projects.updateImplementingEntity', 'projects.closeImplementingEntity']);
    expect((await auditRows(e.id))[1].changes).toMatchObject({ phone: { from: PHONE_MASKED, to: null } });
    expect((await auditRows(e.id))[2]).toMatchObject({ reason: '合作社注销', changes: { status: { from: 'ACTIVE', to: 'CLOSED' } } });
  });

  it('a sector officer records entities as its department and changes only its own; a supervisor reads but cannot write', async () => {
    const mine = await create(agriculture);
    expect(mine.sector).toBe('AGRICULTURE');
    const office = await create(town);
    expect(dataOf(await t.gql(GET, { id: office.id }, agriculture.headers)).implementingEntity.id).toBe(office.id);
    expect(errorOf(await t.gql(UPDATE, { i: { id: office.id, version: 1, name: 'z' } }, agriculture.headers))).toMatchObject({ code: 'NOT_FOUND', reason: 'IMPLEMENTING_ENTITY_NOT_FOUND' });
    expect(dataOf(await t.gql(UPDATE, { i: { id: mine.id, version: 1, name: '农业局登记的合作社' } }, town.headers)).updateImplementingEntity.implementingEntity.sector).toBe('AGRICULTURE');
    expect(errorOf(await t.gql(CREATE, { i: input() }, supervisor.headers))).toMatchObject({ code: 'FORBIDDEN' });
    expect(dataOf(await t.gql(GET, { id: mine.id }, supervisor.headers)).implementingEntity.id).toBe(mine.id);
  });

  describe('region × role × sector matrix', () => {
    const missingId = '00000000-0000-4000-8000-000000000000';
    const target = async (region: string, sector?: Sector): Promise<string> => {
      const [row] = await t.dataSource.query(
        `INSERT INTO implementing_entities (type, name, credit_code, legal_representative, region_code, sector, listed_on) VALUES ('农民专业合作社', $1, $2, '李四', $3, $4, $5) RETURNING id`,
        [`矩阵主体${seq}`, nextCode(), region, sector ?? null, LISTED_ON],
      );
      return row.id as string;
    };
    const READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR];
    const WRITERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER];
    const ops: [MatrixOperation, Role[]][] = [
      [
        {
          name: 'Query.implementingEntity',
          missingId,
          sector: { access: 'read' },
          target,
          run: (caller, id) => t.gql(GET, { id }, caller.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.implementingEntity?.id,
        },
        READERS,
      ],
      [
        {
          name: 'Mutation.updateImplementingEntity',
          missingId,
          sector: { access: 'write' },
          target,
          run: (caller, id) => t.gql(UPDATE, { i: { id, version: 1, businessScope: '矩阵' } }, caller.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.updateImplementingEntity?.implementingEntity?.id,
        },
        WRITERS,
      ],
      [
        {
          name: 'Mutation.closeImplementingEntity',
          missingId,
          sector: { access: 'write' },
          target,
          run: (caller, id) => t.gql(CLOSE, { i: { id, version: 1, reason: '矩阵测试退出' } }, caller.headers),
          reached: (res) => !!(res.body.data as Json | undefined)?.closeImplementingEntity?.implementingEntity?.id,
        },
        WRITERS,
      ],
      [
        {
          name: 'Mutation.revealPersonalData(IMPLEMENTING_ENTITY_PHONE)',
          missingId,
          target,
          run: (caller, id) => t.gql(REVEAL, { id, r: '矩阵测试查看电话' }, caller.headers),
          reached: (res) => (res.body.data as Json | undefined)?.revealPersonalData !== undefined && !res.body.errors,
        },
        [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER],
      ],
    ];
    it.each(ops.map(([op, roles]) => [op.name, op, roles] as const))('%s', async (_name, op, roles) => {
      expect(await checkRegionMatrix(t, op, roles)).toEqual([]);
    });

    it('createImplementingEntity: inside the subtree only; a sector officer without its sector\'s scope is refused', async () => {
      expect(errorOf(await t.gql(CREATE, { i: input({ regionCode: R.district }) }, town.headers))).toMatchObject({ reason: 'REGION_OUT_OF_SCOPE' });
      expect(dataOf(await t.gql(CREATE, { i: input({ regionCode: R.district }) }, district.headers)).createImplementingEntity.implementingEntity.regionCode).toBe(R.district);
      const villageOfficer = await signIn(t, Role.VILLAGE_OFFICER, R.village);
      expect(errorOf(await t.gql(CREATE, { i: input({ regionCode: R.villageSameTown }) }, villageOfficer.headers))).toMatchObject({ reason: 'REGION_OUT_OF_SCOPE' });
      const townSector = await signIn(t, Role.SECTOR_OFFICER, R.town, { sector: Sector.HEALTH });
      expect(errorOf(await t.gql(CREATE, { i: input({ regionCode: R.siblingTown }) }, townSector.headers))).toMatchObject({ reason: 'REGION_OUT_OF_SCOPE' });
      expect(dataOf(await t.gql(CREATE, { i: input() }, townSector.headers)).createImplementingEntity.implementingEntity.sector).toBe('HEALTH');
    });
  });
});
