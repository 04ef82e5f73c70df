import { api } from '#shared/http/api.ts';
import { ComponentStatusBody, ComponentStatusResponse } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/component-deps.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { reportComponentStatus } from '#shared/use-cases/report-component-status.ts';

/**
 * 201 when an incident was created (or a maintenance suppressed the report), 200 when an existing
 * system incident changed; 409 (with existingIncidentId/Title) when an active incident covers it.
 */
export const handler = api('reportComponentStatus', { body: ComponentStatusBody, response: ComponentStatusResponse }, async ({ body, principal }) => {
  const outcome = await reportComponentStatus(componentDeps, body, actorOf(principal));
  const { component, incident, result } = outcome;
  const status = outcome.created || result === 'maintenance' ? 201 : 200;
  return {
    status,
    body: { result, incident, ...(outcome.result === 'maintenance' ? { maintenance: outcome.maintenance } : {}), component },
    headers: incident ? { location: `/v1/incidents/${incident.id}` } : undefined,
  };
});
