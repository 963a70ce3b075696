import { auditChange } from '../../audit/audit-descriptor';
import { auditedUrl, WEBHOOK_SUBSCRIPTION_AUDIT } from './webhooks.audited';
import type { WebhookSubscriptionEntity } from './webhook.entities';

describe('webhook subscriptions in the audit trail', () => {
  it('keep where deliveries go, without credentials or query values', () => {
    expect(auditedUrl('https://hooks.example.cn/jzfp/in?token=s3cr3t&v=2')).toBe('https://hooks.example.cn/jzfp/in?token=***&v=***');
    expect(auditedUrl('https://user:pass@hooks.example.cn:8443/in')).toBe('https://***:***@hooks.example.cn:8443/in');
    expect(auditedUrl('https://hooks.example.cn/in#frag')).toBe('https://hooks.example.cn/in#***');
    expect(auditedUrl('https://hooks.example.cn/in')).toBe('https://hooks.example.cn/in');
    expect(auditedUrl('not a url')).toBe('***');
  });

  it('record a created or changed URL masked, and never the secret', () => {
    const before = { id: 's1', regionCode: '410106000000', url: 'https://a.example.cn/in?token=old', secretEnc: 'x' } as unknown as WebhookSubscriptionEntity;
    const after = { ...before, url: 'https://a.example.cn/in?token=new' } as WebhookSubscriptionEntity;
    const row = auditChange(WEBHOOK_SUBSCRIPTION_AUDIT, 'webhooks.updateSubscription', before, after);
    expect(row.changes).toEqual({ url: { from: 'https://a.example.cn/in?token=***', to: 'https://a.example.cn/in?token=***' } });
    expect(JSON.stringify(auditChange(WEBHOOK_SUBSCRIPTION_AUDIT, 'webhooks.createSubscription', null, after))).not.toMatch(/token=new|secretEnc/);
  });
});
