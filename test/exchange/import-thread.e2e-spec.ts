import { Role } from '../../src/common/access/permissions';
import { generateHouseholds } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../../src/demo/registry-format';
import { ImportRunner } from '../../src/exchange/imports/import-runner';
import { ImportThreads } from '../../src/exchange/imports/import-thread';
import { loadRegions, R, signIn, SignedIn } from '../support/auth';
import { ImportJobView } from '../support/import-job';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

const onServer = !!process.env.TEST_DATABASE_URL;

/**
 * Imports in threads of their own (src/exchange/imports/import-thread.ts): on a PostgreSQL server
 * each import runs in a worker thread whose heap the service sizes, kept for the next import while
 * idle; a thread that dies fails the job's attempt; on the embedded database imports stay in the
 * main thread. (Every other import test on a server runs through the threads too.)
 */
describe('imports in a thread of their own (导入在独立线程中运行)', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  async function start(env: Record<string, string>): Promise<{ t: TestApp; officer: SignedIn }> {
    const t = await startTestApp({ IMPORT_WORKER_ENABLED: 'true', JOBS_POLL_INTERVAL_MS: '50', IMPORT_BATCH_HOUSEHOLDS: '4', ...env });
    apps.push(t);
    await loadRegions(t);
    return { t, officer: await signIn(t, Role.DISTRICT_OFFICER, R.district) };
  }

  async function importFile(t: TestApp, officer: SignedIn, seed: string, households = 9): Promise<{ job: ImportJobView; numbers: string[] }> {
    const hs = [...generateHouseholds({ households, seed })];
    const res = await t.http
      .post('/exchange/imports')
      .set(officer.headers)
      .attach('file', Buffer.from(csvHeaderLine() + hs.map((h) => toCsvRows(h)).join(''), 'utf8'), `${seed}.csv`);
    expect(res.status).toBe(202);
    const job = await waitFor(
      async () => {
        const r = await t.http.get(`/exchange/imports/${res.body.id}`).set(officer.headers);
        return r.body.status === 'SUCCEEDED' || r.body.status === 'FAILED' ? (r.body as ImportJobView) : undefined;
      },
      { what: `import ${seed} to end`, timeoutMs: 120_000, intervalMs: 50 },
    );
    return { job, numbers: hs.map((h) => h.householdNumber) };
  }

  async function householdsIn(t: TestApp, numbers: string[]): Promise<number> {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM households WHERE household_number = ANY($1)`, [numbers]);
    return row.n;
  }

  (onServer ? it : it.skip)('on a server: imports run in one thread, kept for the next import, never in the main thread', async () => {
    const { t, officer } = await start({});
    const inMain = jest.spyOn(ImportRunner.prototype, 'run');
    try {
      const threads = t.get(ImportThreads);
      const first = await importFile(t, officer, 'thread-first');
      expect([first.job.status, first.job.counts.householdsCreated, first.job.attempts]).toEqual(['SUCCEEDED', 9, 1]);
      expect(await householdsIn(t, first.numbers)).toBe(9);
      const second = await importFile(t, officer, 'thread-second', 5);
      expect([second.job.status, second.job.counts.householdsCreated]).toEqual(['SUCCEEDED', 5]);
      expect(await householdsIn(t, second.numbers)).toBe(5);
      // One thread did both (the second import found it idle), and it is still there for a third.
      expect([threads.started, threads.size]).toEqual([1, 1]);
      // Nothing of either import ran on the main thread's runner.
      expect(inMain).not.toHaveBeenCalled();
    } finally {
      inMain.mockRestore();
    }
  });

  (onServer ? it : it.skip)('on a server: an idle thread is closed after IMPORT_THREAD_IDLE_MS, and the next import starts another', async () => {
    const { t, officer } = await start({ IMPORT_THREAD_IDLE_MS: '0' });
    const threads = t.get(ImportThreads);
    expect((await importFile(t, officer, 'idle-first', 3)).job.status).toBe('SUCCEEDED');
    await waitFor(() => threads.size === 0, { what: 'the idle import thread to close' });
    const second = await importFile(t, officer, 'idle-second', 3);
    expect(second.job.status).toBe('SUCCEEDED');
    expect(await householdsIn(t, second.numbers)).toBe(3);
    expect(threads.started).toBe(2);
  });

  (onServer ? it : it.skip)('on a server: a thread that runs out of its heap fails the attempt; out of attempts, the import fails as TOO_MANY_ATTEMPTS naming the setting, with nothing written', async () => {
    // 64 MB cannot even hold the app's code: the thread dies while starting, on every attempt.
    const { t, officer } = await start({ IMPORT_THREAD_HEAP_MB: '64', IMPORT_MAX_ATTEMPTS: '2', JOBS_BACKOFF_BASE_MS: '50' });
    const { job, numbers } = await importFile(t, officer, 'thread-oom', 3);
    expect([job.status, job.errorCode]).toEqual(['FAILED', 'TOO_MANY_ATTEMPTS']);
    expect(job.errorMessage).toContain('IMPORT_THREAD_HEAP_MB=64');
    expect(await householdsIn(t, numbers)).toBe(0);
    expect(t.get(ImportThreads).size).toBe(0);
  });

  (onServer ? it.skip : it)('on the embedded database: imports run in the main thread', async () => {
    const { t, officer } = await start({});
    const inMain = jest.spyOn(ImportRunner.prototype, 'run');
    try {
      const { job, numbers } = await importFile(t, officer, 'embedded-main', 3);
      expect(job.status).toBe('SUCCEEDED');
      expect(await householdsIn(t, numbers)).toBe(3);
      expect(inMain).toHaveBeenCalledTimes(1);
      expect(t.get(ImportThreads).started).toBe(0);
    } finally {
      inMain.mockRestore();
    }
  });
});
