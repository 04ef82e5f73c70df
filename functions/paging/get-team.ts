import { api, ok } from '#shared/http/api.ts';
import { TeamIdParams } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { getTeam } from '#shared/use-cases/paging/teams.ts';

export const handler = api('getTeam', { params: TeamIdParams }, async ({ params }) => {
  const team = await getTeam(pagingDeps, params.id);
  return ok(team, { etag: `"${team.version}"` });
});
