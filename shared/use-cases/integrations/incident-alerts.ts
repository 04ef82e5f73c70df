/** GET /v1/incidents/{id}/alerts: the incident's linked alerts, oldest first (cursor pages). */
import { NotFoundError } from '#shared/domain/errors.ts';
import type { Alert } from '#shared/domain/integrations/integration.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import type { IntegrationDeps } from '#shared/use-cases/integrations/deps.ts';

export async function listIncidentAlerts(deps: Pick<IntegrationDeps, 'integrations' | 'incidents'>, incidentId: string, limit: number, cursor: string | undefined): Promise<Page<Alert>> {
  const [incident, page] = await Promise.all([deps.incidents.store.get(incidentId), deps.integrations.incidentAlerts(incidentId, limit, cursor)]);
  if (!incident) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
  return page;
}
