import { api, noContent } from '#shared/http/api.ts';
import { ScheduleIdParams } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { deleteSchedule } from '#shared/use-cases/paging/schedules.ts';

export const handler = api('deleteSchedule', { params: ScheduleIdParams }, async ({ params }) => {
  await deleteSchedule(pagingDeps, params.id);
  return noContent();
});
