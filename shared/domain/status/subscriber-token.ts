/**
 * Signed links for public status subscribers: `<payload>.<signature>`, both base64url, where the
 * payload is the JSON `{ p: purpose, s: subscriber id, n: nonce, e: expiry (unix seconds) }` and the
 * signature is HMAC-SHA256 over the payload text with the service's subscriber secret. Verifying
 * checks the shape, the signature (constant time), the purpose and the expiry; single use is the
 * store's part (the nonce must still be the subscriber's pending one).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '#shared/domain/errors.ts';

export type TokenPurpose = 'confirm' | 'unsubscribe';

export interface TokenClaims {
  readonly purpose: TokenPurpose;
  readonly subscriberId: string;
  readonly nonce: string;
  /** Unix seconds. */
  readonly expiresAt: number;
}

/** How long a confirmation link works; an unsubscribe link works for a year (each message has a fresh one). */
export const CONFIRM_TTL_SECONDS = 24 * 3600;
export const UNSUBSCRIBE_TTL_SECONDS = 365 * 24 * 3600;
/** The longest token accepted: checked before any decoding. */
export const MAX_TOKEN_LENGTH = 512;

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest();

export function signToken(secret: string, claims: TokenClaims): string {
  const payload = b64(JSON.stringify({ p: claims.purpose, s: claims.subscriberId, n: claims.nonce, e: claims.expiresAt }));
  return `${payload}.${b64(mac(secret, payload))}`;
}

/** The claims of a valid token for `purpose`; InvalidInputError (400) naming what is wrong otherwise. */
export function verifyToken(secret: string, token: string, purpose: TokenPurpose, nowSeconds: number): TokenClaims {
  const bad = (why: string) => new InvalidInputError(`The link is not valid: ${why}. Use the newest link you received, or subscribe again.`, { field: 'token' });
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) throw bad('it is malformed');
  const [payload = '', signature = ''] = token.split('.');
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad('its signature does not match');
  let claims: { p?: unknown; s?: unknown; n?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw bad('it is malformed');
  }
  if (claims.p !== purpose || typeof claims.s !== 'string' || typeof claims.n !== 'string' || typeof claims.e !== 'number') throw bad(purpose === 'unsubscribe' ? 'it is not an unsubscribe link' : 'it is not a confirmation link');
  if (claims.e < nowSeconds) throw bad('it has expired');
  return { purpose, subscriberId: claims.s, nonce: claims.n, expiresAt: claims.e };
}

/** A stable, secret-keyed key for an address (so the table never needs the address to find it). */
export function addressKey(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`address:${normalizeEmail(email)}`).digest('base64url');
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
