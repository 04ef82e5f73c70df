/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of public incidents, rendered by the `feed` library (it owns
 * the formats' escaping, CDATA splitting and date formats; no string templates here). Pure: no
 * AWS imports, so the live API routes and the published static files share it.
 *
 * - Incident feeds: one item per incident, its public updates newest first as the HTML content
 *   (as Statuspage's history.atom does); per-incident feeds: one item per public update.
 * - Severity, status and impact travel as namespaced extension elements in RSS
 *   (`<incident:severity xmlns:incident="…">`, the namespace declared on each element, which XML
 *   namespaces allow and which `feed` can express), as `category` elements with a scheme in Atom,
 *   and as the `_incident` extension object in JSON Feed (extensions start with `_`).
 * - `feed` 6 writes JSON Feed version 1 with `author`; the output is parsed as JSON and lifted to
 *   1.1 (`version`, `authors`), never edited as text.
 */
import { Feed, type Item } from 'feed';
import type { PageInfo, PublicIncidentWithUpdates, PublicUpdate } from '#shared/domain/status/public-model.ts';
import { STATUSPAGE_INCIDENT_STATUS } from '#shared/domain/status/statuspage.ts';
import { IMPACT_NAMES } from '#shared/domain/severity.ts';

export const FEED_FORMATS = ['rss', 'atom', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** Namespace of the extension elements: a tag URI (RFC 4151), the same for every deployment. */
export const INCIDENT_NAMESPACE = 'tag:incident-service.dev,2026:feed/incident';
export const INCIDENT_PREFIX = 'incident';

export const FEED_CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export interface FeedLinks {
  /** The human page the feed is about (status page, incident page). */
  readonly home: string;
  /** This feed's own URL per format (self links). */
  readonly self: Readonly<Record<FeedFormat, string>>;
  /** The public page of an incident. */
  readonly incident: (id: string) => string;
}

export interface FeedInput {
  readonly page: PageInfo;
  readonly title: string;
  readonly description: string;
  readonly links: FeedLinks;
  /** Minutes a reader may cache the feed (RSS `ttl`). */
  readonly ttlMinutes: number;
  /** The feed's last change (Atom `updated`, RSS `lastBuildDate`); also what the ETag is derived from. */
  readonly updated: string;
  readonly entries: readonly FeedEntry[];
}

export interface FeedEntry {
  readonly id: string;
  /** Atom id: `tag:<host>,2005:Incident/<id>` like Statuspage's history.atom. */
  readonly tagId: string;
  readonly title: string;
  readonly link: string;
  readonly published: string;
  readonly updated: string;
  readonly html: string;
  readonly text: string;
  readonly severity: string;
  readonly status: string;
  readonly impact: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML content (the feed library escapes the XML around it). */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

const hostOf = (url: string): string => new URL(url).host.replace(/:\d+$/, '') || 'localhost';
const tag = (page: PageInfo, what: string, id: string) => `tag:${hostOf(page.url)},2005:${what}/${id}`;

const statusName = (status: PublicUpdate['status']) => STATUSPAGE_INCIDENT_STATUS[status];
const label = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replaceAll('_', ' ');

function updateLines(updates: readonly PublicUpdate[]): { html: string; text: string } {
  const html = updates.map((u) => `<p><small>${escapeHtml(u.created_at)}</small><br><strong>${escapeHtml(label(statusName(u.status)))}</strong> - ${escapeHtml(u.body)}</p>`).join('');
  const text = updates.map((u) => `${u.created_at} ${label(statusName(u.status))} - ${u.body}`).join('\n\n');
  return { html, text };
}

/** One entry per incident: its public updates (newest first) as the content. */
export function incidentEntries(incidents: readonly PublicIncidentWithUpdates[], page: PageInfo, link: (id: string) => string): FeedEntry[] {
  return incidents.map((i) => {
    const lines = updateLines(i.updates);
    const fallback = `${label(statusName(i.status))}: ${i.title}`;
    return {
      id: i.id,
      tagId: tag(page, 'Incident', i.id),
      title: i.title,
      link: link(i.id),
      published: i.created_at,
      updated: i.updated_at,
      html: lines.html || `<p>${escapeHtml(fallback)}</p>`,
      text: lines.text || fallback,
      severity: i.severity,
      status: statusName(i.status),
      impact: IMPACT_NAMES[i.impact],
    };
  });
}

/** One entry per public update of one incident, newest first. */
export function updateEntries(incident: PublicIncidentWithUpdates, page: PageInfo, link: (id: string) => string): FeedEntry[] {
  return incident.updates.map((u) => ({
    id: `${incident.id}/${u.id}`,
    tagId: tag(page, 'IncidentUpdate', u.id),
    title: `${label(statusName(u.status))}: ${incident.title}`,
    link: `${link(incident.id)}#update-${u.id}`,
    published: u.created_at,
    updated: u.created_at,
    html: `<p>${escapeHtml(u.body)}</p>`,
    text: u.body,
    severity: incident.severity,
    status: statusName(u.status),
    impact: IMPACT_NAMES[incident.impact],
  }));
}

function extension(name: string, value: string) {
  return { name: `${INCIDENT_PREFIX}:${name}`, objects: { _attributes: { [`xmlns:${INCIDENT_PREFIX}`]: INCIDENT_NAMESPACE }, _text: value } };
}

function build(input: FeedInput, format: FeedFormat): Feed {
  const feed = new Feed({
    id: format === 'atom' ? input.links.self.atom : input.links.home,
    title: input.title,
    description: input.description,
    link: input.links.home,
    updated: new Date(input.updated),
    generator: 'incident-service (jpmonette/feed)',
    language: 'en',
    ttl: input.ttlMinutes,
    feedLinks: { rss: input.links.self.rss, atom: input.links.self.atom, json: input.links.self.json },
    feed: input.links.self[format],
    author: { name: input.page.name, link: input.page.url },
    copyright: '',
  });
  for (const e of input.entries) {
    const item: Item = {
      title: e.title,
      id: format === 'atom' ? e.tagId : e.id,
      guid: e.tagId,
      link: e.link,
      date: new Date(e.updated),
      published: new Date(e.published),
      description: e.text,
      content: e.html,
      category: [
        { name: e.severity, term: e.severity, domain: `${INCIDENT_NAMESPACE}#severity`, scheme: `${INCIDENT_NAMESPACE}#severity` },
        { name: e.status, term: e.status, domain: `${INCIDENT_NAMESPACE}#status`, scheme: `${INCIDENT_NAMESPACE}#status` },
      ],
      extensions: format === 'rss' ? [extension('severity', e.severity), extension('status', e.status), extension('impact', e.impact)] : [],
    };
    if (format === 'atom') item.author = [{ name: input.page.name }];
    feed.addItem(item);
  }
  return feed;
}

interface JsonFeedV1 {
  version: string;
  author?: { name?: string; url?: string };
  items: Array<Record<string, unknown> & { id: string }>;
  [key: string]: unknown;
}

/** The feed document in the given format. */
export function renderFeed(format: FeedFormat, input: FeedInput): string {
  const feed = build(input, format);
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  const doc = JSON.parse(feed.json1()) as JsonFeedV1;
  const byId = new Map(input.entries.map((e) => [e.id, e]));
  const { author, ...rest } = doc;
  const out = {
    ...rest,
    version: 'https://jsonfeed.org/version/1.1',
    language: 'en',
    ...(author ? { authors: [author] } : {}),
    items: doc.items.map((item) => {
      const entry = byId.get(item.id);
      return entry ? { ...item, content_text: entry.text, _incident: { severity: entry.severity, status: entry.status, impact: entry.impact } } : item;
    }),
  };
  return JSON.stringify(out, null, 2);
}
