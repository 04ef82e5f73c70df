/**
 * The credential of a generic webhook (issue 12): the integration's signing secret (`whsec_…`),
 * presented either as a signature or, for tools that cannot sign, as the secret itself.
 * - `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the secret>` (the
 *   GitHub convention), or
 * - `Authorization: Bearer <secret>` or `X-Webhook-Secret: <secret>`.
 * Every comparison is constant-time over equal-length digests, so neither the secret's length nor
 * the position of a first wrong character shows in the time taken. No AWS imports.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-signature-256';
export const SECRET_HEADER = 'x-webhook-secret';
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9_-]{43}$/;

export const signBody = (secret: string, rawBody: string): string => `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
/** Constant-time equality of two strings of any length (their SHA-256 digests are compared). */
const same = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/** Whether the request's headers (lower-cased names) prove the secret for this raw body. */
export function verifyWebhookCredential(secret: string, rawBody: string, headers: Readonly<Record<string, string | undefined>>): boolean {
  const signature = headers[SIGNATURE_HEADER]?.trim();
  if (signature !== undefined && signature !== '') return same(signature.toLowerCase(), signBody(secret, rawBody));
  const authorization = headers.authorization?.trim();
  const bearer = authorization && /^bearer\s+/i.test(authorization) ? authorization.replace(/^bearer\s+/i, '') : undefined;
  const presented = bearer ?? headers[SECRET_HEADER]?.trim();
  return presented !== undefined && presented !== '' && same(presented, secret);
}
