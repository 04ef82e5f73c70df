import { api } from '#shared/http/api.ts';
import { CALENDAR_CONTENT_TYPE, CALENDAR_HEADERS } from '#shared/http/paging-http.ts';
import { ScheduleCalendarParams } from '#shared/schemas/paging.ts';
import { scheduleFeed } from '#shared/use-cases/paging/calendar-feeds.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';

/** Public route: the person's feed secret in the URL is the credential. */
export const handler = api('getScheduleCalendar', { params: ScheduleCalendarParams }, async ({ params }) => ({
  status: 200,
  text: await scheduleFeed(pagingDeps, params.user, params.secret, params.id),
  contentType: CALENDAR_CONTENT_TYPE,
  headers: CALENDAR_HEADERS,
}));
