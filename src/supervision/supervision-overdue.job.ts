import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRunner } from '../common/jobs/job-runner';
import { SupervisionService } from './supervision.service';

/** The job runner's queue and schedule key: `jobRunner.wake(SUPERVISION_OVERDUE_QUEUE)` runs it now. */
export const SUPERVISION_OVERDUE_QUEUE = 'supervision.overdue';

/** When the daily run starts (China time): after midnight, so "past the deadline" means the deadline was yesterday or before. */
const DAILY_AT = '01:00';

/**
 * Marks findings past their deadline overdue and issues their supervision letters (督办函), once a
 * day, on the service's one job runner (src/common/jobs). The work is SupervisionService.markOverdue.
 */
@Injectable()
export class SupervisionOverdueJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly supervision: SupervisionService,
  ) {}

  onModuleInit(): void {
    this.runner.register(SUPERVISION_OVERDUE_QUEUE, async () => {
      await this.supervision.markOverdue();
    });
    this.runner.schedule(SUPERVISION_OVERDUE_QUEUE, SUPERVISION_OVERDUE_QUEUE, { dailyAt: DAILY_AT });
  }
}
