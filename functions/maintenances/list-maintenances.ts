import { api, ok } from '#shared/http/api.ts';
import { ListMaintenancesQuery } from '#shared/schemas/component.ts';

import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { listMaintenances } from '#shared/use-cases/components/components.ts';

export const handler = api('listMaintenances', { query: ListMaintenancesQuery}, async ({ query }) =>
  ok(await listMaintenances(componentDeps, query.limit, query.cursor)),
);
