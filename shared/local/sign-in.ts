/**
 * The local issuer's sign-in, shaped like Cognito's managed login so the web app has one sign-in
 * code path (authorization code + PKCE, refresh, revoke, logout):
 *
 *   GET  /_local/authorize?response_type=code&client_id&redirect_uri&state&code_challenge&code_challenge_method=S256
 *        → a page: choose a person and a role
 *   POST /_local/authorize  (the page's form) → 303 to redirect_uri?code&state
 *   POST /_local/token      grant_type=authorization_code (code, redirect_uri, client_id, code_verifier)
 *                           grant_type=refresh_token (refresh_token, client_id)
 *                           → { access_token, refresh_token?, token_type, expires_in }
 *   POST /_local/revoke     token=<refresh token> (Cognito's /oauth2/revoke)
 *   GET  /_local/logout?client_id&logout_uri → 302 to logout_uri (Cognito's /logout)
 *
 * Tokens come from the same issuer as `npm run token` (shared/local/issuer.ts), so the gateway
 * verifies them with the same code as any other. Codes live 60 s and are used once; redirect and
 * logout URIs must be on this server's own origin (no open redirect). Local mode only: nothing
 * here is deployed.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROLE_LEVEL, type Role } from '#lib/routes.ts';
import { LOCAL_AUDIENCE, type LocalIssuer } from '#shared/local/issuer.ts';

const CODE_TTL_MS = 60_000;
const DEFAULT_TOKEN_SECONDS = 3600;
const MAX_FORM_BYTES = 16 * 1024;

interface Grant {
  readonly username: string;
  readonly role: Role;
  readonly ttlSeconds: number;
}

interface PendingCode extends Grant {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly expires: number;
}

const isRole = (value: unknown): value is Role => typeof value === 'string' && Object.hasOwn(ROLE_LEVEL, value);

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const randomToken = (): string => randomBytes(32).toString('base64url');
export const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/** People offered on the sign-in page; any other name may be typed. */
const PEOPLE: readonly { name: string; role: Role }[] = [
  { name: 'alex', role: 'admin' },
  { name: 'sam', role: 'responder' },
  { name: 'riley', role: 'viewer' },
];

