/**
 * The public status pages as pure functions from a view (public facts only) to HTML strings:
 * `/status` (components by group with a 90-day uptime bar, active incidents with their public
 * updates, maintenances), `/status/history` and `/status/incidents/{id}`. The same functions
 * serve the live routes and the published site (shared/use-cases/status/publish-site.ts).
 *
 * No JavaScript. The stylesheet is one constant inlined in every page (one request; the site's
 * CSP allows exactly its hash, lib/constructs/static-site.ts). A status is always text plus a
 * symbol, never a colour alone; colours only repeat it.
 */
import { html, safeUrl, unsafeRaw, type Html } from '#shared/domain/status/html.ts';

/** Statuspage's component states (status-public maps impacts onto them). */
export type ComponentState = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';
export type Indicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface UptimeDay {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  /** Percent; null before the component existed. */
  readonly availability: number | null;
}

export interface PageComponent {
  readonly id: string;
  readonly name: string;
  readonly description?: string | null | undefined;
  readonly status: ComponentState;
  /** Oldest first; empty when uptime is not shown. */
  readonly uptime: readonly UptimeDay[];
}

export interface PageGroup {
  /** null: components without a display group. */
  readonly name: string | null;
  readonly components: readonly PageComponent[];
}

export interface PageUpdate {
  readonly id: string;
  readonly at: string;
  /** The incident status this update reported (`investigating`, `resolved`, …). */
  readonly status: string;
  readonly body: string;
}

export interface PageIncident {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  /** `none` | `minor` | `major` | `critical` (Statuspage's incident impact). */
  readonly impact: string;
  readonly started_at: string;
  readonly resolved_at: string | null;
  readonly updated_at: string;
  /** Names of the affected components. */
  readonly components: readonly string[];
  /** Public updates only, newest first. */
  readonly updates: readonly PageUpdate[];
}

export interface PageMaintenance {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly status: 'planned' | 'in_progress' | 'completed';
  readonly start_time: string;
  readonly end_time: string;
  readonly components: readonly string[];
}

export interface StatusView {
  readonly title: string;
  readonly generated_at: string;
  readonly indicator: { readonly indicator: Indicator; readonly description: string };
  readonly groups: readonly PageGroup[];
  readonly incidents: readonly PageIncident[];
  readonly maintenances: readonly PageMaintenance[];
}

export interface SiteLinks {
  readonly home: string;
  readonly history: string;
  readonly incident: (id: string) => string;
  readonly feeds: { readonly rss: string; readonly atom: string; readonly json: string };
}

/** The published site's URLs (CloudFront, and `.local/site` served by the local server). */
export const SITE_LINKS: SiteLinks = {
  home: '/status',
  history: '/status/history',
  incident: (id) => `/status/incidents/${encodeURIComponent(id)}`,
  feeds: { rss: '/v1/feeds/incidents.rss', atom: '/v1/feeds/incidents.atom', json: '/v1/feeds/incidents.json' },
};

const STATE: Readonly<Record<ComponentState, { label: string; symbol: string }>> = {
  operational: { label: 'Operational', symbol: '✓' },
  degraded_performance: { label: 'Degraded performance', symbol: '◐' },
  partial_outage: { label: 'Partial outage', symbol: '▲' },
  major_outage: { label: 'Major outage', symbol: '✕' },
  under_maintenance: { label: 'Under maintenance', symbol: '⚒' },
};

const INDICATOR_SYMBOL: Readonly<Record<string, string>> = { none: '✓', minor: '◐', major: '▲', critical: '✕', maintenance: '⚒' };

