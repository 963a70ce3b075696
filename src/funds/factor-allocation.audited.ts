import { defineAudited } from '../audit/audit-descriptor';
import { FundAllocationRunEntity, FundFactorValueEntity } from './factor-allocation.entities';

/** How an entered factor value is recorded in the audit trail (one action: enter or correct). */
export const FUND_FACTOR_VALUE_AUDIT = defineAudited({
  entityType: 'FundFactorValue',
  actions: ['funds.setFactorValue'],
  id: (x: FundFactorValueEntity) => x.id,
  region: (x) => x.regionCode,
});

/** A run, recorded once when stored (its inputs are in the run itself, left out of the row), and a fact when applied as allocations. */
export const FUND_ALLOCATION_RUN_AUDIT = defineAudited({
  entityType: 'FundAllocationRun',
  actions: ['funds.runFactorAllocation', 'funds.applyFactorAllocationRun'],
  id: (x: FundAllocationRunEntity) => x.id,
  region: (x) => x.parentRegionCode,
  omit: ['inputs'],
});
