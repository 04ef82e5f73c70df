/**
 * Sign-in with the authorization-code flow and PKCE (RFC 7636), the same code path for Cognito's
 * managed login in AWS and the local issuer's sign-in page (shared/local/sign-in.ts): only the
 * endpoint URLs in config.json differ.
 *
 * Tokens live in this module's memory only: never localStorage or sessionStorage, so a script
 * injected elsewhere on the origin cannot read them from storage, and closing the tab ends the
 * session. The PKCE verifier and state wait in sessionStorage for the one redirect (they are not
 * credentials: the code they complete is single-use and bound to this verifier).
 */
import type { AppConfig } from './types.ts';

const PENDING_KEY = 'incidents.sign-in';
/** Refresh this long before the access token expires. */
const EARLY_SECONDS = 30;

interface Tokens {
  readonly access: string;
  readonly refresh: string | null;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

interface Pending {
  readonly state: string;
  readonly verifier: string;
  readonly returnTo: string;
}

let tokens: Tokens | null = null;
let config: AppConfig | null = null;
const listeners = new Set<() => void>();

/** Why the session ended, shown on the sign-in screen. */
let endedBecause: string | null = null;

export function configureAuth(c: AppConfig): void {
  config = c;
}

export const isSignedIn = (): boolean => tokens !== null;
export const sessionEndedReason = (): string | null => endedBecause;

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const notify = () => listeners.forEach((l) => l());

const base64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The app's own URL without query or hash (and without index.html): the redirect and logout URI registered for the client. */
const appUrl = (): string => `${location.origin}${location.pathname.replace(/index\.html$/, '')}`;

function required(): AppConfig {
  if (!config) throw new Error('auth used before configureAuth');
  return config;
}

/** Leaves for the sign-in page; comes back to `returnTo` (a hash route). */
export async function signIn(returnTo: string = location.hash): Promise<void> {
  const { auth } = required();
  const pending: Pending = { state: randomString(), verifier: randomString(), returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(auth.authorizeUrl, location.href);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', auth.clientId);
  url.searchParams.set('redirect_uri', appUrl());
  url.searchParams.set('scope', auth.scope);
  url.searchParams.set('state', pending.state);
  url.searchParams.set('code_challenge', await challengeOf(pending.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.href);
}

async function tokenRequest(form: Record<string, string>): Promise<Tokens> {
  const { auth } = required();
  const res = await fetch(new URL(auth.tokenUrl, location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: auth.clientId, ...form }),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(body.error_description ?? body.error ?? `The token endpoint answered ${res.status}.`);
  return {
    access: body.access_token,
    refresh: body.refresh_token ?? form.refresh_token ?? null,
    expiresAt: Math.floor(Date.now() / 1000) + (body.expires_in ?? 3600),
  };
}

/**
 * Completes a sign-in when the page was opened by the redirect (`?code=&state=`); returns the hash
 * route to show. Throws with a readable message when the sign-in failed.
 */
export async function completeSignIn(): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${location.pathname}${pending?.returnTo ?? ''}`);
  if (error) throw new Error(`Sign-in failed: ${params.get('error_description') ?? error}.`);
  if (!pending || pending.state !== params.get('state')) throw new Error('Sign-in failed: the answer does not belong to this tab’s sign-in. Sign in again.');
  tokens = await tokenRequest({ grant_type: 'authorization_code', code: code ?? '', redirect_uri: appUrl(), code_verifier: pending.verifier });
  endedBecause = null;
  notify();
  return pending.returnTo;
}

let refreshing: Promise<boolean> | null = null;

/** A new access token from the refresh token; false when the session cannot be renewed. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      if (!tokens?.refresh) return false;
      tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** The current access token, renewed first when it is about to expire; null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (!tokens) return null;
  if (tokens.expiresAt - EARLY_SECONDS <= Date.now() / 1000) await refresh();
  return tokens?.access ?? null;
}

/** The session is over (refresh failed): forget the tokens; the app shows the sign-in screen. */
export function endSession(reason: string): void {
  tokens = null;
  endedBecause = reason;
  notify();
}

export async function signOut(): Promise<void> {
  const { auth } = required();
  const refreshToken = tokens?.refresh;
  tokens = null;
  if (refreshToken) {
    await fetch(new URL(auth.revokeUrl, location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: auth.clientId }),
    }).catch(() => undefined);
  }
  const url = new URL(auth.logoutUrl, location.href);
  url.searchParams.set('client_id', auth.clientId);
  url.searchParams.set('logout_uri', appUrl());
  location.assign(url.href);
}
