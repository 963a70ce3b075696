import { Logger } from '@nestjs/common';
import { Role } from '../../src/common/access/permissions';
import { CompiledReads } from '../../src/common/graphql/compiled-read';
import { NESTED_PAGE } from '../../bench/scenarios/households';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, createHousehold, householdInput, member } from './registry-fixtures';

type Json = Record<string, unknown>;

const MEMBER_FIELDS = `id householdId regionCode active name idType { value code label } idNumber sex { value code label } birthDate relation { value label }
  ethnicity politicalStatus educationLevel { value } schoolingStatus { value } schoolingExemption health { value code label } disabilityType { value label }
  disabilityGrade disabilityCertificate labourSkill { value } workPlace { value } monthsWorked lowIncomeSupport extremePovertySupport diedOn joinedOn
  joinReason leftOn leaveReason version createdAt updatedAt age`;
const HOUSEHOLD_FIELDS = `id householdNumber regionCode headMemberId validity status { value code label } exitYear yearRegistered
  identificationStandard { value label } attribute { value code } primaryCause { value code label } otherCauses { value label } militaryFamily onlyChild
  twoDaughters relocated relocationScope { value } resettlementMode { value } resettlementSite foodClothingSecure safeDrinkingWater drinkingWaterDifficulty
  hasElectricity ownsHousing dilapidatedHousing dilapidationGrade { value } housingArea sanitaryToilet roadType { value } mainFuel { value }
  distanceToRoadKm cooperativeMember cultivatedLandMu forestLandMu contactPhone bankName bankAccount version createdAt updatedAt memberCount
  region { id code name level parentCode version createdAt updatedAt parent { code name parent { code } } }
  head { ${MEMBER_FIELDS} }
  members(includeFormer: true) { ${MEMBER_FIELDS} }
  incomes { householdId year wages productionBusiness property assetIncomeDividend transferFamilyPlanning transferLowIncome transferExtremePoverty
    transferPension transferEcological transferOther productionCosts transfers annualIncome netIncome householdSize perCapitaNetIncome version updatedAt }
  helpers { id helperId householdId regionCode startOn endOn endReason version createdAt helper { id name unitId regionCode position phone version createdAt updatedAt } }`;

/**
 * Compiled reads (src/common/graphql/compiled-read.ts, issue #12): a list or a record whose whole
 * selection is declared is read in one statement and finished without resolvers; every answer is
 * the one the resolvers give (compared here on the same data, both ways), selections that do not
 * compile are answered by the resolvers, and the region scope holds.
 */
