import { defineAudited } from '../audit/audit-descriptor';
import { auditMaskOf } from '../common/protection/protected-field';
import { DISABILITY_CERTIFICATE_NUMBER, SOCIAL_ASSISTANCE_ID_NUMBER } from './disability.declaration';
import { SocialAssistanceCaseEntity, SocialAssistanceRosterEntryEntity } from './social-assistance.entities';
import { DisabilityCertificateEntity, DisabilitySubsidyPaymentEntity } from './disability.entities';
import { AssistanceMatchEntity, AssistanceNeedEntity, AssistanceProviderEntity } from './demand-matching.entities';
import { DisabilityServiceEntity, DisabilityServiceNeedEntity } from './services.entities';

/** A certificate as audited: the stored row plus its number in clear, which the mask hides. */
export type AuditedCertificate = DisabilityCertificateEntity & { certificateNumber?: string | null };

/** How a certificate is recorded in the audit log: the number masked; a revocation or deletion carries its reason. */
export const DISABILITY_CERTIFICATE_AUDIT = defineAudited<AuditedCertificate>({
  entityType: DISABILITY_CERTIFICATE_NUMBER.entity,
  actions: ['disability.createCertificate', 'disability.updateCertificate', 'disability.revokeCertificate', 'disability.deleteCertificate', 'personalData.unmask'],
  id: (x) => x.id,
  region: (x) => x.regionCode,
  mask: auditMaskOf([DISABILITY_CERTIFICATE_NUMBER], DISABILITY_CERTIFICATE_NUMBER.entity),
});

/** How a subsidy payment is recorded in the audit log; a deletion carries its reason. */
export const DISABILITY_SUBSIDY_PAYMENT_AUDIT = defineAudited({
  entityType: 'DisabilitySubsidyPayment',
  actions: ['disability.createSubsidyPayment', 'disability.updateSubsidyPayment', 'disability.deleteSubsidyPayment'],
  id: (x: DisabilitySubsidyPaymentEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a roster entry is recorded in the audit log: the ID number masked (the registry's mask). */
export const SOCIAL_ASSISTANCE_ROSTER_AUDIT = defineAudited<SocialAssistanceRosterEntryEntity & { idNumber?: string | null }>({
  entityType: SOCIAL_ASSISTANCE_ID_NUMBER.entity,
  actions: ['disability.importAssistanceRoster', 'personalData.unmask'],
  id: (x) => x.id,
  region: (x) => x.regionCode,
  mask: auditMaskOf([SOCIAL_ASSISTANCE_ID_NUMBER], SOCIAL_ASSISTANCE_ID_NUMBER.entity),
});

/** How a reconciliation case's resolution is recorded in the audit log (the facts carry no ID number). */
export const SOCIAL_ASSISTANCE_CASE_AUDIT = defineAudited({
  entityType: 'SocialAssistanceCase',
  actions: ['disability.resolveAssistanceCase'],
  id: (x: SocialAssistanceCaseEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How the social-assistance network's records are audited (§21): needs, providers, matches. */
export const ASSISTANCE_NEED_AUDIT = defineAudited({
  entityType: 'AssistanceNeed',
  actions: ['disability.createAssistanceNeed', 'disability.updateAssistanceNeed', 'disability.deliverAssistanceMatch'],
  id: (x: AssistanceNeedEntity) => x.id,
  region: (x) => x.regionCode,
});
export const ASSISTANCE_PROVIDER_AUDIT = defineAudited({
  entityType: 'AssistanceProvider',
  actions: ['disability.createAssistanceProvider', 'disability.updateAssistanceProvider'],
  id: (x: AssistanceProviderEntity) => x.id,
  region: (x) => x.regionCode,
});
export const ASSISTANCE_MATCH_AUDIT = defineAudited({
  entityType: 'AssistanceMatch',
  actions: ['disability.createAssistanceMatch', 'disability.acceptAssistanceMatch', 'disability.deliverAssistanceMatch', 'disability.declineAssistanceMatch'],
  id: (x: AssistanceMatchEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a disability service need is audited (part 4); a delivery against it that meets it, too. */
export const DISABILITY_SERVICE_NEED_AUDIT = defineAudited({
  entityType: 'DisabilityServiceNeed',
  actions: ['disability.createServiceNeed', 'disability.updateServiceNeed', 'disability.createService', 'disability.deleteService'],
  id: (x: DisabilityServiceNeedEntity) => x.id,
  region: (x) => x.regionCode,
});

/** How a delivered disability service is audited (part 4); a deletion carries its reason. */
export const DISABILITY_SERVICE_AUDIT = defineAudited({
  entityType: 'DisabilityService',
  actions: ['disability.createService', 'disability.updateService', 'disability.deleteService'],
  id: (x: DisabilityServiceEntity) => x.id,
  region: (x) => x.regionCode,
});
