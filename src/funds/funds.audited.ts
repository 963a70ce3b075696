import { defineAudited } from '../audit/audit-descriptor';
import { FUND_PAYMENT, FUND_PAYMENT_AUDIT_MASK } from './funds.declaration';
import { FundAllocationEntity, FundDocumentEntity, ProjectFundingEntity } from './funds.entities';
import { FundPaymentEntity, ReimbursementEntity } from './reimbursement.entities';

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
  omitOnUpdate: ['committed'],
});

/** A reimbursement as audited: the row, with its lines and vouchers as written. */
export type AuditedReimbursement = ReimbursementEntity & { lines?: { expenseType: string; amount: string }[]; vouchers?: { kind: string; reference: string; datedOn: string }[] };

export const REIMBURSEMENT_AUDIT = defineAudited({
  entityType: 'FundReimbursement',
  actions: ['funds.createReimbursement', 'funds.correctReimbursement', 'funds.reviewReimbursement', 'funds.approveReimbursement', 'funds.returnReimbursement', 'funds.rejectReimbursement', 'funds.markReimbursed', 'funds.unmarkReimbursed'],
  id: (x: AuditedReimbursement) => x.id,
  region: (x) => x.regionCode,
  omitOnUpdate: ['paid'],
});

/** A payment as audited: the row plus its account in clear (masked by the declared field's mask) and its roster. */
export type AuditedPayment = FundPaymentEntity & { bankAccount?: string | null; households?: { householdId: string; amount: string }[] };

export const FUND_PAYMENT_AUDIT = defineAudited({
  entityType: FUND_PAYMENT,
  actions: ['funds.createPayment', 'funds.reversePayment', 'personalData.unmask'],
  id: (x: AuditedPayment) => x.id,
  region: (x) => x.regionCode,
  mask: FUND_PAYMENT_AUDIT_MASK,
});
