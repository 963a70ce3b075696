import { defineAudited } from '../audit/audit-descriptor';
import { auditMaskOf } from '../common/protection/protected-field';
import { IMPLEMENTING_ENTITY_PHONE } from './projects.declaration';
import { ImplementingEntityEntity } from './implementing-entity.entity';

/** An implementing entity as audited: the stored row plus its phone in clear, which the mask hides. */
export type AuditedImplementingEntity = ImplementingEntityEntity & { phone?: string | null };

/** How an implementing entity is recorded (the phone masked by the declared field's mask). */
export const IMPLEMENTING_ENTITY_AUDIT = defineAudited({
  entityType: IMPLEMENTING_ENTITY_PHONE.entity,
  actions: ['projects.createImplementingEntity', 'projects.updateImplementingEntity', 'projects.closeImplementingEntity', 'personalData.unmask'],
  id: (x: AuditedImplementingEntity) => x.id,
  region: (x) => x.regionCode,
  mask: auditMaskOf([IMPLEMENTING_ENTITY_PHONE], IMPLEMENTING_ENTITY_PHONE.entity),
});
