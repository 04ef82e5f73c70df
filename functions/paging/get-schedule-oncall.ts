import { api, ok } from '#shared/http/api.ts';
import { OnCallQuery, ScheduleIdParams } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { whoIsOnCall } from '#shared/use-cases/paging/who-is-on-call.ts';

export const handler = api('getScheduleOnCall', { params: ScheduleIdParams, query: OnCallQuery }, async ({ params, query }) => {
  const at = new Date(query.at ?? pagingDeps.now()).toISOString();
  return ok({ schedule_id: params.id, at, users: await whoIsOnCall(pagingDeps, params.id, at) });
});
