import { api } from '#shared/http/api.ts';
import { conditionalOk } from '#shared/http/conditional.ts';
import { ListIncidentsQuery } from '#shared/schemas/incident.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';
import { listIncidents } from '#shared/use-cases/incidents/list-incidents.ts';

export const handler = api('listIncidents', { query: ListIncidentsQuery }, async ({ query, headers }) => {
  const page = await listIncidents(deps, query);
  return conditionalOk(headers, { items: page.items, next_cursor: page.next_cursor, limit: query.limit });
});
