import { api, ok } from '#shared/http/api.ts';
import { pageOf } from '#shared/schemas/common.ts';
import { IncidentResponse, ListIncidentsQuery } from '#shared/schemas/incident.ts';
import { deps } from '#shared/use-cases/deps.ts';
import { listIncidents } from '#shared/use-cases/list-incidents.ts';

export const handler = api('listIncidents', { query: ListIncidentsQuery, response: pageOf(IncidentResponse) }, async ({ query }) => {
  const page = await listIncidents(deps, query);
  return ok({ items: page.items, next_cursor: page.next_cursor, limit: query.limit });
});
