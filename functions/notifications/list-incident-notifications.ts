import { api, ok } from '#shared/http/api.ts';
import { pageOf, PageQuery } from '#shared/schemas/common.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { DeliveryAttemptResponse } from '#shared/schemas/notification.ts';
import { notificationDeps } from '#shared/use-cases/notification-deps.ts';

export const handler = api('listIncidentNotifications', { params: IncidentIdParams, query: PageQuery, response: pageOf(DeliveryAttemptResponse) }, async ({ params, query }) => {
  const page = await notificationDeps.store.listAttempts(params.id, query.limit, query.cursor);
  return ok({ items: page.items, next_cursor: page.next_cursor, limit: query.limit });
});
