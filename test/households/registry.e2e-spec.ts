import { Role } from '../../src/common/access/permissions';
import { Client } from 'pg';
import { SECRETS, Secrets } from '../../src/config/secrets';
import { CITIZEN_ID_DOMAIN } from '../../src/households/protected-fields';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { usingServer } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { activate, bornYearsAgo, citizenId, CREATE, createHousehold, householdInput, member } from './registry-fixtures';

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;
const ext = (errors: Errors) => errors?.[0]?.extensions;

describe('registry: households and members (issue #4)', () => {
  let t: TestApp;
  let village: SignedIn;
  let district: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? "silent" });
    await loadRegions(t);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
  });
  afterAll(() => t?.close());

  const create = (input: Record<string, unknown>, caller = village) => t.gql(CREATE, { input }, caller.headers);
  const countHouseholds = async () => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM households`))[0].n);

  describe('createHousehold', () => {
    it('creates a candidate household with its members in one transaction; coded fields carry the national code and label', async () => {
      const input = householdInput(R.village, { otherCauses: ['LACK_OF_FUNDS'], contactPhone: '13812345678', bankAccount: '6222021234567890123' });
      const res = await t.gql(
        `mutation($input: CreateHouseholdInput!) { createHousehold(input: $input) { household {
          id validity status { value } attribute { value code label } primaryCause { value code label } otherCauses { code label }
          contactPhone bankAccount memberCount
          head { name relation { value code label } sex { value code label } birthDate idNumber }
          members { name relation { value } }
          region { code name level }
        } } }`,
        { input },
        village.headers,
      );
      expect(res.body.errors).toBeUndefined();
      const h = (res.body.data as { createHousehold: { household: Record<string, unknown> } }).createHousehold.household;
      expect(h).toMatchObject({
        validity: 'CANDIDATE',
        status: null,
        attribute: { value: 'GENERAL_POOR', code: '01', label: '一般贫困户' },
        primaryCause: { value: 'LACK_OF_SKILLS', code: '07', label: '缺技术' },
        otherCauses: [{ code: '09', label: '缺资金' }],
        contactPhone: '138****5678',
        bankAccount: '6222 **** **** 0123',
        memberCount: 2,
        head: { name: '张大山', relation: { value: 'HEAD', code: '01', label: '户主' }, sex: { value: 'MALE', code: '1', label: '男' }, birthDate: '1970-03-05' },
        members: [{ name: '张大山', relation: { value: 'HEAD' } }, { name: '李秀英', relation: { value: 'SPOUSE' } }],
        region: { code: R.village, level: 'VILLAGE' },
      });
      const idNumber = (input.members as { idNumber: string }[])[0].idNumber;
      expect((h.head as { idNumber: string }).idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
      const audit = await t.dataSource.query(`SELECT operation, changes::text AS changes FROM audit_log WHERE region_code = $1 AND operation IN ('households.create', 'members.create') ORDER BY seq`, [R.village]);
      expect(audit.map((a: { operation: string }) => a.operation)).toEqual(['households.create', 'members.create', 'members.create']);
      // Personal data reaches the audit trail masked only.
      const all = JSON.stringify(audit);
      expect(all).not.toContain(idNumber);
      expect(all).not.toContain('13812345678');
      expect(all).not.toContain('6222021234567890123');
      expect(all).toContain('138****5678');
    });

    it('accepts a lower-case x and stores the number normalised', async () => {
      let id = citizenId('1968-02-03', 'MALE');
      for (let i = 0; !id.endsWith('X'); i++) id = citizenId('1968-02-03', 'MALE');
      const h = await createHousehold(t, village, householdInput(R.village, { members: [member({ idNumber: id.toLowerCase(), birthDate: '1968-02-03' })] }));
      const reveal = await t.gql(
        `mutation($id: String!) { revealPersonalData(input: { subject: MEMBER_ID_NUMBER, id: $id, reason: "核对身份证号" }) { value } }`,
        { id: h.headMemberId },
        village.headers,
      );
      expect(reveal.body.data).toEqual({ revealPersonalData: { value: id } });
    });

    const refusals: [string, () => Record<string, unknown>, string, string][] = [
      [
        'two heads',
        () => householdInput(R.village, { members: [member(), member({ name: '张二', sex: 'MALE', birthDate: '1975-01-01' })] }),
        'input.members.1.relation',
        'MORE_THAN_ONE_HEAD',
      ],
      ['no head', () => householdInput(R.village, { members: [member({ relation: 'SON' })] }), 'input.members', 'NO_HEAD'],
      [
        'head and spouse of the same sex',
        () => householdInput(R.village, { members: [member(), member({ name: '王五', relation: 'SPOUSE', sex: 'MALE', birthDate: '1971-01-01' })] }),
        'input.members.1.relation',
        'HEAD_SPOUSE_SAME_SEX',
      ],
      [
        'a wrong check character',
        () => {
          const id = citizenId('1980-01-01', 'MALE');
          return householdInput(R.village, { members: [member({ idNumber: id.slice(0, 17) + (id[17] === '0' ? '1' : '0') })] });
        },
        'input.members.0.idNumber',
        'CITIZEN_ID_CHECKSUM',
      ],
      ['a 15-digit ID number', () => householdInput(R.village, { members: [member({ idNumber: '410106800101123' })] }), 'input.members.0.idNumber', 'CITIZEN_ID_15_DIGIT'],
      [
        'a sex contradicting the ID number',
        () => householdInput(R.village, { members: [member(), { ...member({ relation: 'DAUGHTER', birthDate: '1995-01-01', sex: 'MALE' }), sex: 'FEMALE' }] }),
        'input.members.1.sex',
        'SEX_CONTRADICTS_ID_NUMBER',
      ],
      [
        'a birth date contradicting the ID number',
        () => householdInput(R.village, { members: [{ ...member(), birthDate: '1970-03-06' }] }),
        'input.members.0.birthDate',
        'BIRTH_DATE_CONTRADICTS_ID_NUMBER',
      ],
      ['13 months worked', () => householdInput(R.village, { members: [member({ monthsWorked: 13 })] }), 'input.members.0.monthsWorked', 'MONTHS_WORKED_RANGE'],
      [
        'a disability grade without DISABLED',
        () => householdInput(R.village, { members: [member({ health: ['CHRONIC_ILLNESS'], disabilityGrade: 2 })] }),
        'input.members.0.disabilityGrade',
        'DISABILITY_GRADE_WITHOUT_DISABILITY',
      ],
      [
        'HEALTHY with a condition',
        () => householdInput(R.village, { members: [member({ health: ['HEALTHY', 'SERIOUS_ILLNESS'] })] }),
        'input.members.0.health',
        'HEALTHY_WITH_CONDITION',
      ],
      [
        'a 12-year-old with neither education level nor schooling status',
        () => householdInput(R.village, { members: [member(), member({ name: '张小', relation: 'SON', birthDate: bornYearsAgo(12) })] }),
        'input.members.1.schoolingStatus',
        'SCHOOL_AGE_EDUCATION_OR_SCHOOLING',
      ],
      [
        'three other causes',
        () => householdInput(R.village, { otherCauses: ['ILLNESS', 'DISABILITY', 'DISASTER'] }),
        'input.otherCauses',
        'TOO_MANY_OTHER_CAUSES',
      ],
      ['an other cause repeating the primary', () => householdInput(R.village, { otherCauses: ['LACK_OF_SKILLS'] }), 'input.otherCauses', 'OTHER_CAUSE_REPEATS_PRIMARY'],
    ];

    it.each(refusals)('refuses %s as BAD_USER_INPUT on the field, writing nothing', async (_name, build, field, reason) => {
      const before = await countHouseholds();
      const res = await create(build());
      expect(res.body.data).toBeNull();
      expect(ext(res.body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field, reason });
      expect(await countHouseholds()).toBe(before);
    });

    it('accepts a school-age child with exactly one of education level and schooling status', async () => {
      await createHousehold(t, village, householdInput(R.village, { members: [member(), member({ name: '张小', relation: 'SON', birthDate: bornYearsAgo(12), schoolingStatus: 'GRADE_7' })] }));
    });

    it('a household belongs to a village in the caller’s scope', async () => {
      const town = await signIn(t, Role.TOWN_OFFICER, R.town);
      expect(ext((await create(householdInput(R.town), town)).body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REGION_NOT_VILLAGE', field: 'input.regionCode' });
      const outside = await create(householdInput(R.villageSameTown));
      expect(ext(outside.body.errors)).toMatchObject({ code: 'NOT_FOUND', field: 'input.regionCode' });
      const unknown = await create(householdInput('410106100299'));
      expect(ext(unknown.body.errors)).toEqual(ext(outside.body.errors));
      await createHousehold(t, town, householdInput(R.villageSameTown));
    });

    it('refuses a taken household number as CONFLICT', async () => {
      const first = await createHousehold(t, village, householdInput(R.village));
      const res = await create(householdInput(R.village, { householdNumber: first.householdNumber }));
      expect(ext(res.body.errors)).toMatchObject({ code: 'CONFLICT', reason: 'HOUSEHOLD_NUMBER_TAKEN', field: 'input.householdNumber' });
    });

    it('a sector officer reads but cannot write', async () => {
      const sector = await signIn(t, Role.SECTOR_OFFICER, R.district);
      expect(ext((await create(householdInput(R.village), sector)).body.errors)).toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('one person, one active household', () => {
    it('refuses a person already in another household with one neutral answer, in the caller’s scope or not (issue #10)', async () => {
      const first = await createHousehold(t, village, householdInput(R.village));
      const [row] = await t.dataSource.query(`SELECT id_number_hash FROM members WHERE id = $1`, [first.headMemberId]);
      const idNumber = await revealId(first.headMemberId);
      // The caller sees the other household…
      const seen = await create(householdInput(R.village, { members: [member({ idNumber })] }));
      // …or cannot: the answer is the same, naming the field and nothing of the other household.
      const other = await signIn(t, Role.VILLAGE_OFFICER, R.villageSameTown);
      const hidden = await create(householdInput(R.villageSameTown, { members: [member({ idNumber })] }), other);
      for (const res of [seen, hidden]) {
        expect(res.body.data).toBeNull();
        expect(res.body.errors?.[0].extensions).toEqual({ code: 'CONFLICT', reason: 'PERSON_IN_ANOTHER_HOUSEHOLD', field: 'input.members.0.idNumber' });
        expect(JSON.stringify(res.body)).not.toContain(first.householdNumber);
        expect(JSON.stringify(res.body)).not.toContain(first.id);
      }
      expect(hidden.body.errors?.[0].message).toBe(seen.body.errors?.[0].message);
      const holders = await t.dataSource.query(`SELECT count(*)::int AS n FROM members WHERE active AND id_number_hash = $1`, [row.id_number_hash]);
      expect(holders[0].n).toBe(1);
    });

    it('a household number used in another region is refused exactly as one used in the caller’s own (issue #10)', async () => {
      const own = await createHousehold(t, village, householdInput(R.village));
      const town = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
      const elsewhere = await createHousehold(t, town, householdInput(R.villageOfSiblingTown));
      const sameRegion = await create(householdInput(R.village, { householdNumber: own.householdNumber }));
      const otherRegion = await create(householdInput(R.village, { householdNumber: elsewhere.householdNumber }));
      for (const res of [sameRegion, otherRegion]) {
        expect(res.body.errors?.[0].extensions).toEqual({ code: 'CONFLICT', reason: 'HOUSEHOLD_NUMBER_TAKEN', field: 'input.householdNumber' });
      }
      expect(otherRegion.body.errors?.[0].message).toBe(sameRegion.body.errors?.[0].message);
    });

    it('the same ID number in two racing createHousehold requests: exactly one wins, the other is a CONFLICT and leaves nothing', async () => {
      const shared = citizenId('1966-06-06', 'MALE');
      const inputs = [0, 1].map(() => householdInput(R.village, { members: [member({ idNumber: shared, birthDate: '1966-06-06' }), member({ name: '配偶', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1967-01-01' })] }));
      const results = await Promise.all(inputs.map((input) => create(input)));
      const won = results.filter((r) => r.body.data);
      const lost = results.filter((r) => r.body.errors);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(ext(lost[0].body.errors)).toMatchObject({ code: 'CONFLICT', reason: 'PERSON_IN_ANOTHER_HOUSEHOLD', field: 'input.members.0.idNumber' });
      const hash = t.get<Secrets>(SECRETS as never).cipher.blindIndex(shared, CITIZEN_ID_DOMAIN);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM members WHERE id_number_hash = $1`, [hash]))[0].n).toBe(1);
      const loserNumber = inputs[results.indexOf(lost[0])].householdNumber;
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM households WHERE household_number = $1`, [loserNumber]))[0].n).toBe(0);
    });

    // A server only: on the embedded database one open transaction stops every other session.
    (usingServer() ? it : it.skip)('a request that passed the check but loses on the unique index gets the same CONFLICT (no 500)', async () => {
      const idNumber = citizenId('1962-02-02', 'MALE');
      const hash = t.get<Secrets>(SECRETS as never).cipher.blindIndex(idNumber, CITIZEN_ID_DOMAIN);
      const other = new Client({ connectionString: t.db.url });
      await other.connect();
      try {
        await other.query('BEGIN');
        const [{ id }] = (
          await other.query(
            `INSERT INTO households (household_number, region_code, attribute, primary_cause) VALUES ('RACE-1', $1, 'GENERAL_POOR', 'ILLNESS') RETURNING id`,
            [R.village],
          )
        ).rows;
        await other.query(
          `INSERT INTO members (household_id, region_code, name, id_number_enc, id_number_hash, sex, birth_date, relation, joined_on)
           VALUES ($1, $2, '赛跑', 'x', $3, 'MALE', '1962-02-02', 'HEAD', '2018-01-01')`,
          [id, R.village, hash],
        );
        // Not committed: the request's check cannot see this row, so its insert waits on the index.
        const pending = create(householdInput(R.village, { members: [member({ idNumber, birthDate: '1962-02-02' })] }));
        // Asked outside `other`'s transaction: inside one, pg_stat_activity is a snapshot taken at its first read.
        const lockWaiters = async () =>
          (await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0].n as number;
        await waitFor(async () => (await lockWaiters()) > 0, { what: 'the request waiting on the unique index' });
        const waiting = [{ n: await lockWaiters() }];
        expect(waiting[0].n).toBe(1);
        await other.query('COMMIT');
        const res = await pending;
        expect(ext(res.body.errors)).toEqual({ code: 'CONFLICT', reason: 'PERSON_IN_ANOTHER_HOUSEHOLD', field: 'input.members.0.idNumber' });
      } finally {
        await other.end();
      }
    });

    it('the unique index itself refuses a second active membership (the check is not the only guard)', async () => {
      const first = await createHousehold(t, village, householdInput(R.village));
      const second = await createHousehold(t, village, householdInput(R.village));
      await expect(
        t.dataSource.query(`UPDATE members SET id_number_hash = (SELECT id_number_hash FROM members WHERE id = $1) WHERE id = $2`, [first.headMemberId, second.headMemberId]),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505', constraint: 'members_one_active_household' }) });
    });
  });

  async function revealId(memberId: string): Promise<string> {
    const res = await t.gql<{ revealPersonalData: { value: string } }>(
      `mutation($id: String!) { revealPersonalData(input: { subject: MEMBER_ID_NUMBER, id: $id, reason: "核对身份证号" }) { value } }`,
      { id: memberId },
      village.headers,
    );
    return res.body.data!.revealPersonalData.value;
  }

  describe('updates with the version read', () => {
    const UPDATE = `mutation($input: UpdateHouseholdInput!) { updateHousehold(input: $input) { household { version safeDrinkingWater contactPhone otherCauses { value } } } }`;
    const UPDATE_MEMBER = `mutation($input: UpdateMemberInput!) { updateMember(input: $input) { member { version name sex { value } birthDate relation { value } monthsWorked idNumber } } }`;

    it('updateHousehold: corrects fields, a stale version is a CONFLICT, the change is audited masked', async () => {
      const h = await createHousehold(t, village, householdInput(R.village));
      const ok = await t.gql(UPDATE, { input: { id: h.id, version: h.version, safeDrinkingWater: true, contactPhone: '13900001111', otherCauses: ['DISASTER'] } }, village.headers);
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data).toEqual({ updateHousehold: { household: { version: h.version + 1, safeDrinkingWater: true, contactPhone: '139****1111', otherCauses: [{ value: 'DISASTER' }] } } });
      const stale = await t.gql(UPDATE, { input: { id: h.id, version: h.version, safeDrinkingWater: false } }, village.headers);
      expect(ext(stale.body.errors)).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH', details: { currentVersion: h.version + 1 } });
      const [audit] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'households.update' AND entity_id = $1`, [h.id]);
      expect(audit.changes).toMatchObject({ safeDrinkingWater: { from: null, to: true }, contactPhone: { from: null, to: '139****1111' } });
      expect(JSON.stringify(audit)).not.toContain('13900001111');
      const bad = await t.gql(UPDATE, { input: { id: h.id, version: h.version + 1, otherCauses: ['LACK_OF_SKILLS'] } }, village.headers);
      expect(ext(bad.body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OTHER_CAUSE_REPEATS_PRIMARY', field: 'input.otherCauses' });
    });

    it('an update that changes nothing writes nothing: same version, no audit row, no feed entry; a stale version is still a CONFLICT', async () => {
      const h = await createHousehold(t, village, householdInput(R.village));
      const set = await t.gql(UPDATE, { input: { id: h.id, version: h.version, safeDrinkingWater: true, contactPhone: '13900002222' } }, village.headers);
      const v = (set.body.data as { updateHousehold: { household: { version: number } } }).updateHousehold.household.version;
      const rows = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ANY($1::varchar[])`, [[h.id, ...h.members.map((m) => m.id)]]))[0].n;
      const feed = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM change_feed WHERE root_id = $1`, [h.id]))[0].n;
      const [audited, fed] = [await rows(), await feed()];
      // The same values again: nothing differs from what is stored.
      const same = await t.gql(UPDATE, { input: { id: h.id, version: v, safeDrinkingWater: true, contactPhone: '13900002222' } }, village.headers);
      expect(same.body.errors).toBeUndefined();
      expect(same.body.data).toEqual({ updateHousehold: { household: { version: v, safeDrinkingWater: true, contactPhone: '139****2222', otherCauses: [] } } });
      const head = h.members.find((m) => m.relation.value === 'HEAD')!;
      const member = await t.gql(UPDATE_MEMBER, { input: { id: head.id, version: 1, name: head.name } }, village.headers);
      expect(member.body.errors).toBeUndefined();
      expect((member.body.data as { updateMember: { member: { version: number } } }).updateMember.member.version).toBe(1);
      expect([await rows(), await feed()]).toEqual([audited, fed]);
      const stale = await t.gql(UPDATE, { input: { id: h.id, version: v - 1, safeDrinkingWater: true } }, village.headers);
      expect(ext(stale.body.errors)).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH', details: { currentVersion: v } });
    });

    it('updateMember: a corrected ID number re-derives sex and birth date; contradictions, a second head and a person of another household are refused', async () => {
      const h = await createHousehold(t, village, householdInput(R.village));
      const spouse = h.members.find((m) => m.relation.value === 'SPOUSE')!;
      const newId = citizenId('1973-04-04', 'FEMALE');
      const ok = await t.gql(UPDATE_MEMBER, { input: { id: spouse.id, version: 1, idNumber: newId, monthsWorked: 6 } }, village.headers);
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data).toMatchObject({ updateMember: { member: { version: 2, sex: { value: 'FEMALE' }, birthDate: '1973-04-04', monthsWorked: 6, idNumber: `${newId.slice(0, 6)}********${newId.slice(14)}` } } });
      const contra = await t.gql(UPDATE_MEMBER, { input: { id: spouse.id, version: 2, birthDate: '1973-04-05' } }, village.headers);
      expect(ext(contra.body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.birthDate', reason: 'BIRTH_DATE_CONTRADICTS_ID_NUMBER' });
      const twoHeads = await t.gql(UPDATE_MEMBER, { input: { id: spouse.id, version: 2, relation: 'HEAD' } }, village.headers);
      expect(ext(twoHeads.body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MORE_THAN_ONE_HEAD', field: 'input.relation' });
      const sameSex = await t.gql(UPDATE_MEMBER, { input: { id: spouse.id, version: 2, idNumber: citizenId('1973-04-04', 'MALE') } }, village.headers);
      expect(ext(sameSex.body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HEAD_SPOUSE_SAME_SEX' });
      const other = await createHousehold(t, village, householdInput(R.village));
      const taken = await t.gql(UPDATE_MEMBER, { input: { id: spouse.id, version: 2, idNumber: await revealId(other.members[1].id) } }, village.headers);
      expect(ext(taken.body.errors)).toEqual({ code: 'CONFLICT', reason: 'PERSON_IN_ANOTHER_HOUSEHOLD', field: 'input.idNumber' });
      const stale = await t.gql(UPDATE_MEMBER, { input: { id: spouse.id, version: 1, name: '李秀兰' } }, village.headers);
      expect(ext(stale.body.errors)).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
    });
  });

  describe('income by year, computed', () => {
    const SET = `mutation($input: SetHouseholdIncomeInput!) { setHouseholdIncome(input: $input) { income { year version transfers annualIncome netIncome householdSize perCapitaNetIncome } } }`;

    it('computes transfers, annual, net and per-capita net income (÷ members at that year’s end); never typed in', async () => {
      const h = await createHousehold(t, village, householdInput(R.village, { members: [member(), member({ name: '李秀英', relation: 'SPOUSE', sex: 'FEMALE', birthDate: '1972-08-09' }), member({ name: '张小明', relation: 'SON', birthDate: '1996-02-02' })] }));
      // Joined 2017-03-01; the son left on 2017-12-31 (not a member at that year end) and the spouse joined in 2018.
      await t.dataSource.query(`UPDATE members SET joined_on = '2017-03-01' WHERE household_id = $1`, [h.id]);
      await t.dataSource.query(`UPDATE members SET left_on = '2017-12-31', active = false, leave_reason = 'MOVED' WHERE household_id = $1 AND relation = 'SON'`, [h.id]);
      await t.dataSource.query(`UPDATE members SET joined_on = '2018-01-02' WHERE household_id = $1 AND relation = 'SPOUSE'`, [h.id]);
      const input = {
        householdId: h.id,
        year: 2017,
        wages: '3000.10',
        productionBusiness: '1000.20',
        property: '300',
        assetIncomeDividend: '300',
        transferLowIncome: '1200.00',
        transferPension: '0.05',
        productionCosts: '500.30',
      };
      const res = await t.gql(SET, { input }, village.headers);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data).toEqual({
        setHouseholdIncome: { income: { year: 2017, version: 1, transfers: '1200.05', annualIncome: '5500.35', netIncome: '5000.05', householdSize: 1, perCapitaNetIncome: '5000.05' } },
      });
      const again = await t.gql(SET, { input: { ...input, wages: '4000.10' } }, village.headers);
      expect(ext(again.body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VERSION_REQUIRED' });
      const updated = await t.gql(SET, { input: { ...input, year: 2017, version: 1, wages: '4000.10' } }, village.headers);
      expect(updated.body.data).toMatchObject({ setHouseholdIncome: { income: { version: 2, netIncome: '6000.05' } } });
      const stale = await t.gql(SET, { input: { ...input, version: 1 } }, village.headers);
      expect(ext(stale.body.errors)).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_MISMATCH' });
      await t.gql(SET, { input: { householdId: h.id, year: 2018, wages: '9000.01' } }, village.headers);
      const read = await t.gql(`query($id: ID!) { household(id: $id) { incomes { year householdSize perCapitaNetIncome } one: incomes(year: 2018) { year } } }`, { id: h.id }, village.headers);
      expect(read.body.data).toEqual({
        household: { incomes: [{ year: 2018, householdSize: 2, perCapitaNetIncome: '4500.01' }, { year: 2017, householdSize: 1, perCapitaNetIncome: '6000.05' }], one: [{ year: 2018 }] },
      });
      const bad = await t.gql(SET, { input: { householdId: h.id, year: 2019, wages: '1.005' } }, village.headers);
      expect(bad.body.errors).toBeDefined();
      const neg = await t.gql(SET, { input: { householdId: h.id, year: 2019, property: '10', assetIncomeDividend: '20' } }, village.headers);
      expect(ext(neg.body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.assetIncomeDividend' });
    });
  });

  describe('insurance by year', () => {
    it('records a member’s insurance flags of a year, audited', async () => {
      const h = await createHousehold(t, village, householdInput(R.village));
      const SET = `mutation($input: SetMemberInsuranceInput!) { setMemberInsurance(input: $input) { insurance { year basicMedical seriousIllness pension } } }`;
      const res = await t.gql(SET, { input: { memberId: h.headMemberId, year: 2018, basicMedical: true, seriousIllness: true } }, village.headers);
      expect(res.body.data).toEqual({ setMemberInsurance: { insurance: { year: 2018, basicMedical: true, seriousIllness: true, pension: false } } });
      await t.gql(SET, { input: { memberId: h.headMemberId, year: 2017, basicMedical: true } }, village.headers);
      await t.gql(SET, { input: { memberId: h.headMemberId, year: 2018, basicMedical: true, seriousIllness: false } }, village.headers);
      const read = await t.gql(`query($id: ID!) { member(id: $id) { insurance { year seriousIllness } y: insurance(year: 2017) { basicMedical } } }`, { id: h.headMemberId }, village.headers);
      expect(read.body.data).toEqual({ member: { insurance: [{ year: 2018, seriousIllness: false }, { year: 2017, seriousIllness: false }], y: [{ basicMedical: true }] } });
      const audits = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'members.setInsurance' AND entity_id = $1 ORDER BY seq`, [`${h.headMemberId}:2018`]);
      expect(audits).toHaveLength(2);
      expect(audits[1].changes).toEqual({ seriousIllness: { from: true, to: false } });
    });
  });

  describe('poverty lines', () => {
    it('holds the confirmed national lines 2011–2016; the district sets later years, national and provincial apart', async () => {
      const list = await t.gql<{ povertyLines: { year: number; nationalLine: string; isDemo: boolean }[] }>(`{ povertyLines { year nationalLine provincialExitLine isDemo } }`, {}, village.headers);
      expect(list.body.data!.povertyLines.map((l) => [l.year, l.nationalLine])).toEqual([
        [2011, '2536.00'],
        [2012, '2625.00'],
        [2013, '2736.00'],
        [2014, '2800.00'],
        [2015, '2855.00'],
        [2016, '2952.00'],
      ]);
      const SET = `mutation($input: SetPovertyLineInput!) { setPovertyLine(input: $input) { povertyLine { year nationalLine provincialExitLine source isDemo version } } }`;
      const input = { year: 2017, nationalLine: '3335.00', provincialExitLine: '3208.00', source: '演示数据', isDemo: true };
      expect(ext((await t.gql(SET, { input }, village.headers)).body.errors)).toMatchObject({ code: 'FORBIDDEN' });
      const res = await t.gql(SET, { input }, district.headers);
      expect(res.body.data).toEqual({ setPovertyLine: { povertyLine: { ...input, version: 1 } } });
      expect(ext((await t.gql(SET, { input }, district.headers)).body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VERSION_REQUIRED' });
      const upd = await t.gql(SET, { input: { ...input, provincialExitLine: '3210.00', version: 1 } }, district.headers);
      expect(upd.body.data).toMatchObject({ setPovertyLine: { povertyLine: { provincialExitLine: '3210.00', version: 2 } } });
      expect(ext((await t.gql(SET, { input: { ...input, version: 1 } }, district.headers)).body.errors)).toMatchObject({ code: 'CONFLICT' });
      const [audit] = await t.dataSource.query(`SELECT changes FROM audit_log WHERE operation = 'povertyLines.set' ORDER BY seq DESC LIMIT 1`);
      expect(audit.changes).toEqual({ provincialExitLine: { from: '3208.00', to: '3210.00' } });
    });
  });

  describe('personal data', () => {
    it('keeps ID numbers, phones and bank accounts encrypted at rest: a raw SELECT shows no plaintext', async () => {
      const idNumber = citizenId('1959-09-09', 'MALE');
      const h = await createHousehold(t, village, householdInput(R.village, { contactPhone: '13711112222', bankAccount: '6228480402564890018', members: [member({ idNumber, birthDate: '1959-09-09' })] }));
      const raw = JSON.stringify([
        await t.dataSource.query(`SELECT * FROM households WHERE id = $1`, [h.id]),
        await t.dataSource.query(`SELECT * FROM members WHERE household_id = $1`, [h.id]),
      ]);
      for (const secret of [idNumber, '13711112222', '6228480402564890018', idNumber.slice(6, 14)]) expect(raw).not.toContain(secret);
      const [m] = await t.dataSource.query(`SELECT id_number_hash FROM members WHERE id = $1`, [h.headMemberId]);
      expect(m.id_number_hash).toBe(t.get<Secrets>(SECRETS as never).cipher.blindIndex(idNumber, CITIZEN_ID_DOMAIN));
    });

    it('reveals a member’s ID number, a household’s phone and bank account only in scope, with a reason, audited', async () => {
      const h = await createHousehold(t, village, householdInput(R.village, { contactPhone: '13711113333', bankAccount: '6228480402564890019' }));
      const REVEAL = `mutation($s: PersonalDataSubject!, $id: String!) { revealPersonalData(input: { subject: $s, id: $id, reason: "发放补贴核对" }) { value } }`;
      const town = await signIn(t, Role.TOWN_OFFICER, R.town);
      expect((await t.gql(REVEAL, { s: 'HOUSEHOLD_CONTACT_PHONE', id: h.id }, town.headers)).body.data).toEqual({ revealPersonalData: { value: '13711113333' } });
      expect((await t.gql(REVEAL, { s: 'HOUSEHOLD_BANK_ACCOUNT', id: h.id }, town.headers)).body.data).toEqual({ revealPersonalData: { value: '6228480402564890019' } });
      const id = await t.gql<{ revealPersonalData: { value: string } }>(REVEAL, { s: 'MEMBER_ID_NUMBER', id: h.headMemberId }, town.headers);
      expect(id.body.data!.revealPersonalData.value).toMatch(/^410106\d{11}[\dX]$/);
      const audits = await t.dataSource.query(
        `SELECT entity_type, changes, reason, actor_id FROM audit_log WHERE operation = 'personalData.unmask' AND entity_id = ANY($1) ORDER BY seq`,
        [[h.id, h.headMemberId]],
      );
      expect(audits).toEqual([
        { entity_type: 'Household', changes: { field: 'contactPhone' }, reason: '发放补贴核对', actor_id: town.userId },
        { entity_type: 'Household', changes: { field: 'bankAccount' }, reason: '发放补贴核对', actor_id: town.userId },
        { entity_type: 'Member', changes: { field: 'idNumber' }, reason: '发放补贴核对', actor_id: town.userId },
      ]);
      const neighbour = await signIn(t, Role.TOWN_OFFICER, R.siblingTown);
      for (const [s, target] of [['HOUSEHOLD_CONTACT_PHONE', h.id], ['HOUSEHOLD_BANK_ACCOUNT', h.id], ['MEMBER_ID_NUMBER', h.headMemberId]]) {
        expect(ext((await t.gql(REVEAL, { s, id: target }, neighbour.headers)).body.errors)).toMatchObject({ code: 'NOT_FOUND' });
      }
    });
  });

  describe('data-quality report (warning rules)', () => {
    it('lists, per rule with its reason, the households with cause ILLNESS but every member healthy, and LOW_INCOME_POOR without 低保', async () => {
      const other = await signIn(t, Role.VILLAGE_OFFICER, '410106100203');
      const ill = await createHousehold(t, other, householdInput('410106100203', { primaryCause: 'ILLNESS' }));
      await createHousehold(t, other, householdInput('410106100203', { primaryCause: 'ILLNESS', members: [member({ health: ['SERIOUS_ILLNESS'] })] }));
      const low = await createHousehold(t, other, householdInput('410106100203', { attribute: 'LOW_INCOME_POOR' }));
      await createHousehold(t, other, householdInput('410106100203', { attribute: 'LOW_INCOME_POOR', members: [member({ lowIncomeSupport: true })] }));
      await activate(t, ill.id);
      const res = await t.gql(`{ dataQualityReport(regionCode: "410106100203") { code reason count households { householdNumber } } }`, {}, district.headers);
      expect(res.body.data).toEqual({
        dataQualityReport: [
          { code: 'ILLNESS_CAUSE_ALL_HEALTHY', reason: expect.stringContaining('因病'), count: 1, households: [{ householdNumber: ill.householdNumber }] },
          { code: 'LOW_INCOME_POOR_WITHOUT_LOW_INCOME_MEMBER', reason: expect.stringContaining('低保贫困户'), count: 1, households: [{ householdNumber: low.householdNumber }] },
        ],
      });
      // Two more offenders: the count is all of them, the list the first `limit` by household number.
      const more = [
        await createHousehold(t, other, householdInput('410106100203', { primaryCause: 'ILLNESS' })),
        await createHousehold(t, other, householdInput('410106100203', { primaryCause: 'ILLNESS' })),
      ];
      const numbers = [ill, ...more].map((h) => h.householdNumber as string).sort();
      type Report = { dataQualityReport: { count: number; households: { householdNumber: string }[] }[] };
      const limited = await t.gql<Report>(`{ dataQualityReport(regionCode: "410106100203", limit: 2) { count households { householdNumber } } }`, {}, district.headers);
      expect(limited.body.data?.dataQualityReport[0]).toEqual({ count: 3, households: numbers.slice(0, 2).map((householdNumber) => ({ householdNumber })) });
      const countsOnly = await t.gql<Report>(`{ dataQualityReport(regionCode: "410106100203", limit: 0) { count households { householdNumber } } }`, {}, district.headers);
      expect(countsOnly.body.data?.dataQualityReport).toEqual([{ count: 3, households: [] }, { count: 1, households: [] }]);
      // Out of scope: nothing.
      const elsewhere = await t.gql(`{ dataQualityReport(regionCode: "410106100203") { count } }`, {}, village.headers);
      expect(elsewhere.body.data).toEqual({ dataQualityReport: [{ count: 0 }, { count: 0 }] });
    });
  });
});
