/**
 * The public read model's pure parts: public fields only, the Statuspage mapping (checked against
 * the JSON Schemas in test/fixtures/statuspage/), and the feeds (each parsed by two independent
 * parsers, the JSON Feed checked against its schema).
 */
import { describe, expect, it } from 'vitest';
import { newComponent } from '#shared/domain/components/component.ts';
import { newIncident, timelineEntry, type Actor, type Incident } from '#shared/domain/incidents/incident.ts';
import { STATUSES } from '#shared/domain/incidents/lifecycle.ts';
import { incidentEntries, renderFeed, updateEntries, type FeedInput } from '#shared/domain/status/feed.ts';
import {
  overallStatus,
  publicComponents,
  publicIncidentOf,
  publicUpdateOf,
  type PageInfo,
  type PublicIncidentWithUpdates,
  type PublicMaintenance,
  type PublicStatus,
} from '#shared/domain/status/public-model.ts';
import { STATUSPAGE_INCIDENT_STATUS, toStatuspageComponents, toStatuspageIncidents, toStatuspageMaintenances, toStatuspageSummary } from '#shared/domain/status/statuspage.ts';
import { checkAtom, checkJsonFeed, checkRss, expectStatuspage } from '../../../support/feeds.ts';

const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };
const MARKER = 'PRIVATE-MARKER-91b2';
const NOW = '2026-11-24T10:00:00.000Z';
const page: PageInfo = { id: 'status', name: 'Example status', url: 'https://status.example.com/status', time_zone: 'Etc/UTC', updated_at: NOW };
const link = (id: string) => `https://status.example.com/status/incidents/${id}`;

function incident(overrides: Partial<Incident> = {}): Incident {
  const { incident: i } = newIncident('INC-20261124-0001', { title: 'API errors', severity: 'high', internal_notes: MARKER, assignee: MARKER, assigned_team: MARKER, description: MARKER, public_message: 'Looking into it.' }, alice, '2026-11-24T09:00:00.000Z');
  return { ...i, ...overrides };
}

function withUpdates(i: Incident, bodies: string[]): PublicIncidentWithUpdates {
  return {
    ...publicIncidentOf(i, i.updated_at, null),
    updates: bodies.map((body, n) => ({ id: `01JUPD${n}`, incident_id: i.id, status: i.status, body, created_at: `2026-11-24T09:0${n}:00.000Z` })).reverse(),
  };
}

describe('public fields', () => {
  it('never carries private fields', () => {
    const p = publicIncidentOf(incident(), NOW, null);
    expect(JSON.stringify(p)).not.toContain(MARKER);
    expect(Object.keys(p).sort()).toEqual(
      ['closed_at', 'components', 'created_at', 'id', 'impact', 'incident_type', 'monitoring_at', 'public_message', 'resolved_at', 'rss_enabled', 'severity', 'started_at', 'status', 'title', 'updated_at'].sort(),
    );
  });

  it('takes public updates from public messages only', () => {
    const i = incident();
    expect(publicUpdateOf(timelineEntry(i, 'incident.update_added', alice, NOW, {}, { message: MARKER, public_message: 'Fixed.' }))?.body).toBe('Fixed.');
    expect(publicUpdateOf(timelineEntry(i, 'incident.update_added', alice, NOW, {}, { message: MARKER }))).toBeUndefined();
    expect(publicUpdateOf(timelineEntry(i, 'incident.comment_added', alice, NOW, {}, { message: MARKER }))).toBeUndefined();
    expect(publicUpdateOf(timelineEntry(i, 'incident.status_changed', alice, NOW, {}, { message: MARKER }))).toBeUndefined();
    expect(publicUpdateOf(timelineEntry(i, 'incident.created', alice, NOW, {}, {}))?.body).toBe('Looking into it.');
    expect(publicUpdateOf(timelineEntry(i, 'incident.updated', alice, NOW, { public_message: { from: 'a', to: 'b' } }, {}))?.body).toBe('b');
    expect(publicUpdateOf(timelineEntry(i, 'incident.updated', alice, NOW, { public_message: { from: 'a', to: null } }, {}))).toBeUndefined();
  });
});