/** Kept small on purpose: the page must weigh ≤ 50 KB gzip with 90 days × every component. */
export const STATUS_CSS = `
:root{--ok:#1a7f37;--minor:#9a6700;--major:#bc4c00;--crit:#cf222e;--mnt:#0969da;--fg:#1f2328;--mut:#59636e;--bg:#fff;--line:#d1d9e0;color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:#0550ae}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header,main,footer{max-width:56rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:baseline;justify-content:space-between;border-bottom:1px solid var(--line)}
header p{margin:0}
h1{font-size:1.5rem;margin:0}
h2{font-size:1.25rem;margin:2rem 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .25rem}
nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
.banner{border:2px solid;border-radius:.5rem;padding:.75rem 1rem;font-weight:600;margin:1rem 0}
.s-none,.s-operational{color:var(--ok)}
.s-minor,.s-degraded_performance{color:var(--minor)}
.s-major,.s-partial_outage{color:var(--major)}
.s-critical,.s-major_outage{color:var(--crit)}
.s-maintenance,.s-under_maintenance{color:var(--mnt)}
.group{border:1px solid var(--line);border-radius:.5rem;margin:.75rem 0;padding:0 1rem}
.group h3{border-bottom:1px solid var(--line);padding-bottom:.5rem}
.cmp{list-style:none;margin:0;padding:0}
.cmp>li{padding:.5rem 0;border-top:1px solid var(--line)}
.cmp>li:first-child{border-top:0}
.row{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.name{font-weight:600}
.bar{display:flex;gap:1px;height:1.5rem;margin:.35rem 0 .1rem}
.bar i{flex:1;background:var(--ok);border-radius:1px}
.bar .u1{background:var(--minor);height:85%;align-self:flex-end}
.bar .u2{background:var(--crit);height:70%;align-self:flex-end}
.bar .un{background:var(--line)}
.legend{display:flex;justify-content:space-between;color:var(--mut);font-size:.8rem}
article{border:1px solid var(--line);border-left-width:.35rem;border-radius:.5rem;padding:.25rem 1rem;margin:.75rem 0}
article.i-critical{border-left-color:var(--crit)}
article.i-major{border-left-color:var(--major)}
article.i-minor{border-left-color:var(--minor)}
article.m{border-left-color:var(--mnt)}
.meta{color:var(--mut);font-size:.9rem;margin:.25rem 0}
.upd{list-style:none;padding:0;margin:.5rem 0}
.upd li{margin:.5rem 0}
.upd b{text-transform:capitalize}
.hist{list-style:none;padding:0}
.hist li{border-top:1px solid var(--line);padding:.5rem 0}
footer{color:var(--mut);font-size:.85rem;border-top:1px solid var(--line)}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--mut:#9198a1;--bg:#0d1117;--line:#3d444d;--ok:#3fb950;--minor:#d29922;--major:#f0883e;--crit:#f85149;--mnt:#4493f8;color-scheme:dark}a{color:#4493f8}.skip{background:#0d1117}}
`.trim();

/** `2026-11-24 14:05 UTC`, inside a `<time>` carrying the exact instant. */
function when(iso: string): Html {
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return html`<time datetime="${iso}">${text}</time>`;
}

const label = (value: string): string => value.replace(/_/g, ' ');

function stateText(state: ComponentState): Html {
  const s = STATE[state];
  return html`<span class="${`s-${state}`}"><span aria-hidden="true">${s.symbol} </span>${s.label}</span>`;
}

function uptimeBar(component: PageComponent): Html | null {
  const days = component.uptime;
  if (days.length === 0) return null;
  const known = days.filter((d): d is UptimeDay & { availability: number } => d.availability !== null);
  const average = known.length ? Math.round((known.reduce((sum, d) => sum + d.availability, 0) / known.length) * 100) / 100 : null;
  const bad = known.filter((d) => d.availability < 100);
  const summary =
    average === null
      ? `No uptime data for the last ${days.length} days.`
      : `${average}% uptime over the last ${days.length} days; ${bad.length === 0 ? 'no downtime' : `downtime on ${bad.length} day${bad.length === 1 ? '' : 's'}`}.`;
  const cells = days.map((d) => {
    const cls = d.availability === null ? 'un' : d.availability >= 100 ? '' : d.availability >= 99 ? 'u1' : 'u2';
    const tip = d.availability === null ? `${d.day}: no data` : `${d.day}: ${d.availability}%`;
    return html`<i${cls ? html` class="${cls}"` : ''} title="${tip}"></i>`;
  });
  return html`<div class="bar" role="img" aria-label="${summary}">${cells}</div><div class="legend" aria-hidden="true"><span>${days.length} days ago</span><span>${average === null ? '' : `${average}%`}</span><span>Today</span></div>`;
}

function componentItem(component: PageComponent): Html {
  return html`<li><div class="row"><span class="name">${component.name}</span>${stateText(component.status)}</div>${uptimeBar(component)}</li>`;
}

