import { api, noContent } from '#shared/http/api.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { deleteIncident } from '#shared/use-cases/incidents/delete-incident.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('deleteIncident', { params: IncidentIdParams }, async ({ params, principal }) => {
  await deleteIncident(deps, params.id, actorOf(principal));
  return noContent();
});
