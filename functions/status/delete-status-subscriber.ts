import { subscriberPage } from '#shared/domain/status/subscriber-pages.ts';
import { api } from '#shared/http/api.ts';
import { TokenQuery } from '#shared/schemas/status-subscribers.ts';
import { HTML } from '#shared/use-cases/status/publish-site.ts';
import { subscriberDeps } from '#shared/use-cases/status/subscriber-deps.ts';
import { siteStatusPageUrl } from '#shared/use-cases/status/subscriber-links.ts';
import { unsubscribe } from '#shared/use-cases/status/subscribers.ts';
import type { SubscriberDeps } from '#shared/use-cases/status/subscribers.ts';

/** Built on the first request (the secret is checked then, so the module loads without it, e.g. for OpenAPI). */
let deps: SubscriberDeps | undefined;

/**
 * Public: the POST of the unsubscribe page's button, or a mail client's one-click unsubscribe
 * (RFC 8058 posts `List-Unsubscribe=One-Click`, hence `raw`: the body is not read). Twice answers the same.
 */
export const handler = api('deleteStatusSubscriber', { query: TokenQuery, raw: true }, async ({ query }) => {
  await unsubscribe((deps ??= subscriberDeps()), query.token);
  return { status: 200, text: subscriberPage('Unsubscribed', 'This address will get no more status updates.', siteStatusPageUrl()), contentType: HTML, headers: { 'cache-control': 'no-store' } };
});
