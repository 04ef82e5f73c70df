/**
 * The local token issuer: an RS256 key pair kept under .local/ (created on first use), a JWKS the
 * local gateway verifies against, and tokens shaped like Cognito's (groups in `cognito:groups`,
 * machine-client scopes in `scope`). `npm run token` prints one.
 */
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '#lib/routes.ts';

export const LOCAL_ISSUER = 'https://local.incident-service.invalid/issuer';
export const LOCAL_AUDIENCE = 'incident-service-local';

export interface LocalIssuer {
  readonly jwks: JSONWebKeySet;
  sign(claims: TokenRequest): Promise<string>;
}

export interface TokenRequest {
  readonly role?: Role;
  readonly scopes?: readonly string[];
  readonly sub?: string;
  readonly username?: string;
  /** Lifetime in seconds (default 12 h); negative issues an already expired token (tests). */
  readonly ttlSeconds?: number;
}

export async function loadIssuer(dir: string): Promise<LocalIssuer> {
  const file = path.join(dir, 'jwt-key.json');
  let privateJwk: JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const key = await importJWK(privateJwk, 'RS256');
  return {
    jwks: { keys: [publicJwk] },
    async sign(request) {
      const now = Math.floor(Date.now() / 1000);
      const ttl = request.ttlSeconds ?? 12 * 3600;
      const machine = !request.role;
      const sub = request.sub ?? (machine ? 'local-machine-client' : `local-${request.role}`);
      const claims: Record<string, unknown> = {
        token_use: 'access',
        client_id: machine ? sub : LOCAL_AUDIENCE,
        scope: (request.scopes ?? []).map((s) => `incident-api/${s}`).join(' '),
      };
      if (!machine) {
        claims['cognito:groups'] = [request.role];
        claims.username = request.username ?? `${request.role}@local`;
      }
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid ?? 'local' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setSubject(sub)
        .setIssuedAt(now)
        .setNotBefore(ttl < 0 ? now + ttl - 60 : now)
        .setExpirationTime(now + ttl)
        .setJti(randomUUID())
        .sign(key);
    },
  };
}
