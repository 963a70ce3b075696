import { generateHouseholds, GeneratedHousehold } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../../src/demo/registry-format';
import { ImportWritesHouseholdFeed1796431000000 } from '../../migrations/1796431000000-ImportWritesHouseholdFeed';
import { loadRegions, signIn, SignedIn, R } from '../support/auth';
import { Role } from '../../src/common/access/permissions';
import { ImportJobView } from '../support/import-job';
import { createHousehold, householdInput, member } from '../households/registry-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/** An entry as compared between the two databases: ids differ, household numbers do not. */
interface Seen {
  householdNumber: string;
  operation: string;
  parts: string[];
  rootVersion: number | null;
  regionCode: string | null;
  transactionId: string;
}

/**
 * The registry import writes its households' feed entries itself, once per batch
 * (ImportWritesHouseholdFeed1796431000000): the same files imported into a database with that
 * migration and into one where it is undone (every entry from the tables' triggers, as before)
 * give the same entries, household by household and transaction by transaction; other writers
 * still get theirs from the triggers.
 */
describe('change feed of registry imports: written by the import, the same as the triggers wrote', () => {
  let deferred: TestApp;
  let triggers: TestApp;
  const districtOf = new Map<TestApp, SignedIn>();

  beforeAll(async () => {
    // Small batches: several transactions per file, several households per transaction.
    const env = { IMPORT_WORKER_ENABLED: 'true', IMPORT_BATCH_HOUSEHOLDS: '3' };
    deferred = await startTestApp(env);
    triggers = await startTestApp(env);
    const q = triggers.dataSource.createQueryRunner();
    try {
      await new ImportWritesHouseholdFeed1796431000000().down(q);
    } finally {
      await q.release();
    }
    for (const t of [deferred, triggers]) {
      await loadRegions(t);
      districtOf.set(t, await signIn(t, Role.DISTRICT_OFFICER, R.district));
    }
  });
  afterAll(async () => {
    await deferred?.close();
    await triggers?.close();
  });

  const functionsDeferring = async (t: TestApp): Promise<string[]> =>
    (
      await t.dataSource.query(
        `SELECT p.proname FROM pg_proc p WHERE p.proname LIKE '%change_feed' AND pg_get_functiondef(p.oid) LIKE '%app.change_feed_deferred%' ORDER BY p.proname`,
      )
    ).map((r: { proname: string }) => r.proname);

  const upload = async (t: TestApp, households: readonly GeneratedHousehold[], who = districtOf.get(t)!): Promise<ImportJobView> => {
    const csv = csvHeaderLine() + households.map((h) => toCsvRows(h)).join('');
    const res = await t.http.post('/exchange/imports').set(who.headers).attach('file', Buffer.from(csv, 'utf8'), 'households.csv');
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    return waitFor(
      async () => {
        const job = (await t.http.get(`/exchange/imports/${id}`).set(who.headers)).body as ImportJobView;
        return job.status === 'SUCCEEDED' || job.status === 'FAILED' ? job : null;
      },
      { what: 'the import to finish', timeoutMs: 300_000 },
    );
  };
  const head = async (t: TestApp): Promise<string> => (await t.dataSource.query(`SELECT coalesce(max(position), 0)::text AS p FROM change_feed`))[0].p;
  const entriesAfter = async (t: TestApp, after: string): Promise<Seen[]> =>
    (
      await t.dataSource.query(
        `SELECT h.household_number, f.operation, f.parts, f.root_version, f.region_code, f.transaction_id::text AS tx
         FROM change_feed f JOIN households h ON h.id = f.root_id WHERE f.position > $1 AND f.root_type = 'Household' ORDER BY h.household_number`,
        [after],
      )
    ).map((r: Record<string, unknown>) => ({
      householdNumber: r.household_number as string,
      operation: r.operation as string,
      parts: r.parts as string[],
      rootVersion: r.root_version as number | null,
      regionCode: r.region_code as string | null,
      transactionId: r.tx as string,
    }));
  /** The entries without transaction ids, and which households shared a transaction. */
  const comparable = (entries: Seen[]) => {
    const byTx = new Map<string, string[]>();
    for (const e of entries) byTx.set(e.transactionId, [...(byTx.get(e.transactionId) ?? []), e.householdNumber]);
    return {
      entries: entries.map(({ transactionId: _, ...rest }) => rest),
      transactions: [...byTx.values()].map((ns) => ns.sort().join(',')).sort(),
    };
  };
  /** Imports `files` one after another into both databases; each file's entries compared. */
  const importBoth = async (files: GeneratedHousehold[][]): Promise<Seen[][]> => {
    const seen: Seen[][] = [];
    for (const file of files) {
      const got: Seen[][] = [];
      for (const t of [deferred, triggers]) {
        const before = await head(t);
        expect(await upload(t, file)).toMatchObject({ status: 'SUCCEEDED', errorMessage: null });
        got.push(await entriesAfter(t, before));
      }
      expect(comparable(got[0])).toEqual(comparable(got[1]));
      seen.push(got[0]);
    }
    return seen;
  };

  it('each database has the functions its migrations made', async () => {
    const household = ['household_events_change_feed', 'household_incomes_change_feed', 'households_change_feed', 'member_insurance_change_feed', 'members_change_feed'];
    expect(await functionsDeferring(deferred)).toEqual(household);
    expect(await functionsDeferring(triggers)).toEqual([]);
  });

  it('creating, then updating households (members joining and leaving, insurance, income, a move to another village): the same entries', async () => {
    const hs = [...generateHouseholds({ households: 8, seed: 'import-feed' })];
    const [created] = await importBoth([hs]);
    expect(created).toHaveLength(hs.length);
    expect(created.every((e) => e.operation === 'CREATED' && e.parts.includes('household') && e.parts.includes('members'))).toBe(true);

    const villages = [...new Set(hs.map((h) => h.villageCode))];
    const other = (code: string) => hs.find((h) => h.villageCode !== code)!;
    const changed = hs.map((h, i): GeneratedHousehold => {
      switch (i) {
        case 0: // one member's insurance
          return { ...h, members: h.members.map((m, j) => (j === 0 ? { ...m, insurance: { ...m.insurance, supplementaryMedical: !m.insurance.supplementaryMedical } } : m)) };
        case 1: {
          // a member leaves (not the head, relation code 01)
          const leaving = h.members.findIndex((m) => m.relation !== '01');
          return leaving < 0 ? h : { ...h, members: h.members.filter((_, j) => j !== leaving) };
        }
        case 2: {
          // the income: wages up, the totals with them
          const wage = h.income.wage + 120;
          const annual = h.income.annual + 120;
          const net = h.income.net + 120;
          return { ...h, income: { ...h.income, wage, annual, net, perCapitaNet: Math.round((net * 100) / h.members.length) / 100 } };
        }
        case 3: {
          // moved to another village (SYNC): its members' and incomes' region follow
          const to = other(h.villageCode);
          return { ...h, villageCode: to.villageCode, villageName: to.villageName };
        }
        default:
          return h;
      }
    });
    expect(villages.length).toBeGreaterThan(1);
    const added = [...generateHouseholds({ households: 2, seed: 'import-feed-added' })];
    const [updated] = await importBoth([[...changed, ...added]]);
    const of = (n: string) => updated.find((e) => e.householdNumber === n);
    expect(of(hs[0].householdNumber)).toMatchObject({ operation: 'UPDATED', parts: ['insurance'] });
    expect(of(hs[1].householdNumber)?.parts).toContain('members');
    expect(of(hs[3].householdNumber)).toMatchObject({ operation: 'UPDATED', regionCode: changed[3].villageCode });
    for (const h of added) expect(of(h.householdNumber)).toMatchObject({ operation: 'CREATED' });
    for (const h of hs.slice(4)) expect(of(h.householdNumber)).toBeUndefined();
  });

  it('a PROPOSE import (a village officer: candidate households with registration proposals and their steps): the same entries, of every root', async () => {
    const hs = [...generateHouseholds({ households: 5, seed: 'import-feed-propose' })].map((h) => ({ ...h, villageCode: R.village, status: '0' as const, exitYear: null }));
    const got: Seen[][] = [];
    const roots: unknown[] = [];
    for (const t of [deferred, triggers]) {
      const village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
      const before = await head(t);
      expect(await upload(t, hs, village)).toMatchObject({ status: 'SUCCEEDED', errorMessage: null, mode: 'PROPOSE', problemCount: 0 });
      got.push(await entriesAfter(t, before));
      roots.push(
        await t.dataSource.query(
          `SELECT root_type, operation, parts, count(*)::int AS n FROM change_feed WHERE position > $1 GROUP BY root_type, operation, parts ORDER BY root_type, operation, parts::text`,
          [before],
        ),
      );
    }
    expect(comparable(got[0])).toEqual(comparable(got[1]));
    expect(roots[0]).toEqual(roots[1]);
    expect(got[0].map((e) => [e.householdNumber, e.operation])).toEqual(hs.map((h) => [h.householdNumber, 'CREATED']).sort());
  });

  it('other writers still get their entries from the triggers, in a transaction of their own or after an import', async () => {
    const district = districtOf.get(deferred)!;
    const before = await head(deferred);
    const h = await createHousehold(deferred, district, householdInput(R.village, { members: [member()] }));
    const entries = (await entriesAfter(deferred, before)).filter((e) => e.householdNumber === h.householdNumber);
    expect(entries).toMatchObject([{ operation: 'CREATED', parts: expect.arrayContaining(['household', 'members']) }]);
    // The setting is the transaction's own: a later transaction of the same session is fed as before.
    const after = await head(deferred);
    await deferred.dataSource.transaction(async (m) => {
      await m.query(`SELECT set_config('app.change_feed_deferred', 'Household', true)`);
    });
    await deferred.dataSource.query(`UPDATE households SET version = version + 1 WHERE id = $1`, [h.id]);
    expect((await entriesAfter(deferred, after)).map((e) => [e.householdNumber, e.operation, e.parts])).toEqual([[h.householdNumber, 'UPDATED', ['household']]]);
  });
});
