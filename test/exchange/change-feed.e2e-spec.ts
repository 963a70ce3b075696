import { Client } from 'pg';
import { Role } from '../../src/common/access/permissions';
import { register } from '../households/lifecycle-fixtures';
import { createHousehold, householdInput, member } from '../households/registry-fixtures';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { GqlResult, startTestApp, TestApp } from '../support/test-app';
import { usingServer } from '../support/test-database';
import { waitFor } from '../support/wait-for';

interface Entry {
  position: string;
  entityType: string;
  entityId: string;
  operation: string;
  regionCode: string | null;
  transactionId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}
interface Page {
  edges: { cursor: string; node: Entry }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const CHANGES = `query($after: String, $first: Int, $types: [ChangeEntityType!], $region: String) {
  changes(after: $after, first: $first, entityTypes: $types, regionCode: $region) {
    edges { cursor node { position entityType entityId operation regionCode transactionId occurredAt data } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const PROTECTED = ['id_number_enc', 'id_number_hash', 'contact_phone_enc', 'bank_account_enc', 'bank_account_hash', 'disability_certificate', 'disability_certificate_enc'];

describe('change feed (issue #5): a transactional outbox read with changes(after, first)', () => {
  let t: TestApp;
  let village: SignedIn;
  let town: SignedIn;
  let district: SignedIn;
  let otherTownKey: Record<string, string>;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
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

  it('a created household gives Household and Member entries of one transaction, its registration HouseholdEvent entries; no protected columns', async () => {
    const before = await head();
    const input = householdInput(R.village, { contactPhone: '13812345678', bankAccount: '6222021234567890123' });
    const h = await createHousehold(t, village, input);
    const created = (await readAll(before)).filter((e) => e.entityId === h.id || (e.data.household_id as string) === h.id);
    // The household row (inserted, then given its head), its two members, and the event naming
    // its first head (HEAD_CHANGED, so a list as of a date knows the head then).
    expect(new Set(created.map((e) => e.entityType))).toEqual(new Set(['Household', 'Member', 'HouseholdEvent']));
    expect(created.filter((e) => e.entityType === 'HouseholdEvent').map((e) => e.data.kind)).toEqual(['HEAD_CHANGED']);
    expect(created.filter((e) => e.entityType === 'Member').map((e) => e.operation)).toEqual(['INSERT', 'INSERT']);
    expect(created[0]).toMatchObject({ entityType: 'Household', operation: 'INSERT' });
    expect(new Set(created.map((e) => e.transactionId)).size).toBe(1);
    const afterCreate = await head();
    await register(t, { village, town, district }, h.id);
    const registered = await readAll(afterCreate);
    const events = registered.filter((e) => e.entityType === 'HouseholdEvent' && e.data.household_id === h.id);
    expect(events.length).toBeGreaterThan(0);
    // The approval changes the household and records its event in one transaction.
    const approval = registered.filter((e) => e.transactionId === events[events.length - 1].transactionId);
    expect(approval.some((e) => e.entityType === 'Household' && e.operation === 'UPDATE' && e.entityId === h.id)).toBe(true);
    const mine = [...created, ...registered];
    for (const e of mine) {
      expect(e.regionCode).toBe(R.village);
      expect(e.position).toMatch(/^\d+$/);
      expect(new Date(e.occurredAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      for (const column of PROTECTED) expect(e.data).not.toHaveProperty(column);
    }
    const household = created[0];
    expect(household.data).toMatchObject({ id: h.id, household_number: h.householdNumber, region_code: R.village });
    // Neither the plaintext nor the encrypted personal data left the database.
    const json = JSON.stringify(mine);
    for (const m of input.members as { idNumber: string }[]) expect(json).not.toContain(m.idNumber);
    expect(json).not.toContain('13812345678');
    expect(json).not.toContain('6222021234567890123');
    // Positions ascend in the page, and the cursor is the position.
    const p = await page({ after: before, first: 1000 });
    const positions = p.edges.map((e) => BigInt(e.cursor));
    expect(p.edges.every((e) => e.cursor === e.node.position)).toBe(true);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(await head()).toBe(p.pageInfo.endCursor);
  });

  it('never carries the disability certificate number (残疾证号), in clear or encrypted, on create or correction', async () => {
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
    const mine = (await readAll(before)).filter((e) => e.entityId === h.headMemberId);
    expect(mine.map((e) => e.operation)).toEqual(['INSERT', 'UPDATE']);
    expect(mine[1].data).toMatchObject({ id: h.headMemberId, disability_grade: 3, disability_type: 'PHYSICAL' });
    for (const e of mine) for (const column of PROTECTED) expect(e.data).not.toHaveProperty(column);
    const json = JSON.stringify(mine);
    expect(json).not.toContain(certificate);
    expect(json).not.toContain(corrected);
    expect(json).not.toContain(disabled.idNumber as string);
  });

  it('publishes from an allow-list: a column added to a registry table is not in the feed until change_feed_columns lists it', async () => {
    await t.dataSource.query(`ALTER TABLE households ADD COLUMN feed_probe text`);
    try {
      const [{ id }] = (await insertHousehold(R.village)) as { id: string }[];
      const before = await head();
      await t.dataSource.query(`UPDATE households SET feed_probe = 'not-for-the-feed' WHERE id = $1`, [id]);
      const [unlisted] = (await readAll(before)).filter((e) => e.entityId === id);
      expect(unlisted).toMatchObject({ entityType: 'Household', operation: 'UPDATE', data: { id, region_code: R.village } });
      expect(unlisted.data).not.toHaveProperty('feed_probe');
      expect(JSON.stringify(unlisted)).not.toContain('not-for-the-feed');

      await t.dataSource.query(`INSERT INTO change_feed_columns (table_name, column_name) VALUES ('households', 'feed_probe')`);
      const listedFrom = await head();
      await t.dataSource.query(`UPDATE households SET feed_probe = 'published' WHERE id = $1`, [id]);
      const [listed] = (await readAll(listedFrom)).filter((e) => e.entityId === id);
      expect(listed.data).toMatchObject({ id, feed_probe: 'published' });
    } finally {
      await t.dataSource.query(`DELETE FROM change_feed_columns WHERE table_name = 'households' AND column_name = 'feed_probe'`);
      await t.dataSource.query(`ALTER TABLE households DROP COLUMN feed_probe`);
    }
  });

  it('filters by entity type and by region; a region outside the caller’s scope gives nothing', async () => {
    const before = await head();
    const a = await createHousehold(t, village, householdInput(R.village));
    await insertHousehold(R.villageSameTown);
    const members = await readAll(before, 1000, { types: ['Member'] });
    expect(members.length).toBeGreaterThanOrEqual(2);
    expect(members.every((e) => e.entityType === 'Member')).toBe(true);
    await register(t, { village, town, district }, a.id);
    const two = await readAll(before, 1000, { types: ['Household', 'HouseholdEvent'] });
    expect(new Set(two.map((e) => e.entityType))).toEqual(new Set(['Household', 'HouseholdEvent']));

    const inVillage = await readAll(before, 1000, { region: R.village });
    expect(inVillage.length).toBeGreaterThan(0);
    expect(inVillage.every((e) => e.regionCode === R.village)).toBe(true);
    expect(inVillage.some((e) => e.entityId === a.id)).toBe(true);
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
        const second = insertHousehold(R.village, c2).then(() => (secondDone = true));
        // Asked on a third session (inside c1's transaction pg_stat_activity would be a snapshot).
        await waitFor(
          async () =>
            (await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0].n > 0,
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
