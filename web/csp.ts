/**
 * The Content-Security-Policy of the /incidents app, for the local server and for the static
 * site's response headers in AWS. No `unsafe-inline` and no `unsafe-eval` anywhere: the page has
 * no inline script or style (index.html only links the hashed bundle and stylesheet), and Preact
 * sets element properties, never HTML strings.
 *
 * `connectOrigins`: where the app may fetch besides its own origin (the HTTP API, the Cognito
 * domain's /oauth2/token and /oauth2/revoke). Sign-in and sign-out are top-level navigations,
 * which CSP does not restrict.
 */
export function webAppCsp(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}
