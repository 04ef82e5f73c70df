import { api, ok } from '#shared/http/api.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { listComments } from '#shared/use-cases/incidents/comments.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('listIncidentComments', { params: IncidentIdParams, query: PageQuery}, async ({ params, query }) => {
  const page = await listComments(deps, params.id, query.limit, query.cursor);
  return ok({ items: page.items, next_cursor: page.next_cursor, limit: query.limit });
});
