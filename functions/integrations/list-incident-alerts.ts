import { api, ok } from '#shared/http/api.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { ListAlertsQuery } from '#shared/schemas/integrations.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { listIncidentAlerts } from '#shared/use-cases/integrations/incident-alerts.ts';

export const handler = api('listIncidentAlerts', { params: IncidentIdParams, query: ListAlertsQuery }, async ({ params, query }) =>
  ok({ ...(await listIncidentAlerts(integrationDeps, params.id, query.limit, query.cursor)), limit: query.limit }),
);
