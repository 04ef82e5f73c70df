import { api, ok } from '#shared/http/api.ts';
import { etagOf } from '#shared/http/incident-http.ts';
import { ChangeStatusBody, IncidentIdParams } from '#shared/schemas/incident.ts';
import { changeStatus } from '#shared/use-cases/incidents/change-status.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('changeIncidentStatus', { params: IncidentIdParams, body: ChangeStatusBody}, async ({ params, body, principal }) => {
  const { incident } = await changeStatus(deps, params.id, body.status, actorOf(principal), body.message);
  return ok(incident, { etag: etagOf(incident) });
});
