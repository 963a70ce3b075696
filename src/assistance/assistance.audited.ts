import { defineAudited } from '../audit/audit-descriptor';
import { AssistingUnitEntity, PairingEntity, VillageAssignmentEntity, VisitEntity } from './assistance.entities';

/**
 * How the assistance module's entities are recorded in the audit trail (see AuditDescriptor).
 * The helper's descriptor (HELPER_AUDIT) is beside its phone mask in helpers.service.ts.
 */

export const ASSISTING_UNIT_AUDIT = defineAudited<AssistingUnitEntity>({
  entityType: 'AssistingUnit',
  id: (x) => x.id,
  region: (x) => x.regionCode,
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
