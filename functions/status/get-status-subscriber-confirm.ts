import { api } from '#shared/http/api.ts';
import { TokenQuery } from '#shared/schemas/status-subscribers.ts';
import { subscriberLinkResponse } from '#shared/use-cases/status/subscriber-links.ts';

/** Public: the confirmation link's page. It changes nothing; its button POSTs the same URL (confirmStatusSubscriber). A link that cannot work gets a 400 page saying why. */
export const handler = api('getStatusSubscriberConfirm', { query: TokenQuery }, ({ query }) =>
  Promise.resolve(subscriberLinkResponse(query.token, 'confirm', { title: 'Confirm your subscription', message: 'Confirm that this address should receive status updates by e-mail.', button: 'Confirm subscription' })),
);
