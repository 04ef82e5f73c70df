/**
 * Public status over HTTP against the local server: the summary, the Statuspage-compatible
 * documents (checked against test/fixtures/statuspage/*.schema.json), the feeds (two parsers each,
 * JSON Feed against its schema), HTTP caching, privacy (a marker in internal notes, comments, an
 * assignee, an internal update message and a private incident appears in no public answer) and bad
 * input (4xx problem+json naming the field, never a 500).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/http.ts';
import { checkAtom, checkJsonFeed, checkRss, expectStatuspage } from '../support/feeds.ts';

type Body = Record<string, unknown>;
const MARKER = `PRIVATE-${randomUUID().slice(0, 8)}`;
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

const STATUSPAGE: ReadonlyArray<[string, 'summary' | 'status' | 'components' | 'incidents' | 'scheduled-maintenances']> = [
  ['/api/v2/summary.json', 'summary'],
  ['/api/v2/status.json', 'status'],
  ['/api/v2/components.json', 'components'],
  ['/api/v2/incidents.json', 'incidents'],
  ['/api/v2/incidents/unresolved.json', 'incidents'],
  ['/api/v2/scheduled-maintenances.json', 'scheduled-maintenances'],
  ['/api/v2/scheduled-maintenances/upcoming.json', 'scheduled-maintenances'],
  ['/api/v2/scheduled-maintenances/active.json', 'scheduled-maintenances'],
];
const FEEDS = ['/v1/feeds/incidents.rss', '/v1/feeds/incidents.atom', '/v1/feeds/incidents.json'];

async function ok(method: string, path: string, options: Parameters<typeof call>[2] = {}) {
  const res = await call<Body>(method, path, options);
  expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
  return res.body;
}

describe('public status over HTTP', () => {
  let component: { id: string; name: string };
  let publicId: string;
  let privateId: string;
  let quietId: string;
  let maintenanceIds: string[];

  beforeAll(async () => {
    component = (await ok('POST', '/v1/components', { role: 'admin', body: { name: unique('api'), display_group: 'Core' } })) as { id: string; name: string };
    const created = await ok('POST', '/v1/incidents', {
      role: 'responder',
      body: { title: 'API errors', impact: 2, components: [component.id], public_message: 'We are investigating errors.', internal_notes: MARKER, assignee: MARKER, description: MARKER },
    });
    publicId = String(created.id);
    await ok('POST', `/v1/incidents/${publicId}/comments`, { role: 'responder', body: { body: MARKER } });
    await ok('POST', `/v1/incidents/${publicId}/assignments`, { role: 'responder', body: { user: MARKER } });
    await ok('POST', `/v1/incidents/${publicId}/updates`, { role: 'responder', body: { status: 'identified', message: MARKER, public_message: 'We found the cause.' } });
    await ok('POST', `/v1/incidents/${publicId}/updates`, { role: 'responder', body: { message: `internal only ${MARKER}` } });
    privateId = String((await ok('POST', '/v1/incidents', { role: 'responder', body: { title: `secret ${MARKER}`, impact: 3, components: [component.id], is_public: false, public_message: MARKER } })).id);
    quietId = String((await ok('POST', '/v1/incidents', { role: 'responder', body: { title: 'Quiet incident', impact: 1, rss_enabled: false, public_message: 'Not in feeds.' } })).id);
    const now = Date.now();
    maintenanceIds = [
      String((await ok('POST', '/v1/maintenances', { role: 'responder', body: { title: 'DB upgrade', components: [component.id], start_time: new Date(now + 86_400_000).toISOString(), end_time: new Date(now + 90_000_000).toISOString() } })).id),
      String((await ok('POST', '/v1/maintenances', { role: 'responder', body: { title: 'Network work', components: [component.id], start_time: new Date(now - 60_000).toISOString(), end_time: new Date(now + 3_600_000).toISOString() } })).id),
    ];
  });

  it('GET /v1/status/summary: components by group, active public incidents with public updates, maintenances', async () => {
    const res = await call<Body>('GET', '/v1/status/summary');
    expect(res.status).toBe(200);
    const body = res.body as { status: { indicator: string }; groups: { name: string | null; components: { id: string; status: string }[] }[]; incidents: { id: string; updates: { body: string }[] }[]; active_maintenances: { id: string }[]; upcoming_maintenances: { id: string }[] };
    // Other files on the same server may leave worse incidents open: at least this one's impact.
    expect(['major', 'critical']).toContain(body.status.indicator);
    expect(body.groups.find((g) => g.name === 'Core')?.components.find((c) => c.id === component.id)?.status).toBe('partial_outage');
    const incident = body.incidents.find((i) => i.id === publicId);
    expect(incident?.updates.map((u) => u.body)).toEqual(['We found the cause.', 'We are investigating errors.']);
    expect(body.incidents.some((i) => i.id === privateId)).toBe(false);
    expect(body.incidents.some((i) => i.id === quietId)).toBe(true);
    expect(body.upcoming_maintenances.map((m) => m.id)).toContain(maintenanceIds[0]);
    expect(body.active_maintenances.map((m) => m.id)).toContain(maintenanceIds[1]);
  });

  it('serves every Statuspage document in that format', async () => {
    for (const [path, schema] of STATUSPAGE) {
      const res = await call<Body>('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expectStatuspage(schema, res.body);
    }
    // The lists hold the 50 most recent, as Statuspage's do.
    expect(((await call<{ incidents: unknown[] }>('GET', '/api/v2/incidents.json')).body.incidents).length).toBeLessThanOrEqual(50);
    expect(((await call<{ scheduled_maintenances: unknown[] }>('GET', '/api/v2/scheduled-maintenances.json')).body.scheduled_maintenances).length).toBeLessThanOrEqual(50);
    const unresolved = (await call<{ incidents: { id: string; status: string; impact: string; incident_updates: unknown[] }[] }>('GET', '/api/v2/incidents/unresolved.json')).body;
    expect(unresolved.incidents.find((i) => i.id === publicId)).toMatchObject({ status: 'identified', impact: 'major' });
    const upcoming = (await call<{ scheduled_maintenances: { id: string; status: string }[] }>('GET', '/api/v2/scheduled-maintenances/upcoming.json')).body;
    expect(upcoming.scheduled_maintenances.find((m) => m.id === maintenanceIds[0])?.status).toBe('scheduled');
    const active = (await call<{ scheduled_maintenances: { id: string; status: string }[] }>('GET', '/api/v2/scheduled-maintenances/active.json')).body;
    expect(active.scheduled_maintenances.find((m) => m.id === maintenanceIds[1])?.status).toBe('in_progress');
  });

  it('serves the feeds: valid, parsed by two parsers, rss_enabled and is_public honoured', async () => {
    const rss = await call('GET', '/v1/feeds/incidents.rss?ttl=10');
    expect(rss.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    expect(rss.headers.get('cache-control')).toBe('public, max-age=600');
    const parsed = checkRss(rss.text);
    expect(parsed.ttl).toBe(10);
    const item = parsed.items.find((i) => i.id.endsWith(`Incident/${publicId}`));
    expect(item).toMatchObject({ severity: 'high', status: 'identified' });
    expect(parsed.items.some((i) => i.id.endsWith(`/${quietId}`) || i.id.endsWith(`/${privateId}`))).toBe(false);

    const atom = await call('GET', '/v1/feeds/incidents.atom');
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect(checkAtom(atom.text).items.some((i) => i.id.endsWith(`/${publicId}`))).toBe(true);
    const json = await call('GET', '/v1/feeds/incidents.json');
    expect(json.headers.get('content-type')).toMatch(/^application\/feed\+json/);
    expect(checkJsonFeed(json.text).items.map((i) => i.id)).toContain(publicId);

    const byComponent = checkRss((await call('GET', `/v1/feeds/incidents.rss?component=${component.id}&include_resolved=false&max_items=5`)).text);
    expect(byComponent.items.map((i) => i.id)).toEqual([expect.stringMatching(new RegExp(`/${publicId}$`))]);
  });

  it('serves a feed per incident: one item per public update', async () => {
    for (const [suffix, check] of [['rss', checkRss], ['atom', checkAtom], ['json', checkJsonFeed]] as const) {
      const res = await call('GET', `/v1/feeds/incidents/${publicId}.${suffix}`);
      expect(res.status, res.text).toBe(200);
      expect(check(res.text).items).toHaveLength(2);
    }
    for (const id of [privateId, quietId, 'INC-20000101-0001']) {
      const res = await call<Body>('GET', `/v1/feeds/incidents/${id}.rss`);
      expect(res.status, id).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('answers If-None-Match with 304 and keeps ETag, Last-Modified, Cache-Control', async () => {
    for (const path of ['/v1/status/summary', '/api/v2/summary.json', ...FEEDS, `/v1/feeds/incidents/${publicId}.atom`]) {
      const first = await call('GET', path);
      const etag = first.headers.get('etag') ?? '';
      expect(etag, path).toMatch(/^"[\w-]+"$/);
      expect(Number.isNaN(Date.parse(first.headers.get('last-modified') ?? ''))).toBe(false);
      expect(first.headers.get('cache-control'), path).toMatch(/^public, max-age=\d+$/);
      const again = await call('GET', path, { headers: { 'if-none-match': `W/"other", ${etag}` } });
      expect(again.status, path).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect((await call('GET', path, { headers: { 'if-none-match': '"stale"' } })).status, path).toBe(200);
    }
    const before = await call('GET', '/v1/feeds/incidents.rss');
    await ok('POST', `/v1/incidents/${publicId}/updates`, { role: 'responder', body: { status: 'monitoring', message: 'x', public_message: 'A fix is rolling out.' } });
    const after = await call('GET', '/v1/feeds/incidents.rss', { headers: { 'if-none-match': before.headers.get('etag') ?? '' } });
    expect(after.status).toBe(200);
    expect(after.text).toContain('A fix is rolling out.');
  });

  it('lets no private field out of any public route', async () => {
    const paths = ['/v1/status/summary', '/v1/component_status', ...STATUSPAGE.map(([p]) => p), ...FEEDS, `/v1/feeds/incidents/${publicId}.rss`, `/v1/feeds/incidents/${publicId}.json`, `/v1/feeds/incidents.rss?component=${component.id}`];
    for (const path of paths) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain(MARKER);
      expect(res.text, path).not.toContain('internal_notes');
    }
  });

  it('rejects bad input with a 4xx problem naming the field, never a 500', async () => {
    const cases: ReadonlyArray<[string, number, RegExp]> = [
      ['/v1/feeds/incidents.rss?max_items=0', 400, /query\.max_items: must be between 1 and 100/],
      ['/v1/feeds/incidents.rss?max_items=101', 400, /query\.max_items: must be between 1 and 100/],
      ['/v1/feeds/incidents.atom?max_items=abc', 400, /query\.max_items: must be a number/],
      ['/v1/feeds/incidents.json?include_resolved=maybe', 400, /query\.include_resolved: must be true or false/],
      ['/v1/feeds/incidents.rss?ttl=0', 400, /query\.ttl/],
      ['/v1/feeds/incidents.rss?colour=red', 400, /colour/],
      ['/v1/feeds/incidents.rss?component=nope', 400, /query\.component/],
      ['/v1/feeds/incidents.rss?component=CMP-00000000000000000000000000', 404, /Unknown component/],
      [`/v1/feeds/incidents/${publicId}.xml`, 400, /path\.file/],
      ['/v1/feeds/incidents/../../etc.rss', 404, /./],
      [`/v1/feeds/incidents/${'INC-20261124-'.padEnd(60, '1')}.rss`, 400, /path\.file/],
      [`/v1/feeds/incidents/${publicId}.rss?max_items=-1`, 400, /query\.max_items/],
    ];
    for (const [path, status, detail] of cases) {
      const res = await call<{ detail: string }>('GET', path);
      expect(res.status, `${path}: ${res.text}`).toBe(status);
      expect(res.headers.get('content-type'), path).toBe('application/problem+json');
      expect(res.body.detail, path).toMatch(detail);
    }
  });
});
