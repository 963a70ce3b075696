import { defineAudited } from '../audit/audit-descriptor';
import { LinkageEntity } from './linkage.entity';

/** How a benefit linkage is recorded in the audit log. */
export const LINKAGE_AUDIT = defineAudited({
  entityType: 'BenefitLinkage',
  actions: ['projects.createBenefitLinkage', 'projects.updateBenefitLinkage', 'projects.endBenefitLinkage', 'projects.importBenefitLinkage'],
  id: (x: LinkageEntity) => x.id,
  region: (x) => x.regionCode,
});
