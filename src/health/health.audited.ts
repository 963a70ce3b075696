import { defineAudited } from '../audit/audit-descriptor';
import { InsuranceEnrolmentEntity } from './insurance.entity';

/** How an insurance enrolment is recorded in the audit log; a deletion carries its reason. */
export const INSURANCE_ENROLMENT_AUDIT = defineAudited({
  entityType: 'InsuranceEnrolment',
  actions: ['health.createInsuranceEnrolment', 'health.updateInsuranceEnrolment', 'health.deleteInsuranceEnrolment'],
  id: (x: InsuranceEnrolmentEntity) => x.id,
  region: (x) => x.regionCode,
});
