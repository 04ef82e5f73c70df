import { api, noContent } from '#shared/http/api.ts';
import { IncidentIdParams, RemoveAssignmentQuery } from '#shared/schemas/incident.ts';
import { unassign } from '#shared/use-cases/incidents/assignments.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('removeIncidentAssignment', { params: IncidentIdParams, query: RemoveAssignmentQuery }, async ({ params, query, principal }) => {
  await unassign(deps, params.id, query.user, actorOf(principal));
  return noContent();
});
