import { api, noContent } from '#shared/http/api.ts';
import { IntegrationIdParams } from '#shared/schemas/integrations.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { deleteIntegration } from '#shared/use-cases/integrations/integrations.ts';

export const handler = api('deleteIntegration', { params: IntegrationIdParams }, async ({ params }) => {
  await deleteIntegration(integrationDeps, params.id);
  return noContent();
});
