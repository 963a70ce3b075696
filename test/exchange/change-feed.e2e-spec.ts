import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Role } from '../../src/common/access/permissions';
import { generateHouseholds } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../../src/demo/registry-format';
import { register } from '../households/lifecycle-fixtures';
import { createHousehold, householdInput, member } from '../households/registry-fixtures';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { ImportJobView } from '../support/import-job';
import { usingServer } from '../support/test-database';
import { waitFor } from '../support/wait-for';

interface Entry {
  position: string;
  rootType: string;
  rootId: string;
  rootVersion: number | null;
  operation: string;
  regionCode: string | null;
  parts: string[];
  transactionId: string;
  occurredAt: string;
}
interface Page {
  edges: { cursor: string; node: Entry }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const CHANGES = `query($after: String, $first: Int, $types: [ChangeRootType!], $region: String) {
  changes(after: $after, first: $first, rootTypes: $types, regionCode: $region) {
    edges { cursor node { position rootType rootId rootVersion operation regionCode parts transactionId occurredAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const BY_IDS = `query($ids: [ID!]!) { householdsByIds(ids: $ids) { id version regionCode } }`;

describe('change feed (issue #5): a transactional outbox read with changes(after, first)', () => {
  let t: TestApp;
  let village: SignedIn;
  let town: SignedIn;
  let district: SignedIn;
  let otherTownKey: Record<string, string>;
  let seq = 0;

  beforeAll(async () => {
    // The import worker runs the insurance test's imports (small batches: several households a transaction).
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true', IMPORT_BATCH_HOUSEHOLDS: '3' });
    await loadRegions(t);
    village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
    town = await signIn(t, Role.TOWN_OFFICER, R.town);
    district = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    // Keys are issued by the district office, which holds the feed scope it gives.
    const key = await t.gql<{ createApiKey: { secret: string } }>(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      { i: { name: '济源路街道对接', scopes: ['EXCHANGE_FEED'], regionCode: R.siblingTown } },
      district.headers,
    );
    otherTownKey = { 'x-api-key': key.body.data!.createApiKey.secret };
  });
  afterAll(() => t?.close());

  const changes = (vars: Record<string, unknown>, headers = district.headers) => t.gql<{ changes: Page }>(CHANGES, vars, headers);
  const page = async (vars: Record<string, unknown>, headers = district.headers): Promise<Page> => {
    const res = await changes(vars, headers);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.changes;
  };
  const head = async (headers = district.headers): Promise<string | null> => {
    const res = await t.gql<{ changeFeedHead: string | null }>(`{ changeFeedHead }`, {}, headers);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.changeFeedHead;
  };
  /** Every entry after `after`, page by page. */
  const readAll = async (after: string | null, first = 1000, vars: Record<string, unknown> = {}, headers = district.headers): Promise<Entry[]> => {
    const out: Entry[] = [];
    let cursor = after;
    for (;;) {
      const p = await page({ after: cursor, first, ...vars }, headers);
      out.push(...p.edges.map((e) => e.node));
      if (!p.pageInfo.hasNextPage) return out;
      cursor = p.pageInfo.endCursor;
    }
  };
  /** A household inserted as the registry stores it (a statement of its own). */
  const insertHousehold = (regionCode: string, db: { query: (sql: string, params?: unknown[]) => Promise<unknown> } = t.dataSource) => {
    seq += 1;
    return db.query(
      `INSERT INTO households (household_number, region_code, validity, status, year_registered, attribute, primary_cause)
       VALUES ($1, $2, 'ACTIVE', 'NOT_EXITED', 2016, 'GENERAL_POOR', 'ILLNESS') RETURNING id`,
      [`${regionCode}${process.pid % 100}${String(seq).padStart(4, '0')}`, regionCode],
    );
  };

  /** The entries of one root after a position. */
  const entriesOf = async (rootId: string, after: string | null): Promise<Entry[]> => (await readAll(after)).filter((e) => e.rootId === rootId);
  const version = async (id: string): Promise<number> => (await t.dataSource.query(`SELECT version FROM households WHERE id = $1`, [id]))[0].version;

  it('a created household (its row, members and first event, one transaction) gives one CREATED entry naming the parts, then one entry per later transaction; no row data', async () => {
    const before = await head();
    const input = householdInput(R.village, { contactPhone: '13812345678', bankAccount: '6222021234567890123' });
    const h = await createHousehold(t, village, input);
    const created = await entriesOf(h.id, before);
    // The household row (inserted, then given its head), its two members and the event naming its
    // first head: one entry.
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ rootType: 'Household', rootId: h.id, operation: 'CREATED', regionCode: R.village, parts: ['events', 'household', 'members'], rootVersion: await version(h.id) });
    expect(Object.keys(created[0]).sort()).toEqual(['occurredAt', 'operation', 'parts', 'position', 'regionCode', 'rootId', 'rootType', 'rootVersion', 'transactionId']);
    const afterCreate = await head();
    await register(t, { village, town, district }, h.id);
    const registered = await entriesOf(h.id, afterCreate);
    expect(registered.length).toBeGreaterThan(0);
    // Each transaction of the registration is one entry; the approval changes the household and records its event.
    expect(new Set(registered.map((e) => e.transactionId)).size).toBe(registered.length);
    const approval = registered[registered.length - 1];
    expect(approval).toMatchObject({ operation: 'UPDATED', rootVersion: await version(h.id) });
    expect(approval.parts).toEqual(expect.arrayContaining(['events', 'household']));
    const mine = [...created, ...registered];
    for (const e of mine) {
      expect(e.regionCode).toBe(R.village);
      expect(e.position).toMatch(/^\d+$/);
      expect(new Date(e.occurredAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
    // Neither the plaintext nor the encrypted personal data left the database, nor any row value.
    const json = JSON.stringify(mine);
    for (const m of input.members as { idNumber: string; name: string }[]) {
      expect(json).not.toContain(m.idNumber);
      expect(json).not.toContain(m.name);
    }
    expect(json).not.toContain('13812345678');
    expect(json).not.toContain('6222021234567890123');
    expect(json).not.toContain(h.householdNumber);
    // The consumer reads the current state by id.
    const read = await t.gql<{ householdsByIds: { id: string; version: number; regionCode: string }[] }>(BY_IDS, { ids: [h.id] }, district.headers);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data!.householdsByIds).toEqual([{ id: h.id, version: approval.rootVersion, regionCode: R.village }]);
    // Positions ascend in the page, and the cursor is the position.
    const p = await page({ after: before, first: 1000 });
    const positions = p.edges.map((e) => BigInt(e.cursor));
    expect(p.edges.every((e) => e.cursor === e.node.position)).toBe(true);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(await head()).toBe(p.pageInfo.endCursor);
  });

  it('a member correction is an UPDATED of the household with part members; the disability certificate number (残疾证号) never appears', async () => {
    const before = await head();
    const disabled = member({ health: ['DISABLED'], disabilityType: 'PHYSICAL', disabilityGrade: 2 });
    const certificate = `${disabled.idNumber as string}42`;
    const h = await createHousehold(t, village, householdInput(R.village, { members: [{ ...disabled, disabilityCertificate: certificate }] }));
    const corrected = `${disabled.idNumber as string}43`;
    const res = await t.gql(
      `mutation($input: UpdateMemberInput!) { updateMember(input: $input) { member { version } } }`,
      { input: { id: h.headMemberId, version: 1, disabilityGrade: 3, disabilityCertificate: corrected } },
      village.headers,
    );
    expect(res.body.errors).toBeUndefined();
    const mine = await entriesOf(h.id, before);
    expect(mine.map((e) => [e.operation, e.parts])).toEqual([
      ['CREATED', ['events', 'household', 'members']],
      ['UPDATED', ['members']],
    ]);
    const json = JSON.stringify(mine);
    expect(json).not.toContain(certificate);
    expect(json).not.toContain(corrected);
    expect(json).not.toContain(disabled.idNumber as string);
  });

  it('an income is part incomes of its household, and carries the household’s region, also after the household moves', async () => {
    const h = await createHousehold(t, village, householdInput(R.village));
    const before = await head();
    const res = await t.gql(
      `mutation($input: SetHouseholdIncomeInput!) { setHouseholdIncome(input: $input) { income { year } } }`,
      { input: { householdId: h.id, year: 2018, wages: '1200.00' } },
      village.headers,
    );
    expect(res.body.errors).toBeUndefined();
    expect(await entriesOf(h.id, before)).toMatchObject([{ operation: 'UPDATED', parts: ['incomes'], regionCode: R.village }]);
    const region = async () => (await t.dataSource.query(`SELECT region_code FROM household_incomes WHERE household_id = $1`, [h.id]))[0].region_code;
    expect(await region()).toBe(R.village);
    const moved = await head();
    await t.dataSource.query(`UPDATE households SET region_code = $2 WHERE id = $1`, [h.id, R.villageSameTown]);
    expect(await region()).toBe(R.villageSameTown);
    // The move and the incomes it took along: one entry, in the new village.
    expect(await entriesOf(h.id, moved)).toMatchObject([{ operation: 'UPDATED', parts: ['household', 'incomes'], regionCode: R.villageSameTown }]);
    // An income's village is its household's: a row naming another is refused by its foreign key.
    await expect(
      t.dataSource.query(`INSERT INTO household_incomes (household_id, region_code, year, wages) VALUES ($1, $2, 2017, 1)`, [h.id, R.village]),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23503', constraint: 'household_incomes_household_id_fkey' }) });
  });

  it('one entry per household per transaction, whatever the statements; CREATED or DELETED wins over UPDATED; nothing from the row is published', async () => {
    expect(await t.dataSource.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'change_feed' AND column_name = 'data'`)).toEqual([]);
    expect(await t.dataSource.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'change_feed_columns'`)).toEqual([]);
    const a = await createHousehold(t, village, householdInput(R.village));
    const [b] = (await insertHousehold(R.village)) as { id: string }[];
    const before = await head();
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // Many statements on two households, one statement on both.
      await runner.query(`UPDATE members SET months_worked = 3 WHERE household_id = $1`, [a.id]);
      await runner.query(`UPDATE households SET cultivated_land_mu = 2.5, version = version + 1 WHERE id = $1`, [a.id]);
      await runner.query(`UPDATE members SET months_worked = 4 WHERE household_id = $1`, [a.id]);
      await runner.query(`UPDATE households SET forest_land_mu = 1 WHERE id = ANY($1::uuid[])`, [[a.id, b.id]]);
      await runner.query(`INSERT INTO household_incomes (household_id, region_code, year, wages) SELECT id, region_code, 2017, 10 FROM households WHERE id = $1`, [b.id]);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const entries = await readAll(before);
    expect(entries.map((e) => [e.rootId, e.operation, e.parts])).toEqual([
      [a.id, 'UPDATED', ['household', 'members']],
      [b.id, 'UPDATED', ['household', 'incomes']],
    ]);
    expect(entries[0].rootVersion).toBe(await version(a.id));
    expect(entries[0].transactionId).toBe(entries[1].transactionId);

    // Deleted in the transaction that changed it: one DELETED entry naming every part removed with it.
    const gone = await head();
    await t.dataSource.transaction(async (m) => {
      await m.query(`UPDATE households SET forest_land_mu = 2 WHERE id = $1`, [b.id]);
      await m.query(`DELETE FROM households WHERE id = $1`, [b.id]);
    });
    const [deleted, ...rest] = await entriesOf(b.id, gone);
    expect(rest).toEqual([]);
    expect(deleted).toMatchObject({ operation: 'DELETED', regionCode: R.village });
    expect(deleted.parts).toEqual(['household', 'incomes']);
    // A deleted household is simply not returned by the lookup.
    const read = await t.gql<{ householdsByIds: { id: string }[] }>(BY_IDS, { ids: [b.id, a.id, a.id] }, district.headers);
    expect(read.body.data!.householdsByIds.map((x) => x.id)).toEqual([a.id]);
  });

  it('householdsByIds: only the caller’s region, unknown ids left out, at most 100 ids, ids checked', async () => {
    const mine = await createHousehold(t, village, householdInput(R.village));
    const [{ id: neighbour }] = (await insertHousehold(R.villageSameTown)) as { id: string }[];
    const ask = (ids: unknown, headers = district.headers) => t.gql<{ householdsByIds: { id: string }[] }>(BY_IDS, { ids }, headers);
    expect((await ask([neighbour, mine.id, '00000000-0000-4000-8000-000000000000'])).body.data!.householdsByIds.map((x) => x.id)).toEqual([neighbour, mine.id]);
    expect((await ask([neighbour, mine.id], village.headers)).body.data!.householdsByIds.map((x) => x.id)).toEqual([mine.id]);
    expect((await ask([mine.id], otherTownKey)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN'); // a feed-only key reads no registry
    expect((await ask([])).body.data!.householdsByIds).toEqual([]);
    const tooMany = await ask(Array.from({ length: 101 }, () => mine.id));
    expect(tooMany.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    const bad = await ask(['not-a-uuid']);
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('filters by root type and by region; a region outside the caller’s scope gives nothing', async () => {
    const before = await head();
    const a = await createHousehold(t, village, householdInput(R.village));
    await insertHousehold(R.villageSameTown);
    const households = await readAll(before, 1000, { types: ['Household'] });
    expect(households.length).toBe(2);
    expect(households.every((e) => e.rootType === 'Household')).toBe(true);
    const wrongType = await changes({ types: ['Member'] });
    expect(wrongType.body.errors?.[0].extensions?.code).toBeDefined();

    const inVillage = await readAll(before, 1000, { region: R.village });
    expect(inVillage.length).toBeGreaterThan(0);
    expect(inVillage.every((e) => e.regionCode === R.village)).toBe(true);
    expect(inVillage.some((e) => e.rootId === a.id)).toBe(true);
    const inTown = await readAll(before, 1000, { region: R.town });
    expect(inTown.some((e) => e.regionCode === R.villageSameTown)).toBe(true);

    // The village officer's home is the village; the neighbouring village is outside it.
    const villageFeedOfficer = await signIn(t, Role.DISTRICT_OFFICER, R.village);
    expect((await page({ after: before, region: R.villageSameTown }, villageFeedOfficer.headers)).edges).toEqual([]);
    expect((await page({ after: before, region: R.otherDistrict })).edges).toEqual([]);
    expect((await page({ after: before, region: '410106999999' })).edges).toEqual([]);
    const own = await readAll(before, 1000, {}, villageFeedOfficer.headers);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.regionCode === R.village)).toBe(true);
  });

  it('an integration client of another town sees nothing of this one', async () => {
    await createHousehold(t, village, householdInput(R.village));
    expect(await readAll(null, 1000, {}, otherTownKey)).toEqual([]);
    expect(await head(otherTownKey)).toBeNull();
    await insertHousehold(R.villageOfSiblingTown);
    const own = await readAll(null, 1000, {}, otherTownKey);
    expect(own.map((e) => e.regionCode)).toEqual([R.villageOfSiblingTown]);
  });

  it('cursor paging returns every entry exactly once, with no gaps, at any page size', async () => {
    for (let i = 0; i < 3; i++) await createHousehold(t, village, householdInput(R.village));
    const all = await readAll(null, 1000);
    const direct: { p: string }[] = await t.dataSource.query(`SELECT position::text AS p FROM change_feed WHERE region_code LIKE '410106%' ORDER BY position`);
    expect(all.map((e) => e.position)).toEqual(direct.map((r) => r.p));
    expect(new Set(all.map((e) => e.position)).size).toBe(all.length);
    for (const size of [1, 3, 7]) {
      const paged = await readAll(null, size);
      expect(paged.map((e) => e.position)).toEqual(all.map((e) => e.position));
    }
    // The last page of an exhausted feed keeps the cursor, so a client can always store endCursor.
    const last = all[all.length - 1].position;
    expect((await page({ after: last })).pageInfo).toEqual({ hasNextPage: false, endCursor: last });
  });

  it('a rolled-back write leaves no entry', async () => {
    const before = await head();
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await insertHousehold(R.village, runner);
      const inside: { n: number }[] = await runner.query(`SELECT count(*)::int AS n FROM change_feed WHERE position > $1`, [before]);
      expect(inside[0].n).toBe(1);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(await readAll(before)).toEqual([]);
    // A refused createHousehold (the same person twice) leaves nothing either.
    const input = householdInput(R.village);
    const dup = { ...(input.members as Record<string, unknown>[])[0], relation: 'SON', name: '张小山' };
    const res = await t.gql(`mutation($input: CreateHouseholdInput!) { createHousehold(input: $input) { household { id } } }`, {
      input: { ...input, members: [...(input.members as unknown[]), dup] },
    }, village.headers);
    expect(res.body.errors?.length).toBeGreaterThan(0);
    expect(await readAll(before)).toEqual([]);
  });

  it('rejects a malformed cursor and a page beyond 1000 with coded errors', async () => {
    const bad = await changes({ after: 'abc' });
    expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const big = await changes({ first: 1001 });
    expect(big.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await page({ first: 1000 })).edges.length).toBeGreaterThan(0);
  });

  it('needs exchange.feed: a village officer, a town officer and anonymous callers are refused', async () => {
    for (const headers of [village.headers, town.headers]) {
      const res: GqlResult = await changes({}, headers);
      expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(`{ changeFeedHead }`, {}, headers)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await changes({}, {})).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('member insurance is part insurance of the household: set through the API, one UPDATED entry; it carries the member’s household and village, also after the member moves', async () => {
    const h = await createHousehold(t, village, householdInput(R.village));
    const before = await head();
    const res = await t.gql(
      `mutation($input: SetMemberInsuranceInput!) { setMemberInsurance(input: $input) { insurance { year } } }`,
      { input: { memberId: h.headMemberId, year: 2018, basicMedical: true, seriousIllness: true } },
      village.headers,
    );
    expect(res.body.errors).toBeUndefined();
    expect(await entriesOf(h.id, before)).toEqual([
      expect.objectContaining({ rootType: 'Household', operation: 'UPDATED', parts: ['insurance'], regionCode: R.village, rootVersion: await version(h.id) }),
    ]);
    const stored = async () => (await t.dataSource.query(`SELECT household_id, region_code FROM member_insurance WHERE member_id = $1`, [h.headMemberId]))[0];
    expect(await stored()).toEqual({ household_id: h.id, region_code: R.village });
    // Recorded again (the same year replaced): one more entry, still part insurance.
    const again = await head();
    const res2 = await t.gql(
      `mutation($input: SetMemberInsuranceInput!) { setMemberInsurance(input: $input) { insurance { year } } }`,
      { input: { memberId: h.headMemberId, year: 2018, basicMedical: false } },
      village.headers,
    );
    expect(res2.body.errors).toBeUndefined();
    expect(await entriesOf(h.id, again)).toMatchObject([{ operation: 'UPDATED', parts: ['insurance'] }]);
    // The member moves to another village: the insurance row follows, in the same entry.
    const moved = await head();
    await t.dataSource.query(`UPDATE members SET region_code = $2 WHERE id = $1`, [h.headMemberId, R.villageSameTown]);
    expect(await stored()).toEqual({ household_id: h.id, region_code: R.villageSameTown });
    expect(await entriesOf(h.id, moved)).toMatchObject([{ operation: 'UPDATED', parts: ['insurance', 'members'] }]);
    // Its household and village are the member's: a row naming others is refused by its foreign key.
    for (const [household, region] of [[h.id, R.village], [randomUUID(), R.villageSameTown]]) {
      await expect(
        t.dataSource.query(`INSERT INTO member_insurance (member_id, household_id, region_code, year, pension) VALUES ($1, $2, $3, 2017, true)`, [h.headMemberId, household, region]),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23503', constraint: 'member_insurance_member_id_fkey' }) });
    }
  });

  it('an import writing insurance still gives one entry per household', async () => {
    const hs = [...generateHouseholds({ households: 7, seed: 'feed-insurance' })];
    const upload = async (households: typeof hs): Promise<ImportJobView> => {
      const csv = csvHeaderLine() + households.map((h) => toCsvRows(h)).join('');
      const res = await t.http.post('/exchange/imports').set(district.headers).attach('file', Buffer.from(csv, 'utf8'), 'households.csv');
      expect(res.status).toBe(202);
      const id = res.body.id as string;
      return waitFor(
        async () => {
          const job = (await t.http.get(`/exchange/imports/${id}`).set(district.headers)).body as ImportJobView;
          return job.status === 'SUCCEEDED' || job.status === 'FAILED' ? job : null;
        },
        { what: 'the import to finish', timeoutMs: 300_000 },
      );
    };
    const idsOf = async (): Promise<Map<string, string>> => {
      const rows: { id: string; household_number: string }[] = await t.dataSource.query(`SELECT id, household_number FROM households WHERE household_number = ANY($1)`, [hs.map((h) => h.householdNumber)]);
      return new Map(rows.map((r) => [r.household_number, r.id]));
    };
    const before = await head();
    const created = await upload(hs);
    expect(created).toMatchObject({ status: 'SUCCEEDED', errorMessage: null });
    const ids = await idsOf();
    expect(ids.size).toBe(hs.length);
    expect(Number(await t.dataSource.query(`SELECT count(*) n FROM member_insurance WHERE household_id = ANY($1::uuid[])`, [[...ids.values()]]).then((r) => r[0].n))).toBeGreaterThan(0);
    const entries = (await readAll(before)).filter((e) => [...ids.values()].includes(e.rootId));
    expect(entries).toHaveLength(hs.length);
    expect(new Set(entries.map((e) => e.rootId)).size).toBe(hs.length);
    for (const e of entries) {
      expect(e.operation).toBe('CREATED');
      expect(e.parts).toContain('insurance');
    }

    // A second file changing only one member's insurance: one UPDATED entry, for that household.
    const [first, ...rest] = hs;
    const changed = {
      ...first,
      members: first.members.map((m, i) => (i === 0 ? { ...m, insurance: { ...m.insurance, supplementaryMedical: !m.insurance.supplementaryMedical } } : m)),
    };
    const second = await head();
    expect(await upload([changed, ...rest])).toMatchObject({ status: 'SUCCEEDED', errorMessage: null });
    expect((await readAll(second)).map((e) => [e.rootId, e.operation, e.parts])).toEqual([[ids.get(first.householdNumber), 'UPDATED', ['insurance']]]);
  });

  // Ordering needs two real sessions: the embedded database is one session behind every
  // connection, so a second transaction cannot even start while the first is open.
  (usingServer() ? describe : describe.skip)('ordering on a PostgreSQL server (skipped on the embedded database: one session, no concurrent transactions)', () => {
    const connect = async () => {
      const c = new Client({ connectionString: t.service.databaseUrl });
      await c.connect();
      return c;
    };

    it('a second writer waits for the first to commit and gets higher positions; nobody sees the second before the first', async () => {
      const [c1, c2] = [await connect(), await connect()];
      try {
        const before = (await head())!;
        await c1.query('BEGIN');
        await insertHousehold(R.village, c1);
        await c2.query('BEGIN');
        let secondDone = false;
        const [{ pid }] = (await c2.query('SELECT pg_backend_pid() AS pid')).rows;
        const second = insertHousehold(R.village, c2).then(() => (secondDone = true));
        // Asked on another session (inside c1's transaction pg_stat_activity would be a snapshot).
        await waitFor(
          async () => {
            const [row] = (await t.dataSource.query(`SELECT wait_event_type, wait_event FROM pg_stat_activity WHERE pid = $1`, [pid])) as { wait_event_type: string; wait_event: string }[];
            return row?.wait_event_type === 'Lock' && row.wait_event === 'advisory';
          },
          { what: 'the second writer waiting on the feed lock' },
        );
        expect(secondDone).toBe(false); // blocked on the feed's lock
        expect(await readAll(before)).toEqual([]);
        await c1.query('COMMIT');
        await second;
        const afterFirst = await readAll(before);
        expect(afterFirst).toHaveLength(1); // the second is not committed yet
        await c2.query('COMMIT');
        const both = await readAll(before);
        expect(both).toHaveLength(2);
        expect(both[0].position).toBe(afterFirst[0].position);
        expect(BigInt(both[1].position)).toBeGreaterThan(BigInt(both[0].position));
        expect(both[0].transactionId).not.toBe(both[1].transactionId);
      } finally {
        await c1.end();
        await c2.end();
      }
    });

    it('a reader polling during concurrent writes only ever sees a prefix of the final feed', async () => {
      const before = (await head())!;
      const writers = await Promise.all(Array.from({ length: 4 }, connect));
      const seen: string[][] = [];
      let writing = true;
      const reader = (async () => {
        while (writing) seen.push((await readAll(before)).map((e) => e.position));
      })();
      try {
        await Promise.all(
          writers.map(async (c) => {
            for (let i = 0; i < 8; i++) {
              await c.query('BEGIN');
              await insertHousehold(R.village, c);
              await new Promise((r) => setTimeout(r, Math.random() * 10));
              await c.query('COMMIT');
            }
          }),
        );
      } finally {
        writing = false;
        await reader;
        await Promise.all(writers.map((c) => c.end()));
      }
      const final = (await readAll(before)).map((e) => e.position);
      expect(final).toHaveLength(32);
      expect(seen.length).toBeGreaterThan(1);
      for (const s of seen) expect(s).toEqual(final.slice(0, s.length));
    });
  });
});
