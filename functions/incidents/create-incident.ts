import { api } from '#shared/http/api.ts';
import { etagOf, idempotencyKey } from '#shared/http/incident-http.ts';
import { CreateIncidentBody } from '#shared/schemas/incident.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('createIncident', { body: CreateIncidentBody}, async ({ body, headers, principal }) => {
  const key = idempotencyKey(headers['idempotency-key']);
  const { incident, replayed } = await createIncident(deps, body, actorOf(principal), key);
  return {
    status: 201,
    body: incident,
    headers: { location: `/v1/incidents/${incident.id}`, etag: etagOf(incident), ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
  };
});
