import { api } from '#shared/http/api.ts';
import { TokenQuery } from '#shared/schemas/status-subscribers.ts';
import { subscriberLinkResponse } from '#shared/use-cases/status/subscriber-links.ts';

/** Public: the unsubscribe link's page. It changes nothing; its button POSTs the same URL (deleteStatusSubscriber). A link that cannot work gets a 400 page saying why. */
export const handler = api('getStatusSubscriberUnsubscribe', { query: TokenQuery }, ({ query }) =>
  Promise.resolve(subscriberLinkResponse(query.token, 'unsubscribe', { title: 'Unsubscribe from status updates?', message: 'This address will get no more status updates by e-mail.', button: 'Unsubscribe' })),
);
