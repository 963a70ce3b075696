import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { applyRegionScope } from '../access/region-scope';
import { Connection, ConnectionArgs } from '../pagination/connection';
import { paginate } from '../pagination/keyset';
import { JobEntity, JobState, Recurrence } from './job.entity';

/** The rows an UPDATE … RETURNING gave, in either shape the driver returns them. */
function returned<T>(result: unknown): T[] {
  if (!Array.isArray(result)) return [];
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}

const COLUMNS = `id, queue, payload, state, region_code AS "regionCode", attempts, max_attempts AS "maxAttempts", run_after AS "runAfter",
  lease_owner AS "leaseOwner", lease_expires_at AS "leaseExpiresAt", last_error AS "lastError", singleton_key AS "singletonKey",
  recurrence, started_at AS "startedAt", finished_at AS "finishedAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Milliseconds as an interval added to now(), in SQL. */
const msFromNow = (param: string) => `now() + make_interval(secs => ${param}::double precision / 1000)`;

export interface NewJob {
  queue: string;
  payload?: Record<string, unknown>;
  regionCode?: string | null;
  maxAttempts: number;
  runAfter?: Date;
  singletonKey?: string;
}

/** A claim: the row as claimed; `attempts` with `leaseOwner` proves the claim is still this runner's. */
export type ClaimedJob = JobEntity;

/**
 * The SQL of the job runner. Every change of a claimed job is guarded by the claim (owner and
 * attempt): a runner whose lease expired and was taken over changes nothing. Statements are
 * short and single (no transaction held while a handler runs: on the embedded database an open
 * transaction blocks every connection).
 */
@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  /** Adds a job (in the caller's transaction when `m` is given). With a singleton key already taken: nothing, null. */
  async insert(job: NewJob, m?: EntityManager): Promise<string | null> {
    const rows = returned<{ id: string }>(
      await this.manager(m).query(
        `INSERT INTO jobs (queue, payload, region_code, max_attempts, run_after, singleton_key)
         VALUES ($1, $2::jsonb, $3, $4, COALESCE($5::timestamptz, now()), $6)
         ON CONFLICT (singleton_key) WHERE singleton_key IS NOT NULL DO NOTHING
         RETURNING id`,
        [job.queue, JSON.stringify(job.payload ?? {}), job.regionCode ?? null, job.maxAttempts, job.runAfter?.toISOString() ?? null, job.singletonKey ?? null],
      ),
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Declares a recurring schedule: one row per key, due now. A row another process is running
   * keeps its claim; a declaration with another recurrence or queue replaces the old one.
   */
  async upsertSchedule(key: string, queue: string, recurrence: Recurrence, payload: Record<string, unknown>, maxAttempts: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO jobs (queue, payload, max_attempts, singleton_key, recurrence)
       VALUES ($1, $2::jsonb, $3, $4, $5::jsonb)
       ON CONFLICT (singleton_key) WHERE singleton_key IS NOT NULL DO UPDATE
         SET queue = EXCLUDED.queue, payload = EXCLUDED.payload, max_attempts = EXCLUDED.max_attempts, recurrence = EXCLUDED.recurrence,
             state = CASE WHEN jobs.state = 'active' THEN jobs.state ELSE 'queued'::job_state END,
             run_after = CASE WHEN jobs.state = 'active' THEN jobs.run_after ELSE now() END,
             attempts = CASE WHEN jobs.state = 'active' THEN jobs.attempts ELSE 0 END,
             updated_at = now()`,
      [queue, JSON.stringify(payload), maxAttempts, key, JSON.stringify(recurrence)],
    );
  }

  /**
   * Takes the next due job of `queues` (queued or failed and due, or active with an expired
   * lease: its runner died), skipping rows another runner is claiming (SKIP LOCKED) and the
   * jobs this runner is running (`exclude`). The lease per queue comes from `leaseMs`.
   */
  async claim(owner: string, queues: string[], exclude: string[], leaseMs: Record<string, number>, defaultLeaseMs: number): Promise<ClaimedJob | null> {
    const rows = returned<ClaimedJob>(
      await this.dataSource.query(
        `UPDATE jobs j SET state = 'active', attempts = j.attempts + 1, lease_owner = $1,
                lease_expires_at = now() + make_interval(secs => COALESCE(($4::jsonb ->> j.queue)::double precision, $5::double precision) / 1000),
                started_at = now(), finished_at = NULL, updated_at = now()
          WHERE j.id = (
                SELECT id FROM jobs
                 WHERE queue = ANY($2::text[]) AND NOT (id = ANY($3::uuid[]))
                   AND ((state IN ('queued', 'failed') AND run_after <= now()) OR (state = 'active' AND lease_expires_at < now()))
                 ORDER BY run_after, id
                 LIMIT 1
                 FOR UPDATE SKIP LOCKED)
          RETURNING ${COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1j.$2')}`,
        [owner, queues, exclude, JSON.stringify(leaseMs), defaultLeaseMs],
      ),
    );
    return rows[0] ?? null;
  }

  /** Renews a claim; false when it is no longer this runner's. */
  async heartbeat(job: ClaimedJob, leaseMs: number): Promise<boolean> {
    const rows = returned(
      await this.dataSource.query(
        `UPDATE jobs SET lease_expires_at = ${msFromNow('$4')} WHERE id = $1 AND lease_owner = $2 AND attempts = $3 AND state = 'active' RETURNING id`,
        [job.id, job.leaseOwner, job.attempts, leaseMs],
      ),
    );
    return rows.length > 0;
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Ends a claimed job: completed, failed (retry at `runAfter`), dead, or queued again (a
   * recurring job for its next run; a job handed back with `giveBackAttempt`, its claim not
   * counted). In the caller's transaction when `m` is given.
   */
  async settle(
    job: ClaimedJob,
    state: JobState,
    patch: { runAfter?: Date; lastError?: string | null; resetAttempts?: boolean; giveBackAttempt?: boolean },
    m?: EntityManager,
  ): Promise<boolean> {
    const finished = state === JobState.COMPLETED || state === JobState.DEAD;
    const rows = returned(
      await this.manager(m).query(
        `UPDATE jobs SET state = $4, lease_owner = NULL, lease_expires_at = NULL,
                run_after = COALESCE($5::timestamptz, run_after), last_error = CASE WHEN $6::boolean THEN $7 ELSE last_error END,
                attempts = CASE WHEN $8::boolean THEN 0 WHEN $10::boolean THEN GREATEST(attempts - 1, 0) ELSE attempts END,
                finished_at = CASE WHEN $9::boolean THEN now() ELSE finished_at END, updated_at = now()
          WHERE id = $1 AND lease_owner = $2 AND attempts = $3 AND state = 'active' RETURNING id`,
        [
          job.id,
          job.leaseOwner,
          job.attempts,
          state,
          patch.runAfter?.toISOString() ?? null,
          patch.lastError !== undefined,
          patch.lastError?.slice(0, 2000) ?? null,
          !!patch.resetAttempts,
          finished,
          !!patch.giveBackAttempt,
        ],
      ),
    );
    return rows.length > 0;
  }

  /** Every active job back to the queue (the embedded database: one process owns it, so at its start every active job is an orphan). */
  async releaseAllActive(): Promise<number> {
    const rows = returned(
      await this.dataSource.query(`UPDATE jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, run_after = now(), updated_at = now() WHERE state = 'active' RETURNING id`),
    );
    return rows.length;
  }

  /** A recurring job due now (not while it runs: the runner re-runs it when it ends). */
  async runNow(singletonKey: string): Promise<void> {
    await this.dataSource.query(`UPDATE jobs SET run_after = now() WHERE singleton_key = $1 AND state IN ('queued', 'failed') AND run_after > now()`, [singletonKey]);
  }

  /** When the earliest queued job of `queues` is due (null when none is queued). */
  async nextDue(queues: string[]): Promise<Date | null> {
    const [row] = await this.dataSource.query(`SELECT min(run_after) AS at FROM jobs WHERE queue = ANY($1::text[]) AND state IN ('queued', 'failed')`, [queues]);
    return row?.at ? new Date(row.at) : null;
  }

  findById(id: string): Promise<JobEntity | null> {
    return this.manager().getRepository(JobEntity).findOneBy({ id });
  }

  /**
   * Jobs a caller may see, newest first: those of its region subtree, and, to callers homed at
   * district level or above, the service's own jobs without a region (recurring work), as every
   * unplaced row is scoped (applyRegionScope's `unplaced`).
   */
  page(principal: Principal, filter: { queue?: string; state?: JobState }, args: ConnectionArgs, withTotalCount: boolean): Promise<Connection<JobEntity>> {
    const qb = this.manager().getRepository(JobEntity).createQueryBuilder('j');
    applyRegionScope(qb, 'j.region_code', principal, { unplaced: true });
    if (filter.queue) qb.andWhere('j.queue = :queue', { queue: filter.queue });
    if (filter.state) qb.andWhere('j.state = :state', { state: filter.state });
    return paginate(
      qb,
      args,
      { tag: 'jobCreated', column: 'j.created_at', type: 'timestamp', idColumn: 'j.id', key: (j) => [j.createdAt.toISOString(), j.id], direction: 'DESC' },
      { withTotalCount },
    );
  }
}
