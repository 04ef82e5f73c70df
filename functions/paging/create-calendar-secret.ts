import { api, created } from '#shared/http/api.ts';
import { calendarOwner } from '#shared/http/paging-http.ts';
import { config } from '#shared/config.ts';
import { CalendarSecretParams } from '#shared/schemas/paging.ts';
import { createCalendarSecret } from '#shared/use-cases/paging/calendar-feeds.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';

/** The secret is in the answer once and never again (only its hash is stored). */
export const handler = api('createCalendarSecret', { params: CalendarSecretParams }, async ({ params, principal }) =>
  created(await createCalendarSecret(pagingDeps, calendarOwner(params.id, principal), config.PUBLIC_BASE_URL), { 'cache-control': 'no-store' }),
);
