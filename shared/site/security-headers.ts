/**
 * The security headers of the published site, one definition for CloudFront's response headers
 * policy (lib/constructs/static-site.ts) and for the local server. The pages have no script and
 * one inline stylesheet (STATUS_CSS), so the CSP allows nothing but that stylesheet, by its hash.
 */
import { createHash } from 'node:crypto';
import { STATUS_CSS } from '#shared/domain/status/status-pages.ts';

export const styleHash = (css: string = STATUS_CSS): string => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;

export function statusContentSecurityPolicy(): string {
  return [`default-src 'none'`, `style-src ${styleHash()}`, `img-src 'self'`, `base-uri 'none'`, `form-action 'none'`, `frame-ancestors 'none'`].join('; ');
}

/** As headers (lower-case names), the way the local server sends them. */
export function siteSecurityHeaders(): Record<string, string> {
  return {
    'content-security-policy': statusContentSecurityPolicy(),
    'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}
