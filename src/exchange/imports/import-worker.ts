import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { existsSync, rmSync } from 'node:fs';
import type { Permission } from '../../common/access/permissions';
import { runWithScope } from '../../common/request-scope/request-scope';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ImportJobEntity, ImportJobStatus } from './import-job.entity';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportRunner } from './import-runner';
import { ImportsService } from './imports.service';
import { loggableError } from '../../common/errors/normalize';

/**
 * Runs queued import jobs one at a time in this process. At start, a job left RUNNING by a
 * process that died (every running job on the embedded database, which one process owns; on a
 * server, jobs whose heartbeat went stale) is queued again and resumes after its last committed
 * batch, or fails as INTERRUPTED when its file is gone: no job stays "running" forever. On a
 * graceful stop the current batch finishes and the job goes back to the queue.
 */
@Injectable()
export class ImportWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportWorker.name);
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopping = false;
  private wake = false;

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly runner: ImportRunner,
    private readonly imports: ImportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.imports.workerEnabled) return;
    this.imports.onQueued(() => this.kick());
    await this.recover(this.config.databaseUrl ? new Date(Date.now() - this.config.imports.staleAfterMs) : new Date(Date.now() + 60_000));
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current?.catch(() => undefined);
  }

  kick(): void {
    if (this.stopping) return;
    if (this.current) {
      this.wake = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.current = this.tick().finally(() => {
        this.current = undefined;
        const again = this.wake;
        this.wake = false;
        this.schedule(again ? 0 : this.config.imports.pollIntervalMs);
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      if (this.config.databaseUrl) await this.recover(new Date(Date.now() - this.config.imports.staleAfterMs));
      for (;;) {
        if (this.stopping) return;
        const job = await this.jobs.claimNext();
        if (!job) return;
        await this.runJob(job);
      }
    } catch (e) {
      if (!this.stopping) this.logger.error({ err: loggableError(e) }, 'import worker tick failed');
    }
  }

  private async runJob(job: ImportJobEntity): Promise<void> {
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
    await runWithScope({ requestId: `import-${job.id}`, principal }, () => this.runner.run(job, () => this.stopping));
    const after = await this.jobs.findById(job.id);
    if (after?.status === ImportJobStatus.RUNNING && this.stopping) {
      await this.jobs.updateOwned(job.id, job.attempts, { status: ImportJobStatus.QUEUED });
    } else if (after && after.status !== ImportJobStatus.RUNNING) {
      rmSync(job.filePath, { force: true });
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
