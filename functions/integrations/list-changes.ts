import { api, ok } from '#shared/http/api.ts';
import { ListChangesQuery } from '#shared/schemas/integrations.ts';
import { integrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { listChanges } from '#shared/use-cases/integrations/list-changes.ts';

export const handler = api('listChanges', { query: ListChangesQuery }, async ({ query }) => ok({ ...(await listChanges(integrationDeps, query)), limit: query.limit }));
