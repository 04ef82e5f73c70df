import { api, ok } from '#shared/http/api.ts';
import { ListTeamsQuery } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { listTeams } from '#shared/use-cases/paging/teams.ts';

export const handler = api('listTeams', { query: ListTeamsQuery }, async ({ query }) => ok({ ...(await listTeams(pagingDeps, query.limit, query.cursor)), limit: query.limit }));
