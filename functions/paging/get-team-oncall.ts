import { api, ok } from '#shared/http/api.ts';
import { OnCallQuery, TeamIdParams } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { teamOnCall } from '#shared/use-cases/paging/who-is-on-call.ts';

export const handler = api('getTeamOnCall', { params: TeamIdParams, query: OnCallQuery }, async ({ params, query }) => {
  const at = new Date(query.at ?? pagingDeps.now()).toISOString();
  const { team, users } = await teamOnCall(pagingDeps, params.id, at);
  return ok({ team_id: team.id, schedule_id: team.schedule_id, at, users });
});
