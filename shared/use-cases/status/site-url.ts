/**
 * Where the public site is: SITE_URL where it is published (the CloudFront URL, given to the
 * functions that link to it), else PUBLIC_BASE_URL (local mode serves the site itself). No trailing slash.
 */
import { config } from '#shared/config.ts';

export const siteBaseUrl = (): string => (config.SITE_URL ?? config.PUBLIC_BASE_URL).replace(/\/$/, '');
