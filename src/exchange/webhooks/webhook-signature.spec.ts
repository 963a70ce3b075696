import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"subscriptionId":"s","entries":[]}';
  const now = 1_800_000_000;

  it('accepts what it signed, within the tolerance', () => {
    const sig = signWebhook(secret, now, body);
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, String(now), sig, body, 300, now + 299)).toBe(true);
    expect(verifyWebhookSignature(secret, String(now), sig, Buffer.from(body), 300, now - 299)).toBe(true);
  });

  it('refuses another body, another secret, an old or malformed timestamp, a missing header', () => {
    const sig = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(secret, String(now), sig, `${body} `, 300, now)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', String(now), sig, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, String(now), sig, body, 300, now + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, `${now}.5`, sig, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, sig, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, String(now), sig.slice(0, -1), body, 300, now)).toBe(false);
    // The timestamp is signed: moving it breaks the signature.
    expect(verifyWebhookSignature(secret, String(now + 1), sig, body, 300, now)).toBe(false);
  });
});
