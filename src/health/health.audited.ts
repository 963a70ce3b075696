import { defineAudited } from '../audit/audit-descriptor';
import { FamilyDoctorContractEntity, FamilyDoctorFollowUpEntity } from './family-doctor.entity';
import { HospitalStayEntity } from './hospital-stay.entity';
import { InsuranceEnrolmentEntity } from './insurance.entity';

/** How an insurance enrolment is recorded in the audit log; a deletion carries its reason. */
export const INSURANCE_ENROLMENT_AUDIT = defineAudited({
  entityType: 'InsuranceEnrolment',
  actions: ['health.createInsuranceEnrolment', 'health.updateInsuranceEnrolment', 'health.deleteInsuranceEnrolment', 'health.importInsuranceEnrolment'],
  id: (x: InsuranceEnrolmentEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a family-doctor contract is recorded in the audit log; a deletion carries its reason. */
export const FAMILY_DOCTOR_CONTRACT_AUDIT = defineAudited({
  entityType: 'FamilyDoctorContract',
  actions: ['health.createFamilyDoctorContract', 'health.updateFamilyDoctorContract', 'health.deleteFamilyDoctorContract', 'health.importFamilyDoctorContract'],
  id: (x: FamilyDoctorContractEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a follow-up is recorded in the audit log; a removal carries its reason. */
export const FAMILY_DOCTOR_FOLLOW_UP_AUDIT = defineAudited({
  entityType: 'FamilyDoctorFollowUp',
  actions: ['health.recordFollowUp', 'health.removeFollowUp'],
  id: (x: FamilyDoctorFollowUpEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a hospital stay is recorded in the audit log; a deletion carries its reason. */
export const HOSPITAL_STAY_AUDIT = defineAudited({
  entityType: 'HospitalStay',
  actions: ['health.createHospitalStay', 'health.updateHospitalStay', 'health.deleteHospitalStay', 'health.importHospitalStay'],
  id: (x: HospitalStayEntity) => x.id,
  region: (x) => x.regionCode,
});
