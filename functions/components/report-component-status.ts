import { api } from '#shared/http/api.ts';
import { HttpError } from '#shared/http/problem.ts';
import { ComponentStatusBody } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { ContentionError, reportComponentStatus } from '#shared/use-cases/components/report-component-status.ts';

/**
 * 201 when an incident was created (or a maintenance suppressed the report), 200 when an existing
 * system incident changed; 409 (with existingIncidentId/Title) when an active incident covers it;
 * 503 with Retry-After when concurrent writers kept winning for the whole retry budget.
 */
export const handler = api('reportComponentStatus', { body: ComponentStatusBody}, async ({ body, principal }) => {
  const outcome = await reportComponentStatus(componentDeps, body, actorOf(principal)).catch((error: unknown) => {
    if (error instanceof ContentionError) {
      throw new HttpError(503, 'Busy', `Too many concurrent status changes; nothing was written. Retry in a moment (${error.attempts} attempts).`, { headers: { 'retry-after': '1' } });
    }
    throw error;
  });
  const { component, incident, result } = outcome;
  const status = outcome.created || result === 'maintenance' ? 201 : 200;
  return {
    status,
    body: { result, incident, ...(outcome.result === 'maintenance' ? { maintenance: outcome.maintenance } : {}), component },
    headers: incident ? { location: `/v1/incidents/${incident.id}` } : undefined,
  };
});
