import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { loggableError } from '../errors/normalize';
import { DomainEvents } from '../events/domain-events';
import { runInBackground } from '../request-scope/request-scope';
import { JobEntity, JobState, Recurrence } from './job.entity';
import { ClaimedJob, JobsRepository } from './jobs.repository';
import { backoffMs, nextOccurrence, validateRecurrence } from './schedule';

/** What a handler gets besides its payload. */
export interface JobContext {
  job: JobEntity;
  /** Aborted when the service stops: finish or checkpoint the current step and return. */
  signal: AbortSignal;
  /**
   * Hands the job back when the handler returns: queued again at once, without spending an
   * attempt (a handler that stopped at shutdown after its last checkpoint; the next runner resumes).
   */
  requeue(): void;
}

export type JobHandler<P = Record<string, unknown>> = (payload: P, ctx: JobContext) => Promise<void>;

/** What a queue's `onDead` hook gets: the dead job, and the transaction that records its death. */
export interface DeadJob<P = Record<string, unknown>> {
  payload: P;
  job: JobEntity;
  /** Why it died (the last error, or the expired leases). */
  lastError: string;
  /** The transaction that marks the job dead: what the hook writes commits with it. */
  manager: EntityManager;
}

export interface QueueOptions {
  /** Attempts before a job is dead; default JOBS_MAX_ATTEMPTS. */
  maxAttempts?: number;
  /** How long a claim lasts without a heartbeat; default JOBS_LEASE_MS. */
  leaseMs?: number;
  /** Jobs of this queue running at once in this process (besides JOBS_CONCURRENCY for all queues); default no own limit. */
  concurrency?: number;
  /**
   * Runs in the transaction that marks a job of this queue dead (attempts spent, a
   * PermanentJobError, or leases that kept expiring): e.g. the import it ran is marked failed. A
   * hook that throws rolls the death back: after a backoff the job dies again, its handler not
   * run again.
   */
  onDead?: (dead: DeadJob<never>) => Promise<void>;
}

/** Published with a job enqueued inside a transaction: once it commits, the runner looks at once. */
export class JobEnqueued {
  constructor(readonly queue: string) {}
}

/** Thrown by a handler for a failure that no retry can fix: the job is dead at once. */
export class PermanentJobError extends Error {}

interface Registered {
  handler: JobHandler<never>;
  options: QueueOptions;
}

