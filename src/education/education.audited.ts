import { defineAudited } from '../audit/audit-descriptor';
import { EducationAidRecordEntity, EnrolmentEntity, HomeTeachingEntity, ReturnCaseEntity } from './education.entities';

/** How an enrolment is recorded in the audit log; a deletion carries its reason. */
export const ENROLMENT_AUDIT = defineAudited({
  entityType: 'Enrolment',
  actions: ['education.createEnrolment', 'education.updateEnrolment', 'education.deleteEnrolment', 'education.importEnrolment'],
  id: (x: EnrolmentEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a student aid record is recorded in the audit log; a deletion carries its reason. */
export const EDUCATION_AID_AUDIT = defineAudited({
  entityType: 'EducationAidRecord',
  actions: ['education.createAidRecord', 'education.updateAidRecord', 'education.deleteAidRecord', 'education.importAidRecord'],
  id: (x: EducationAidRecordEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a home-teaching arrangement is recorded in the audit log; a deletion carries its reason. */
export const HOME_TEACHING_AUDIT = defineAudited({
  entityType: 'HomeTeaching',
  actions: ['education.recordHomeTeaching', 'education.deleteHomeTeaching'],
  id: (x: HomeTeachingEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a return-to-school case is recorded in the audit log (each step changes the case). */
export const RETURN_CASE_AUDIT = defineAudited({
  entityType: 'ReturnToSchoolCase',
  actions: ['education.openReturnCase', 'education.addReturnCaseStep'],
  id: (x: ReturnCaseEntity) => x.id,
  region: (x) => x.regionCode,
});
