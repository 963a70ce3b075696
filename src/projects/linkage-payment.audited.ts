import { defineAudited } from '../audit/audit-descriptor';
import { LinkagePaymentEntity } from './linkage-payment.entity';

/** How a linkage payment (and a reversal, another row) is recorded in the audit log. */
export const LINKAGE_PAYMENT_AUDIT = defineAudited({
  entityType: 'LinkagePayment',
  actions: ['projects.recordLinkagePayment', 'projects.reverseLinkagePayment'],
  id: (x: LinkagePaymentEntity) => x.id,
  region: (x) => x.regionCode,
});
