/**
 * Bearer-token verification with jose (RS256, issuer, audience or client id, expiry). Used by the
 * local gateway, which plays API Gateway's JWT authorizer; in AWS the authorizer does this work.
 *
 * A token that verified is remembered (its claims, until it expires and for at most 5 minutes, as
 * `createRemoteJWKSet` caches the keys): a machine client sends the same token with every request,
 * and an RSA verification is about 1 ms of the one thread the local server has (a storm of 200
 * reports spent 185 ms in it). A token that failed is not remembered, so nothing is ever accepted
 * that a fresh verification would refuse other than within those minutes after a key rotation.
 */
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Claims } from '#shared/http/auth.ts';

export interface JwtVerifierOptions {
  readonly issuer: string;
  /** Accepted `aud` (id tokens) or `client_id` (Cognito access tokens) values; empty accepts any. */
  readonly audience: readonly string[];
  readonly jwks: JSONWebKeySet | URL;
  /** The clock, in ms (tests). */
  readonly now?: () => number;
}

/** How long a verified token is remembered at most, and how many are. */
const REMEMBER_MS = 5 * 60_000;
const REMEMBERED = 1000;
const CLOCK_TOLERANCE_S = 5;

export type JwtVerifier = (token: string) => Promise<Claims>;

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const keys = options.jwks instanceof URL ? createRemoteJWKSet(options.jwks) : createLocalJWKSet(options.jwks);
  const now = options.now ?? Date.now;
  const verified = new Map<string, { claims: Claims; until: number }>();
  return async (token) => {
    const at = now();
    const known = verified.get(token);
    if (known && at < known.until) return known.claims;
    verified.delete(token);
    const { payload } = await jwtVerify(token, keys, { issuer: options.issuer, algorithms: ['RS256'], clockTolerance: CLOCK_TOLERANCE_S, currentDate: new Date(at) });
    if (options.audience.length > 0 && !matchesAudience(payload, options.audience)) {
      throw new Error('token audience does not match');
    }
    const claims = payload as Claims;
    const expires = typeof payload.exp === 'number' ? (payload.exp + CLOCK_TOLERANCE_S) * 1000 : at;
    if (verified.size >= REMEMBERED) verified.delete(verified.keys().next().value as string);
    verified.set(token, { claims, until: Math.min(expires, at + REMEMBER_MS) });
    return claims;
  };
}

function matchesAudience(payload: JWTPayload, audience: readonly string[]): boolean {
  const aud = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
  const clientId = typeof payload.client_id === 'string' ? [payload.client_id] : [];
  return [...aud, ...clientId].some((a) => audience.includes(a));
}
