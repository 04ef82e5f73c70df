/**
 * The data files of the published site, beside the HTML pages: the incident feeds and the
 * Statuspage-compatible JSON, at the same paths as the live routes (`v1/feeds/incidents.rss`,
 * `api/v2/summary.json`, …), so a reader switches between the site and the API by host only.
 * They are the live routes' own answers: the same use cases (shared/use-cases/status/feeds.ts,
 * statuspage.ts) with the routes' default options (resolved included, 20 items, ttl 5 minutes).
 */
import { FEED_FORMATS } from '#shared/domain/status/feed.ts';
import type { SiteFile } from '#shared/site/site-writer.ts';
import { incidentsFeed } from '#shared/use-cases/status/feeds.ts';
import { statuspageDocument, type StatuspageDocument } from '#shared/use-cases/status/statuspage.ts';
import type { SiteDeps } from '#shared/use-cases/status/site-views.ts';

/** The feed routes' defaults (shared/schemas/status.ts). */
export const FEED_ITEMS = 20;
export const FEED_TTL_MINUTES = 5;
const JSON_TYPE = 'application/json; charset=utf-8';
const FEED_CACHE = `public, max-age=${FEED_TTL_MINUTES * 60}, s-maxage=15, stale-if-error=86400`;
const JSON_CACHE = 'public, max-age=15, s-maxage=15, stale-if-error=86400';

/** Statuspage document → its path under `api/v2/` (the live route's path). */
export const STATUSPAGE_FILES: Readonly<Record<StatuspageDocument, string>> = {
  summary: 'summary.json',
  status: 'status.json',
  components: 'components.json',
  incidents: 'incidents.json',
  unresolved: 'incidents/unresolved.json',
  maintenances: 'scheduled-maintenances.json',
  upcoming: 'scheduled-maintenances/upcoming.json',
  active: 'scheduled-maintenances/active.json',
};

export async function siteDataFiles(deps: SiteDeps, _now: Date): Promise<SiteFile[]> {
  const documents = await Promise.all(
    (Object.entries(STATUSPAGE_FILES) as [StatuspageDocument, string][]).map(async ([kind, file]): Promise<SiteFile> => ({
      key: `api/v2/${file}`,
      body: JSON.stringify((await statuspageDocument(deps.status, kind)).body),
      contentType: JSON_TYPE,
      cacheControl: JSON_CACHE,
    })),
  );
  const feeds = await Promise.all(
    FEED_FORMATS.map(async (format): Promise<SiteFile> => {
      const feed = await incidentsFeed(deps.status, format, { includeResolved: true, maxItems: FEED_ITEMS, ttlMinutes: FEED_TTL_MINUTES });
      return { key: `v1/feeds/incidents.${format}`, body: feed.text, contentType: feed.contentType, cacheControl: FEED_CACHE };
    }),
  );
  return [...documents, ...feeds];
}
