/**
 * Who is calling, from the claims that a JWT authorizer put on the event. The same code serves AWS
 * (API Gateway HTTP API JWT authorizer on Cognito) and local mode (shared/local/gateway.ts verifies
 * the token with shared/http/jwt.ts and builds the same event shape).
 *
 * API Gateway passes claims as strings: an array claim such as `cognito:groups` arrives as
 * "[admin responder]", and `scope` is space separated. Both shapes are accepted.
 */
import type { Access, Role } from '#lib/routes.ts';
import { ROLE_LEVEL } from '#lib/routes.ts';
import { forbidden, unauthorized } from '#shared/http/problem.ts';

export type Claims = Record<string, string | number | boolean | string[] | undefined>;

export interface Principal {
  /** Stable subject id (Cognito `sub`, or the client id of a machine client). */
  readonly id: string;
  /** Human-readable name for timelines (`username`, `email` or the id). */
  readonly name: string;
  readonly kind: 'user' | 'machine';
  readonly roles: readonly Role[];
  readonly scopes: readonly string[];
}

const ROLES = Object.keys(ROLE_LEVEL) as Role[];

function asList(value: Claims[string]): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).map((s) => s.replace(/^"|"$/g, '')).filter(Boolean);
}

/** `incident-api/incidents:write` → `incidents:write` (Cognito prefixes resource-server scopes). */
function bareScope(scope: string): string {
  const slash = scope.lastIndexOf('/');
  return slash >= 0 ? scope.slice(slash + 1) : scope;
}

export function principalFromClaims(claims: Claims | undefined): Principal | undefined {
  if (!claims) return undefined;
  const sub = claims.sub ?? claims.client_id;
  if (sub === undefined) return undefined;
  const exp = Number(claims.exp);
  if (Number.isFinite(exp) && exp * 1000 < Date.now()) return undefined;
  const groups = asList(claims['cognito:groups']).concat(asList(claims.roles));
  const roles = ROLES.filter((r) => groups.includes(r));
  const scopes = asList(claims.scope).map(bareScope);
  const username = claims.username ?? claims['cognito:username'] ?? claims.email;
  const isMachine = roles.length === 0 && claims.client_id !== undefined && (claims.sub === undefined || claims.sub === claims.client_id);
  return {
    id: String(sub),
    name: String(username ?? sub),
    kind: isMachine ? 'machine' : 'user',
    roles,
    scopes,
  };
}

export function roleLevel(principal: Principal): number {
  return Math.max(0, ...principal.roles.map((r) => ROLE_LEVEL[r]));
}

/** Throws 401 without a principal and 403 when neither role nor scope suffices. */
export function authorize(access: Access, principal: Principal | undefined): Principal | undefined {
  if (access === 'public') return principal;
  if (!principal) throw unauthorized('A valid bearer token is required: send `Authorization: Bearer <jwt>`.');
  if (roleLevel(principal) >= ROLE_LEVEL[access.role]) return principal;
  if (access.scopes.some((s) => principal.scopes.includes(s))) return principal;
  const scopes = access.scopes.length ? ` or one of the scopes ${access.scopes.join(', ')}` : '';
  throw forbidden(`This action needs the role '${access.role}'${scopes}; the token has roles [${principal.roles.join(', ')}] and scopes [${principal.scopes.join(', ')}].`);
}
