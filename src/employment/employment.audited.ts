import { defineAudited } from '../audit/audit-descriptor';
import { EmploymentRecordEntity, NotSeekingWorkMarkEntity } from './employment-record.entity';
import { JobOpeningEntity } from './openings.entity';

/** How an employment record is recorded in the audit log. */
export const EMPLOYMENT_RECORD_AUDIT = defineAudited({
  entityType: 'EmploymentRecord',
  actions: ['employment.createEmploymentRecord', 'employment.updateEmploymentRecord', 'employment.deleteEmploymentRecord', 'employment.placeCandidate'],
  id: (x: EmploymentRecordEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a member's "not seeking work" mark is recorded in the audit log (by member id). */
export const NOT_SEEKING_WORK_AUDIT = defineAudited({
  entityType: 'NotSeekingWorkMark',
  actions: ['employment.markNotSeekingWork', 'employment.clearNotSeekingWork'],
  id: (x: NotSeekingWorkMarkEntity) => x.memberId,
  region: (x) => x.regionCode,
});

/** How a job opening is recorded in the audit log. */
export const JOB_OPENING_AUDIT = defineAudited({
  entityType: 'JobOpening',
  actions: ['employment.createJobOpening', 'employment.updateJobOpening', 'employment.closeJobOpening'],
  id: (x: JobOpeningEntity) => x.id,
  region: (x) => x.regionCode,
});
