import { api, ok } from '#shared/http/api.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';

import { notificationDeps } from '#shared/use-cases/notifications/deps.ts';

export const handler = api('listIncidentNotifications', { params: IncidentIdParams, query: PageQuery}, async ({ params, query }) => {
  const page = await notificationDeps.store.listAttempts(params.id, query.limit, query.cursor);
  return ok({ items: page.items, next_cursor: page.next_cursor, limit: query.limit });
});
