import { DomainEvents } from '../../src/common/events/domain-events';
import { JobContext, JobRunner } from '../../src/common/jobs/job-runner';
import { JobsRepository } from '../../src/common/jobs/jobs.repository';
import { Role } from '../../src/common/access/permissions';
import { AppConfig, APP_CONFIG } from '../../src/config/app-config';
import { generateHouseholds } from '../../src/demo/generator';
import { csvHeaderLine, toCsvRows } from '../../src/demo/registry-format';
import { ImportJobEntity } from '../../src/exchange/imports/import-job.entity';
import { IMPORT_QUEUE, ImportJobPayload } from '../../src/exchange/imports/import-queue';
import { ImportWorker } from '../../src/exchange/imports/import-worker';
import { loadRegions, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

/**
 * An import stopped at shutdown hands its job back to the runner (ctx.requeue()) without
 * spending an attempt, and the next runner resumes it after its last committed batch. The app's
 * own runner runs no imports here (IMPORT_WORKER_ENABLED=false): the runners are built in the test.
 */
describe('an import handed back at shutdown (导入停止后交还队列)', () => {
  let t: TestApp;
  const runners: JobRunner[] = [];
  beforeAll(async () => {
    t = await startTestApp({ IMPORT_WORKER_ENABLED: 'false', IMPORT_BATCH_HOUSEHOLDS: '3' });
    await loadRegions(t);
  }, 180_000);
  afterAll(async () => {
    for (const r of runners) await r.beforeApplicationShutdown();
    await t?.close();
  });

  it('stops after a committed batch, is queued again with no attempt spent, and the next run resumes it to one clean import', async () => {
    const config = t.get<AppConfig>(APP_CONFIG as never);
    const runner = new JobRunner(t.get(JobsRepository), { ...config, jobs: { ...config.jobs, pollIntervalMs: 50 } }, t.get(DomainEvents));
    runners.push(runner);
    const worker = t.get(ImportWorker);
    const seenAtHandBack: Partial<ImportJobEntity>[] = [];
    let first = true;
    runner.register<ImportJobPayload>(
      IMPORT_QUEUE,
      async (payload, ctx: JobContext) => {
        // The first run sees the service stopping from the start: it commits one batch and stops.
        const stopping = first;
        first = false;
        await worker.handle(payload, stopping ? { ...ctx, signal: AbortSignal.abort() } : ctx);
        if (stopping) {
          const row = await t.dataSource.getRepository(ImportJobEntity).findOneByOrFail({ id: payload.importId });
          seenAtHandBack.push({ status: row.status, rowsCommitted: row.rowsCommitted, counts: row.counts });
        }
      },
      { maxAttempts: config.imports.maxAttempts, leaseMs: config.imports.staleAfterMs, concurrency: config.imports.concurrency },
    );
    await runner.onApplicationBootstrap();

    const hs = [...generateHouseholds({ households: 10, seed: 'handed-back' })];
    const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
    const res = await t.http
      .post('/exchange/imports')
      .set(officer.headers)
      .attach('file', Buffer.from(csvHeaderLine() + hs.map((h) => toCsvRows(h)).join(''), 'utf8'), 'handed-back.csv');
    expect(res.status).toBe(202);
    const id: string = res.body.id;
    const done = await waitFor(
      async () => {
        const row = await t.dataSource.getRepository(ImportJobEntity).findOneByOrFail({ id });
        return row.status === 'SUCCEEDED' || row.status === 'FAILED' ? row : undefined;
      },
      { what: 'the import to end', timeoutMs: 120_000, intervalMs: 50 },
    );

    // Handed back after its first batch (3 households), queued again.
    const firstBatchRows = hs.slice(0, 3).reduce((n, h) => n + h.members.length, 0);
    expect(seenAtHandBack).toEqual([{ status: 'QUEUED', rowsCommitted: firstBatchRows, counts: expect.objectContaining({ households: expect.objectContaining({ created: 3 }) }) }]);
    // Resumed from there: every household once, and one attempt only (the hand-back spent none).
    expect(done.status).toBe('SUCCEEDED');
    expect(done.counts.households?.created).toBe(10);
    expect(done.rowsCommitted).toBe(hs.reduce((n, h) => n + h.members.length, 0));
    expect(done.attempts).toBe(1);
    // The runner settles the job after the import's own status is written: wait for it.
    const job = await waitFor(
      async () => {
        const [row] = await t.dataSource.query(`SELECT state, attempts FROM jobs WHERE singleton_key = $1`, [`import:${id}`]);
        return row && row.state !== 'active' && row.state !== 'queued' ? row : undefined;
      },
      { what: 'the import\'s job to settle' },
    );
    expect(job).toEqual({ state: 'completed', attempts: 1 });
    const [n] = await t.dataSource.query(`SELECT count(*)::int AS n FROM households WHERE household_number = ANY($1)`, [hs.map((h) => h.householdNumber)]);
    expect(n.n).toBe(10);
  });
});
