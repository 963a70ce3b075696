import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRunner } from '../../src/common/jobs/job-runner';
import { ReliefService } from './relief.service';

/** The job runner's queue and schedule key: `jobRunner.wake(RELIEF_OVERDUE_QUEUE)` runs it now. */
export const RELIEF_OVERDUE_QUEUE = 'relief.overdue';

/** When the daily run starts (China time): after midnight, so "past due" means due yesterday or before. */
const DAILY_AT = '01:00';

/**
 * Marks PLANNED payments past their due date OVERDUE, once a day, on the service's one job
 * runner (src/common/jobs): a row in `jobs` leased by one instance at a time, retried with
 * backoff when it fails, listed by the `jobs` query. The work itself is a use case of the
 * service (ReliefService.markOverdue); this file only says when it runs.
 */
@Injectable()
export class ReliefOverdueJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly relief: ReliefService,
  ) {}

  // Queues and schedules are registered before the application starts (the runner starts at bootstrap).
  onModuleInit(): void {
    this.runner.register(RELIEF_OVERDUE_QUEUE, async () => {
      await this.relief.markOverdue();
    });
    this.runner.schedule(RELIEF_OVERDUE_QUEUE, RELIEF_OVERDUE_QUEUE, { dailyAt: DAILY_AT });
  }
}
