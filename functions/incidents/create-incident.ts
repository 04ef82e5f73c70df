import { api } from '#shared/http/api.ts';
import { etagOf, idempotencyKey } from '#shared/http/incident-http.ts';
import { CreateIncidentBody } from '#shared/schemas/incident.ts';
import { actorOf, type Deps } from '#shared/use-cases/context.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';
import { onCallLookup } from '#shared/use-cases/paging/deps.ts';

/** An incident for a team without an assignee gets the team's current on-call person. */
const createDeps: Deps = { ...deps, onCall: onCallLookup };

export const handler = api('createIncident', { body: CreateIncidentBody}, async ({ body, headers, principal }) => {
  const key = idempotencyKey(headers['idempotency-key']);
  const { incident, replayed } = await createIncident(createDeps, body, actorOf(principal), key);
  return {
    status: 201,
    body: incident,
    headers: { location: `/v1/incidents/${incident.id}`, etag: etagOf(incident), ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
  };
});
