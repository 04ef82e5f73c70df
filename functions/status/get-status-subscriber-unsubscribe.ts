import { config } from '#shared/config.ts';
import { subscriberFormPage } from '#shared/domain/status/subscriber-pages.ts';
import { api } from '#shared/http/api.ts';
import { TokenQuery } from '#shared/schemas/status-subscribers.ts';
import { HTML } from '#shared/use-cases/status/publish-site.ts';

/** Public: the unsubscribe link's page. It changes nothing; its button POSTs the same URL (deleteStatusSubscriber). */
export const handler = api('getStatusSubscriberUnsubscribe', { query: TokenQuery }, () =>
  Promise.resolve({
    status: 200,
    text: subscriberFormPage('Unsubscribe from status updates?', 'This address will get no more status updates by e-mail.', 'Unsubscribe', `${(config.SITE_URL ?? config.PUBLIC_BASE_URL).replace(/\/$/, '')}/status`),
    contentType: HTML,
    headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  }),
);
