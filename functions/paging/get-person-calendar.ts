import { api } from '#shared/http/api.ts';
import { CALENDAR_CONTENT_TYPE, CALENDAR_HEADERS } from '#shared/http/paging-http.ts';
import { PersonCalendarParams } from '#shared/schemas/paging.ts';
import { personFeed } from '#shared/use-cases/paging/calendar-feeds.ts';
import { pagingDeps } from '#shared/use-cases/paging/deps.ts';

/** Public route: the person's feed secret in the URL is the credential. */
export const handler = api('getPersonCalendar', { params: PersonCalendarParams }, async ({ params }) => ({
  status: 200,
  text: await personFeed(pagingDeps, params.user, params.secret),
  contentType: CALENDAR_CONTENT_TYPE,
  headers: CALENDAR_HEADERS,
}));
