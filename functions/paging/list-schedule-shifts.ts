import { api, ok } from '#shared/http/api.ts';
import { ScheduleIdParams, ShiftsQuery } from '#shared/schemas/paging.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';
import { scheduleShifts } from '#shared/use-cases/paging/who-is-on-call.ts';

export const handler = api('listScheduleShifts', { params: ScheduleIdParams, query: ShiftsQuery }, async ({ params, query }) =>
  ok(await scheduleShifts(pagingDeps, params.id, query.from, query.to)),
);
