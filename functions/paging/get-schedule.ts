import { api, ok } from '#shared/http/api.ts';
import { ScheduleIdParams } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { getSchedule } from '#shared/use-cases/paging/schedules.ts';

export const handler = api('getSchedule', { params: ScheduleIdParams }, async ({ params }) => {
  const schedule = await getSchedule(pagingDeps, params.id);
  return ok(schedule, { etag: `"${schedule.version}"` });
});
