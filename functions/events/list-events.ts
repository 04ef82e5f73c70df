import { config } from '#shared/config.ts';
import { api, ok } from '#shared/http/api.ts';

import { ListEventsQuery } from '#shared/schemas/notification.ts';
import { listEvents } from '#shared/use-cases/events/list-events.ts';
import { auditStore } from '#shared/use-cases/notifications/deps.ts';

export const handler = api('listEvents', { query: ListEventsQuery}, async ({ query }) =>
  ok(await listEvents(auditStore, query, config.EVENT_NAMESPACE)),
);
