import { Logger } from '@nestjs/common';
import { Role } from '../../src/common/access/permissions';
import { JobState } from '../../src/common/jobs/job.entity';
import { JobRunner, PermanentJobError } from '../../src/common/jobs/job-runner';
import { DomainEvents } from '../../src/common/events/domain-events';
import { JobsRepository } from '../../src/common/jobs/jobs.repository';
import { currentScope, RequestScope, runInBackground, runWithScope } from '../../src/common/request-scope/request-scope';
import { AppConfig, APP_CONFIG } from '../../src/config/app-config';
import { countQueries } from '../support/query-counter';
import { loadRegions, R, signIn } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait-for';

interface JobRow {
  id: string;
  state: string;
  attempts: number;
  last_error: string | null;
  run_after: Date;
  lease_owner: string | null;
}

/**
 * The job runner (src/common/jobs) on the test's database: runners are built here beside the
 * app's own (which has no queues in tests), with short intervals, and stopped at the end.
 */
describe('job runner (后台任务)', () => {
  let t: TestApp;
  let repo: JobsRepository;
  let config: AppConfig;
  const runners: JobRunner[] = [];

  function runner(jobs: Partial<AppConfig['jobs']> = {}, jobsRepo: JobsRepository = repo): JobRunner {
    const r = new JobRunner(
      jobsRepo,
      {
        ...config,
        jobs: { pollIntervalMs: 50, leaseMs: 2000, maxAttempts: 3, backoffBaseMs: 50, backoffMaxMs: 200, concurrency: 4, shutdownGraceMs: 5000, ...jobs },
      },
      t.get(DomainEvents),
    );
    runners.push(r);
    return r;
  }

  const row = async (id: string): Promise<JobRow> => (await t.dataSource.query(`SELECT * FROM jobs WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    repo = t.get(JobsRepository);
    config = t.get<AppConfig>(APP_CONFIG as never);
    await loadRegions(t);
    // Starting the app and loading the division list: slow on a busy machine.
  }, 180_000);

  afterEach(async () => {
    for (const r of runners.splice(0)) await r.beforeApplicationShutdown();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('runs a job once and completes it', async () => {
    const seen: unknown[] = [];
    const r = runner();
    r.register('test.ok', async (payload) => {
      seen.push(payload);
    });
    await r.onApplicationBootstrap();
    const id = (await r.enqueue('test.ok', { n: 1 }, { regionCode: R.village }))!;
    const done = await waitUntil('completed', async () => ((await row(id)).state === JobState.COMPLETED ? row(id) : null));
    expect(done).toMatchObject({ attempts: 1, last_error: null, lease_owner: null });
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('skips a poll that found every connection busy without logging a failure (debug on the embedded database, a warning on a server), and runs the job at a later poll', async () => {
    const error = jest.spyOn(Logger.prototype, 'error');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const debug = jest.spyOn(Logger.prototype, 'debug');
    try {
      let refusals = 2;
      // pg-pool's error when no connection comes free within connectionTimeoutMillis.
      const busyRepo = Object.create(repo, {
        claim: { value: (...args: Parameters<JobsRepository['claim']>) => (refusals-- > 0 ? Promise.reject(new Error('timeout exceeded when trying to connect')) : repo.claim(...args)) },
      }) as JobsRepository;
      const seen: unknown[] = [];
      const r = new JobRunner(busyRepo, { ...config, jobs: { ...config.jobs, pollIntervalMs: 50, concurrency: 1 } }, t.get(DomainEvents));
      runners.push(r);
      r.register('test.busy', async (payload) => {
        seen.push(payload);
      });
      const id = (await r.enqueue('test.busy', { n: 2 }, { regionCode: R.village }))!;
      await r.onApplicationBootstrap();
      await waitUntil('completed after the busy polls', async () => (await row(id)).state === JobState.COMPLETED);
      expect(seen).toEqual([{ n: 2 }]);
      const busy = (spy: jest.SpyInstance) => spy.mock.calls.filter((c) => String(c[0]).includes('every database connection stayed busy')).length;
      expect(busy(process.env.TEST_DATABASE_URL ? warn : debug)).toBe(2);
      expect(error.mock.calls.filter((c) => String(c[1] ?? c[0]).includes('poll failed'))).toEqual([]);
    } finally {
      error.mockRestore();
      warn.mockRestore();
      debug.mockRestore();
    }
  });

  it('runs its jobs as its own background work, not as the request that woke it (no principal; not counted among a request\'s statements)', async () => {
    const seen: (RequestScope | undefined)[] = [];
    const r = runner();
    r.register('test.scope', async () => {
      seen.push(currentScope());
    });
    await r.onApplicationBootstrap();
    // Enqueued in a request: the runner is kicked from the request's async context.
    await runWithScope({ requestId: 'req-1', clientIp: '10.0.0.1', principal: { id: 'someone' } as never }, () => r.enqueue('test.scope', {}));
    await waitUntil('the job ran', () => seen.length > 0);
    expect(seen[0]).toEqual({ background: 'jobs' });
    const { count, statements } = await countQueries(async () => {
      await runInBackground('test', () => t.dataSource.query('SELECT 1 AS background'));
      await t.dataSource.query('SELECT 2 AS measured');
    });
    expect(count).toBe(1);
    expect(statements[0]).toContain('measured');
  });

  it('retries a failing job with growing delays and marks it dead after its attempts', async () => {
    const calls: number[] = [];
    const r = runner({ maxAttempts: 3, backoffBaseMs: 100, backoffMaxMs: 150 });
    r.register('test.fail', async () => {
      calls.push(Date.now());
      throw new Error(`boom ${calls.length}`);
    });
    await r.onApplicationBootstrap();
    const id = (await r.enqueue('test.fail', {}))!;
    const dead = await waitUntil('dead', async () => ((await row(id)).state === JobState.DEAD ? row(id) : null));
    expect(dead.attempts).toBe(3);
    expect(dead.last_error).toBe('boom 3');
    expect(calls).toHaveLength(3);
    // The retry waits at least its backoff: 100 ms, then 150 ms (capped, not 200).
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(100 - 5);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(150 - 5);
  });

  it('is FAILED with its error and run-after between attempts', async () => {
    const r = runner({ maxAttempts: 2, backoffBaseMs: 60_000, backoffMaxMs: 60_000 });
    r.register('test.later', async () => {
      throw new Error('not yet');
    });
    await r.onApplicationBootstrap();
    const id = (await r.enqueue('test.later', {}))!;
    const failed = await waitUntil('failed', async () => ((await row(id)).state === JobState.FAILED ? row(id) : null));
    expect(failed).toMatchObject({ attempts: 1, last_error: 'not yet' });
    expect(new Date(failed.run_after).getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it('gives up at once on a PermanentJobError', async () => {
    const r = runner({ maxAttempts: 5 });
    r.register('test.permanent', async () => {
      throw new PermanentJobError('bad payload');
    });
    await r.onApplicationBootstrap();
    const id = (await r.enqueue('test.permanent', {}))!;
    const dead = await waitUntil('dead', async () => ((await row(id)).state === JobState.DEAD ? row(id) : null));
    expect(dead).toMatchObject({ attempts: 1, last_error: 'bad payload' });
  });

  it('runs a recurring job again and again, never completing it, and wakes it on demand', async () => {
    let runs = 0;
    const r = runner();
    r.register('test.every', async () => {
      runs++;
    });
    r.schedule('test.every', 'test.every', { everyMs: 30 });
    await r.onApplicationBootstrap();
    await waitUntil('three runs', () => runs >= 3);
    const [job] = await t.dataSource.query(`SELECT * FROM jobs WHERE singleton_key = 'test.every'`);
    expect([JobState.QUEUED, JobState.ACTIVE]).toContain(job.state);
    expect(job.finished_at).toBeNull();
    await r.beforeApplicationShutdown();

    // A daily schedule waits for its time; wake() runs it now.
    let daily = 0;
    const d = runner();
    d.register('test.daily', async () => {
      daily++;
    });
    d.schedule('test.daily', 'test.daily', { dailyAt: '03:00' });
    await d.onApplicationBootstrap();
    await waitUntil('first run at start', () => daily >= 1);
    const [queued] = await waitUntil('queued for tomorrow', async () => {
      const rows = await t.dataSource.query(`SELECT * FROM jobs WHERE singleton_key = 'test.daily' AND state = 'queued'`);
      return rows.length ? rows : null;
    });
    expect(new Date(queued.run_after).getTime()).toBeGreaterThan(Date.now());
    d.wake('test.daily');
    await waitUntil('woken run', () => daily >= 2);
  });

  it('a wake that comes as a run ends (its next time stored, the run not yet let go) runs it again', async () => {
    // The window made certain: the wake is sent right after the run's end (tomorrow's time) is stored.
    let runs = 0;
    let woken = false;
    const late = Object.create(repo) as JobsRepository;
    late.settle = async (...args: Parameters<JobsRepository['settle']>) => {
      const settled = await repo.settle(...args);
      if (!woken) {
        woken = true;
        r.wake('test.late');
      }
      return settled;
    };
    const r = runner({}, late);
    r.register('test.late', async () => {
      runs++;
    });
    r.schedule('test.late', 'test.late', { dailyAt: '03:00' });
    await r.onApplicationBootstrap();
    await waitUntil('the woken run', () => runs >= 2);
    expect(woken).toBe(true);
  });

  it('takes over a job whose runner died (lease expired) and counts the attempt', async () => {
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO jobs (queue, payload, state, attempts, max_attempts, lease_owner, lease_expires_at)
       VALUES ('test.orphan', '{}', 'active', 1, 3, 'a-dead-runner', now() - interval '1 second') RETURNING id`,
    );
    const r = runner();
    r.register('test.orphan', async () => undefined);
    await r.onApplicationBootstrap();
    const done = await waitUntil('completed', async () => ((await row(id)).state === JobState.COMPLETED ? row(id) : null));
    expect(done.attempts).toBe(2);
  });

  it('hands each job to one runner only when two share the table (SKIP LOCKED)', async () => {
    const handled = new Map<string, number>();
    const handler = async (p: { n: number }) => {
      handled.set(String(p.n), (handled.get(String(p.n)) ?? 0) + 1);
    };
    const a = runner({ concurrency: 3 });
    const b = runner({ concurrency: 3 });
    a.register('test.shared', handler);
    b.register('test.shared', handler);
    await a.onApplicationBootstrap();
    await b.onApplicationBootstrap();
    for (let n = 0; n < 30; n++) await a.enqueue('test.shared', { n });
    await waitUntil('all handled', async () => {
      const [c] = await t.dataSource.query(`SELECT count(*)::int AS n FROM jobs WHERE queue = 'test.shared' AND state = 'completed'`);
      return c.n === 30;
    });
    expect(handled.size).toBe(30);
    expect([...handled.values()].every((v) => v === 1)).toBe(true);
  });

  it('stops gracefully: the running handler is signalled and waited for, and its end recorded', async () => {
    let started = false;
    let sawAbort = false;
    const r = runner();
    r.register('test.long', async (_p, ctx) => {
      started = true;
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      sawAbort = true;
    });
    await r.onApplicationBootstrap();
    const id = (await r.enqueue('test.long', {}))!;
    await waitUntil('handler started', () => started);
    await r.beforeApplicationShutdown();
    expect(sawAbort).toBe(true);
    expect((await row(id)).state).toBe(JobState.COMPLETED);
  });

  it('runs at most a queue\'s own concurrency of its jobs at once, besides the runner\'s limit', async () => {
    let active = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const r = runner({ concurrency: 4 });
    r.register(
      'test.two',
      async () => {
        active++;
        most = Math.max(most, active);
        await new Promise<void>((resolve) => gates.push(resolve));
        active--;
      },
      { concurrency: 2 },
    );
    let other = 0;
    r.register('test.other', async () => {
      other++;
    });
    await r.onApplicationBootstrap();
    for (let n = 0; n < 5; n++) await r.enqueue('test.two', { n });
    await waitUntil('two running', () => active === 2);
    // The runner has free slots and looks again (another queue's job runs): still two of test.two.
    await r.enqueue('test.other', {});
    await waitUntil('the other queue served', () => other === 1);
    expect(active).toBe(2);
    for (let released = 0; released < 5; released++) {
      await waitUntil('a waiting handler', () => gates.length > 0);
      gates.shift()!();
    }
    await waitUntil('all completed', async () => {
      const [c] = await t.dataSource.query(`SELECT count(*)::int AS n FROM jobs WHERE queue = 'test.two' AND state = 'completed'`);
      return c.n === 5;
    });
    expect(most).toBe(2);
  });

  it('hands a job back on requeue() without spending an attempt; the next runner resumes it', async () => {
    const seen: number[] = [];
    const a = runner();
    a.register('test.handback', async (_p, ctx) => {
      seen.push(ctx.job.attempts);
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      ctx.requeue();
    });
    await a.onApplicationBootstrap();
    const id = (await a.enqueue('test.handback', {}))!;
    await waitUntil('handler started', () => seen.length === 1);
    await a.beforeApplicationShutdown();
    expect(await row(id)).toMatchObject({ state: JobState.QUEUED, attempts: 0, lease_owner: null });

    const b = runner();
    b.register('test.handback', async (_p, ctx) => {
      seen.push(ctx.job.attempts);
    });
    await b.onApplicationBootstrap();
    const done = await waitUntil('completed', async () => ((await row(id)).state === JobState.COMPLETED ? row(id) : null));
    expect(done.attempts).toBe(1);
    expect(seen).toEqual([1, 1]);
  });

  it('runs the queue\'s onDead hook in the transaction that marks a job dead; a hook that fails leaves it to a retry', async () => {
    const mourned: string[] = [];
    let hookFails = true;
    const r = runner({ maxAttempts: 2, backoffBaseMs: 50, backoffMaxMs: 50 });
    r.register(
      'test.mourned',
      async () => {
        throw new Error('always');
      },
      {
        onDead: async ({ job, lastError, manager }) => {
          await manager.query(`UPDATE jobs SET payload = payload || jsonb_build_object('mourned', $2::text) WHERE id = $1`, [job.id, lastError]);
          if (hookFails) {
            hookFails = false;
            throw new Error('hook failed');
          }
          mourned.push(job.id);
        },
      },
    );
    await r.onApplicationBootstrap();
    const id = (await r.enqueue('test.mourned', {}))!;
    const dead = await waitUntil('dead', async () => ((await row(id)).state === JobState.DEAD ? row(id) : null));
    expect(mourned).toEqual([id]);
    // The first death rolled back with its failing hook; after a backoff it died again (the handler not run again).
    expect(dead.attempts).toBe(3);
    expect(dead.last_error).toBe('out of attempts; last error: always');
    const [{ payload }] = await t.dataSource.query(`SELECT payload FROM jobs WHERE id = $1`, [id]);
    expect(payload).toEqual({ mourned: 'out of attempts; last error: always' });

    // A job whose runners kept dying (leases expired past its attempts) is dead through the hook too.
    const [{ id: orphan }] = await t.dataSource.query(
      `INSERT INTO jobs (queue, payload, state, attempts, max_attempts, lease_owner, lease_expires_at)
       VALUES ('test.mourned', '{}', 'active', 2, 2, 'a-dead-runner', now() - interval '1 second') RETURNING id`,
    );
    await waitUntil('the orphan dead', async () => ((await row(orphan)).state === JobState.DEAD ? true : null));
    expect(mourned).toEqual([id, orphan]);
    expect((await row(orphan)).last_error).toMatch(/lease expired 2 times/);
  });

  it('starts a job enqueued in a transaction as soon as it commits (poke), and never one whose transaction rolled back', async () => {
    const seen: unknown[] = [];
    const r = runner({ pollIntervalMs: 600_000 });
    r.register('test.poked', async (payload) => {
      seen.push(payload);
    });
    await r.onApplicationBootstrap();
    // The first look found nothing: the next poll is ten minutes away.
    await expect(
      t.dataSource.transaction(async (m) => {
        await r.enqueue('test.poked', { n: 'rolled back' }, {}, m);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const id = await t.dataSource.transaction((m) => r.enqueue('test.poked', { n: 'committed' }, {}, m));
    await waitUntil('completed', async () => ((await row(id!)).state === JobState.COMPLETED ? true : null));
    expect(seen).toEqual([{ n: 'committed' }]);
    const [c] = await t.dataSource.query(`SELECT count(*)::int AS n FROM jobs WHERE queue = 'test.poked'`);
    expect(c.n).toBe(1);
  });

  describe('jobs query', () => {
    const Q = `query($queue: String, $state: JobState, $first: Int, $after: String) {
      jobs(queue: $queue, state: $state, first: $first, after: $after) {
        totalCount edges { cursor node { id queue state regionCode attempts maxAttempts runAfter lastError recurring } } pageInfo { hasNextPage endCursor }
      }
    }`;

    beforeAll(async () => {
      await t.dataSource.query(`DELETE FROM jobs`);
      await t.dataSource.query(
        `INSERT INTO jobs (queue, payload, state, region_code, attempts, max_attempts, last_error, created_at) VALUES
          ('q.import', '{}', 'dead', $1, 3, 3, 'gave up', now() - interval '5 minutes'),
          ('q.import', '{}', 'queued', $2, 0, 3, NULL, now() - interval '4 minutes'),
          ('q.import', '{}', 'completed', $3, 1, 3, NULL, now() - interval '3 minutes'),
          ('q.check', '{}', 'failed', $1, 1, 3, 'later', now() - interval '2 minutes'),
          ('q.system', '{}', 'queued', NULL, 0, 5, NULL, now() - interval '1 minute')`,
        [R.village, R.villageOfSiblingTown, R.otherDistrictTown],
      );
    });

    it('shows a district officer the jobs of its district and the system jobs, newest first, paginated', async () => {
      const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
      const all = await t.gql<{ jobs: { totalCount: number; edges: { node: { queue: string; regionCode: string | null } }[] } }>(Q, {}, officer.headers);
      expect(all.body.errors).toBeUndefined();
      expect(all.body.data!.jobs.totalCount).toBe(4);
      expect(all.body.data!.jobs.edges.map((e) => e.node.queue)).toEqual(['q.system', 'q.check', 'q.import', 'q.import']);
      expect(all.body.data!.jobs.edges.some((e) => e.node.regionCode === R.otherDistrictTown)).toBe(false);

      const page1 = await t.gql<{ jobs: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(Q, { first: 3 }, officer.headers);
      expect(page1.body.data!.jobs.pageInfo.hasNextPage).toBe(true);
      const page2 = await t.gql<{ jobs: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
        Q,
        { first: 3, after: page1.body.data!.jobs.pageInfo.endCursor },
        officer.headers,
      );
      expect(page2.body.data!.jobs.edges).toHaveLength(1);
      expect(page2.body.data!.jobs.pageInfo.hasNextPage).toBe(false);
    });

    it('pages rows written within one millisecond one by one without skipping any (the kit sorts a timestamp key as its cursor carries it)', async () => {
      // Five jobs 1 µs apart in the same millisecond, the microseconds in the reverse order of the ids.
      const inserted: { id: string }[] = await t.dataSource.query(
        `INSERT INTO jobs (queue, payload, state, region_code, attempts, max_attempts, created_at)
         SELECT 'q.samems', '{}', 'queued', $1, 0, 3, timestamptz '2026-01-01 00:00:00.123+00' + make_interval(secs => (5 - i) * 0.000001)
           FROM generate_series(1, 5) i RETURNING id`,
        [R.village],
      );
      const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
      const seen: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await t.gql<{ jobs: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
          Q,
          { queue: 'q.samems', first: 1, after },
          officer.headers,
        );
        expect(page.body.errors).toBeUndefined();
        seen.push(...page.body.data!.jobs.edges.map((e) => e.node.id));
        if (!page.body.data!.jobs.pageInfo.hasNextPage) break;
        after = page.body.data!.jobs.pageInfo.endCursor;
      }
      expect([...seen].sort()).toEqual(inserted.map((r) => r.id).sort());
      expect(seen).toHaveLength(5);
      await t.dataSource.query(`DELETE FROM jobs WHERE queue = 'q.samems'`);
    });

    it('filters by queue and state', async () => {
      const admin = await signIn(t, Role.DISTRICT_ADMIN, R.district);
      const dead = await t.gql<{ jobs: { edges: { node: Record<string, unknown> }[] } }>(Q, { queue: 'q.import', state: 'DEAD' }, admin.headers);
      expect(dead.body.data!.jobs.edges.map((e) => e.node)).toEqual([
        expect.objectContaining({ queue: 'q.import', state: 'DEAD', attempts: 3, maxAttempts: 3, lastError: 'gave up', regionCode: R.village, recurring: false }),
      ]);
    });

    it('is region-scoped below the district (no system jobs there), refused without jobs.read, and names a bad filter', async () => {
      const townAdmin = await signIn(t, Role.DISTRICT_ADMIN, R.town);
      const town = await t.gql<{ jobs: { edges: { node: { regionCode: string | null } }[] } }>(Q, {}, townAdmin.headers);
      // Its subtree's jobs only: the service's own jobs (no region) are for district level and above, as every unplaced row.
      expect(town.body.data!.jobs.edges.map((e) => e.node.regionCode)).toEqual([R.village, R.village]);

      const village = await signIn(t, Role.VILLAGE_OFFICER, R.village);
      const refused = await t.gql(Q, {}, village.headers);
      expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

      const officer = await signIn(t, Role.DISTRICT_OFFICER, R.district);
      const bad = await t.gql(Q, { queue: 'NOT A QUEUE' }, officer.headers);
      expect(bad.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'queue' });
    });
  });
});
