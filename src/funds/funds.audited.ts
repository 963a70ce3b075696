import { defineAudited } from '../audit/audit-descriptor';
import { FundAllocationEntity, FundDocumentEntity, ProjectFundingEntity } from './funds.entities';

/** How a fund document is recorded in the audit trail (`committed` is derived: left out of updates' diffs). */
export const FUND_DOCUMENT_AUDIT = defineAudited({
  entityType: 'FundDocument',
  actions: ['funds.createDocument', 'funds.updateDocument', 'funds.cancelDocument'],
  id: (x: FundDocumentEntity) => x.id,
  region: (x) => x.regionCode,
  omitOnUpdate: ['committed'],
});

export const FUND_ALLOCATION_AUDIT = defineAudited({
  entityType: 'FundAllocation',
  actions: ['funds.createAllocation', 'funds.updateAllocation', 'funds.cancelAllocation'],
  id: (x: FundAllocationEntity) => x.id,
  region: (x) => x.regionCode,
  omitOnUpdate: ['committed'],
});

export const PROJECT_FUNDING_AUDIT = defineAudited({
  entityType: 'ProjectFunding',
  actions: ['funds.createProjectFunding', 'funds.updateProjectFunding', 'funds.cancelProjectFunding'],
  id: (x: ProjectFundingEntity) => x.id,
  region: (x) => x.regionCode,
});
