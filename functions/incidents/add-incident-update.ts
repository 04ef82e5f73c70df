import { api, created } from '#shared/http/api.ts';
import { etagOf, publicTimeline } from '#shared/http/incident-http.ts';
import { AddUpdateBody, IncidentIdParams } from '#shared/schemas/incident.ts';
import { addUpdate } from '#shared/use-cases/incidents/add-update.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('addIncidentUpdate', { params: IncidentIdParams, body: AddUpdateBody}, async ({ params, body, principal }) => {
  const { incident, update } = await addUpdate(deps, params.id, body, actorOf(principal));
  return created({ update: publicTimeline([update])[0], incident }, { etag: etagOf(incident) });
});
