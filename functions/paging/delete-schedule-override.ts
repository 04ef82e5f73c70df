import { api, noContent } from '#shared/http/api.ts';
import { OverrideIdParams } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { deleteOverride } from '#shared/use-cases/paging/schedules.ts';

export const handler = api('deleteScheduleOverride', { params: OverrideIdParams }, async ({ params }) => {
  await deleteOverride(pagingDeps, params.id, params.override_id);
  return noContent();
});
