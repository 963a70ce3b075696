import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_REGIONS_FILE } from '../../src/demo/seed';
import { RegionsService } from '../../src/regions/regions.service';
import { countQueries } from '../support/query-counter';
import { Role } from '../../src/common/access/permissions';
import { permissionsOf } from '../../src/app.permissions';
import type { Principal } from '../../src/common/access/principal';
import { signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

const TREE = readFileSync(join(__dirname, '..', '..', DEMO_REGIONS_FILE));

/** A district administrator of Shangjie, for calls to the service without GraphQL. */
const DISTRICT: Principal = {
  kind: 'user',
  id: '00000000-0000-0000-0000-000000000001',
  personId: '00000000-0000-0000-0000-000000000001',
  name: 'district-admin',
  roles: [Role.DISTRICT_ADMIN],
  permissions: permissionsOf([Role.DISTRICT_ADMIN]),
  regionCode: '410106000000',
  scopePrefix: '410106',
};

describe('regions: the division tree of Shangjie District (§26)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.get(RegionsService).importCsvAsSystem(TREE);
  });
  afterAll(() => t?.close());

  it('holds the real 6 towns/streets and 64 villages/communities of 410106', async () => {
    const res = await t.gql<{ towns: { totalCount: number }; villages: { totalCount: number } }>(`{
      towns: regions(withinCode: "410106000000", level: TOWN) { totalCount }
      villages: regions(withinCode: "410106000000", level: VILLAGE) { totalCount }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ towns: { totalCount: 6 }, villages: { totalCount: 64 } });
  });

  it('answers one region by code with its ancestors and children', async () => {
    const res = await t.gql<{ region: { name: string; ancestors: { code: string }[] } }>(`{
      region(code: "410106100201") { name level parent { name } ancestors { code name } children { code } }
    }`);
    expect(res.body.data?.region).toEqual({
      name: '北峡窝村',
      level: 'VILLAGE',
      parent: { name: '峡窝镇' },
      ancestors: [
        { code: '410106100000', name: '峡窝镇' },
        { code: '410106000000', name: '上街区' },
        { code: '410100000000', name: '郑州市' },
        { code: '410000000000', name: '河南省' },
      ],
      children: [],
    });
    const town = await t.gql<{ region: { children: { code: string }[] } }>(`{ region(code: "410106100000") { children { code } } }`);
    expect(town.body.data?.region.children).toHaveLength(30);
  });

  it('answers null for a code that does not exist, and refuses a malformed code naming the field', async () => {
    const missing = await t.gql(`{ region(code: "410106999999") { name } }`);
    expect(missing.body).toEqual({ data: { region: null } });
    const bad = await t.gql(`{ region(code: "4101") { name } }`);
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('searches by name', async () => {
    const res = await t.gql<{ regions: { edges: { node: { name: string } }[] } }>(`{
      regions(nameContains: "峡窝", first: 50) { edges { node { name } } }
    }`);
    const names = res.body.data!.regions.edges.map((e) => e.node.name);
    expect(names).toEqual(expect.arrayContaining(['峡窝镇', '北峡窝村']));
    expect(names.every((n) => n.includes('峡窝'))).toBe(true);
    const literal = await t.gql<{ regions: { edges: unknown[] } }>(`{ regions(nameContains: "%") { edges { cursor } } }`);
    expect(literal.body.data!.regions.edges).toHaveLength(0);
  });

  it('pages forward and backward with keyset cursors, without gaps or repeats', async () => {
    type Page = { regions: { edges: { cursor: string; node: { code: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string; startCursor: string } } };
    const q = `query($after: String, $before: String, $first: Int, $last: Int) {
      regions(withinCode: "410106100000", level: VILLAGE, first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await t.gql<Page>(q, { first: 7, after });
      const page = res.body.data!.regions;
      seen.push(...page.edges.map((e) => e.node.code));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(30);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(30);

    const last = await t.gql<Page>(q, { last: 5 });
    expect(last.body.data!.regions.edges.map((e) => e.node.code)).toEqual(seen.slice(-5));
    expect(last.body.data!.regions.pageInfo.hasPreviousPage).toBe(true);
    const before = await t.gql<Page>(q, { last: 5, before: last.body.data!.regions.pageInfo.startCursor });
    expect(before.body.data!.regions.edges.map((e) => e.node.code)).toEqual(seen.slice(-10, -5));
  });

  it('caps first at 100 and refuses a forged cursor, naming the argument', async () => {
    const big = await t.gql(`{ regions(first: 101) { edges { cursor } } }`);
    expect(big.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const forged = await t.gql(`{ regions(after: "not-a-cursor") { edges { cursor } } }`);
    expect(forged.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after', reason: 'INVALID_CURSOR' });
  });

  it('loads parents and children in batches: SQL statements do not grow with the page size', async () => {
    const q = (n: number) => `{ regions(level: VILLAGE, first: ${n}) { edges { node { code parent { name parent { name } } children { code } } } } }`;
    const small = await countQueries(() => t.gql(q(5)));
    const large = await countQueries(() => t.gql(q(60)));
    expect((small.result.body.data as { regions: { edges: unknown[] } }).regions.edges).toHaveLength(5);
    expect((large.result.body.data as { regions: { edges: unknown[] } }).regions.edges).toHaveLength(60);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(5);
  });

  it('re-importing the same division list changes nothing', async () => {
    const before = await t.dataSource.query(`SELECT code, version, updated_at FROM regions ORDER BY code`);
    const counts = await t.get(RegionsService).importCsvAsSystem(TREE);
    expect(counts).toEqual({ created: 0, updated: 0, unchanged: 73 });
    expect(await t.dataSource.query(`SELECT code, version, updated_at FROM regions ORDER BY code`)).toEqual(before);
  });

  it('refuses a bad division list as a whole, naming row and column', async () => {
    const csv = 'code,name,parent_code,level\n410106100299,新村,410106100000,village\n4101061,坏,410106100000,village\n410106100298,孤村,410106200000,village\n';
    const err = await t.get(RegionsService).importCsvAsSystem(csv).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((err as { problems: { field: string; reason: string }[] }).problems).toEqual([
      expect.objectContaining({ field: 'row 3.code', reason: 'INVALID_CODE' }),
      expect.objectContaining({ field: 'row 4.parent_code', reason: 'PARENT_MISMATCH' }),
    ]);
    const rows = await t.dataSource.query(`SELECT 1 FROM regions WHERE code = '410106100299'`);
    expect(rows).toHaveLength(0);
  });

  it('renames with the version read; a stale version is a CONFLICT and changes nothing', async () => {
    const regions = t.get(RegionsService);
    const current = (await regions.findByCode('410106100201'))!;
    const renamed = await regions.rename(DISTRICT, '410106100201', current.version, '北峡窝村（新）');
    expect(renamed.version).toBe(current.version + 1);
    expect(renamed.name).toBe('北峡窝村（新）');
    const stale = await regions.rename(DISTRICT, '410106100201', current.version, '别的名字').catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH', details: { currentVersion: current.version + 1 } });
    expect((await regions.findByCode('410106100201'))!.name).toBe('北峡窝村（新）');
    const missing = await regions.rename(DISTRICT, '410106100999', 1, 'x').catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses the rename mutation to an anonymous caller (default-deny)', async () => {
    const res = await t.gql(`mutation { renameRegion(input: { code: "410106100201", name: "x", version: 1 }) { region { name } } }`);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('a district administrator renames and imports through GraphQL, audited; a town officer may not', async () => {
    const admin = await signIn(t, Role.DISTRICT_ADMIN, '410106000000');
    const town = await signIn(t, Role.TOWN_OFFICER, '410106100000');
    const current = (await t.gql<{ region: { version: number } }>(`{ region(code: "410106100202") { version } }`)).body.data!.region;
    const RENAME = `mutation($v: Int!) { renameRegion(input: { code: "410106100202", name: "南峡窝村", version: $v }) { region { name version } } }`;
    expect((await t.gql(RENAME, { v: current.version }, town.headers)).body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const ok = await t.gql(RENAME, { v: current.version }, admin.headers);
    expect(ok.body.data).toEqual({ renameRegion: { region: { name: '南峡窝村', version: current.version + 1 } } });
    const stale = await t.gql(RENAME, { v: current.version }, admin.headers);
    expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'version' });
    const [audit] = await t.dataSource.query(`SELECT actor_id, changes FROM audit_log WHERE operation = 'regions.rename' ORDER BY seq DESC LIMIT 1`);
    expect(audit).toMatchObject({ actor_id: admin.userId, changes: { name: { to: '南峡窝村' } } });

    const IMPORT = `mutation($csv: String!) { importRegions(input: { csv: $csv }) { created updated unchanged } }`;
    const csv = 'code,name,parent_code,level\n410106100230,新建村,410106100000,village\n';
    expect((await t.gql(IMPORT, { csv }, admin.headers)).body.data).toEqual({ importRegions: { created: 1, updated: 0, unchanged: 0 } });
    const imported = await t.dataSource.query(
      `SELECT operation, entity_type, entity_id, region_code, changes FROM audit_log WHERE operation IN ('regions.import', 'regions.upsert') ORDER BY seq DESC LIMIT 2`,
    );
    // The division's row names it by its id, as the API does (region(code){id}), and says what the list set.
    const { id } = (await t.gql<{ region: { id: string } }>(`{ region(code: "410106100230") { id } }`)).body.data!.region;
    expect(imported).toEqual([
      {
        operation: 'regions.upsert',
        entity_type: 'Region',
        entity_id: id,
        region_code: '410106100230',
        changes: expect.objectContaining({ name: { from: null, to: '新建村' }, parentCode: { from: null, to: '410106100000' }, level: { from: null, to: 'village' } }),
      },
      { operation: 'regions.import', entity_type: 'RegionList', entity_id: null, region_code: null, changes: { rows: 1, created: 1, updated: 0, unchanged: 0 } },
    ]);
    expect((await t.gql(IMPORT, { csv }, admin.headers)).body.data).toEqual({ importRegions: { created: 0, updated: 0, unchanged: 1 } });
    // A list that renames it: the row holds only what changed.
    const renamedCsv = 'code,name,parent_code,level\n410106100230,新建社区,410106100000,village\n';
    expect((await t.gql(IMPORT, { csv: renamedCsv }, admin.headers)).body.data).toEqual({ importRegions: { created: 0, updated: 1, unchanged: 0 } });
    const [update] = await t.dataSource.query(`SELECT entity_id, changes FROM audit_log WHERE operation = 'regions.upsert' ORDER BY seq DESC LIMIT 1`);
    expect(update).toEqual({ entity_id: id, changes: { name: { from: '新建村', to: '新建社区' } } });
    const bad = await t.gql(IMPORT, { csv: 'code,name\n1,2\n' }, admin.headers);
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_HEADER' });
  });

  describe('scope: an administrator changes only its home region subtree', () => {
    const RENAME = `mutation($code: String!, $name: String!, $v: Int!) { renameRegion(input: { code: $code, name: $name, version: $v }) { region { code name } } }`;
    const IMPORT = `mutation($csv: String!) { importRegions(input: { csv: $csv }) { created updated unchanged } }`;
    const HEADER = 'code,name,parent_code,level\n';
    const version = async (code: string) => (await t.dataSource.query(`SELECT version FROM regions WHERE code = $1`, [code]))[0]?.version ?? 1;
    const nameOf = async (code: string) => (await t.dataSource.query(`SELECT name FROM regions WHERE code = $1`, [code]))[0]?.name;
    let townAdmin: Awaited<ReturnType<typeof signIn>>;

    beforeAll(async () => {
      townAdmin = await signIn(t, Role.DISTRICT_ADMIN, '410106100000'); // 峡窝镇
    });

    it("renaming another town's village answers exactly like a missing region, and changes nothing", async () => {
      const before = await nameOf('410106001001');
      const other = await t.gql(RENAME, { code: '410106001001', name: '越权改名', v: await version('410106001001') }, townAdmin.headers);
      const missing = await t.gql(RENAME, { code: '410106100999', name: '越权改名', v: 1 }, townAdmin.headers);
      expect(other.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'REGION_NOT_FOUND' });
      expect(other.body.errors?.[0].extensions).toEqual(missing.body.errors?.[0].extensions);
      expect(other.body.errors?.[0].message).toBe(missing.body.errors?.[0].message.replace('410106100999', '410106001001'));
      expect(await nameOf('410106001001')).toBe(before);
      const parent = await t.gql(RENAME, { code: '410106000000', name: '越权改名', v: await version('410106000000') }, townAdmin.headers);
      expect(parent.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });

      const own = await t.gql(RENAME, { code: '410106100203', name: '本镇村', v: await version('410106100203') }, townAdmin.headers);
      expect(own.body.data).toEqual({ renameRegion: { region: { code: '410106100203', name: '本镇村' } } });
    });

    it('refuses a division list with any row outside the subtree, naming row and code; nothing is loaded', async () => {
      const csv =
        HEADER +
        '410106100240,本镇新村,410106100000,village\n' + // row 2: in scope
        '410106001040,他镇新村,410106001000,village\n' + // row 3: another town
        '410102001001,外区新村,410102001000,village\n'; // row 4: another district
      const res = await t.gql(IMPORT, { csv }, townAdmin.headers);
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REGION_OUT_OF_SCOPE', field: 'row 3.code' });
      expect((res.body.errors?.[0].extensions as { problems: unknown[] }).problems).toEqual([
        expect.objectContaining({ field: 'row 3.code', reason: 'REGION_OUT_OF_SCOPE', message: expect.stringContaining('410106001040') }),
        expect.objectContaining({ field: 'row 4.code', reason: 'REGION_OUT_OF_SCOPE', message: expect.stringContaining('410102001001') }),
      ]);
      expect(await t.dataSource.query(`SELECT code FROM regions WHERE code IN ('410106100240', '410106001040', '410102001001')`)).toEqual([]);
    });

    it("may not move or re-level its own region, nor hang a region outside or above it", async () => {
      const refused = async (row: string, field: string) => {
        const res = await t.gql(IMPORT, { csv: HEADER + row }, townAdmin.headers);
        expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REGION_OUT_OF_SCOPE', field });
      };
      await refused('410106100000,峡窝镇,,province\n', 'row 2.level'); // would widen its own scope to the province
      await refused('410106100000,峡窝镇,410100000000,district\n', 'row 2.level');
      await refused('410106100241,新村,410106000000,town\n', 'row 2.parent_code'); // parent outside the town
      await refused('410106100242,新村,410106100000,town\n', 'row 2.level'); // a town under a town: not below
      await refused('410106000000,上街区,410100000000,district\n', 'row 2.code'); // the district above
      expect(await t.dataSource.query(`SELECT level, parent_code FROM regions WHERE code = '410106100000'`)).toEqual([
        { level: 'town', parent_code: '410106000000' },
      ]);
      expect(await t.dataSource.query(`SELECT code FROM regions WHERE code IN ('410106100241', '410106100242')`)).toEqual([]);
    });

    it('loads rows of its subtree, and may rename its own region through the list', async () => {
      const csv = HEADER + '410106100000,峡窝镇,410106000000,town\n410106100243,本镇新村,410106100000,village\n';
      expect((await t.gql(IMPORT, { csv }, townAdmin.headers)).body.data).toEqual({ importRegions: { created: 1, updated: 0, unchanged: 1 } });
    });

    it("a district administrator may not load another district's regions", async () => {
      const admin = await signIn(t, Role.DISTRICT_ADMIN, '410106000000');
      const csv = HEADER + '410102000000,中原区,410100000000,district\n';
      const res = await t.gql(IMPORT, { csv }, admin.headers);
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REGION_OUT_OF_SCOPE', field: 'row 2.code' });
      expect(await t.dataSource.query(`SELECT code FROM regions WHERE code = '410102000000'`)).toEqual([]);
    });
  });
});
