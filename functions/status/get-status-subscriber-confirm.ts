import { config } from '#shared/config.ts';
import { subscriberFormPage } from '#shared/domain/status/subscriber-pages.ts';
import { api } from '#shared/http/api.ts';
import { TokenQuery } from '#shared/schemas/status-subscribers.ts';
import { HTML } from '#shared/use-cases/status/publish-site.ts';

/** Public: the confirmation link's page. It changes nothing; its button POSTs the same URL (confirmStatusSubscriber). */
export const handler = api('getStatusSubscriberConfirm', { query: TokenQuery }, () =>
  Promise.resolve({
    status: 200,
    text: subscriberFormPage('Confirm your subscription', 'Confirm that this address should receive status updates by e-mail.', 'Confirm subscription', `${(config.SITE_URL ?? config.PUBLIC_BASE_URL).replace(/\/$/, '')}/status`),
    contentType: HTML,
    headers: { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  }),
);