/**
 * The one background-job runner of the service, on PostgreSQL (table `jobs`). Modules register
 * a handler per queue (and recurring schedules) before the application starts; the runner then
 * claims due jobs with `FOR UPDATE SKIP LOCKED` (several service instances share the table),
 * holds each under a lease that a heartbeat renews while its handler runs (a dead runner's
 * claim expires and another takes the job over), retries a failed job after an exponential
 * backoff capped by JOBS_BACKOFF_MAX_MS, marks it dead after its max attempts, and re-queues a
 * recurring job for its next occurrence (every N ms, or daily at HH:MM China time, for deadline
 * checks). At shutdown it stops claiming, aborts the handlers' signal and waits for them up to
 * JOBS_SHUTDOWN_GRACE_MS, before the database closes.
 *
 * Why not pg-boss: pg-boss 12 (the current major) was tried in a scratch script on both
 * databases, the PostgreSQL server and the embedded PGlite over its socket: queue, send, work,
 * retry with backoff, a cron schedule and a graceful stop all worked on both. It was not
 * adopted because it requires Node ≥ 22.12 (this service runs on Node 20, as with graphql 17)
 * and is ESM-only (more to transform under Jest); it creates and migrates its own schema at
 * start (the service's database role has no CREATE, and its DDL would live outside the
 * project's migrations and their `down` test); its own connection pool cannot enqueue in the
 * caller's TypeORM transaction without an adapter; and a region-scoped jobs query would read its
 * internal tables. Revisit when the service moves to Node 22.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobRunner');
  /** This runner's name in lease_owner. */
  readonly owner = `${hostname().slice(0, 32)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly queues = new Map<string, Registered>();
  private readonly schedules = new Map<string, { queue: string; recurrence: Recurrence; payload: Record<string, unknown> }>();
  private readonly running = new Map<string, { job: ClaimedJob; done: Promise<void> }>();
  /** Recurring jobs woken while they ran: run again as soon as they end. */
  private readonly rerun = new Set<string>();
  private readonly abort = new AbortController();
  private started = false;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private filling: Promise<void> | undefined;
  private fillAgain = false;

  constructor(
    private readonly repo: JobsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly events?: DomainEvents,
  ) {
    this.events?.on(JobEnqueued, () => this.poke());
  }

  /** Handles the jobs of `queue` in this process (call before the application starts, e.g. in onModuleInit). */
  register<P>(queue: string, handler: JobHandler<P>, options: QueueOptions = {}): void {
    if (this.queues.has(queue)) throw new Error(`job queue ${queue} is registered twice`);
    this.queues.set(queue, { handler: handler as JobHandler<never>, options });
  }

  /** A recurring job of `queue` under the name `key` (one row, whichever process declares it). */
  schedule(key: string, queue: string, recurrence: Recurrence, payload: Record<string, unknown> = {}): void {
    validateRecurrence(recurrence);
    this.schedules.set(key, { queue, recurrence, payload });
  }

  /**
   * Adds a job; inside the caller's transaction when `manager` is given (it exists only if that
   * commits, and the runner looks for it as soon as it has committed). With `singletonKey`,
   * nothing is added while a job with that key exists (null).
   */
  async enqueue(
    queue: string,
    payload: Record<string, unknown>,
    options: { regionCode?: string | null; runAfter?: Date; maxAttempts?: number; singletonKey?: string } = {},
    manager?: EntityManager,
  ): Promise<string | null> {
    const maxAttempts = options.maxAttempts ?? this.queues.get(queue)?.options.maxAttempts ?? this.config.jobs.maxAttempts;
    const id = await this.repo.insert({ queue, payload, maxAttempts, ...options }, manager);
    // In a transaction: looked for once it has committed (before, the row is not visible).
    if (id && manager?.queryRunner?.isTransactionActive && this.events) this.events.publish(manager, new JobEnqueued(queue));
    else this.kick();
    return id;
  }

  /** Looks for due jobs now instead of at the next poll (e.g. after a transaction that enqueued one has committed). */
  poke(): void {
    this.kick();
  }

  /** Runs the recurring job `key` now (or again right after its current run). */
  wake(key: string): void {
    if (!this.started || this.stopping) return;
    if ([...this.running.values()].some((r) => r.job.singletonKey === key)) {
      this.rerun.add(key);
      return;
    }
    void this.repo
      .runNow(key)
      .then(() => this.kick())
      .catch((e: unknown) => this.logger.warn({ err: loggableError(e), key }, 'could not wake a recurring job'));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.queues.size) return; // nothing to run in this process: no polling at all
    if (!this.config.backgroundWork) return; // an import thread: its one import is its only work
    if (!this.config.databaseUrl) {
      // The embedded database belongs to this one process: whatever is active was left by its previous run.
      const released = await this.repo.releaseAllActive();
      if (released) this.logger.warn({ released }, 'jobs left active by a stopped process are queued again');
    }
    for (const [key, s] of this.schedules) {
      if (!this.queues.has(s.queue)) throw new Error(`schedule ${key} names job queue ${s.queue}, which has no handler`);
      await this.repo.upsertSchedule(key, s.queue, s.recurrence, s.payload, this.maxAttemptsOf(s.queue));
    }
    this.started = true;
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    const all = Promise.allSettled([this.filling, ...[...this.running.values()].map((r) => r.done)]);
    let grace: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      grace = setTimeout(() => resolve('expired'), this.config.jobs.shutdownGraceMs);
    });
    const outcome = await Promise.race([all, expired]);
    clearTimeout(grace);
    if (outcome === 'expired') {
      this.logger.warn({ jobs: [...this.running.keys()] }, 'jobs still running at shutdown; their leases will expire and they run again');
    }
  }

  private maxAttemptsOf(queue: string): number {
    return this.queues.get(queue)?.options.maxAttempts ?? this.config.jobs.maxAttempts;
  }

  private leaseOf(queue: string): number {
    return this.queues.get(queue)?.options.leaseMs ?? this.config.jobs.leaseMs;
  }

  /** Looks for due jobs now (coalesced: one look at a time). */
  private kick(): void {
    if (!this.started || this.stopping) return;
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // The runner's own work, even when a request's commit woke it: its jobs never act as that
    // request's principal (they audit as the system, or as the principal they set themselves).
    this.filling = runInBackground('jobs', () => this.fill())
      .catch((e: unknown) => {
        if (this.stopping) return this.config.jobs.pollIntervalMs;
        if (waitedForConnection(e)) {
          // Every connection was busy (the embedded database's one during the demo seed or an
          // import's batch, a server's pool when exhausted): the next poll tries again.
          const busy = 'job runner poll skipped: every database connection stayed busy';
          if (this.config.databaseUrl) this.logger.warn(busy);
          else this.logger.debug(busy);
        } else {
          this.logger.error({ err: loggableError(e) }, 'job runner poll failed');
        }
        return this.config.jobs.pollIntervalMs;
      })
      .then((delay) => {
        this.filling = undefined;
        if (this.fillAgain) {
          this.fillAgain = false;
          delay = 0;
        }
        this.sleep(delay);
      });
  }

  private sleep(delay: number | undefined): void {
    if (this.stopping || delay === undefined) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, delay);
    this.timer.unref();
  }

  /** Claims and starts due jobs while slots are free; returns how long to sleep (undefined: until a job ends). */
  private async fill(): Promise<number | undefined> {
    const queues = [...this.queues.keys()];
    const leases = Object.fromEntries(queues.map((q) => [q, this.leaseOf(q)]));
    while (!this.stopping) {
      if (this.running.size >= this.config.jobs.concurrency) return undefined;
      // Queues at their own limit are not claimed from until one of their jobs ends.
      const open = queues.filter((q) => this.runningOf(q) < (this.queues.get(q)!.options.concurrency ?? Infinity));
      if (!open.length) return undefined;
      const job = await this.repo.claim(this.owner, open, [...this.running.keys()], leases, this.config.jobs.leaseMs);
      if (!job) break;
      if (this.stopping) {
        await this.repo.settle(job, JobState.QUEUED, { runAfter: new Date(), giveBackAttempt: true });
        return undefined;
      }
      this.start(job);
    }
    const poll = this.config.jobs.pollIntervalMs;
    const next = await this.repo.nextDue(queues);
    if (!next) return poll;
    const wait = next.getTime() - Date.now();
    // Due but not claimable (another runner holds its row lock): look again at the next poll.
    return wait <= 0 ? poll : Math.min(wait, poll);
  }

  private runningOf(queue: string): number {
    let n = 0;
    for (const r of this.running.values()) if (r.job.queue === queue) n++;
    return n;
  }

  private start(job: ClaimedJob): void {
    const done = this.execute(job).finally(() => {
      this.running.delete(job.id);
      // A wake that came while the run was ending (after afterRun took the rerun and stored the
      // next time, before the run was let go here) would otherwise wait for that next time.
      if (job.singletonKey && this.rerun.delete(job.singletonKey)) this.wake(job.singletonKey);
      this.kick();
    });
    this.running.set(job.id, { job, done });
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const registered = this.queues.get(job.queue)!;
    const leaseMs = this.leaseOf(job.queue);
    if (job.attempts > job.maxAttempts && !job.recurrence) {
      // Its runners kept dying (a lease expired each time): not started again.
      // (Or its death could not be recorded: a failing onDead hook; then the last error says why.)
      const why = job.lastError ? `out of attempts; last error: ${job.lastError}` : `lease expired ${job.attempts - 1} times (the process running it stopped)`;
      await this.die(job, why).catch((e: unknown) => {
        if (!this.stopping) this.logger.error({ err: loggableError(e), jobId: job.id }, 'could not record the death of a job');
      });
      return;
    }
    // One heartbeat at a time: while the database is busy (on the embedded one, behind a
    // handler's open transaction) the next beat waits for the previous one instead of piling up
    // connections. The lease then outlives the wait only if it is long enough; on the embedded
    // database it does not matter: this process is the only runner and never claims its own jobs.
    let beating = false;
    const beat = setInterval(() => {
      if (beating) return;
      beating = true;
      this.repo
        .heartbeat(job, leaseMs)
        .catch((e: unknown) => this.logger.warn({ err: loggableError(e), jobId: job.id }, 'job heartbeat failed'))
        .finally(() => (beating = false));
    }, Math.max(1, Math.floor(leaseMs / 3)));
    beat.unref();
    let error: unknown;
    let requeue = false;
    try {
      await registered.handler(job.payload as never, { job, signal: this.abort.signal, requeue: () => (requeue = true) });
    } catch (e) {
      error = e ?? new Error('job failed');
    } finally {
      clearInterval(beat);
    }
    try {
      if (requeue && error === undefined) {
        await this.repo.settle(job, JobState.QUEUED, { runAfter: new Date(), giveBackAttempt: true });
        return;
      }
      await this.afterRun(job, error);
    } catch (e) {
      if (!this.stopping) this.logger.error({ err: loggableError(e), jobId: job.id }, 'could not record the end of a job');
    }
  }

  private async afterRun(job: ClaimedJob, error: unknown): Promise<void> {
    const message = error === undefined ? null : error instanceof Error ? error.message : String(error);
    const { backoffBaseMs, backoffMaxMs } = this.config.jobs;
    if (job.recurrence) {
      const rerun = job.singletonKey ? this.rerun.delete(job.singletonKey) : false;
      const next = nextOccurrence(job.recurrence, new Date());
      if (error === undefined) {
        await this.repo.settle(job, JobState.QUEUED, { runAfter: rerun ? new Date() : next, lastError: null, resetAttempts: true });
        return;
      }
      this.logger.warn({ err: loggableError(error), jobId: job.id, queue: job.queue }, 'recurring job failed');
      // A recurring job is never dead: after its attempts it waits for its next occurrence.
      if (job.attempts >= job.maxAttempts) {
        await this.repo.settle(job, JobState.FAILED, { runAfter: next, lastError: message, resetAttempts: true });
      } else {
        const retry = new Date(Date.now() + backoffMs(job.attempts, backoffBaseMs, backoffMaxMs));
        await this.repo.settle(job, JobState.FAILED, { runAfter: retry < next ? retry : next, lastError: message });
      }
      return;
    }
    if (error === undefined) {
      await this.repo.settle(job, JobState.COMPLETED, { lastError: null });
    } else if (error instanceof PermanentJobError || job.attempts >= job.maxAttempts) {
      this.logger.warn({ err: loggableError(error), jobId: job.id, queue: job.queue, attempts: job.attempts }, 'job is dead');
      try {
        await this.die(job, message ?? 'job failed');
      } catch (e) {
        // The queue's onDead hook failed: the death rolled back; try again after a backoff.
        this.logger.error({ err: loggableError(e), jobId: job.id, queue: job.queue }, 'could not record the death of a job');
        await this.repo.settle(job, JobState.FAILED, { runAfter: new Date(Date.now() + backoffMs(job.attempts, backoffBaseMs, backoffMaxMs)), lastError: message });
      }
    } else {
      await this.repo.settle(job, JobState.FAILED, { runAfter: new Date(Date.now() + backoffMs(job.attempts, backoffBaseMs, backoffMaxMs)), lastError: message });
    }
  }

  /** Marks a claimed job dead, with its queue's onDead hook in the same transaction. */
  private async die(job: ClaimedJob, lastError: string): Promise<void> {
    const onDead = this.queues.get(job.queue)?.options.onDead;
    if (!onDead) {
      await this.repo.settle(job, JobState.DEAD, { lastError });
      return;
    }
    await this.repo.transaction(async (manager) => {
      if (await this.repo.settle(job, JobState.DEAD, { lastError }, manager)) await onDead({ payload: job.payload as never, job, lastError, manager });
    });
  }
}

/** pg-pool's answer when no connection came free within connectionTimeoutMillis (it has no code of its own). */
function waitedForConnection(e: unknown): boolean {
  return e instanceof Error && e.message === 'timeout exceeded when trying to connect';
}
