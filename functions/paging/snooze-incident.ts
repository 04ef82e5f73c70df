import { api, ok } from '#shared/http/api.ts';
import { etagOf } from '#shared/http/incident-http.ts';
import { SnoozeBody } from '#shared/schemas/escalation.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { stepDeps } from '#shared/use-cases/paging/route-deps.ts';
import { snoozeIncident } from '#shared/use-cases/paging/snooze-incident.ts';

export const handler = api('snoozeIncident', { params: IncidentIdParams, body: SnoozeBody }, async ({ params, body, principal }) => {
  const incident = await snoozeIncident(stepDeps, params.id, body.until, actorOf(principal));
  return ok(incident, { etag: etagOf(incident) });
});
