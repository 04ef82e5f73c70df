import { api, ok } from '#shared/http/api.ts';
import { PageQuery } from '#shared/schemas/common.ts';

import { notificationDeps } from '#shared/use-cases/notifications/deps.ts';
import { subscriptionView } from '#shared/use-cases/notifications/subscriptions.ts';

export const handler = api('listSubscriptions', { query: PageQuery}, async ({ query }) => {
  const page = await notificationDeps.store.listSubscriptions(query.limit, query.cursor);
  return ok({ items: page.items.map(subscriptionView), next_cursor: page.next_cursor, limit: query.limit });
});
