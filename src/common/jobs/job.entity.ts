import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * queued → active → completed, or back to failed (a retry waits until run_after) and, after
 * max_attempts, dead. A recurring job (recurrence set) never completes: after each run it is
 * queued again for its next occurrence.
 */
export enum JobState {
  QUEUED = 'queued',
  ACTIVE = 'active',
  COMPLETED = 'completed',
  FAILED = 'failed',
  DEAD = 'dead',
}

/** When a recurring job runs again: every so many milliseconds, or once a day at a time (China time). */
export type Recurrence = { everyMs: number } | { dailyAt: string };

/**
 * One unit of background work for the job runner (src/common/jobs/job-runner.ts): its queue, its
 * payload, its attempts and its lease (owner and expiry, renewed by the heartbeat while a handler
 * runs). Jobs that belong to a region carry its code and are region-scoped in the jobs query.
 */
@Entity({ name: 'jobs' })
@Index('jobs_claim_idx', ['state', 'runAfter'])
@Index('jobs_queue_created_idx', ['queue', 'createdAt'])
@Index('jobs_singleton_key_idx', ['singletonKey'], { unique: true, where: `singleton_key IS NOT NULL` })
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  queue: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'enum', enum: JobState, enumName: 'job_state', default: JobState.QUEUED })
  state: JobState;

  /** Region the job belongs to (null for the service's own recurring work). */
  @Column({ name: 'region_code', type: 'varchar', length: 12, collation: 'C', nullable: true })
  regionCode: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'max_attempts', type: 'int' })
  maxAttempts: number;

  @Column({ name: 'run_after', type: 'timestamptz', default: () => 'now()' })
  runAfter: Date;

  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** At most one job with this key exists (recurring schedules use their name). */
  @Column({ name: 'singleton_key', type: 'varchar', length: 128, nullable: true })
  singletonKey: string | null;

  @Column({ type: 'jsonb', nullable: true })
  recurrence: Recurrence | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
