import { api, ok } from '#shared/http/api.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { readDeps } from '#shared/use-cases/automation/deps.ts';
import { listExecutions } from '#shared/use-cases/automation/list-executions.ts';

export const handler = api('listIncidentAutomatedResponses', { params: IncidentIdParams }, async ({ params }) => ok(await listExecutions(readDeps, params.id)));
