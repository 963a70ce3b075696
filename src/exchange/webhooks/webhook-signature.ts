import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Request headers of a delivery. */
export const TIMESTAMP_HEADER = 'X-Jzfp-Timestamp';
export const SIGNATURE_HEADER = 'X-Jzfp-Signature';
export const DELIVERY_HEADER = 'X-Jzfp-Delivery';

/** A fresh signing secret: `whsec_` and 32 random bytes (base64url). The whole string is the HMAC key. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `sha256=<hex HMAC-SHA256(secret, timestamp + "." + rawBody)>` */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `sha256=${mac}`;
}

/**
 * For receivers: whether a delivery is authentic and fresh. Pass the signing secret, the
 * `X-Jzfp-Timestamp` and `X-Jzfp-Signature` headers as received and the raw request body
 * (the bytes, before any JSON parsing). The signature is compared in constant time and the
 * timestamp must lie within `toleranceSeconds` of this machine's clock (default 300), so a
 * captured request cannot be replayed later.
 *
 * ```js
 * const { verifyWebhookSignature } = require('./webhook-signature');
 * if (!verifyWebhookSignature(secret, req.headers['x-jzfp-timestamp'], req.headers['x-jzfp-signature'], rawBody)) {
 *   res.statusCode = 401; return res.end();
 * }
 * ```
 */
export function verifyWebhookSignature(
  secret: string,
  timestampHeader: string | string[] | undefined,
  signatureHeader: string | string[] | undefined,
  rawBody: string | Buffer,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (typeof timestampHeader !== 'string' || typeof signatureHeader !== 'string') return false;
  if (!/^\d{1,12}$/.test(timestampHeader)) return false;
  if (Math.abs(nowSeconds - Number(timestampHeader)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestampHeader, rawBody), 'utf8');
  const given = Buffer.from(signatureHeader.trim(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