const PAGE_CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const STYLES = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1d21}
main{max-width:28rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:8px;border:1px solid #c9ccd1}
h1{font-size:1.4rem;margin-top:0}label{display:block;font-weight:600;margin-top:1rem}
input[type=text],input[type=number],select{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #6b7079;border-radius:4px}
fieldset{border:1px solid #c9ccd1;border-radius:4px;margin-top:1rem}legend{font-weight:600}
fieldset label{display:flex;gap:.5rem;font-weight:400;margin:.25rem 0}
button{margin-top:1.25rem;font:inherit;font-weight:600;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#1d4ed8;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}.hint{color:#4b5058;font-size:.9rem}.error{color:#b42318;font-weight:600}`;

export interface SignInOptions {
  readonly issuer: LocalIssuer;
}

export interface LocalSignIn {
  /** Answers the request if it is one of the sign-in endpoints. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

export function createLocalSignIn(options: SignInOptions): LocalSignIn {
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, Grant>();

  const sameOrigin = (uri: string | undefined, req: IncomingMessage): URL | undefined => {
    if (!uri) return undefined;
    try {
      const target = new URL(uri);
      const here = `http://${req.headers.host ?? 'localhost'}`;
      return target.origin === new URL(here).origin ? target : undefined;
    } catch {
      return undefined;
    }
  };

  const send = (res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
    res.end(body);
  };
  const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
    send(res, status, 'application/json', JSON.stringify({ error, error_description: description }));

  const page = (res: ServerResponse, params: URLSearchParams, error?: string) => {
    const hidden = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? '')}">`)
      .join('');
    const people = PEOPLE.map((p) => `<option value="${p.name}">${p.name} (${p.role})</option>`).join('');
    const roles = (['viewer', 'responder', 'admin'] as const)
      .map((r) => `<label><input type="radio" name="role" value="${r}"${r === 'responder' ? ' checked' : ''}> ${r}</label>`)
      .join('');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in (local)</title><link rel="stylesheet" href="/_local/sign-in.css"></head><body><main>
<h1>Sign in to the incident service</h1>
<p class="hint">Local mode: choose who you are. The token is issued by the local issuer, exactly like a Cognito sign-in.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/_local/authorize">${hidden}
<label for="username">Person</label><input id="username" name="username" type="text" list="people" required maxlength="100" autocomplete="username" value="sam">
<datalist id="people">${people}</datalist>
<fieldset><legend>Role</legend>${roles}</fieldset>
<label for="ttl">Access token lifetime (seconds)</label><input id="ttl" name="ttl" type="number" min="1" max="86400" value="${DEFAULT_TOKEN_SECONDS}">
<button type="submit">Sign in</button></form></main></body></html>`;
    send(res, error ? 400 : 200, 'text/html; charset=utf-8', html, { 'content-security-policy': PAGE_CSP });
  };

  /** The checks of an authorization request, for the page and for its form post. */
  const authorizationError = (params: URLSearchParams, req: IncomingMessage): string | undefined => {
    if (params.get('response_type') !== 'code') return 'response_type must be code.';
    if (params.get('client_id') !== LOCAL_AUDIENCE) return `client_id must be ${LOCAL_AUDIENCE}.`;
    if (!sameOrigin(params.get('redirect_uri') ?? undefined, req)) return 'redirect_uri must be a URL on this server.';
    if (params.get('code_challenge_method') !== 'S256' || !/^[\w-]{43,128}$/.test(params.get('code_challenge') ?? '')) {
      return 'PKCE is required: code_challenge (base64url SHA-256 of the verifier) with code_challenge_method=S256.';
    }
    return undefined;
  };

  async function authorize(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    if (method === 'GET') {
      const error = authorizationError(url.searchParams, req);
      page(res, url.searchParams, error);
      return;
    }
    const form = await readForm(req);
    if (!form) return oauthError(res, 400, 'invalid_request', 'Send the sign-in form as application/x-www-form-urlencoded, at most 16 KB.');
    const error = authorizationError(form, req);
    if (error) return page(res, form, error);
    const username = (form.get('username') ?? '').trim();
    const role = form.get('role');
    const ttl = Number(form.get('ttl') || DEFAULT_TOKEN_SECONDS);
    if (!/^[\w.@+-]{1,100}$/.test(username)) return page(res, form, 'Person: 1 to 100 letters, digits or . @ + - _');
    if (!isRole(role)) return page(res, form, 'Choose a role: viewer, responder or admin.');
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) return page(res, form, 'Access token lifetime: a whole number of seconds from 1 to 86400.');
    const code = randomToken();
    codes.set(code, { username, role, ttlSeconds: ttl, challenge: form.get('code_challenge') ?? '', redirectUri: form.get('redirect_uri') ?? '', expires: Date.now() + CODE_TTL_MS });
    const target = new URL(form.get('redirect_uri') ?? '');
    target.searchParams.set('code', code);
    const state = form.get('state');
    if (state) target.searchParams.set('state', state);
    res.writeHead(303, { location: target.href, 'cache-control': 'no-store' });
    res.end();
  }

  const issue = async (grant: Grant) =>
    options.issuer.sign({ role: grant.role, username: grant.username, sub: `local-user-${grant.username}`, ttlSeconds: grant.ttlSeconds });

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    if (!form) return oauthError(res, 400, 'invalid_request', 'Send application/x-www-form-urlencoded, at most 16 KB.');
    if (form.get('client_id') !== LOCAL_AUDIENCE) return oauthError(res, 401, 'invalid_client', `client_id must be ${LOCAL_AUDIENCE}.`);
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code);
      if (!pending || pending.expires < Date.now()) return oauthError(res, 400, 'invalid_grant', 'The code is unknown, used or expired: sign in again.');
      if (pending.redirectUri !== form.get('redirect_uri')) return oauthError(res, 400, 'invalid_grant', 'redirect_uri differs from the one of the authorization request.');
      if (pkceChallenge(form.get('code_verifier') ?? '') !== pending.challenge) return oauthError(res, 400, 'invalid_grant', 'code_verifier does not match the code_challenge.');
      const refresh = randomToken();
      const grant = { username: pending.username, role: pending.role, ttlSeconds: pending.ttlSeconds };
      refreshTokens.set(refresh, grant);
      const body = { access_token: await issue(grant), refresh_token: refresh, token_type: 'Bearer', expires_in: grant.ttlSeconds };
      return send(res, 200, 'application/json', JSON.stringify(body));
    }
    if (grantType === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant) return oauthError(res, 400, 'invalid_grant', 'The refresh token is unknown or revoked: sign in again.');
      return send(res, 200, 'application/json', JSON.stringify({ access_token: await issue(grant), token_type: 'Bearer', expires_in: grant.ttlSeconds }));
    }
    return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
  }

  async function revoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    if (!form) return oauthError(res, 400, 'invalid_request', 'Send application/x-www-form-urlencoded, at most 16 KB.');
    refreshTokens.delete(form.get('token') ?? '');
    send(res, 200, 'application/json', '{}');
  }

  return {
    async handle(req, res, url) {
      const method = (req.method ?? 'GET').toUpperCase();
      switch (`${method} ${url.pathname}`) {
        case 'GET /_local/authorize':
        case 'POST /_local/authorize':
          await authorize(req, res, url, method);
          return true;
        case 'GET /_local/sign-in.css':
          send(res, 200, 'text/css; charset=utf-8', STYLES);
          return true;
        case 'POST /_local/token':
          await token(req, res);
          return true;
        case 'POST /_local/revoke':
          await revoke(req, res);
          return true;
        case 'GET /_local/logout': {
          const target = sameOrigin(url.searchParams.get('logout_uri') ?? undefined, req);
          if (!target || url.searchParams.get('client_id') !== LOCAL_AUDIENCE) {
            oauthError(res, 400, 'invalid_request', `logout_uri must be a URL on this server and client_id ${LOCAL_AUDIENCE}.`);
          } else {
            res.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
            res.end();
          }
          return true;
        }
        default:
          return false;
      }
    },
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