describe('status and components', () => {
  const api = { ...newComponent('CMP-01JAPI00000000000000000000', { name: 'api', display_group: 'Core' }, NOW) };
  const db = { ...newComponent('CMP-01JDB000000000000000000000', { name: 'db', display_group: 'Core' }, NOW) };
  const web = { ...newComponent('CMP-01JWEB00000000000000000000', { name: 'web' }, NOW) };
  const maintenance: PublicMaintenance = { id: 'MNT-01JMNT00000000000000000000', title: 'db upgrade', description: '', status: 'in_progress', components: [db.id], scheduled_for: NOW, scheduled_until: '2026-11-24T12:00:00.000Z', created_at: NOW, updated_at: NOW };

  it('maps impacts onto the Statuspage vocabulary; the worst incident wins, then maintenance', () => {
    const minor = publicIncidentOf(incident({ id: 'INC-20261124-0002', impact: 1, components: [api.id] }), NOW, null);
    const major = publicIncidentOf(incident({ id: 'INC-20261124-0003', impact: 2, components: [api.id, web.id] }), NOW, null);
    const { groups, components } = publicComponents([web, db, api], [minor, major], [maintenance]);
    expect(components.map((c) => [c.name, c.status, c.impact])).toEqual([
      ['api', 'partial_outage', 2],
      ['db', 'under_maintenance', 0],
      ['web', 'partial_outage', 2],
    ]);
    expect(groups.map((g) => [g.name, g.status])).toEqual([
      ['Core', 'partial_outage'],
      [null, 'partial_outage'],
    ]);
    expect(overallStatus([minor, major], true)).toEqual({ indicator: 'major', description: 'Partial System Outage', maintenance: true });
    expect(overallStatus([], true)).toEqual({ indicator: 'none', description: 'Service Under Maintenance', maintenance: true });
    expect(overallStatus([], false)).toEqual({ indicator: 'none', description: 'All Systems Operational', maintenance: false });
    const outage = publicIncidentOf(incident({ impact: 3 }), NOW, null);
    expect(overallStatus([outage], false).indicator).toBe('critical');
    const resolved = publicIncidentOf(incident({ impact: 3, status: 'resolved' }), NOW, null);
    expect(overallStatus([resolved], false).indicator).toBe('none');
  });

  it('maps every lifecycle state', () => {
    expect(STATUSES.map((s) => STATUSPAGE_INCIDENT_STATUS[s])).toEqual(['investigating', 'investigating', 'investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
  });

  it('renders Statuspage documents that match the format schemas', () => {
    const active = withUpdates(incident({ impact: 2, status: 'identified', components: [api.id] }), ['Looking into it.', 'Found it.']);
    const { groups, components } = publicComponents([api, db, web], [active], [maintenance]);
    const status: PublicStatus = { page, status: overallStatus([active], true), groups, components, incidents: [active], active_maintenances: [maintenance], upcoming_maintenances: [] };
    const summary = toStatuspageSummary(status, { page, link });
    expectStatuspage('summary', summary);
    expect(JSON.stringify(summary)).not.toContain(MARKER);
    const sp = toStatuspageComponents(groups, page);
    expectStatuspage('components', { page: summary.page, components: sp });
    const group = sp.find((c) => c.group);
    expect(group).toMatchObject({ name: 'Core', components: [api.id, db.id] });
    expect(sp.find((c) => c.id === api.id)?.group_id).toBe(group?.id);
    const incidents = toStatuspageIncidents([active], sp, { page, link });
    expectStatuspage('incidents', { page: summary.page, incidents });
    expect(incidents[0]).toMatchObject({ status: 'identified', impact: 'major', shortlink: link(active.id), components: [{ id: api.id }] });
    expect(incidents[0]?.incident_updates.map((u) => u.body)).toEqual(['Found it.', 'Looking into it.']);
    expectStatuspage('scheduled-maintenances', { page: summary.page, scheduled_maintenances: toStatuspageMaintenances([maintenance], sp, { page, link }) });
    expectStatuspage('status', { page: summary.page, status: summary.status });
  });

  it('has schemas that reject what the format does not allow', () => {
    expect(() => expectStatuspage('status', { page, status: { indicator: 'partial', description: 'x' } })).toThrow();
    expect(() => expectStatuspage('status', { page, status: { indicator: 'none' } })).toThrow();
  });
});

describe('feeds', () => {
  const tricky = 'Errors on <api> & "db" ]]> <script>alert(1)</script>';
  const one = withUpdates(incident({ title: tricky, impact: 3, status: 'identified' }), ['First <b>look</b>', 'Cause ]]> found & fixing']);
  const two = withUpdates(incident({ id: 'INC-20261124-0007', title: 'Slow search', severity: 'low', impact: 1 }), []);
  const input = (entries: FeedInput['entries']): FeedInput => ({
    page,
    title: 'Example status: incidents',
    description: 'Incidents, newest first.',
    links: { home: page.url, self: { rss: 'https://status.example.com/v1/feeds/incidents.rss', atom: 'https://status.example.com/v1/feeds/incidents.atom', json: 'https://status.example.com/v1/feeds/incidents.json' }, incident: link },
    ttlMinutes: 7,
    updated: NOW,
    entries,
  });

  it('RSS 2.0: valid, parsed alike by two parsers, namespaced severity and status, ttl', () => {
    const text = renderFeed('rss', input(incidentEntries([one, two], page, link)));
    const rss = checkRss(text);
    expect(rss.ttl).toBe(7);
    expect(rss.items).toEqual([
      { id: 'tag:status.example.com,2005:Incident/INC-20261124-0001', title: tricky, severity: 'high', status: 'identified' },
      { id: 'tag:status.example.com,2005:Incident/INC-20261124-0007', title: 'Slow search', severity: 'low', status: 'investigating' },
    ]);
    // The title is plain text (RSS), inside CDATA: the script tag is text, never markup.
    expect(text).toContain('<title><![CDATA[Errors on <api>');
    expect(text).not.toMatch(/<severity>/);
  });

  it('Atom 1.0: valid, ids like Statuspage history.atom, severity and status as categories', () => {
    const atom = checkAtom(renderFeed('atom', input(incidentEntries([one, two], page, link))));
    expect(atom.items.map((i) => [i.id, i.severity, i.status])).toEqual([
      ['tag:status.example.com,2005:Incident/INC-20261124-0001', 'high', 'identified'],
      ['tag:status.example.com,2005:Incident/INC-20261124-0007', 'low', 'investigating'],
    ]);
  });

  it('JSON Feed 1.1: valid against its schema, with the _incident extension', () => {
    const { doc, items } = checkJsonFeed(renderFeed('json', input(incidentEntries([one, two], page, link))));
    expect(doc.version).toBe('https://jsonfeed.org/version/1.1');
    expect(items.map((i) => [i.title, i.severity, i.status])).toEqual([
      [tricky, 'high', 'identified'],
      ['Slow search', 'low', 'investigating'],
    ]);
  });

  it('a per-incident feed has one item per public update, newest first', () => {
    const entries = updateEntries(one, page, link);
    for (const check of [checkRss(renderFeed('rss', input(entries))).items, checkAtom(renderFeed('atom', input(entries))).items, checkJsonFeed(renderFeed('json', input(entries))).items]) {
      expect(check).toHaveLength(2);
    }
    const json = checkJsonFeed(renderFeed('json', input(entries))).doc as { items: { content_text: string }[] };
    expect(json.items.map((i) => i.content_text)).toEqual(['Cause ]]> found & fixing', 'First <b>look</b>']);
  });

  it('an empty feed is still valid', () => {
    checkRss(renderFeed('rss', input([])));
    checkAtom(renderFeed('atom', input([])));
    checkJsonFeed(renderFeed('json', input([])));
  });

  it('the JSON Feed schema rejects a feed without version 1.1 or an item without content', () => {
    expect(() => checkJsonFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 't', items: [] }))).toThrow();
    expect(() => checkJsonFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items: [{ id: 'x' }] }))).toThrow();
  });
});
