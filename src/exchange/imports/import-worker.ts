import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { existsSync, rmSync } from 'node:fs';
import type { Permission } from '../../common/access/permissions';
import { runWithScope } from '../../common/request-scope/request-scope';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ImportJobEntity, ImportJobStatus } from './import-job.entity';
import { ImportClaim, ImportJobsRepository } from './import-jobs.repository';
import { ImportRunner } from './import-runner';
import { DomainEvents } from '../../common/events/domain-events';
import { DeadJob, JobContext, JobRunner } from '../../common/jobs/job-runner';
import { ImportCompleted } from './import-events';
import { IMPORT_QUEUE, ImportJobPayload } from './import-queue';
import { IMPORT_THREADS, ImportThreads } from './import-thread';

/**
 * Runs imports as jobs of the one job runner (src/common/jobs): each upload enqueues one job on
 * queue `imports.run` (singleton key `import:<id>`) in the upload's own transaction, and the
 * runner starts it as soon as that commits, up to IMPORT_CONCURRENCY at once per process. The
 * runner holds the claim, its lease (IMPORT_STALE_AFTER_MS, renewed by its heartbeat) and the
 * attempts; the import's row holds its checkpoint (rows committed), which every batch advances
 * only while the claim holds.
 *
 * - A graceful stop finishes the batch in flight and hands the job back (`ctx.requeue()`, no
 *   attempt spent): the next start resumes after the last committed batch.
 * - A process that dies leaves the job active; its lease expires and a runner (the next start on
 *   the embedded database, any instance on a server) takes it over and resumes it; when the file
 *   is gone meanwhile, the import fails as INTERRUPTED, keeping its committed batches.
 * - An import that fails (bad file, all-or-nothing with problems, an internal error) is a
 *   *completed* job on the runner: the failure is the import's status and error code.
 * - A job that dies on the runner (its runners died IMPORT_MAX_ATTEMPTS times, or its handler
 *   kept failing) marks its import FAILED as TOO_MANY_ATTEMPTS, in the same transaction.
 *
 * The uploaded file is removed once the import's end is committed (ImportCompleted).
 *
 * On a PostgreSQL server the import itself runs in an import thread (import-thread.ts, IMPORT_THREAD):
 * this handler keeps the job (claim, lease, attempts, the hand-back above) and the thread runs
 * `runHere`, what `execute` runs here otherwise.
 */
@Injectable()
export class ImportWorker implements OnModuleInit {
  private readonly logger = new Logger(ImportWorker.name);

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly runner: ImportRunner,
    private readonly jobRunner: JobRunner,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IMPORT_THREADS) private readonly threaded: boolean,
    private readonly threads: ImportThreads,
  ) {}

  onModuleInit(): void {
    this.events.on(ImportCompleted, (e) => rmSync(e.filePath, { force: true }));
    if (!this.config.imports.workerEnabled) return;
    this.jobRunner.register<ImportJobPayload>(IMPORT_QUEUE, (payload, ctx) => this.handle(payload, ctx), {
      leaseMs: this.config.imports.staleAfterMs,
      maxAttempts: this.config.imports.maxAttempts,
      concurrency: this.config.imports.concurrency,
      onDead: (dead) => this.onDead(dead as DeadJob<ImportJobPayload>),
    });
  }

  /** The runner's handler: runs (or resumes) one import to its end, or until the service stops. */
  async handle(payload: ImportJobPayload, ctx: JobContext): Promise<void> {
    const claim: ImportClaim = { jobId: ctx.job.id, owner: ctx.job.leaseOwner!, attempt: ctx.job.attempts };
    const started = await this.jobs.start(payload.importId, claim);
    if (!started) return; // ended already (or removed): nothing to do
    const { job, leftRunning } = started;
    if (leftRunning || job.rowsCommitted > 0) {
      if (!existsSync(job.filePath)) {
        await this.fail(job.id, 'INTERRUPTED', '服务中断且导入文件已不存在，已提交的批次保留，请重新导入 (interrupted and the file is gone; committed batches stay, import the file again)');
        return;
      }
      const why = leftRunning ? 'resuming an import job left running by a stopped process' : 'resuming an import job handed back at shutdown';
      this.logger.warn({ jobId: job.id, rowsCommitted: job.rowsCommitted, attempt: ctx.job.attempts }, why);
    }
    await this.execute(job, claim, ctx.signal);
    if (ctx.signal.aborted) {
      const after = await this.jobs.findById(job.id);
      // Stopped after a committed batch: queued again, resumed by the next start.
      if (after?.status === ImportJobStatus.RUNNING && (await this.jobs.updateOwned(job.id, claim, { status: ImportJobStatus.QUEUED }))) ctx.requeue();
    }
  }

  /**
   * Runs a started import to its end, or until `signal` aborts (then after the batch in flight has
   * committed): in an import thread of its own when imports run in threads (import-thread.ts),
   * else here. The same either way: ImportRunner under the uploader's principal.
   */
  async execute(job: ImportJobEntity, claim: ImportClaim, signal?: AbortSignal): Promise<void> {
    if (this.threaded) await this.threads.run(job.id, claim, signal);
    else await this.runAs(job, claim, () => signal?.aborted ?? false);
  }

  /** An import thread's work (src/import-thread.ts): runs the started import `jobId` here. */
  async runHere(jobId: string, claim: ImportClaim, stopping: () => boolean): Promise<void> {
    const job = await this.jobs.findById(jobId);
    if (job?.status !== ImportJobStatus.RUNNING) return; // ended or removed meanwhile: nothing to do
    await this.runAs(job, claim, stopping);
  }

  /** Runs the import with the uploader as the principal (audit rows name the person who uploaded the file). */
  private async runAs(job: ImportJobEntity, claim: ImportClaim, stopping: () => boolean): Promise<void> {
    const scopePrefix = await this.jobs.scopePrefixOf(job.regionCode);
    const principal = {
      kind: 'user' as const,
      id: job.createdBy ?? job.id,
      personId: job.createdBy ?? job.id,
      name: job.createdByName ?? 'import',
      roles: job.createdByRoles ?? [],
      permissions: new Set<Permission>(),
      regionCode: job.regionCode,
      scopePrefix,
      sector: job.createdBySector ?? null,
    };
    await runWithScope({ requestId: `import-${job.id}`, principal, background: 'imports' }, () => this.runner.run(job, claim, stopping));
  }

  /** The job died on the runner: its import, if still open, fails as TOO_MANY_ATTEMPTS in the same transaction. */
  private async onDead({ payload, job, lastError, manager }: DeadJob<ImportJobPayload>): Promise<void> {
    const failed = await this.jobs.failOpen(
      manager,
      payload.importId,
      'TOO_MANY_ATTEMPTS',
      `导入已中断 ${job.attempts} 次，不再自动重试；已提交的批次保留，可重新导入 (stopped ${job.attempts} times: ${lastError}; not resumed again; committed batches stay, import the file again)`,
    );
    if (failed) this.events.publish(manager, new ImportCompleted(failed.id, ImportJobStatus.FAILED, failed.regionCode, failed.filePath, 'TOO_MANY_ATTEMPTS'));
  }

  private async fail(id: string, code: string, message: string): Promise<void> {
    await this.jobs.transaction(async (m) => {
      const failed = await this.jobs.failOpen(m, id, code, message);
      if (failed) this.events.publish(m, new ImportCompleted(failed.id, ImportJobStatus.FAILED, failed.regionCode, failed.filePath, code));
    });
  }
}
