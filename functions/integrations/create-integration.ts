import { api, created } from '#shared/http/api.ts';
import { CreateIntegrationBody } from '#shared/schemas/integrations.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { createIntegration } from '#shared/use-cases/integrations/integrations.ts';

export const handler = api('createIntegration', { body: CreateIntegrationBody }, async ({ body }) => {
  const integration = await createIntegration(integrationDeps, body);
  return created(integration, { location: `/v1/integrations/${integration.id}`, 'cache-control': 'no-store' });
});
