import { defineAudited } from '../audit/audit-descriptor';
import { auditMaskOf } from '../common/protection/protected-field';
import { HELPER_PHONE } from './assistance.declaration';
import { AssistingUnitEntity, HelperEntity, PairingEntity, VillageAssignmentEntity, VisitEntity } from './assistance.entities';

/** How the assistance module's entities are recorded in the audit trail (see AuditDescriptor). */

export const ASSISTING_UNIT_AUDIT = defineAudited<AssistingUnitEntity>({
  entityType: 'AssistingUnit',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

/** How a helper is recorded: with the clear phone number, recorded masked (the mask derived from the declared field, ASSISTANCE.protectedFields). */
export const HELPER_AUDIT = defineAudited<HelperEntity & { phone?: string | null }>({
  entityType: 'Helper',
  id: (x) => x.id,
  region: (x) => x.regionCode,
  mask: auditMaskOf([HELPER_PHONE], HELPER_PHONE.entity),
});

export const PAIRING_AUDIT = defineAudited<PairingEntity>({
  entityType: 'Pairing',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

export const VISIT_AUDIT = defineAudited<VisitEntity>({
  entityType: 'Visit',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});

export const VILLAGE_ASSIGNMENT_AUDIT = defineAudited<VillageAssignmentEntity>({
  entityType: 'VillageAssignment',
  id: (x) => x.id,
  region: (x) => x.regionCode,
});
