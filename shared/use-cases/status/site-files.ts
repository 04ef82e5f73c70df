/**
 * The data files of the published site, beside the HTML pages: the incident feeds and the
 * Statuspage-compatible JSON, at the same paths as the live routes (`v1/feeds/incidents.rss`,
 * `api/v2/summary.json`, …), so a reader switches between the site and the API by host only.
 * Rendered with status-public's renderers (shared/domain/status/feed.ts, statuspage.ts) from the
 * same public read model as the pages; the feeds are the live routes' default answer
 * (resolved incidents included, 20 items).
 *
 * TODO(merge): when status-public's use cases `incidentsFeed` and `statuspageDocument` are merged,
 * call them here instead of assembling the documents (the output must stay byte-identical to the
 * live routes).
 */
import { FEED_CONTENT_TYPES, FEED_FORMATS, incidentEntries, renderFeed, type FeedFormat } from '#shared/domain/status/feed.ts';
import { latest } from '#shared/domain/status/public-model.ts';
import {
  toStatuspageComponents,
  toStatuspageIncidents,
  toStatuspageMaintenances,
  toStatuspagePage,
  toStatuspageStatus,
  toStatuspageSummary,
} from '#shared/domain/status/statuspage.ts';
import type { SiteFile } from '#shared/site/site-writer.ts';
import { listPublicIncidents, loadPublicStatus, pageInfo, publicLink, statusPageUrl } from '#shared/use-cases/status/public-status.ts';
import type { SiteDeps } from '#shared/use-cases/status/site-views.ts';

/** The feeds' defaults (the live routes' defaults): 20 items, resolved included, ttl 5 minutes. */
export const FEED_ITEMS = 20;
export const FEED_TTL_MINUTES = 5;
export const STATUSPAGE_LIST_SIZE = 50;
const JSON_TYPE = 'application/json; charset=utf-8';
const FEED_CACHE = `public, max-age=${FEED_TTL_MINUTES * 60}, s-maxage=15, stale-if-error=86400`;
const JSON_CACHE = 'public, max-age=15, s-maxage=15, stale-if-error=86400';

export async function siteDataFiles(deps: SiteDeps, now: Date): Promise<SiteFile[]> {
  const status = await loadPublicStatus(deps.status, now);
  const [recent, feedIncidents] = await Promise.all([
    listPublicIncidents(deps.status, { limit: STATUSPAGE_LIST_SIZE, includeResolved: true }),
    listPublicIncidents(deps.status, { limit: FEED_ITEMS, includeResolved: true, feedOnly: true, updateLimit: 10 }),
  ]);
  const link = publicLink(deps.status);
  const ctx = { page: status.page, link };
  const components = toStatuspageComponents(status.groups, status.page);
  const page = toStatuspagePage(status.page);
  const recentPage = toStatuspagePage(pageInfo(deps.status, latest([status.page.updated_at, ...recent.map((i) => i.updated_at)], now.toISOString())));
  const json = (key: string, body: unknown): SiteFile => ({ key: `api/v2/${key}`, body: JSON.stringify(body), contentType: JSON_TYPE, cacheControl: JSON_CACHE });
  const maintenances = [...status.active_maintenances, ...status.upcoming_maintenances];
  const files: SiteFile[] = [
    json('summary.json', toStatuspageSummary(status, ctx)),
    json('status.json', { page, status: toStatuspageStatus(status.status) }),
    json('components.json', { page, components }),
    json('incidents.json', { page: recentPage, incidents: toStatuspageIncidents(recent, components, ctx) }),
    json('incidents/unresolved.json', { page, incidents: toStatuspageIncidents(status.incidents, components, ctx) }),
    json('scheduled-maintenances.json', { page, scheduled_maintenances: toStatuspageMaintenances(maintenances, components, ctx) }),
    json('scheduled-maintenances/upcoming.json', { page, scheduled_maintenances: toStatuspageMaintenances(status.upcoming_maintenances, components, ctx) }),
    json('scheduled-maintenances/active.json', { page, scheduled_maintenances: toStatuspageMaintenances(status.active_maintenances, components, ctx) }),
  ];

  const updated = latest(feedIncidents.map((i) => i.updated_at), now.toISOString());
  const feedPage = pageInfo(deps.status, updated);
  const self = Object.fromEntries(FEED_FORMATS.map((f) => [f, `${deps.status.page.baseUrl}/v1/feeds/incidents.${f}`])) as Record<FeedFormat, string>;
  for (const format of FEED_FORMATS) {
    const body = renderFeed(format, {
      page: feedPage,
      title: `${deps.status.page.name}: incidents`,
      description: `Incidents of ${deps.status.page.name}, newest first.`,
      links: { home: statusPageUrl(deps.status), self, incident: link },
      ttlMinutes: FEED_TTL_MINUTES,
      updated,
      entries: incidentEntries(feedIncidents, feedPage, link),
    });
    files.push({ key: `v1/feeds/incidents.${format}`, body, contentType: FEED_CONTENT_TYPES[format], cacheControl: FEED_CACHE });
  }
  return files;
}
