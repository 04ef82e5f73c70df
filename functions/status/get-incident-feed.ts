import { api } from '#shared/http/api.ts';
import { cachedAnswer } from '#shared/http/status-http.ts';
import { FEED_FILE_PATTERN, FeedFileParams, SingleIncidentFeedQuery } from '#shared/schemas/status.ts';
import type { FeedFormat } from '#shared/domain/status/feed.ts';
import { statusDeps } from '#shared/use-cases/status/deps.ts';
import { incidentFeed } from '#shared/use-cases/status/feeds.ts';

/**
 * Public: one incident's public updates. The path is `/v1/feeds/incidents/{file}` with `file` =
 * `<id>.rss|.atom|.json`, because an HTTP API path variable is a whole segment.
 */
export const handler = api('getIncidentFeed', { params: FeedFileParams, query: SingleIncidentFeedQuery }, async ({ params, query, headers }) => {
  const [, id = '', format = 'rss'] = FEED_FILE_PATTERN.exec(params.file) ?? [];
  const feed = await incidentFeed(statusDeps, format as FeedFormat, id, { maxItems: query.max_items, ttlMinutes: query.ttl });
  return cachedAnswer(headers, { ...feed, maxAgeSeconds: query.ttl * 60 });
});
