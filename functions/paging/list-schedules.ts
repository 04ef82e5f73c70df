import { api, ok } from '#shared/http/api.ts';
import { ListSchedulesQuery } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { listSchedules } from '#shared/use-cases/paging/schedules.ts';

export const handler = api('listSchedules', { query: ListSchedulesQuery }, async ({ query }) => ok({ ...(await listSchedules(pagingDeps, query.limit, query.cursor)), limit: query.limit }));
