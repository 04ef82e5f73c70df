import { api, ok } from '#shared/http/api.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { policyDeps } from '#shared/use-cases/paging/route-deps.ts';
import { listEscalations } from '#shared/use-cases/paging/list-escalations.ts';

export const handler = api('listIncidentEscalations', { params: IncidentIdParams, query: PageQuery }, async ({ params, query }) => {
  const result = await listEscalations(policyDeps, params.id, query.limit, query.cursor);
  return ok({ ...result, limit: query.limit });
});
