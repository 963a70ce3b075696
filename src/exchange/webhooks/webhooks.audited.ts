import { defineAudited } from '../../audit/audit-descriptor';
import { WebhookSubscriptionEntity } from './webhook.entities';

/**
 * How a webhook subscription is recorded in the audit trail (see AuditDescriptor). Its signing
 * secret never reaches a row: the ciphertext is left out, and a rotation is recorded as the fact
 * that it happened.
 */
export const WEBHOOK_SUBSCRIPTION_AUDIT = defineAudited({
  entityType: 'WebhookSubscription',
  actions: [
    'webhooks.createSubscription',
    'webhooks.updateSubscription',
    'webhooks.rotateSecret',
    'webhooks.deleteSubscription',
    'webhooks.replaySubscription',
    'webhooks.redeliverDeadLetter',
  ],
  id: (s: WebhookSubscriptionEntity) => s.id,
  region: (s) => s.regionCode,
  omit: ['secretEnc'],
  // The dispatcher moves these: an update records what the caller changed.
  omitOnUpdate: ['nextAttemptAt', 'failedAttempts', 'position'],
});
