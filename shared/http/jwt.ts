/**
 * Bearer-token verification with jose (RS256, issuer, audience or client id, expiry). Used by the
 * local gateway, which plays API Gateway's JWT authorizer; in AWS the authorizer does this work.
 */
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Claims } from '#shared/http/auth.ts';

export interface JwtVerifierOptions {
  readonly issuer: string;
  /** Accepted `aud` (id tokens) or `client_id` (Cognito access tokens) values; empty accepts any. */
  readonly audience: readonly string[];
  readonly jwks: JSONWebKeySet | URL;
}

export type JwtVerifier = (token: string) => Promise<Claims>;

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const keys = options.jwks instanceof URL ? createRemoteJWKSet(options.jwks) : createLocalJWKSet(options.jwks);
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, { issuer: options.issuer, algorithms: ['RS256'], clockTolerance: 5 });
    if (options.audience.length > 0 && !matchesAudience(payload, options.audience)) {
      throw new Error('token audience does not match');
    }
    return payload as Claims;
  };
}

function matchesAudience(payload: JWTPayload, audience: readonly string[]): boolean {
  const aud = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
  const clientId = typeof payload.client_id === 'string' ? [payload.client_id] : [];
  return [...aud, ...clientId].some((a) => audience.includes(a));
}
