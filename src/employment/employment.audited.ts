import { defineAudited } from '../audit/audit-descriptor';
import { auditMaskOf } from '../common/protection/protected-field';
import { EMPLOYMENT_RECORD_CONTACT_PHONE } from './employment.declaration';
import { EmploymentRecordEntity, NotSeekingWorkMarkEntity } from './employment-record.entity';
import { PublicWelfarePostEntity } from './posts.entity';
import { PovertyWorkshopEntity } from './workshops.entity';
import { ReturneeStartupEntity } from './startups.entity';
import { TrainingCourseEntity, TrainingParticipationEntity } from './training.entity';
import { JobOpeningEntity } from './openings.entity';

/** How an employment record is recorded in the audit log. */
export const EMPLOYMENT_RECORD_AUDIT = defineAudited({
  entityType: 'EmploymentRecord',
  actions: [
    'employment.createEmploymentRecord', 'employment.updateEmploymentRecord', 'employment.deleteEmploymentRecord', 'employment.importEmploymentRecord', 'employment.assignPostHolder', 'employment.placeCandidate',
    'personalData.unmask',
  ],
  id: (x: AuditedEmploymentRecord) => x.id,
  region: (x) => x.regionCode,
  // The contact phone in clear, masked by the declared field's mask (never recorded in full).
  mask: auditMaskOf([EMPLOYMENT_RECORD_CONTACT_PHONE], EMPLOYMENT_RECORD_CONTACT_PHONE.entity),
});

/** An employment record as audited: the stored row plus its contact phone in clear, which the mask hides. */
export type AuditedEmploymentRecord = EmploymentRecordEntity & { contactPhone?: string | null };

/** How a member's "not seeking work" mark is recorded in the audit log (by member id). */
export const NOT_SEEKING_WORK_AUDIT = defineAudited({
  entityType: 'NotSeekingWorkMark',
  actions: ['employment.markNotSeekingWork', 'employment.clearNotSeekingWork'],
  id: (x: NotSeekingWorkMarkEntity) => x.memberId,
  region: (x) => x.regionCode,
});

/** How a public-welfare post is recorded in the audit log. */
export const PUBLIC_WELFARE_POST_AUDIT = defineAudited({
  entityType: 'PublicWelfarePost',
  actions: ['employment.createPublicWelfarePost', 'employment.updatePublicWelfarePost', 'employment.closePublicWelfarePost'],
  id: (x: PublicWelfarePostEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a poverty-alleviation workshop is recorded in the audit log. */
export const POVERTY_WORKSHOP_AUDIT = defineAudited({
  entityType: 'PovertyWorkshop',
  actions: ['employment.createPovertyWorkshop', 'employment.updatePovertyWorkshop'],
  id: (x: PovertyWorkshopEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a training course is recorded in the audit log. */
export const TRAINING_COURSE_AUDIT = defineAudited({
  entityType: 'TrainingCourse',
  actions: ['employment.createTrainingCourse', 'employment.updateTrainingCourse', 'employment.importTrainingCourse'],
  id: (x: TrainingCourseEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a trainee's enrolment (by real name) is recorded in the audit log; a removal carries its reason. */
export const TRAINING_PARTICIPATION_AUDIT = defineAudited({
  entityType: 'TrainingParticipation',
  actions: ['employment.enrolTrainee', 'employment.updateParticipation', 'employment.removeParticipation', 'employment.importTrainee'],
  id: (x: TrainingParticipationEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a returnee start-up is recorded in the audit log. */
export const RETURNEE_STARTUP_AUDIT = defineAudited({
  entityType: 'ReturneeStartup',
  actions: ['employment.createReturneeStartup', 'employment.updateReturneeStartup'],
  id: (x: ReturneeStartupEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a job opening is recorded in the audit log. */
export const JOB_OPENING_AUDIT = defineAudited({
  entityType: 'JobOpening',
  actions: ['employment.createJobOpening', 'employment.updateJobOpening', 'employment.closeJobOpening'],
  id: (x: JobOpeningEntity) => x.id,
  region: (x) => x.regionCode,
});
