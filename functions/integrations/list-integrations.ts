import { api, ok } from '#shared/http/api.ts';
import { ListIntegrationsQuery } from '#shared/schemas/integrations.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { listIntegrations } from '#shared/use-cases/integrations/integrations.ts';

export const handler = api('listIntegrations', { query: ListIntegrationsQuery }, async ({ query }) => ok({ ...(await listIntegrations(integrationDeps, query.limit, query.cursor)), limit: query.limit }));
