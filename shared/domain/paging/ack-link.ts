/**
 * Acknowledge links: a page carries a URL that lets the person paged acknowledge from a phone
 * without signing in. The token names the incident and the person, expires, and is single-use
 * (its nonce is recorded when used, with a conditional write).
 *
 *   token = base64url(JSON {i: incident, u: user, e: expiry (unix s), n: nonce}) "." base64url(HMAC-SHA256)
 *
 * The HMAC key is derived from the configured secret with HKDF (label "ack-link"), so the same
 * secret can serve other purposes without the tokens being interchangeable.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface AckClaims {
  readonly incident: string;
  readonly user: string;
  /** Unix seconds. */
  readonly expires: number;
  /** Identifies the link (single use): the page's event id. */
  readonly nonce: string;
}

/** A page's link stays valid for a day: long enough for a page that waits through a night. */
export const ACK_LINK_TTL_SECONDS = 24 * 3600;

export function ackKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'incident-service', 'ack-link', 32));
}

const mac = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

export function signAckToken(key: Buffer, claims: AckClaims): string {
  const payload = Buffer.from(JSON.stringify({ i: claims.incident, u: claims.user, e: claims.expires, n: claims.nonce })).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

export type AckTokenCheck = { ok: true; claims: AckClaims } | { ok: false; reason: 'invalid' | 'expired'; claims?: AckClaims };

export function verifyAckToken(key: Buffer, token: string, nowSeconds: number): AckTokenCheck {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const v = raw as { i?: unknown; u?: unknown; e?: unknown; n?: unknown };
  if (typeof v.i !== 'string' || typeof v.u !== 'string' || typeof v.e !== 'number' || typeof v.n !== 'string') return { ok: false, reason: 'invalid' };
  const claims: AckClaims = { incident: v.i, user: v.u, expires: v.e, nonce: v.n };
  if (nowSeconds >= claims.expires) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

export function ackUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/v1/ack/${token}`;
}

/** What delivery uses to put a link in a page: the page's event id is the link's nonce. */
export function ackLinkIssuer(secret: string, publicBaseUrl: string, nowSeconds: () => number = () => Math.floor(Date.now() / 1000)) {
  const key = ackKey(secret);
  return (incident: string, user: string, eventId: string): string =>
    ackUrl(publicBaseUrl, signAckToken(key, { incident, user, nonce: eventId, expires: nowSeconds() + ACK_LINK_TTL_SECONDS }));
}
