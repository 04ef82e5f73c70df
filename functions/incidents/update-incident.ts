import { api, ok } from '#shared/http/api.ts';
import { etagOf, expectedVersion } from '#shared/http/incident-http.ts';
import { IncidentIdParams, PatchIncidentBody } from '#shared/schemas/incident.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';
import { updateIncident } from '#shared/use-cases/incidents/update-incident.ts';

export const handler = api('updateIncident', { params: IncidentIdParams, body: PatchIncidentBody}, async ({ params, body, headers, principal }) => {
  const { incident } = await updateIncident(deps, params.id, body, actorOf(principal), expectedVersion(headers['if-match']));
  return ok(incident, { etag: etagOf(incident) });
});
