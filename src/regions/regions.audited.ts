import { defineAudited } from '../audit/audit-descriptor';
import { RegionEntity } from './region.entity';

/** How a division is recorded in the audit trail: its own code is its region. */
export const REGION_AUDIT = defineAudited<RegionEntity>({
  entityType: 'Region',
  id: (r) => r.id,
  region: (r) => r.code,
});
