import { api, ok } from '#shared/http/api.ts';
import { IntegrationIdParams } from '#shared/schemas/integrations.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { rotateRoutingKey } from '#shared/use-cases/integrations/integrations.ts';

export const handler = api('rotateIntegrationKey', { params: IntegrationIdParams }, async ({ params }) => ok(await rotateRoutingKey(integrationDeps, params.id), { 'cache-control': 'no-store' }));
