import { defineAudited } from '../../src/audit/audit-descriptor';
import { auditMaskOf } from '../../src/common/protection/protected-field';
import { RELIEF_PAYEE_ACCOUNT } from './relief.declaration';
import { ReliefPaymentEntity } from './relief-payment.entity';

/** A payment as audited: the stored row plus its payee account in clear, which the mask below hides. */
export type AuditedReliefPayment = ReliefPaymentEntity & { payeeAccount?: string | null };

/**
 * How a payment is recorded in the audit trail. The mask comes from the declared field, so the
 * account appears as `6222 **** **** 0123` in audit rows; the ciphertext and blind index are
 * left out by the audit diff itself (DEFAULT_OMIT), as are version and timestamps.
 */
export const RELIEF_PAYMENT_AUDIT = defineAudited<AuditedReliefPayment>({
  entityType: RELIEF_PAYEE_ACCOUNT.entity,
  id: (x) => x.id,
  region: (x) => x.regionCode,
  mask: auditMaskOf([RELIEF_PAYEE_ACCOUNT], RELIEF_PAYEE_ACCOUNT.entity),
});
