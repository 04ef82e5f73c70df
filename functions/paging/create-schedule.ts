import { api, created } from '#shared/http/api.ts';
import { CreateScheduleBody } from '#shared/schemas/paging.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { createSchedule } from '#shared/use-cases/paging/schedules.ts';

export const handler = api('createSchedule', { body: CreateScheduleBody }, async ({ body, principal }) => {
  const schedule = await createSchedule(pagingDeps, body, actorOf(principal));
  return created(schedule, { location: `/v1/schedules/${schedule.id}`, etag: `"${schedule.version}"` });
});
