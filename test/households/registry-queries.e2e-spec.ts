import { Role } from '../../src/common/access/permissions';
import { checkRegionMatrix } from '../support/access-matrix';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { countQueries } from '../support/query-counter';
import { startTestApp, TestApp } from '../support/test-app';
import { activate, citizenId, createHousehold, CreatedHousehold, householdInput, householdNumber, member } from './registry-fixtures';

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;
const ext = (errors: Errors) => errors?.[0]?.extensions;
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('registry: queries, special groups, as-of lists, N+1 and region scope', () => {
  let t: TestApp;
  let district: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    await loadRegions(t);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
  });
  afterAll(() => t?.close());

  const numbersOf = (res: { body: { data?: unknown } }, field = 'households') =>
    ((res.body.data as Record<string, { edges: { node: { householdNumber: string } }[] }>)[field]).edges.map((e) => e.node.householdNumber);

  describe('households and members lists with filters (§7 special groups)', () => {
    const V = '410106100204';
    let h1: CreatedHousehold, h2: CreatedHousehold, h3: CreatedHousehold, h4: CreatedHousehold;
    let spouseId: string;
    beforeAll(async () => {
      const officer = await signIn(t, Role.VILLAGE_OFFICER, V);
      h1 = await createHousehold(t, officer, householdInput(V, {
        primaryCause: 'ILLNESS', relocated: true, relocationScope: 'SINGLE_HOUSEHOLD',
        members: [member({ name: '王老汉', birthDate: '1950-05-05', labourSkill: 'LOST' })],
      }));
      h2 = await createHousehold(t, officer, householdInput(V, {
        primaryCause: 'DISABILITY', otherCauses: ['ILLNESS'],
        members: [
          member({ name: '刘建国', birthDate: '1975-05-05', labourSkill: 'ORDINARY' }),
          member({ name: '刘小军', relation: 'SON', birthDate: '2000-01-01', health: ['DISABLED'], disabilityGrade: 1, disabilityType: 'INTELLECTUAL' }),
        ],
      }));
      spouseId = citizenId('1976-01-01', 'FEMALE');
      h3 = await createHousehold(t, officer, householdInput(V, {
        primaryCause: 'LACK_OF_FUNDS',
        members: [
          member({ name: '陈大病', birthDate: '1974-05-05', health: ['SERIOUS_ILLNESS'] }),
          member({ name: '陈妻', relation: 'SPOUSE', idNumber: spouseId, health: ['DISABLED'], disabilityGrade: 3 }),
        ],
      }));
      h4 = await createHousehold(t, officer, householdInput(V, { members: [member({ name: '赵候选' })] }));
      await activate(t, h1.id, 'NOT_EXITED', 2014);
      await activate(t, h2.id, 'NOT_EXITED', 2017);
      await activate(t, h3.id, 'EXITED', 2016);
    });

    const list = async (args: string) => numbersOf(await t.gql(`{ households(regionCode: "${V}"${args ? `, ${args}` : ''}) { edges { node { householdNumber } } } }`, {}, district.headers));

    it('filters by status, validity (default ACTIVE), cause, relocation, year, labour skill, head’s name and ID number', async () => {
      expect(await list('')).toEqual([h1, h2, h3].map((h) => h.householdNumber));
      expect(await list('validity: null')).toHaveLength(4);
      expect(await list('validity: CANDIDATE')).toEqual([h4.householdNumber]);
      expect(await list('status: EXITED')).toEqual([h3.householdNumber]);
      expect(await list('cause: ILLNESS')).toEqual([h1.householdNumber, h2.householdNumber]);
      expect(await list('relocated: true')).toEqual([h1.householdNumber]);
      expect(await list('yearRegistered: 2016')).toEqual([h3.householdNumber]);
      expect(await list('labourSkill: LOST')).toEqual([h1.householdNumber]);
      expect(await list('nameContains: "建国"')).toEqual([h2.householdNumber]);
      expect(await list('nameContains: "陈妻"')).toEqual([]); // the head's name only
      expect(await list(`idNumber: "${spouseId.toLowerCase()}"`)).toEqual([h3.householdNumber]);
    });

    it('special groups: elderly (60+), disabled, seriously ill, severely disabled needing care (grade 1–2)', async () => {
      expect(await list('specialGroup: ELDERLY')).toEqual([h1.householdNumber]);
      expect(await list('specialGroup: DISABLED')).toEqual([h2.householdNumber, h3.householdNumber]);
      expect(await list('specialGroup: SERIOUSLY_ILL')).toEqual([h3.householdNumber]);
      expect(await list('specialGroup: SEVERELY_DISABLED_NEEDING_CARE')).toEqual([h2.householdNumber]);
    });

    it('sorts by household number or registration year, pages by keyset with a total count', async () => {
      expect(await list('sort: YEAR_REGISTERED')).toEqual([h1, h3, h2].map((h) => h.householdNumber));
      const Q = `query($after: String) { households(regionCode: "${V}", first: 2, after: $after, sort: YEAR_REGISTERED) { totalCount pageInfo { hasNextPage endCursor } edges { node { householdNumber } } } }`;
      const p1 = await t.gql<{ households: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(Q, {}, district.headers);
      expect(numbersOf(p1)).toEqual([h1.householdNumber, h3.householdNumber]);
      expect(p1.body.data!.households).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      const p2 = await t.gql(Q, { after: p1.body.data!.households.pageInfo.endCursor }, district.headers);
      expect(numbersOf(p2)).toEqual([h2.householdNumber]);
    });

    it('householdByNumber, and the members list: exact ID lookup, name, labour skill, special group, region', async () => {
      const one = await t.gql(`query($n: String!) { householdByNumber(householdNumber: $n) { id } }`, { n: h2.householdNumber }, district.headers);
      expect(one.body.data).toEqual({ householdByNumber: { id: h2.id } });
      const names = async (args: string) =>
        ((await t.gql<{ members: { edges: { node: { name: string } }[] } }>(`{ members(regionCode: "${V}"${args ? `, ${args}` : ''}) { edges { node { name } } } }`, {}, district.headers)).body
          .data!.members.edges.map((e) => e.node.name));
      expect(await names(`idNumber: "${spouseId}"`)).toEqual(['陈妻']);
      expect(await names('nameContains: "刘"')).toEqual(['刘小军', '刘建国'].sort());
      expect(await names('labourSkill: ORDINARY')).toEqual(['刘建国']);
      expect(await names('specialGroup: SEVERELY_DISABLED_NEEDING_CARE')).toEqual(['刘小军']);
      expect(await names('specialGroup: ELDERLY')).toEqual(['王老汉']);
      expect(await names('')).toHaveLength(6);
      const age = await t.gql(`query($id: ID!) { household(id: $id) { head { age(on: "2018-05-04") } } }`, { id: h1.id }, district.headers);
      expect(age.body.data).toEqual({ household: { head: { age: 67 } } });
    });
  });

  describe('as of a date (year-end lists reproducible later)', () => {
    const V = '410106100205';
    it('the year-end list as of 2017-12-31 is unchanged by 2018’s exits and registrations', async () => {
      const officer = await signIn(t, Role.VILLAGE_OFFICER, V);
      const a = await createHousehold(t, officer, householdInput(V));
      const b = await createHousehold(t, officer, householdInput(V));
      const c = await createHousehold(t, officer, householdInput(V));
      const event = (h: CreatedHousehold, on: string, status: string, validity: string | null) =>
        t.dataSource.query(
          `INSERT INTO household_events (household_id, region_code, kind, effective_on, to_status, to_validity) VALUES ($1, $2, 'STATUS_CHANGED', $3, $4, $5)`,
          [h.id, V, on, status, validity],
        );
      await event(a, '2016-10-01', 'NOT_EXITED', 'ACTIVE');
      await event(b, '2016-10-01', 'NOT_EXITED', 'ACTIVE');
      await event(b, '2017-11-20', 'EXITED', null);
      await event(c, '2018-03-01', 'NOT_EXITED', 'ACTIVE');
      await event(a, '2018-11-30', 'EXITED', null);
      for (const [h, status] of [[a, 'EXITED'], [b, 'EXITED'], [c, 'NOT_EXITED']] as const) await activate(t, h.id, status);

      const list = async (args: string) => numbersOf(await t.gql(`{ households(regionCode: "${V}", ${args}) { edges { node { householdNumber } } } }`, {}, district.headers));
      expect(await list('asOf: "2017-12-31"')).toEqual([a.householdNumber, b.householdNumber]);
      expect(await list('asOf: "2017-12-31", status: NOT_EXITED')).toEqual([a.householdNumber]);
      expect(await list('asOf: "2017-12-31", status: EXITED')).toEqual([b.householdNumber]);
      expect(await list('status: NOT_EXITED')).toEqual([c.householdNumber]);
      expect(await list('asOf: "2016-01-01"')).toEqual([]);
      expect(await list('asOf: "2018-12-31", status: EXITED')).toEqual([a.householdNumber, b.householdNumber]);
      // Membership as of the date: a member who joined in 2018 is not counted in 2017.
      await t.dataSource.query(`UPDATE members SET joined_on = '2016-10-01' WHERE household_id = $1`, [a.id]);
      await t.dataSource.query(`UPDATE members SET joined_on = '2018-02-01', labour_skill = 'SKILLED' WHERE household_id = $1 AND relation = 'SPOUSE'`, [a.id]);
      expect(await list('asOf: "2017-12-31", labourSkill: SKILLED')).toEqual([]);
      expect(await list('asOf: "2018-12-31", labourSkill: SKILLED')).toEqual([a.householdNumber]);
    });
  });

  describe('no N+1', () => {
    it('a nested page of 50 households (members, head, incomes, insurance, region) costs the statements a page of 5 costs', async () => {
      const V = '410106100206';
      const officer = await signIn(t, Role.VILLAGE_OFFICER, V);
      for (let i = 0; i < 50; i++) {
        const h = await createHousehold(t, officer, householdInput(V));
        await t.dataSource.query(`INSERT INTO household_incomes (household_id, region_code, year, wages) SELECT h.id, h.region_code, v.year, v.wages FROM households h, (VALUES (2017, 3000), (2018, 4000)) v (year, wages) WHERE h.id = $1`, [h.id]);
        await t.dataSource.query(`INSERT INTO member_insurance (member_id, household_id, region_code, year, basic_medical) SELECT id, household_id, region_code, 2018, true FROM members WHERE id = $1`, [h.headMemberId]);
        await activate(t, h.id);
      }
      const Q = `query($n: Int!) { households(regionCode: "${V}", first: $n) { totalCount edges { node {
        householdNumber region { name } memberCount
        head { name idNumber insurance { year basicMedical } household { householdNumber } }
        members { name age relation { label } insurance(year: 2018) { basicMedical } }
        incomes { year netIncome householdSize perCapitaNetIncome }
      } } } }`;
      const run = async (n: number) => {
        const { result, count } = await countQueries(() => t.gql<{ households: { edges: unknown[] } }>(Q, { n }, district.headers));
        expect(result.body.errors).toBeUndefined();
        expect(result.body.data!.households.edges).toHaveLength(n);
        return count;
      };
      await run(5); // warm-up
      const five = await run(5);
      const fifty = await run(50);
      expect(fifty).toBe(five);
      expect(fifty).toBeLessThanOrEqual(15);
    });
  });

  describe('region scope (access matrix)', () => {
    const insertAt = async (regionCode: string) => {
      const [row] = await t.dataSource.query(
        `INSERT INTO households (household_number, region_code, attribute, primary_cause, validity, status) VALUES ($1, $2, 'GENERAL_POOR', 'ILLNESS', 'ACTIVE', 'NOT_EXITED') RETURNING id`,
        [householdNumber(), regionCode],
      );
      return row.id as string;
    };
    const roles = [Role.VILLAGE_OFFICER, Role.TOWN_OFFICER, Role.DISTRICT_OFFICER];

    it('household(id): records of other regions answer exactly as missing ones (role × region matrix)', async () => {
      const findings = await checkRegionMatrix(
        t,
        {
          name: 'Query.household',
          missingId: MISSING,
          target: insertAt,
          run: (caller, id) => t.gql(`query($id: ID!) { household(id: $id) { id } }`, { id }, caller.headers),
          reached: (res) => !!(res.body.data as { household?: { id: string } } | undefined)?.household?.id,
        },
        // Sector officers read the registry of their subtree (the matrix signs them in with a sector).
        [...roles, Role.SECTOR_OFFICER],
      );
      expect(findings).toEqual([]);
    });

    it('updateHousehold: writes outside the scope are refused as NOT_FOUND, exactly as a missing id', async () => {
      const findings = await checkRegionMatrix(
        t,
        {
          name: 'Mutation.updateHousehold',
          missingId: MISSING,
          target: insertAt,
          run: (caller, id) => t.gql(`mutation($id: ID!) { updateHousehold(input: { id: $id, version: 1, safeDrinkingWater: true }) { household { id } } }`, { id }, caller.headers),
          reached: (res) => !!(res.body.data as { updateHousehold?: { household: { id: string } } } | null)?.updateHousehold?.household.id,
        },
        roles,
      );
      expect(findings).toEqual([]);
    });

    it('a town officer cannot see a neighbouring town’s household, nor write to it', async () => {
      const home = await signIn(t, Role.TOWN_OFFICER, R.town);
      const neighbourOfficer = await signIn(t, Role.VILLAGE_OFFICER, R.villageOfSiblingTown);
      const theirs = await createHousehold(t, neighbourOfficer, householdInput(R.villageOfSiblingTown));
      await activate(t, theirs.id);
      const ours = await t.gql(`{ households(first: 100) { edges { node { householdNumber regionCode } } } }`, {}, home.headers);
      const numbers = numbersOf(ours);
      expect(numbers).not.toContain(theirs.householdNumber);
      expect((ours.body.data as { households: { edges: { node: { regionCode: string } }[] } }).households.edges.every((e) => e.node.regionCode.startsWith('410106100'))).toBe(true);
      expect((await t.gql(`query($id: ID!) { household(id: $id) { id } }`, { id: theirs.id }, home.headers)).body.data).toEqual({ household: null });
      expect((await t.gql(`query($n: String!) { householdByNumber(householdNumber: $n) { id } }`, { n: theirs.householdNumber }, home.headers)).body.data).toEqual({ householdByNumber: null });
      expect((await t.gql(`query($id: ID!) { member(id: $id) { id } }`, { id: theirs.headMemberId }, home.headers)).body.data).toEqual({ member: null });
      const viaFilter = await t.gql(`{ households(regionCode: "${R.villageOfSiblingTown}") { totalCount } }`, {}, home.headers);
      expect(viaFilter.body.data).toEqual({ households: { totalCount: 0 } });
      const writes = [
        [`mutation($id: ID!) { setHouseholdIncome(input: { householdId: $id, year: 2018, wages: "1" }) { income { year } } }`, theirs.id],
        [`mutation($id: ID!) { updateMember(input: { id: $id, version: 1, name: "改名" }) { member { id } } }`, theirs.headMemberId],
        [`mutation($id: ID!) { setMemberInsurance(input: { memberId: $id, year: 2018, basicMedical: true }) { insurance { year } } }`, theirs.headMemberId],
      ];
      for (const [q, id] of writes) expect(ext((await t.gql(q, { id }, home.headers)).body.errors)).toMatchObject({ code: 'NOT_FOUND' });
      const [row] = await t.dataSource.query(`SELECT name FROM members WHERE id = $1`, [theirs.headMemberId]);
      expect(row.name).not.toBe('改名');
    });
  });
});
