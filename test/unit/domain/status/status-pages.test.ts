import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderHistoryPage, renderIncidentPage, renderStatusPage, SITE_LINKS, type PageIncident, type StatusView } from '#shared/domain/status/status-pages.ts';

const days = (n: number, bad: Record<number, number> = {}) =>
  Array.from({ length: n }, (_, i) => ({ day: new Date(Date.UTC(2026, 7, 27 + i)).toISOString().slice(0, 10), availability: bad[i] ?? 100 }));

const incident: PageIncident = {
  id: 'INC-20261124-0001',
  title: 'API <errors> & "timeouts"',
  status: 'identified',
  impact: 'major',
  started_at: '2026-11-24T10:00:00.000Z',
  resolved_at: null,
  updated_at: '2026-11-24T10:30:00.000Z',
  components: ['API'],
  updates: [
    { id: 'u2', at: '2026-11-24T10:30:00.000Z', status: 'identified', body: 'We found the <b>cause</b>.' },
    { id: 'u1', at: '2026-11-24T10:00:00.000Z', status: 'investigating', body: 'Looking into it.' },
  ],
};

const view: StatusView = {
  title: 'Acme',
  generated_at: '2026-11-24T12:00:00.000Z',
  indicator: { indicator: 'major', description: 'Partial System Outage' },
  groups: [
    { name: 'Core', components: [{ id: 'c1', name: 'API', status: 'partial_outage', uptime: days(90, { 80: 97.5 }) }, { id: 'c2', name: 'Web', status: 'operational', uptime: days(90) }] },
    { name: null, components: [{ id: 'c3', name: 'Docs', status: 'under_maintenance', uptime: [] }] },
  ],
  incidents: [incident],
  maintenances: [{ id: 'MNT-1', title: 'Database upgrade', description: 'Short read-only window.', status: 'planned', start_time: '2026-11-25T02:00:00.000Z', end_time: '2026-11-25T03:00:00.000Z', components: ['API'] }],
};

describe('status page', () => {
  const page = renderStatusPage(view);

  it('is a complete HTML document with landmarks, a skip link and headings', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<a class="skip" href="#main">Skip to content</a>');
    expect(page).toMatch(/<header>[\s\S]*<nav aria-label="Status pages">[\s\S]*<main id="main">[\s\S]*<footer>/);
    expect(page).toContain('<h1>Acme status</h1>');
    for (const h of ['Active incidents', 'Scheduled maintenance', 'Components']) expect(page).toContain(`>${h}</h2>`);
  });

  it('links the three feeds as alternates', () => {
    expect(page).toContain(`<link rel="alternate" type="application/rss+xml" title="Incidents (RSS)" href="/v1/feeds/incidents.rss">`);
    expect(page).toContain('type="application/atom+xml" title="Incidents (Atom)" href="/v1/feeds/incidents.atom"');
    expect(page).toContain('type="application/feed+json" title="Incidents (JSON Feed)" href="/v1/feeds/incidents.json"');
  });

  it('shows every status as text and symbol, not colour alone', () => {
    expect(page).toContain('<span class="s-partial_outage"><span aria-hidden="true">▲ </span>Partial outage</span>');
    expect(page).toContain('<span aria-hidden="true">✓ </span>Operational');
    expect(page).toContain('<span aria-hidden="true">⚒ </span>Under maintenance');
    expect(page).toContain('role="status"><span aria-hidden="true">▲ </span>Partial System Outage</p>');
  });

  it('escapes incident titles and update bodies', () => {
    expect(page).toContain('API &lt;errors&gt; &amp; &quot;timeouts&quot;');
    expect(page).toContain('We found the &lt;b&gt;cause&lt;/b&gt;.');
    expect(page).not.toContain('<b>cause</b>');
  });

  it('draws a 90-day bar per component with a text summary for assistive technology', () => {
    expect(page).toContain('aria-label="99.97% uptime over the last 90 days; downtime on 1 day."');
    expect(page).toContain('aria-label="100% uptime over the last 90 days; no downtime."');
    expect(page.match(/<i[ >]/g)).toHaveLength(180);
    expect(page).toContain('title="2026-11-15: 97.5%"');
  });

  it('lists the upcoming maintenance and the group-less components under "Other components"', () => {
    expect(page).toContain('<h3>Database upgrade</h3>');
    expect(page).toContain('Other components');
  });

  it('contains no script and stays far under 50 KB gzip with 40 components', () => {
    const big = renderStatusPage({
      ...view,
      groups: Array.from({ length: 4 }, (_, g) => ({ name: `Group ${g}`, components: Array.from({ length: 10 }, (_, c) => ({ id: `c${g}${c}`, name: `Component ${g}.${c}`, status: 'operational' as const, uptime: days(90, { [c]: 99.5 }) })) })),
    });
    expect(big).not.toMatch(/<script|javascript:|\son\w+=/i);
    expect(gzipSync(big).length).toBeLessThan(50 * 1024);
  });
});

describe('history and incident pages', () => {
  it('groups the history by month, newest first, linking each incident page', () => {
    const older = { ...incident, id: 'INC-20261001-0001', title: 'Older', started_at: '2026-10-01T00:00:00.000Z', resolved_at: '2026-10-01T01:00:00.000Z', status: 'resolved' };
    const page = renderHistoryPage({ title: 'Acme', generated_at: view.generated_at, incidents: [incident, older] });
    expect(page).toContain('<h1>Incident history</h1>');
    expect(page.indexOf('November 2026')).toBeLessThan(page.indexOf('October 2026'));
    expect(page).toContain(`href="${SITE_LINKS.incident('INC-20261001-0001')}">Older</a>`);
    expect(page).toContain('Resolved <time datetime="2026-10-01T01:00:00.000Z">2026-10-01 01:00 UTC</time>');
  });

  it('renders one incident with every public update', () => {
    const page = renderIncidentPage({ title: 'Acme', generated_at: view.generated_at, incident });
    expect(page).toContain('<h1>API &lt;errors&gt; &amp; &quot;timeouts&quot;</h1>');
    expect(page).toContain('<h2 id="updates">Updates</h2>');
    expect(page).toContain('Looking into it.');
    expect(page).toContain('<title>API &lt;errors&gt; &amp; &quot;timeouts&quot; · Acme</title>');
  });

  it('uses the links it is given (live routes)', () => {
    const links = { ...SITE_LINKS, home: '/v1/status/page', incident: (id: string) => `/v1/status/page/incidents/${id}` };
    expect(renderStatusPage(view, links)).toContain('href="/v1/status/page/incidents/INC-20261124-0001"');
  });
});
