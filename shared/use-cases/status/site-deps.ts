/** Production wiring of the status site's use cases (created once per container). */
import { config } from '#shared/config.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { statusDeps } from '#shared/use-cases/status/deps.ts';
import type { SiteDeps } from '#shared/use-cases/status/site-views.ts';
import { siteBaseUrl } from '#shared/use-cases/status/site-url.ts';

/**
 * Where the site is published (the publisher in AWS has SITE_URL, the CloudFront URL), links in the
 * published feeds and JSON point at the site; elsewhere at PUBLIC_BASE_URL, like the live routes.
 */
const status = config.SITE_URL ? { ...statusDeps, page: { ...statusDeps.page, baseUrl: siteBaseUrl() } } : statusDeps;

export const siteDeps: SiteDeps = { status, outages: new DynamoComponentStore() };
