import { api, ok } from '#shared/http/api.ts';
import { IntegrationIdParams } from '#shared/schemas/integrations.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { getIntegration } from '#shared/use-cases/integrations/integrations.ts';

export const handler = api('getIntegration', { params: IntegrationIdParams }, async ({ params }) => ok(await getIntegration(integrationDeps, params.id)));
