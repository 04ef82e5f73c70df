import { api, ok } from '#shared/http/api.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';
import { notificationDeps } from '#shared/use-cases/notifications/deps.ts';
import { listIncidentNotifications } from '#shared/use-cases/notifications/list-incident-notifications.ts';

export const handler = api('listIncidentNotifications', { params: IncidentIdParams, query: PageQuery }, async ({ params, query }) => {
  const page = await listIncidentNotifications(deps.store, notificationDeps.store, params.id, query.limit, query.cursor);
  return ok({ items: page.items, next_cursor: page.next_cursor, limit: query.limit });
});
