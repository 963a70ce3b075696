import { randomUUID } from 'node:crypto';
import { Role } from '../../src/common/access/permissions';
import { permissionsOf } from '../../src/app.permissions';
import type { Principal } from '../../src/common/access/principal';
import { HouseholdIncomeEntity } from '../../src/households/household-income.entity';
import { HouseholdEntity } from '../../src/households/household.entity';
import { HouseholdFilter, HouseholdSort, HouseholdsRepository } from '../../src/households/households.repository';
import type { ConnectionArgs } from '../../src/common/pagination/connection';
import { MemberEntity } from '../../src/households/member.entity';
import { MembersRepository } from '../../src/households/members.repository';
import { RegionEntity } from '../../src/regions/region.entity';
import { RegionsService } from '../../src/regions/regions.service';
import { loadRegions, R, signIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, householdInput, member } from './registry-fixtures';

/**
 * A household read takes its members and incomes along in its own statement (nestedRows, issue
 * #12): the children are the entities the loaders read (same values, same types, same order), the
 * read keeps the region scope, and a page or a household with its members, head and incomes costs
 * one statement after the principal's.
 */
describe('registry: children read in the households statement are the entities the loaders read', () => {
  let t: TestApp;
  const V = '410106100204';
  const principal = (regionCode: string, scopePrefix: string): Principal => ({
    kind: 'apiKey',
    id: randomUUID(),
    personId: randomUUID(),
    name: 'nested-reader',
    roles: [Role.VILLAGE_OFFICER],
    permissions: new Set([...permissionsOf([Role.VILLAGE_OFFICER])]),
    regionCode,
    scopePrefix,
  });
  let ids: string[];
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    await loadRegions(t);
    const officer = await signIn(t, Role.VILLAGE_OFFICER, V);
    const a = await createHousehold(t, officer, householdInput(V, {
      members: [
        member({ name: '刘建国', birthDate: '1975-05-05', labourSkill: 'ORDINARY' }),
        member({ name: '刘小军', relation: 'SON', birthDate: '2000-01-01', health: ['DISABLED', 'CHRONIC_ILLNESS'], disabilityGrade: 1, disabilityType: 'INTELLECTUAL' }),
        member({ name: '刘 "引号" \\ 斜杠', relation: 'DAUGHTER', birthDate: '2003-02-03' }),
      ],
    }));
    const b = await createHousehold(t, officer, householdInput(V, {
      members: [member({ name: '王老汉', birthDate: '1950-05-05' }), member({ name: '王小二', relation: 'SON', birthDate: '1980-05-05' })],
    }));
    const c = await createHousehold(t, officer, householdInput(V));
    for (const h of [a, b, c]) await activate(t, h.id);
    await t.dataSource.query(`UPDATE members SET active = false, left_on = '2020-01-01', leave_reason = 'MOVED' WHERE household_id = $1 AND name = '王小二'`, [b.id]);
    await t.dataSource.query(
      `INSERT INTO household_incomes (household_id, region_code, year, wages, production_business) SELECT h.id, h.region_code, v.* FROM households h, (VALUES (2017, 3000.5, 0), (2018, 4000.25, 12.75)) v WHERE h.id = $1`,
      [a.id],
    );
    ids = [a.id, b.id, c.id];
  });
  afterAll(() => t?.close());

  const expectSameEntities = <T extends object>(read: T[], expected: T[], type: new () => T) => {
    expect(read).toEqual(expected);
    for (const [i, e] of read.entries()) {
      expect(e).toBeInstanceOf(type);
      for (const [k, v] of Object.entries(expected[i]!)) expect([k, typeof (e as Record<string, unknown>)[k]]).toEqual([k, typeof v]);
    }
  };

  it('members (head first, dates, enum arrays, quotes and backslashes, former members left out), incomes (decimals, defaults, newest first) and the village, by id and in a page', async () => {
    const households = t.get(HouseholdsRepository);
    const [region] = await t.get(RegionsService).findByCodes([V]);
    const members = await t.get(MembersRepository).findByHouseholds(ids);
    const incomes = await households.incomesOf(ids);
    expect(members.length).toBeGreaterThan(3);
    expect(incomes.length).toBe(2);
    const scope = principal(V, V);
    const byId = await households.findInScopeWithChildren(scope, ids, { members: true, incomes: true, region: true });
    const page = await households.page(scope, { ids }, { first: 10 }, undefined, false, { members: true, incomes: true, region: true });
    const byIdOrder = (list: HouseholdEntity[]) => [...list].sort((x, y) => x.id.localeCompare(y.id));
    // The households themselves (plain SQL by id) are the entities getMany reads.
    expectSameEntities(byIdOrder(byId.households), byIdOrder(await households.findInScope(scope, ids)), HouseholdEntity);
    expect(byId.households.map((h) => h.id).sort()).toEqual([...ids].sort());
    expect(page.edges.map((e) => e.node.id).sort()).toEqual([...ids].sort());
    for (const [list, children] of [[byId.households, byId.children], [page.edges.map((e) => e.node), page.children!]] as const) {
      for (const h of list) {
        const c = children.get(h)!;
        expectSameEntities(c.members!, members.filter((m) => m.householdId === h.id), MemberEntity);
        expectSameEntities(c.incomes!, incomes.filter((i) => i.householdId === h.id), HouseholdIncomeEntity);
        expectSameEntities([c.region!], [region!], RegionEntity);
      }
    }
    // Only what is asked for is read along.
    const membersOnly = await households.findInScopeWithChildren(scope, ids, { members: true });
    expect([...membersOnly.children.values()].every((c) => c.members && c.incomes === undefined && c.region === undefined)).toBe(true);
  });

  it('a page read as plain SQL is the query builder’s page: filters, both sorts, cursors both ways, region scope, children', async () => {
    const households = t.get(HouseholdsRepository);
    const wanted = { members: true, incomes: true, region: true };
    await t.dataSource.query(`UPDATE households SET year_registered = 2017 WHERE id = $1`, [ids[1]]);
    let pages = 0;
    for (const scope of [principal(V, V), principal(R.district, '410106'), principal('410106100201', '410106100201')]) {
      for (const filter of [{}, { validity: null }, { regionPrefix: V }, { regionPrefix: '410106100201' }, { status: 'NOT_EXITED' as const }, { status: 'EXITED' as const }, { relocated: false }, { yearRegistered: 2016 }] as HouseholdFilter[]) {
        for (const sort of [HouseholdSort.HOUSEHOLD_NUMBER, HouseholdSort.YEAR_REGISTERED]) {
          // withTotalCount: true reads through the query builder (paginate); false as plain SQL (paginateSql).
          const read = async (args: ConnectionArgs) => {
            const plain = await households.page(scope, filter, args, sort, false, wanted);
            const { totalCount, ...built } = await households.page(scope, filter, args, sort, true, wanted);
            expect(totalCount).toEqual(expect.any(Number));
            expect({ ...plain, children: undefined }).toEqual({ ...built, children: undefined, totalCount: undefined });
            const childrenOf = (p: typeof plain) => p.edges.map((e) => p.children?.get(e.node));
            expect(childrenOf(plain)).toEqual(childrenOf(built as typeof plain));
            pages++;
            return plain;
          };
          const first = await read({ first: 2 });
          await read({ first: 0 });
          await read({ last: 2 });
          if (first.pageInfo.endCursor) {
            await read({ first: 2, after: first.pageInfo.endCursor });
            await read({ last: 1, before: first.pageInfo.endCursor });
          }
        }
      }
    }
    expect(pages).toBeGreaterThan(150);
    await expect(households.page(principal(V, V), {}, { first: 2, after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('the year-end sizes read with the incomes are the sizeAtYearEnd loader’s (members joined, left and dead around 31 December)', async () => {
    const households = t.get(HouseholdsRepository);
    await t.dataSource.query(`UPDATE members SET joined_on = '2010-01-01' WHERE household_id = $1`, [ids[0]]);
    await t.dataSource.query(`UPDATE members SET died_on = '2017-12-31' WHERE household_id = $1 AND name = '刘小军'`, [ids[0]]);
    await t.dataSource.query(`UPDATE members SET joined_on = '2018-01-01' WHERE household_id = $1 AND relation = 'DAUGHTER'`, [ids[0]]);
    await t.dataSource.query(`INSERT INTO household_incomes (household_id, region_code, year, wages) SELECT id, region_code, 2018, 10 FROM households WHERE id = $1`, [ids[1]]);
    const scope = principal(V, V);
    const wanted = { incomes: true, incomeSizes: true };
    const byId = await households.findInScopeWithChildren(scope, ids, wanted);
    const page = await households.page(scope, {}, { first: 10 }, undefined, false, wanted);
    const incomes = await households.incomesOf(ids);
    const expected = await t.get(MembersRepository).sizesAtYearEnd(incomes.map((i) => ({ householdId: i.householdId, year: Number(i.year) })));
    expect([...expected.values()]).toEqual(expect.arrayContaining([1, 2]));
    for (const children of [byId.children, page.children!]) {
      const read = new Map([...children].flatMap(([h, c]) => c.incomeSizes!.map(([year, size]) => [`${h.id}|${year}`, size] as const)));
      expect(read).toEqual(expected);
    }
    const withoutSizes = await households.findInScopeWithChildren(scope, ids, { incomes: true });
    expect([...withoutSizes.children.values()].every((c) => c.incomeSizes === undefined)).toBe(true);
  });

  it('keeps the region scope: outside it nothing is read, children neither', async () => {
    const households = t.get(HouseholdsRepository);
    const other = principal('410106100201', '410106100201');
    const read = await households.findInScopeWithChildren(other, ids, { members: true, incomes: true });
    expect(read.households).toEqual([]);
    expect(read.children.size).toBe(0);
    const district = await households.findInScopeWithChildren(principal(R.district, '410106'), ids, { members: true });
    expect(district.households).toHaveLength(3);
  });

  it('a household by id and a page with region, head, members, memberCount and incomes cost one statement (besides the principal)', async () => {
    const district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    const fields = 'householdNumber region { code name level } memberCount head { name idNumber } members { name idNumber relation { label } } incomes { year netIncome householdSize perCapitaNetIncome }';
    for (const [q, v] of [
      [`query($id: ID!) { household(id: $id) { ${fields} } }`, { id: ids[0] }],
      [`query { households(first: 10) { edges { node { ${fields} } } } }`, {}],
    ] as const) {
      const { result, count } = await countQueries(() => t.gql<Record<string, unknown>>(q, v, district.headers));
      expect(result.body.errors).toBeUndefined();
      expect(count).toBe(1);
    }
    const one = await t.gql<{ household: { head: { name: string }; members: { name: string; idNumber: string }[]; memberCount: number; incomes: { year: number }[] } }>(
      `query($id: ID!) { household(id: $id) { ${fields} } }`,
      { id: ids[0] },
      district.headers,
    );
    expect(one.body.data!.household).toMatchObject({ region: { code: V, level: 'VILLAGE' }, head: { name: '刘建国' }, memberCount: 3, incomes: [{ year: 2018 }, { year: 2017 }] });
    expect(one.body.data!.household.members.map((m) => m.name)).toEqual(['刘建国', '刘小军', '刘 "引号" \\ 斜杠']);
    expect(one.body.data!.household.members[0]!.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });
});
