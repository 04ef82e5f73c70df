/** End-to-end helpers: tokens from the local issuer the server trusts, and a small JSON client. */
import { inject } from 'vitest';
import type { Role } from '#lib/routes.ts';
import { loadIssuer, type TokenRequest } from '#shared/local/issuer.ts';

export const baseUrl = inject('baseUrl');
const issuer = await loadIssuer(inject('dataDir'));

export const token = (request: TokenRequest): Promise<string> => issuer.sign(request);

const cache = new Map<Role, string>();
export async function roleToken(role: Role): Promise<string> {
  let t = cache.get(role);
  if (!t) {
    t = await issuer.sign({ role, username: `${role}@e2e` });
    cache.set(role, t);
  }
  return t;
}

export interface CallOptions {
  readonly role?: Role;
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (for malformed-JSON tests). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export interface CallResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export async function call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const bearer = options.token ?? (options.role ? await roleToken(options.role) : undefined);
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (feeds, HTML)
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}
