import { Role } from '../../src/common/access/permissions';
import { ImportSession } from '../../src/common/imports/import-port';
import { cellsReleased, UnitRows } from '../../src/common/imports/unit-rows';
import { generateHouseholds } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../../src/demo/registry-format';
import { ImportRunner } from '../../src/exchange/imports/import-runner';
import { RegistryImportPort } from '../../src/households/import/registry-import.port';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { ImportJobView } from '../support/import-job';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

const onServer = !!process.env.TEST_DATABASE_URL;
const HOUSEHOLDS = [...generateHouseholds({ households: 40, seed: 'import-hints' })];
const CSV = csvHeaderLine() + HOUSEHOLDS.map((h) => toCsvRows(h)).join('');
const MEMBERS = HOUSEHOLDS.reduce((n, h) => n + h.members.length, 0);

/**
 * Issue #12: when the same file comes again, the runner asks the port every few units which of
 * them their digests settle (ImportSession.settledHint) and releases those units' cells at once,
 * instead of keeping them until their batch is written. A hint is read without locks: a household
 * changed between the hint and its batch's write is checked after all, from the file's rows read
 * again. On a server only (the embedded database's one session would make the reader wait for the
 * batch being written). The imports run on the main thread here (IMPORT_THREAD=false), where the
 * test can watch the port's session.
 */
describe('re-imports release the cells their digests settle (导入摘要提示)', () => {
  let t: TestApp;
  let officer: SignedIn;
  /** Every hint's units and the ones it named settled, per import; `after` runs once a hint has answered. */
  let hints: { asked: number; settled: UnitRows[] }[];
  let after: ((settled: readonly UnitRows[]) => Promise<void>) | undefined;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true', JOBS_POLL_INTERVAL_MS: '50', IMPORT_BATCH_HOUSEHOLDS: '8', IMPORT_THREAD: 'false' });
    await loadRegions(t);
    officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    const open = RegistryImportPort.prototype.open;
    jest.spyOn(RegistryImportPort.prototype, 'open').mockImplementation(function (this: RegistryImportPort, ctx) {
      const session: ImportSession<never> = open.call(this, ctx) as ImportSession<never>;
      const hint = session.settledHint!;
      session.settledHint = async (m, units) => {
        const settled = await hint(m, units);
        hints.push({ asked: units.length, settled: [...settled] });
        const then = after;
        after = undefined;
        await then?.(settled);
        return settled;
      };
      return session;
    });
    const first = await importFile();
    expect([first.status, first.counts.householdsCreated]).toEqual(['SUCCEEDED', HOUSEHOLDS.length]);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });
  beforeEach(() => {
    hints = [];
    after = undefined;
  });

  async function importFile(): Promise<ImportJobView> {
    const res = await t.http.post('/exchange/imports').set(officer.headers).attach('file', Buffer.from(CSV, 'utf8'), 'households.csv');
    expect(res.status).toBe(202);
    return waitFor(
      async () => {
        const r = await t.http.get(`/exchange/imports/${res.body.id}`).set(officer.headers);
        return r.body.status === 'SUCCEEDED' || r.body.status === 'FAILED' ? (r.body as ImportJobView) : undefined;
      },
      { what: 'the import to end', timeoutMs: 120_000, intervalMs: 50 },
    );
  }

  const count = async (sql: string, params: unknown[] = []) => Number((await t.dataSource.query(sql, params))[0].n);

  (onServer ? it : it.skip)('on a server: the same file again asks for hints once batches are settled, releases the cells they name, and changes nothing', async () => {
    const audit = await count(`SELECT count(*) n FROM audit_log`);
    const job = await importFile();
    expect(job.status).toBe('SUCCEEDED');
    expect(job.counts).toEqual(expect.objectContaining({ householdsUnchanged: HOUSEHOLDS.length, householdsUpdated: 0, membersUnchanged: MEMBERS }));
    // A quarter of a batch of 8 per hint; the first batches are checked up front (the reader does
    // not know yet that the digests settle them), the later ones hinted.
    expect(hints.length).toBeGreaterThan(0);
    expect(hints.every((h) => h.asked === 2)).toBe(true);
    const settled = hints.flatMap((h) => h.settled);
    expect(settled.length).toBe(hints.length * 2);
    expect(settled.every((u) => cellsReleased(u))).toBe(true);
    expect(await count(`SELECT count(*) n FROM audit_log`)).toBe(audit);
  });

  (onServer ? it : it.skip)('on a server: a household changed after its hint is checked after all, from its batch read again, and gets the file’s values back', async () => {
    const reread = jest.spyOn(ImportRunner.prototype as unknown as { reread: () => Promise<unknown> }, 'reread');
    let changed: string | undefined;
    // Right after the first hint: its first household's head renamed, as a GraphQL mutation would
    // (the digest goes with it, by trigger), before its batch is written.
    after = async (settled) => {
      changed = settled[0].key;
      await t.dataSource.query(
        `UPDATE members SET name = name || '乙' WHERE relation = 'HEAD' AND household_id = (SELECT id FROM households WHERE household_number = $1)`,
        [changed],
      );
    };
    const audit = await count(`SELECT count(*) n FROM audit_log`);
    const job = await importFile();
    expect(changed).toBeDefined();
    expect(job.status).toBe('SUCCEEDED');
    expect(job.errorMessage).toBeNull();
    expect(job.counts).toEqual(expect.objectContaining({ householdsUnchanged: HOUSEHOLDS.length - 1, householdsUpdated: 1, householdsRejected: 0 }));
    expect(job.rowsCommitted).toBe(MEMBERS);
    expect(job.problemCount).toBe(0);
    expect(reread).toHaveBeenCalledTimes(1);
    // The file's name is back, the change is audited once, and the household has its digest again.
    expect(await count(`SELECT count(*) n FROM members WHERE active AND name LIKE '%乙'`)).toBe(0);
    expect(await count(`SELECT count(*) n FROM audit_log WHERE seq > $1 AND operation = 'households.import.update'`, [audit])).toBe(1);
    expect(await count(`SELECT count(*) n FROM import_digests d JOIN households h ON h.id = d.household_id WHERE h.household_number = $1`, [changed])).toBe(1);
    reread.mockRestore();
  });

  (onServer ? it.skip : it)('on the embedded database: no hint is asked (one session), and the same file again changes nothing', async () => {
    const job = await importFile();
    expect(job.status).toBe('SUCCEEDED');
    expect(job.counts).toEqual(expect.objectContaining({ householdsUnchanged: HOUSEHOLDS.length, householdsUpdated: 0 }));
    expect(hints).toEqual([]);
  });
});
