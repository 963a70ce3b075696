import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobRunner } from '../common/jobs/job-runner';
import { DisclosureService, SUBJECT_OBJECTION_QUEUE, SubjectObjection } from './disclosure.service';

/** The job runner's queue and schedule key: `jobRunner.wake(DISCLOSURE_PERIODS_QUEUE)` runs it now. */
export const DISCLOSURE_PERIODS_QUEUE = 'disclosure.periods';

/** Just after midnight, China time: a period whose last day was yesterday has ended. */
const DAILY_AT = '00:05';

/**
 * The module's jobs. Ends the periods of published notices whose last day has passed and closes ended notices whose
 * objections are all handled, once a day on the service's one job runner (src/common/jobs). The
 * work is DisclosureService.advancePeriods; handling an objection closes its ended notice at once.
 */
@Injectable()
export class DisclosurePeriodsJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly disclosure: DisclosureService,
  ) {}

  onModuleInit(): void {
    this.runner.register(DISCLOSURE_PERIODS_QUEUE, async () => {
      await this.disclosure.advancePeriods();
    });
    this.runner.schedule(DISCLOSURE_PERIODS_QUEUE, DISCLOSURE_PERIODS_QUEUE, { dailyAt: DAILY_AT });
    // Objections to notices about another module's records, handed to that module once committed.
    this.runner.register<SubjectObjection>(SUBJECT_OBJECTION_QUEUE, (objection) => this.disclosure.handOver(objection));
  }
}
