import { api, noContent } from '#shared/http/api.ts';
import { calendarOwner } from '#shared/http/paging-http.ts';
import { CalendarSecretParams } from '#shared/schemas/paging.ts';
import { revokeCalendarSecret } from '#shared/use-cases/paging/calendar-feeds.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';

export const handler = api('deleteCalendarSecret', { params: CalendarSecretParams }, async ({ params, principal }) => {
  await revokeCalendarSecret(pagingDeps, calendarOwner(params.id, principal));
  return noContent();
});
