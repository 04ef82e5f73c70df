import { api, noContent } from '#shared/http/api.ts';
import { TeamIdParams } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { deleteTeam } from '#shared/use-cases/paging/teams.ts';

export const handler = api('deleteTeam', { params: TeamIdParams }, async ({ params }) => {
  await deleteTeam(pagingDeps, params.id);
  return noContent();
});
