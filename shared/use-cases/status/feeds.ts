/**
 * The incident feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1): every public, feed-enabled incident
 * (optionally of one component, optionally only unresolved ones), or the public updates of one
 * incident. Rendered by shared/domain/status/feed.ts; each comes with its content type and the
 * time of its last change.
 */
import { FEED_CONTENT_TYPES, FEED_FORMATS, incidentEntries, renderFeed, updateEntries, type FeedFormat, type FeedLinks } from '#shared/domain/status/feed.ts';
import { latest } from '#shared/domain/status/public-model.ts';
import type { StatusDeps } from '#shared/use-cases/status/deps.ts';
import { getPublicIncident, listPublicIncidents, pageInfo, publicLink, statusPageUrl } from '#shared/use-cases/status/public-status.ts';

/** Updates shown per incident in an incident list feed (the per-incident feed has them all, up to max_items). */
export const UPDATES_PER_ENTRY = 10;

export interface FeedDocument {
  readonly text: string;
  readonly contentType: string;
  readonly lastModified: string;
}

export interface IncidentsFeedOptions {
  readonly includeResolved: boolean;
  readonly maxItems: number;
  readonly ttlMinutes: number;
  readonly componentId?: string | undefined;
}

function selfLinks(base: string, query: string): Record<FeedFormat, string> {
  return Object.fromEntries(FEED_FORMATS.map((f) => [f, `${base}.${f}${query}`])) as Record<FeedFormat, string>;
}

function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

export async function incidentsFeed(deps: StatusDeps, format: FeedFormat, options: IncidentsFeedOptions): Promise<FeedDocument> {
  const incidents = await listPublicIncidents(deps, {
    limit: options.maxItems,
    includeResolved: options.includeResolved,
    componentId: options.componentId,
    feedOnly: true,
    updateLimit: UPDATES_PER_ENTRY,
  });
  const updated = latest(incidents.map((i) => i.updated_at), '1970-01-01T00:00:00.000Z');
  const page = pageInfo(deps, updated);
  const link = publicLink(deps);
  const query = queryString({ include_resolved: options.includeResolved ? undefined : false, max_items: options.maxItems === 20 ? undefined : options.maxItems, component: options.componentId });
  const links: FeedLinks = { home: statusPageUrl(deps), self: selfLinks(`${deps.page.baseUrl}/v1/feeds/incidents`, query), incident: link };
  const scope = options.componentId ? ` (component ${options.componentId})` : '';
  const text = renderFeed(format, {
    page,
    title: `${deps.page.name}: incidents${scope}`,
    description: `${options.includeResolved ? 'Incidents' : 'Unresolved incidents'} of ${deps.page.name}${scope}, newest first.`,
    links,
    ttlMinutes: options.ttlMinutes,
    updated,
    entries: incidentEntries(incidents, page, link),
  });
  // An empty feed has never changed: the epoch keeps its body, and so its ETag, stable.
  return { text, contentType: FEED_CONTENT_TYPES[format], lastModified: updated };
}

export interface IncidentFeedOptions {
  readonly maxItems: number;
  readonly ttlMinutes: number;
}

/** One incident's public updates, newest first. Unknown, private, deleted or not in feeds: 404. */
export async function incidentFeed(deps: StatusDeps, format: FeedFormat, id: string, options: IncidentFeedOptions): Promise<FeedDocument> {
  const incident = await getPublicIncident(deps, id, { feedOnly: true, updateLimit: options.maxItems });
  const page = pageInfo(deps, incident.updated_at);
  const link = publicLink(deps);
  const query = queryString({ max_items: options.maxItems === 20 ? undefined : options.maxItems });
  const text = renderFeed(format, {
    page,
    title: `${deps.page.name}: ${incident.title}`,
    description: `Public updates of ${incident.id}, newest first.`,
    links: { home: link(incident.id), self: selfLinks(`${deps.page.baseUrl}/v1/feeds/incidents/${encodeURIComponent(incident.id)}`, query), incident: link },
    ttlMinutes: options.ttlMinutes,
    updated: incident.updated_at,
    entries: updateEntries(incident, page, link),
  });
  return { text, contentType: FEED_CONTENT_TYPES[format], lastModified: incident.updated_at };
}
