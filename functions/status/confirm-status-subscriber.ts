import { subscriberPage } from '#shared/domain/status/subscriber-pages.ts';
import { api } from '#shared/http/api.ts';
import { TokenQuery } from '#shared/schemas/status-subscribers.ts';
import { HTML } from '#shared/use-cases/status/publish-site.ts';
import { subscriberDeps } from '#shared/use-cases/status/subscriber-deps.ts';
import { siteStatusPageUrl } from '#shared/use-cases/status/subscriber-links.ts';
import { confirmSubscription } from '#shared/use-cases/status/subscribers.ts';
import type { SubscriberDeps } from '#shared/use-cases/status/subscribers.ts';

/** Built on the first request (the secret is checked then, so the module loads without it, e.g. for OpenAPI). */
let deps: SubscriberDeps | undefined;

/** Public: the POST of the confirmation page's button (the signed, single-use link); replayed, expired or forged → 4xx, nothing changes. */
export const handler = api('confirmStatusSubscriber', { query: TokenQuery }, async ({ query }) => {
  const { components } = await confirmSubscription((deps ??= subscriberDeps()), query.token);
  const scope = components.length ? `${components.length} component${components.length === 1 ? '' : 's'}` : 'every public incident';
  return { status: 200, text: subscriberPage('Subscription confirmed', `You will receive status updates by e-mail (${scope}). Every message has an unsubscribe link.`, siteStatusPageUrl()), contentType: HTML, headers: { 'cache-control': 'no-store' } };
});
