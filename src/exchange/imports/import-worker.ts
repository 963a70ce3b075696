import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { existsSync, rmSync } from 'node:fs';
import type { Permission } from '../../common/access/permissions';
import { runWithScope } from '../../common/request-scope/request-scope';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ImportJobEntity, ImportJobStatus } from './import-job.entity';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportRunner } from './import-runner';
import { ImportsService } from './imports.service';
import { DomainEvents } from '../../common/events/domain-events';
import { JobRunner } from '../../common/jobs/job-runner';
import { ImportCompleted } from './import-events';

/** The runner's queue (and recurring schedule) that drains the queued import jobs. */
export const IMPORT_DRAIN_QUEUE = 'imports.drain';

/**
 * Runs queued import jobs one at a time, as the handler of the job runner's recurring
 * `imports.drain` job (src/common/jobs): every IMPORT_POLL_INTERVAL_MS, and at once when a job
 * is queued; the runner's lease (IMPORT_STALE_AFTER_MS) keeps one drain at a time across
 * instances. The import job's own row keeps its claim, heartbeat and checkpoint (status,
 * attempts, rows committed: what the API shows and where a job resumes). At start, a job left
 * RUNNING by a process that died (every running job on the embedded database, which one
 * process owns; on a server, jobs whose heartbeat went stale) is queued again and resumes after
 * its last committed batch, or fails as INTERRUPTED when its file is gone: no job stays
 * "running" forever. On a graceful stop the current batch finishes and the job goes back to the
 * queue. The uploaded file is removed once the job's end is committed (ImportCompleted).
 */
@Injectable()
export class ImportWorker implements OnModuleInit {
  private readonly logger = new Logger(ImportWorker.name);
  private recovered = false;

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly runner: ImportRunner,
    private readonly imports: ImportsService,
    private readonly jobRunner: JobRunner,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on(ImportCompleted, (e) => rmSync(e.filePath, { force: true }));
    if (!this.config.imports.workerEnabled) return;
    this.jobRunner.register(IMPORT_DRAIN_QUEUE, (_payload, ctx) => this.drain(ctx.signal), { leaseMs: this.config.imports.staleAfterMs });
    this.jobRunner.schedule(IMPORT_DRAIN_QUEUE, IMPORT_DRAIN_QUEUE, { everyMs: this.config.imports.pollIntervalMs });
    this.imports.onQueued(() => this.kick());
  }

  kick(): void {
    this.jobRunner.wake(IMPORT_DRAIN_QUEUE);
  }

  /** One drain: recover orphans, then run queued jobs until none is left or the service stops. */
  private async drain(signal: AbortSignal): Promise<void> {
    const server = !!this.config.databaseUrl;
    if (server || !this.recovered) {
      // Embedded: the first drain of this process finds only jobs its previous run left RUNNING.
      await this.recover(server ? new Date(Date.now() - this.config.imports.staleAfterMs) : new Date(Date.now() + this.config.imports.staleAfterMs));
      this.recovered = true;
    }
    for (;;) {
      if (signal.aborted) return;
      const job = await this.jobs.claimNext();
      if (!job) return;
      await this.runJob(job, () => signal.aborted);
    }
  }

  private async runJob(job: ImportJobEntity, stopping: () => boolean): Promise<void> {
    const scopePrefix = await this.jobs.scopePrefixOf(job.regionCode);
    // Audit rows name the person who uploaded the file.
    const principal = {
      kind: 'user' as const,
      id: job.createdBy ?? job.id,
      personId: job.createdBy ?? job.id,
      name: job.createdByName ?? 'import',
      roles: [],
      permissions: new Set<Permission>(),
      regionCode: job.regionCode,
      scopePrefix,
    };
    await runWithScope({ requestId: `import-${job.id}`, principal }, () => this.runner.run(job, stopping));
    const after = await this.jobs.findById(job.id);
    if (after?.status === ImportJobStatus.RUNNING && stopping()) {
      await this.jobs.updateOwned(job.id, job.attempts, { status: ImportJobStatus.QUEUED });
    } else if (after?.status === ImportJobStatus.RUNNING) {
      this.logger.warn({ jobId: job.id }, 'import job left running (taken over by another worker)');
    }
  }

  /** Jobs left running by a dead process: queued again to resume, or failed when the file is gone. */
  async recover(staleBefore: Date): Promise<void> {
    for (const job of await this.jobs.orphans(staleBefore)) {
      if (job.attempts >= this.config.imports.maxAttempts) {
        // A file that stops the process every time is not started again and again.
        await this.jobs.releaseOrphan(job.id, staleBefore, {
          status: ImportJobStatus.FAILED,
          errorCode: 'TOO_MANY_ATTEMPTS',
          errorMessage: `导入已中断 ${job.attempts} 次，不再自动重试；已提交的批次保留，可重新导入 (interrupted ${job.attempts} times, not resumed again; committed batches stay, import the file again)`,
          finishedAt: new Date(),
        });
      } else if (existsSync(job.filePath)) {
        if (await this.jobs.releaseOrphan(job.id, staleBefore, { status: ImportJobStatus.QUEUED })) {
          this.logger.warn({ jobId: job.id, rowsCommitted: job.rowsCommitted }, 'resuming an import job left running by a stopped process');
        }
      } else {
        await this.jobs.releaseOrphan(job.id, staleBefore, {
          status: ImportJobStatus.FAILED,
          errorCode: 'INTERRUPTED',
          errorMessage: '服务中断且导入文件已不存在，已提交的批次保留，请重新导入 (interrupted and the file is gone; committed batches stay, import the file again)',
          finishedAt: new Date(),
        });
      }
    }
  }
}