describe('registry: compiled reads answer what the resolvers answer', () => {
  let t: TestApp;
  let reads: CompiledReads;
  let district: SignedIn;
  let village: SignedIn;
  let otherVillage: SignedIn;
  const ids: string[] = [];
  /** The ID number of the first household's head (the idNumber filters). */
  let headIdNumber: string;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    await loadRegions(t);
    reads = t.get(CompiledReads);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    otherVillage = await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown);
    const town = await signIn(t, Role.TOWN_OFFICER, R.town);
    const head = member({ name: '刘建国', birthDate: '1975-05-05', labourSkill: 'ORDINARY' });
    headIdNumber = head.idNumber as string;
    const a = await createHousehold(t, village, householdInput(R.village, {
      contactPhone: '13812345678',
      bankName: '农业银行',
      bankAccount: '6228480012345678901',
      otherCauses: ['LACK_OF_LAND', 'LACK_OF_FUNDS'],
      members: [
        head,
        member({ name: '刘小军', relation: 'SON', birthDate: '2000-01-01', health: ['DISABLED', 'CHRONIC_ILLNESS'], disabilityGrade: 1, disabilityType: 'INTELLECTUAL', disabilityCertificate: '41010620000101123511' }),
        member({ name: '刘 "引号" \\ 斜杠', relation: 'DAUGHTER', birthDate: '2003-02-03' }),
      ],
    }));
    const b = await createHousehold(t, village, householdInput(R.village, {
      members: [member({ name: '王老汉', birthDate: '1950-05-05' }), member({ name: '王小二', relation: 'SON', birthDate: '1980-05-05' })],
    }));
    const c = await createHousehold(t, village, householdInput(R.village));
    for (const h of [a, b, c]) await activate(t, h.id);
    ids.push(a.id, b.id, c.id);
    await t.dataSource.query(`UPDATE members SET active = false, left_on = '2020-01-01', leave_reason = 'MOVED' WHERE household_id = $1 AND name = '王小二'`, [b.id]);
    await t.dataSource.query(`UPDATE members SET joined_on = '2010-01-01' WHERE household_id = $1`, [a.id]);
    await t.dataSource.query(`UPDATE members SET died_on = '2017-12-31' WHERE household_id = $1 AND name = '刘小军'`, [a.id]);
    await t.dataSource.query(
      `INSERT INTO household_incomes (household_id, region_code, year, wages, production_business, production_costs, transfer_pension) SELECT h.id, h.region_code, v.* FROM households h, (VALUES (2017, 3000.5, 0, 10.25, 1.01), (2018, 4000.25, 12.75, 0, 0)) v WHERE h.id = $1`,
      [a.id],
    );
    // A helper paired with the first household (and one pairing ended: not current).
    const ok = (res: { body: { data?: Json | null; errors?: unknown } }) => {
      if (!res.body.data || res.body.errors) throw new Error(JSON.stringify(res.body.errors));
      return res.body.data as Json & Record<string, Record<string, Record<string, string>>>;
    };
    const unit = ok(await t.gql(`mutation { createAssistingUnit(input: { name: "上街区财政局", kind: PARTY_GOVERNMENT, regionCode: "${R.district}" }) { assistingUnit { id } } }`, {}, district.headers));
    const unitId = unit.createAssistingUnit!.assistingUnit!.id;
    const CREATE_HELPER = `mutation($i: CreateHelperInput!) { createHelper(input: $i) { helper { id } } }`;
    const PAIR = `mutation($i: PairHelperInput!) { pairHelper(input: $i) { pairing { id version } } }`;
    const h1 = ok(await t.gql(CREATE_HELPER, { i: { name: '帮扶人甲', unitId, regionCode: R.town, position: '科员', phone: '13900001111' } }, town.headers)).createHelper!.helper!.id;
    const h2 = ok(await t.gql(CREATE_HELPER, { i: { name: '帮扶人乙', unitId, regionCode: R.town } }, town.headers)).createHelper!.helper!.id;
    ok(await t.gql(PAIR, { i: { helperId: h1, householdId: a.id, startOn: '2017-01-01' } }, town.headers));
    const ended = ok(await t.gql(PAIR, { i: { helperId: h2, householdId: a.id, startOn: '2017-01-01' } }, town.headers)).pairHelper!.pairing!;
    ok(await t.gql(`mutation($i: EndPairingInput!) { endPairing(input: $i) { pairing { id } } }`, { i: { pairingId: ended.id, version: ended.version, endOn: '2018-01-01', reason: '调岗' } }, town.headers));
    ok(await t.gql(PAIR, { i: { helperId: h2, householdId: b.id, startOn: '2019-01-01' } }, town.headers));
  });
  afterAll(() => t?.close());

  /** The answer both ways, and whether the compiled read answered. */
  async function bothWays(query: string, variables: Json, who: SignedIn): Promise<{ compiled: boolean; body: Json }> {
    reads.enabled = true;
    const before = reads.counts.answered;
    const compiled = await t.gql(query, variables, who.headers);
    const answered = reads.counts.answered > before;
    reads.enabled = false;
    try {
      const resolvers = await t.gql(query, variables, who.headers);
      expect(compiled.status).toBe(resolvers.status);
      expect(compiled.body).toEqual(resolvers.body);
    } finally {
      reads.enabled = true;
    }
    return { compiled: answered, body: compiled.body as Json };
  }

  it('every declared field of households, members, incomes, regions and helpers, in a page and by id, as the district and the village see it', async () => {
    for (const who of [district, village, otherVillage]) {
      const page = await bothWays(`query { households(first: 10) { edges { cursor node { ${HOUSEHOLD_FIELDS} } } pageInfo { hasNextPage endCursor } } }`, {}, who);
      expect(page.compiled).toBe(true);
      const edges = (page.body.data as { households: { edges: { node: Json }[] } }).households.edges;
      expect(edges.length).toBe(who === otherVillage ? 0 : 3);
      for (const id of [...ids, ids[0]!.toUpperCase()]) {
        const one = await bothWays(`query($id: ID!) { household(id: $id) { ${HOUSEHOLD_FIELDS} } }`, { id }, who);
        // Outside the scope too: the compiled statement answers null (CompiledReads.records).
        expect(one.compiled).toBe(true);
        expect((one.body.data as { household: Json | null }).household === null).toBe(who === otherVillage);
      }
    }
    // What the fixtures were made for is there (not empty answers compared).
    const one = (await t.gql<{ household: Json & { members: Json[]; incomes: Json[]; helpers: Json[] } }>(`query($id: ID!) { household(id: $id) { ${HOUSEHOLD_FIELDS} } }`, { id: ids[0] }, district.headers)).body.data!.household;
    expect(one.contactPhone).toBe('138****5678');
    expect(one.members.map((m) => m.name)).toEqual(['刘建国', '刘小军', '刘 "引号" \\ 斜杠']);
    expect(one.members[1]).toMatchObject({ disabilityCertificate: expect.stringMatching(/3511$/), health: [{ value: 'DISABLED' }, { value: 'CHRONIC_ILLNESS' }] });
    expect(one.incomes).toMatchObject([{ year: 2018, householdSize: 2 }, { year: 2017, householdSize: 2, netIncome: '2991.26', perCapitaNetIncome: '1495.63' }]);
    expect(one.helpers).toMatchObject([{ helper: { name: '帮扶人甲', phone: '139****1111' } }]);
  });

  it('the bench’s nested page, pages after a cursor, aliases, fragments, directives, arguments and variables', async () => {
    const nested = await bothWays(NESTED_PAGE, { first: 2 }, district);
    expect(nested.compiled).toBe(true);
    const after = (nested.body.data as { households: { pageInfo: { endCursor: string } } }).households.pageInfo.endCursor;
    expect((await bothWays(NESTED_PAGE, { first: 2, after }, district)).compiled).toBe(true);
    // Both sorts, both directions, a region filter: the plain page's keys and cursors.
    await t.dataSource.query(`UPDATE households SET year_registered = 2018 WHERE id = $1`, [ids[1]]);
    const SORTED = `query($sort: HouseholdSort, $first: Int, $after: String, $last: Int, $before: String, $region: String) {
      households(sort: $sort, first: $first, after: $after, last: $last, before: $before, regionCode: $region) {
        edges { cursor node { id householdNumber yearRegistered } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    for (const sort of ['HOUSEHOLD_NUMBER', 'YEAR_REGISTERED']) {
      for (const region of [undefined, R.village, R.villageSameTown]) {
        const first = await bothWays(SORTED, { sort, first: 2, region }, district);
        expect([sort, region, first.compiled, first.body.errors]).toEqual([sort, region, true, undefined]);
        const info = (first.body.data as { households: { pageInfo: { endCursor: string | null } } }).households.pageInfo;
        if (!info.endCursor) continue;
        const next = await bothWays(SORTED, { sort, first: 2, after: info.endCursor, region }, district);
        const back = await bothWays(SORTED, { sort, last: 1, before: info.endCursor, region }, district);
        expect([next.compiled, back.compiled]).toEqual([true, true]);
      }
    }
    const cases: [string, Json, boolean][] = [
      [`query { households(first: 5) { edges { node { __typename n: householdNumber a: members { name } b: members { age(on: "2020-06-01") idNumber } head { ...M } } } } } fragment M on Member { name sex { label } }`, {}, true],
      [`query($y: Int, $skip: Boolean!) { households(first: 5) { edges { node { ... on Household { incomes(year: $y) { year netIncome } } memberCount @skip(if: $skip) region @include(if: $skip) { name } } } } }`, { y: 2017, skip: true }, true],
      [`query($y: Int, $skip: Boolean!) { households(first: 5) { edges { node { incomes(year: $y) { year } memberCount @skip(if: $skip) } } } }`, { y: null, skip: false }, true],
      // With its total (a second statement): compiled too.
      [`query { households(first: 5) { totalCount edges { node { householdNumber members { name } } } } }`, {}, true],
      // Not compiled: the same field with two arguments, a field no module declares, as-of.
      [`query { households(first: 5) { edges { node { a: members { name } b: members(includeFormer: true) { name } } } } }`, {}, false],
      [`query { households(first: 5) { edges { node { householdNumber visits { id } } } } }`, {}, false],
      [`query { households(first: 5, asOf: "2019-01-01") { edges { node { householdNumber status { value } } } } }`, {}, false],
      [`query { households(first: 5) { edges { node { members { name insurance { year } } } } } }`, {}, false],
    ];
    for (const [query, variables, compiles] of cases) {
      const { compiled, body } = await bothWays(query, variables, district);
      expect([query, compiled]).toEqual([query, compiles]);
      expect([query, body.errors]).toEqual([query, undefined]);
    }
  });

  it('members pages (filters, cursors, a member’s household in scope) and households by ids (order, duplicates, out of scope) are compiled too', async () => {
    const MEMBERS = `query($h: ID, $name: String, $skill: LabourSkill, $region: String, $first: Int, $after: String, $active: Boolean) {
      members(householdId: $h, nameContains: $name, labourSkill: $skill, regionCode: $region, first: $first, after: $after, active: $active) {
        edges { cursor node { ${MEMBER_FIELDS} household { householdNumber memberCount head { name } } } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }`;
    for (const who of [district, village, otherVillage]) {
      for (const variables of [{ first: 2 }, { h: ids[0] }, { name: '刘' }, { skill: 'ORDINARY' }, { region: R.village, first: 3 }, { active: null }, { active: false }, { name: '"引号" \\' }]) {
        const first = await bothWays(MEMBERS, variables, who);
        expect([variables, first.body.errors, first.compiled]).toEqual([variables, undefined, true]);
        const end = (first.body.data as { members: { pageInfo: { endCursor: string | null } } }).members.pageInfo.endCursor;
        if (end) expect((await bothWays(MEMBERS, { ...variables, after: end }, who)).compiled).toBe(true);
      }
    }
    const inScope = await bothWays(MEMBERS, { name: '刘建国' }, district);
    expect((inScope.body.data as { members: { edges: { node: Json }[] } }).members.edges[0]!.node).toMatchObject({ name: '刘建国', household: { memberCount: 3, head: { name: '刘建国' } } });
    const BY_IDS = `query($ids: [ID!]!) { householdsByIds(ids: $ids) { id householdNumber validity members { name idNumber } helpers { helper { name } } } }`;
    for (const who of [district, otherVillage]) {
      const { compiled, body } = await bothWays(BY_IDS, { ids: [ids[2], ids[0], ids[2], '00000000-0000-4000-8000-000000000000', ids[1]] }, who);
      expect(compiled).toBe(true);
      expect((body.data as { householdsByIds: Json[] }).householdsByIds.map((h) => h.id)).toEqual(who === district ? [ids[2], ids[0], ids[1]] : []);
    }
    for (const asked of [[], [ids[0]!.toUpperCase(), ids[0]!]]) {
      const { compiled, body } = await bothWays(BY_IDS, { ids: asked }, district);
      expect([asked, compiled, (body.data as { householdsByIds: Json[] }).householdsByIds.length]).toEqual([asked, true, asked.length ? 1 : 0]);
    }
    // A special group and a total are compiled; as of a date is not.
    for (const [query, compiles] of [
      [`query { members(specialGroup: DISABLED, first: 5) { edges { node { name } } } }`, true],
      [`query { members(first: 5) { totalCount edges { node { name } } } }`, true],
      [`query { members(first: 5, asOf: "2019-01-01") { edges { node { name } } } }`, false],
    ] as const) expect([query, (await bothWays(query, {}, district)).compiled]).toEqual([query, compiles]);
  });

  it('pages with their totalCount: every filter, both sorts, cursors both ways, counted under the same conditions', async () => {
    const HOUSEHOLDS = `query($sort: HouseholdSort, $first: Int, $after: String, $last: Int, $before: String, $region: String, $status: PovertyStatus, $validity: HouseholdValidity,
        $cause: PovertyCause, $relocated: Boolean, $year: Int, $skill: LabourSkill, $group: SpecialGroup, $name: String, $id: String) {
      households(sort: $sort, first: $first, after: $after, last: $last, before: $before, regionCode: $region, status: $status, validity: $validity, cause: $cause,
          relocated: $relocated, yearRegistered: $year, labourSkill: $skill, specialGroup: $group, nameContains: $name, idNumber: $id) {
        totalCount edges { cursor node { id householdNumber yearRegistered memberCount head { name } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    type Page = { totalCount: number; edges: unknown[]; pageInfo: { endCursor: string | null } };
    const filters: [Json, number][] = [
      [{}, 3],
      [{ region: R.village }, 3],
      [{ region: R.villageSameTown }, 0],
      [{ status: 'NOT_EXITED' }, 3],
      [{ status: 'EXITED' }, 0],
      [{ validity: null }, 3],
      [{ validity: 'CANDIDATE' }, 0],
      [{ cause: 'LACK_OF_LAND' }, 1],
      [{ cause: 'LACK_OF_SKILLS' }, 3],
      [{ relocated: false }, 3],
      [{ year: 2016 }, 2],
      [{ year: 2018 }, 1],
      [{ skill: 'ORDINARY' }, 1],
      [{ group: 'DISABLED' }, 1],
      [{ group: 'ELDERLY' }, 1],
      [{ name: '刘' }, 1],
      [{ name: '%' }, 0],
      [{ id: headIdNumber }, 1],
      [{ status: 'NOT_EXITED', cause: 'LACK_OF_SKILLS', skill: 'ORDINARY' }, 1],
    ];
    for (const who of [district, village, otherVillage]) {
      for (const [filter, total] of filters) {
        for (const sort of ['HOUSEHOLD_NUMBER', 'YEAR_REGISTERED']) {
          const first = await bothWays(HOUSEHOLDS, { ...filter, sort, first: 1 }, who);
          const page = (first.body.data as { households: Page }).households;
          expect([filter, sort, first.body.errors, first.compiled, page.totalCount]).toEqual([filter, sort, undefined, true, who === otherVillage ? 0 : total]);
          if (!page.pageInfo.endCursor) continue;
          // After a cursor and back before it: the total is the list's, not the page's.
          const next = await bothWays(HOUSEHOLDS, { ...filter, sort, first: 1, after: page.pageInfo.endCursor }, who);
          const back = await bothWays(HOUSEHOLDS, { ...filter, sort, last: 2, before: page.pageInfo.endCursor }, who);
          for (const p of [next, back]) expect([filter, p.compiled, (p.body.data as { households: Page }).households.totalCount]).toEqual([filter, true, page.totalCount]);
        }
      }
    }
    // Without a total, the resolvers read the page with one plain SQL text (plainPage) under the
    // same conditions, for every filter: the same pages as the compiled read, cursors included.
    const PLAIN = HOUSEHOLDS.replace('totalCount edges', 'edges');
    for (const [filter, total] of filters) {
      let after: string | null = null;
      const seen: unknown[] = [];
      do {
        const p = await bothWays(PLAIN, { ...filter, first: 2, after }, district);
        const page = (p.body.data as { households: Page & { pageInfo: { hasNextPage: boolean } } }).households;
        expect([filter, p.body.errors, p.compiled]).toEqual([filter, undefined, true]);
        seen.push(...page.edges);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect([filter, seen.length]).toEqual([filter, total]);
    }
    // first: 0 still counts.
    const none = await bothWays(`query { households(first: 0) { totalCount edges { node { id } } } }`, {}, district);
    expect([none.compiled, (none.body.data as { households: Page }).households]).toEqual([true, { totalCount: 3, edges: [] }]);

    const MEMBERS = `query($h: ID, $name: String, $skill: LabourSkill, $group: SpecialGroup, $region: String, $id: String, $first: Int, $after: String, $active: Boolean) {
      members(householdId: $h, nameContains: $name, labourSkill: $skill, specialGroup: $group, regionCode: $region, idNumber: $id, first: $first, after: $after, active: $active) {
        totalCount edges { cursor node { name age household { householdNumber } } } pageInfo { hasNextPage endCursor } } }`;
    const memberFilters: [Json, number][] = [
      [{}, 6],
      [{ h: ids[0] }, 3],
      [{ name: '刘' }, 3],
      [{ name: '"引号" \\' }, 1],
      [{ skill: 'ORDINARY' }, 1],
      [{ group: 'DISABLED' }, 1],
      [{ group: 'ELDERLY' }, 1],
      [{ region: R.villageSameTown }, 0],
      [{ id: headIdNumber }, 1],
      [{ active: null }, 7],
      [{ active: false }, 1],
    ];
    for (const who of [district, otherVillage]) {
      for (const [filter, total] of memberFilters) {
        const first = await bothWays(MEMBERS, { ...filter, first: 1 }, who);
        const page = (first.body.data as { members: Page }).members;
        expect([filter, first.body.errors, first.compiled, page.totalCount]).toEqual([filter, undefined, true, who === otherVillage ? 0 : total]);
        if (!page.pageInfo.endCursor) continue;
        const next = await bothWays(MEMBERS, { ...filter, first: 1, after: page.pageInfo.endCursor }, who);
        expect([filter, next.compiled, (next.body.data as { members: Page }).members.totalCount]).toEqual([filter, true, page.totalCount]);
      }
    }
  });

  it('a page with its members, incomes, helpers and region is one statement besides the principal; with its total, two', async () => {
    const { result, count } = await countQueries(() => t.gql(NESTED_PAGE, { first: 10 }, district.headers));
    expect(result.body.errors).toBeUndefined();
    expect(count).toBe(1);
    const counted = await countQueries(() => t.gql(`query { households(first: 10) { totalCount edges { node { householdNumber members { name } } } } }`, {}, district.headers));
    expect([counted.result.body.errors, counted.count]).toEqual([undefined, 2]);
  });

  it('a protected value that does not decrypt: the resolvers answer it (null with its error), as before', async () => {
    const [{ id_number_enc: enc }] = await t.dataSource.query(`SELECT id_number_enc FROM members WHERE household_id = $1 AND name = '王老汉'`, [ids[1]]);
    await t.dataSource.query(`UPDATE members SET id_number_enc = $2 WHERE household_id = $1 AND name = '王老汉'`, [ids[1], `${String(enc).slice(0, -4)}AAAA`]);
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const unfinished = reads.counts.unfinished;
      const { body } = await bothWays(`query { households(first: 5) { edges { node { householdNumber members { name idNumber } } } } }`, {}, district);
      expect(reads.counts.unfinished).toBe(unfinished + 1);
      expect(body.errors).toBeDefined();
      // Logged: where and why, never the value.
      expect(warn).toHaveBeenCalledWith({ type: 'Member', field: 'idNumber', error: expect.any(String) }, 'compiled read not finished: the resolvers answer it');
      expect(JSON.stringify(warn.mock.calls)).not.toContain(`${String(enc).slice(0, -4)}AAAA`);
    } finally {
      warn.mockRestore();
      await t.dataSource.query(`UPDATE members SET id_number_enc = $2 WHERE household_id = $1 AND name = '王老汉'`, [ids[1], enc]);
    }
  });
});
