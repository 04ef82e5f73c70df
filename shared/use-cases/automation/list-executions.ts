/** `GET /v1/incidents/{id}/automated_responses`: every execution of the incident, oldest first. */
import { NotFoundError } from '#shared/domain/errors.ts';
import type { Execution } from '#shared/domain/automation/automated-response.ts';
import type { AutomationDeps } from '#shared/use-cases/automation/context.ts';

export async function listExecutions(deps: Pick<AutomationDeps, 'automation' | 'incidents'>, incidentId: string): Promise<{ items: Execution[] }> {
  const [incident, items] = await Promise.all([deps.incidents.get(incidentId), deps.automation.listExecutions(incidentId)]);
  if (!incident) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
  return { items };
}
