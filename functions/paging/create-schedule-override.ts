import { api, created } from '#shared/http/api.ts';
import { OverrideBody, ScheduleIdParams } from '#shared/schemas/paging.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { createOverride } from '#shared/use-cases/paging/schedules.ts';

export const handler = api('createScheduleOverride', { params: ScheduleIdParams, body: OverrideBody }, async ({ params, body, principal }) => {
  const { schedule, override } = await createOverride(pagingDeps, params.id, body, actorOf(principal));
  return created(override, { location: `/v1/schedules/${schedule.id}/overrides/${override.id}`, etag: `"${schedule.version}"` });
});
