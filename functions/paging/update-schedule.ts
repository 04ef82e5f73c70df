import { api, ok } from '#shared/http/api.ts';
import { optionalVersion } from '#shared/http/paging-http.ts';
import { PatchScheduleBody, ScheduleIdParams } from '#shared/schemas/paging.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { updateSchedule } from '#shared/use-cases/paging/schedules.ts';

export const handler = api('updateSchedule', { params: ScheduleIdParams, body: PatchScheduleBody }, async ({ params, body, headers, principal }) => {
  const schedule = await updateSchedule(pagingDeps, params.id, body, actorOf(principal), optionalVersion(headers['if-match']));
  return ok(schedule, { etag: `"${schedule.version}"` });
});