function groups(view: StatusView): Html {
  if (view.groups.length === 0) return html`<p>No components are registered yet.</p>`;
  return html`${view.groups.map(
    (g) => html`<section class="group" aria-labelledby="${`g-${slug(g.name ?? 'other')}`}"><h3 id="${`g-${slug(g.name ?? 'other')}`}">${g.name ?? 'Other components'}</h3><ul class="cmp">${g.components.map(componentItem)}</ul></section>`,
  )}`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

function updates(list: readonly PageUpdate[]): Html {
  if (list.length === 0) return html``;
  return html`<ol class="upd" reversed>${list.map((u) => html`<li><b>${label(u.status)}</b> · ${when(u.at)}<br>${u.body}</li>`)}</ol>`;
}

function incidentMeta(incident: PageIncident): Html {
  return html`<p class="meta">Status: ${label(incident.status)} · Impact: ${incident.impact} · Started ${when(incident.started_at)}${incident.resolved_at ? html` · Resolved ${when(incident.resolved_at)}` : ''}${incident.components.length ? html` · Affects: ${incident.components.join(', ')}` : ''}</p>`;
}

function incidentArticle(incident: PageIncident, links: SiteLinks, headingLevel: 3 | 2): Html {
  const title = html`<a href="${safeUrl(links.incident(incident.id))}">${incident.title}</a>`;
  const heading = headingLevel === 3 ? html`<h3>${title}</h3>` : html`<h2>${title}</h2>`;
  return html`<article class="${`i-${incident.impact}`}">${heading}${incidentMeta(incident)}${updates(incident.updates)}</article>`;
}

function maintenanceArticle(m: PageMaintenance): Html {
  const state = m.status === 'in_progress' ? 'In progress' : m.status === 'planned' ? 'Scheduled' : 'Completed';
  return html`<article class="m"><h3>${m.title}</h3><p class="meta"><span class="s-maintenance"><span aria-hidden="true">⚒ </span>${state}</span> · ${when(m.start_time)} – ${when(m.end_time)}${m.components.length ? html` · Affects: ${m.components.join(', ')}` : ''}</p>${m.description ? html`<p>${m.description}</p>` : ''}</article>`;
}

function layout(view: Pick<StatusView, 'title' | 'generated_at'>, links: SiteLinks, pageTitle: string, body: Html): string {
  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${pageTitle}</title>
<meta name="description" content="${`Current status, incidents and maintenance of ${view.title}`}">
<link rel="alternate" type="application/rss+xml" title="Incidents (RSS)" href="${links.feeds.rss}">
<link rel="alternate" type="application/atom+xml" title="Incidents (Atom)" href="${links.feeds.atom}">
<link rel="alternate" type="application/feed+json" title="Incidents (JSON Feed)" href="${links.feeds.json}">
<style>${unsafeRaw(STATUS_CSS)}</style></head>
<body><a class="skip" href="#main">Skip to content</a>
<header><p><a href="${links.home}"><strong>${view.title}</strong></a></p><nav aria-label="Status pages"><ul><li><a href="${links.home}">Current status</a></li><li><a href="${links.history}">History</a></li><li><a href="${links.feeds.rss}">RSS</a></li><li><a href="${links.feeds.atom}">Atom</a></li></ul></nav></header>
<main id="main">${body}</main>
<footer><p>Updated ${when(view.generated_at)}. Subscribe with the <a href="${links.feeds.rss}">RSS</a>, <a href="${links.feeds.atom}">Atom</a> or <a href="${links.feeds.json}">JSON</a> feed.</p></footer>
</body></html>
`;
  return doc.value;
}

/** `/status`. */
export function renderStatusPage(view: StatusView, links: SiteLinks = SITE_LINKS): string {
  const upcoming = view.maintenances.filter((m) => m.status !== 'completed');
  const symbol = INDICATOR_SYMBOL[view.indicator.indicator] ?? '•';
  const heading = /status$/i.test(view.title) ? view.title : `${view.title} status`;
  const body = html`<h1>${heading}</h1>
<p class="${`banner s-${view.indicator.indicator}`}" role="status"><span aria-hidden="true">${symbol} </span>${view.indicator.description}</p>
${view.incidents.length ? html`<section aria-labelledby="active"><h2 id="active">Active incidents</h2>${view.incidents.map((i) => incidentArticle(i, links, 3))}</section>` : ''}
${upcoming.length ? html`<section aria-labelledby="maint"><h2 id="maint">Scheduled maintenance</h2>${upcoming.map(maintenanceArticle)}</section>` : ''}
<section aria-labelledby="components"><h2 id="components">Components</h2>${groups(view)}</section>
<p><a href="${links.history}">Incident history</a></p>`;
  return layout(view, links, heading, body);
}

export interface HistoryView {
  readonly title: string;
  readonly generated_at: string;
  /** Newest first. */
  readonly incidents: readonly PageIncident[];
}

/** `/status/history`: past and present public incidents, newest first, by month. */
export function renderHistoryPage(view: HistoryView, links: SiteLinks = SITE_LINKS): string {
  const months = new Map<string, PageIncident[]>();
  for (const incident of view.incidents) {
    const month = incident.started_at.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), incident]);
  }
  const body = html`<h1>Incident history</h1>
${view.incidents.length === 0 ? html`<p>No incidents reported.</p>` : ''}
${[...months].map(
  ([month, list]) =>
    html`<section aria-labelledby="${`m-${month}`}"><h2 id="${`m-${month}`}">${monthName(month)}</h2><ul class="hist">${list.map(
      (i) => html`<li><a href="${safeUrl(links.incident(i.id))}">${i.title}</a>${incidentMeta(i)}</li>`,
    )}</ul></section>`,
)}`;
  return layout(view, links, `Incident history · ${view.title}`, body);
}

/** `/status/incidents/{id}`: one incident with every public update. */
export function renderIncidentPage(view: { readonly title: string; readonly generated_at: string; readonly incident: PageIncident }, links: SiteLinks = SITE_LINKS): string {
  const { incident } = view;
  const body = html`<h1>${incident.title}</h1>${incidentMeta(incident)}
<section aria-labelledby="updates"><h2 id="updates">Updates</h2>${incident.updates.length ? updates(incident.updates) : html`<p>No public updates yet.</p>`}</section>
<p><a href="${links.home}">Current status</a> · <a href="${links.history}">Incident history</a></p>`;
  return layout(view, links, `${incident.title} · ${view.title}`, body);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
function monthName(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${year}`;
}
