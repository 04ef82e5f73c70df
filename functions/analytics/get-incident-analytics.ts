import { api, ok } from '#shared/http/api.ts';
import { AnalyticsQuery } from '#shared/schemas/analytics.ts';
import { analyticsDeps } from '#shared/use-cases/analytics/deps.ts';
import { getAnalytics } from '#shared/use-cases/analytics/get-analytics.ts';

export const handler = api('getIncidentAnalytics', { query: AnalyticsQuery }, async ({ query }) => ok(await getAnalytics(analyticsDeps, query)));
