import { api, created } from '#shared/http/api.ts';
import { CreateTeamBody } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { createTeam } from '#shared/use-cases/paging/teams.ts';

export const handler = api('createTeam', { body: CreateTeamBody }, async ({ body }) => {
  const team = await createTeam(pagingDeps, body);
  return created(team, { location: `/v1/teams/${team.id}`, etag: `"${team.version}"` });
});
