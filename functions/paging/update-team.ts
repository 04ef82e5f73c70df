import { api, ok } from '#shared/http/api.ts';
import { optionalVersion } from '#shared/http/paging-http.ts';
import { PatchTeamBody, TeamIdParams } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { updateTeam } from '#shared/use-cases/paging/teams.ts';

export const handler = api('updateTeam', { params: TeamIdParams, body: PatchTeamBody }, async ({ params, body, headers }) => {
  const team = await updateTeam(pagingDeps, params.id, body, optionalVersion(headers['if-match']));
  return ok(team, { etag: `"${team.version}"` });
});
