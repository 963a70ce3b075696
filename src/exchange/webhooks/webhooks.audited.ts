import { defineAudited } from '../../audit/audit-descriptor';
import { WebhookSubscriptionEntity } from './webhook.entities';

/**
 * A receiver's URL as the audit trail keeps it: user name, password and every query value
 * hidden (`https://***:***@host/path?token=***`), since receivers often take a token there and the
 * audit trail is read by auditors who must not be able to post to the receiver. Scheme, host,
 * port, path and the query's names stay, so the row still says where deliveries went.
 */
export function auditedUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '***';
  }
  if (u.username) u.username = '***';
  if (u.password) u.password = '***';
  for (const name of new Set(u.searchParams.keys())) u.searchParams.set(name, '***');
  if (u.hash) u.hash = '***';
  return u.toString();
}

/**
 * How a webhook subscription is recorded in the audit trail (see AuditDescriptor). Its signing
 * secret never reaches a row: the ciphertext is left out, and a rotation is recorded as the fact
 * that it happened. The URL is recorded without its credentials and query values (auditedUrl).
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
  mask: { url: auditedUrl },
  // The dispatcher moves these: an update records what the caller changed.
  omitOnUpdate: ['nextAttemptAt', 'failedAttempts', 'position'],
});
