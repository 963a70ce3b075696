import { defineAudited } from '../audit/audit-descriptor';
import { VillageIndustryCheckEntity } from './village-check.entities';

/** A village check as audited: the row with its cooperatives (entity ids) and income sources. */
export type AuditedVillageCheck = VillageIndustryCheckEntity & { cooperativeIds: string[]; incomeSources: { source: string; amount: string }[] };

/** How a village industry check is recorded: one row per change, its children in the diff. */
export const VILLAGE_CHECK_AUDIT = defineAudited({
  entityType: 'VillageIndustryCheck',
  actions: ['projects.recordVillageIndustryCheck', 'projects.updateVillageIndustryCheck'],
  id: (x: AuditedVillageCheck) => x.id,
  region: (x) => x.regionCode,
});
