import { api } from '#shared/http/api.ts';
import { cachedAnswer } from '#shared/http/status-http.ts';
import { IncidentFeedQuery } from '#shared/schemas/status.ts';
import { statusDeps } from '#shared/use-cases/status/deps.ts';
import { incidentsFeed } from '#shared/use-cases/status/feeds.ts';

/** Public: public, feed-enabled incidents as JSON Feed 1.1. */
export const handler = api('getIncidentsFeedJson', { query: IncidentFeedQuery }, async ({ query, headers }) => {
  const feed = await incidentsFeed(statusDeps, 'json', { includeResolved: query.include_resolved, maxItems: query.max_items, ttlMinutes: query.ttl, componentId: query.component });
  return cachedAnswer(headers, { ...feed, maxAgeSeconds: query.ttl * 60 });
});
