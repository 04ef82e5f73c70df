/**
 * Defects found by trying the service as a new user would (issue 14, item 5): each test here
 * failed before its fix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '#lib/routes.ts';
import { fingerprint } from '#shared/store/cursor.ts';
import { call } from '../support/http.ts';

type Incident = Record<string, unknown> & { id: string; version: number; status: string };

async function create(body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Defect check', severity: 'high', ...body }, headers });
  expect(res.status).toBe(201);
  return res.body;
}

const expectProblem = (res: { status: number; headers: Headers }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
};

describe('path ids have a length bound', () => {
  const long = `INC-20260101-${'1'.repeat(3000)}`;
  const routes: [string, string, unknown?][] = [
    ['GET', `/v1/incidents/${long}`],
    ['PATCH', `/v1/incidents/${long}`, { title: 'Checkout errors' }],
    ['DELETE', `/v1/incidents/${long}`],
    ['PUT', `/v1/incidents/${long}/status`, { status: 'acknowledged' }],
    ['POST', `/v1/incidents/${long}/updates`, { message: 'x', update_type: 'investigation' }],
    ['POST', `/v1/incidents/${long}/comments`, { body: 'x' }],
    ['GET', `/v1/incidents/${long}/comments`],
    ['POST', `/v1/incidents/${long}/assignments`, { user: 'alice' }],
    ['DELETE', `/v1/incidents/${long}/assignments?user=alice`],
    ['GET', `/v1/incidents/${long}/notifications`],
    ['GET', `/v1/events?incident=${long}`],
  ];
  it.each(routes.map(([method, path, body]) => ({ method, path, body, label: `${method} ${path.replace(long, '<3,000-digit id>')}` })))('$label is a 400 naming the id', async ({ method, path, body }) => {
    const res = await call<{ errors?: { path: string }[] }>(method, path, { role: 'admin', ...(body ? { body, headers: { 'if-match': '"1"' } } : {}) });
    expectProblem(res, 400);
    expect(res.body.errors?.map((e) => e.path)).toContain(path.startsWith('/v1/events') ? 'query.incident' : 'path.id');
  });
});

describe('badly percent-encoded paths', () => {
  const paths = ['/v1/incidents/%ZZ', '/v1/incidents/%', '/v1/incidents/%C3%28', '/v1/incidents/%E2%82/comments', '/v1/components/%ZZ', '/v1/users/%FF/notification_preferences', '/v1/maintenances/%'];
  it.each(paths)('GET %s is a 400 problem+json, with or without a token', async (path) => {
    expectProblem(await call('GET', path), 400);
    expectProblem(await call('GET', path, { role: 'admin' }), 400);
  });
});

describe('notifications of an incident', () => {
  it('is a 404 for an unknown or deleted incident, as its comments are', async () => {
    expectProblem(await call('GET', '/v1/incidents/INC-20200101-9999/notifications', { role: 'viewer' }), 404);
    const incident = await create();
    expect((await call('GET', `/v1/incidents/${incident.id}/notifications`, { role: 'viewer' })).status).toBe(200);
    expect((await call('DELETE', `/v1/incidents/${incident.id}`, { role: 'admin' })).status).toBe(204);
    expectProblem(await call('GET', `/v1/incidents/${incident.id}/notifications`, { role: 'viewer' }), 404);
    expectProblem(await call('GET', `/v1/incidents/${incident.id}/comments`, { role: 'viewer' }), 404);
  });
});

describe('Idempotency-Key', () => {
  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['over 255 characters', 'k'.repeat(256)],
  ])('an %s key is a 400 and creates nothing', async (_name, key) => {
    const title = `Idempotency ${key.length} ${Date.now()}`;
    const res = await call('POST', '/v1/incidents', { role: 'responder', body: { title, severity: 'low' }, headers: { 'idempotency-key': key } });
    expectProblem(res, 400);
    expect(res.text).toMatch(/Idempotency-Key/);
    const list = await call<{ items: { title: string }[] }>('GET', '/v1/incidents?limit=100', { role: 'viewer' });
    expect(list.body.items.filter((i) => i.title === title)).toEqual([]);
  });

  it('a key of 255 characters is honoured', async () => {
    const key = `k${Date.now()}`.padEnd(255, 'x');
    const first = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Idempotent', severity: 'low' }, headers: { 'idempotency-key': key } });
    const second = await call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Idempotent', severity: 'low' }, headers: { 'idempotency-key': key } });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('severity minor', () => {
  it("is a person's minor incident (impact 1), not a maintenance", async () => {
    expect(await create({ severity: 'minor' })).toMatchObject({ severity: 'minor', impact: 1, incident_type: 'other' });
  });
});

describe('people comment and assign together during an outage', () => {
  it('20 comments and 10 assignments at once: all succeed, all stored, one timeline entry each', async () => {
    const incident = await create({ title: 'Everyone at once' });
    const comments = Array.from({ length: 20 }, (_, i) => call('POST', `/v1/incidents/${incident.id}/comments`, { role: 'responder', body: { body: `comment ${i}` } }));
    const assignments = Array.from({ length: 10 }, (_, i) => call('POST', `/v1/incidents/${incident.id}/assignments`, { role: 'responder', body: { user: `person-${i}` } }));
    const results = await Promise.all([...comments, ...assignments]);
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 30 }, () => 201));

    const detail = await call<Incident & { comments: { body: string }[]; assignments: { user: string }[]; timeline: { type: string; message: string | null }[] }>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' });
    expect(detail.body.comments.map((c) => c.body).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `comment ${i}`).sort());
    expect(detail.body.assignments.map((a) => a.user).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `person-${i}`).sort());
    const commentEntries = detail.body.timeline.filter((e) => e.type === 'incident.comment_added');
    expect(commentEntries.map((e) => e.message).sort()).toEqual(detail.body.comments.map((c) => c.body).sort());
    expect(detail.body.timeline.filter((e) => e.type === 'incident.assigned')).toHaveLength(10);
    // Every change still moves the version (ETags stay honest), without making the writes conflict.
    expect(detail.body.version).toBe(incident.version + 30);
    expect(detail.headers.get('etag')).toBe(`"${incident.version + 30}"`);
  });

  it('unassigning and commenting on a deleted incident is a 404 that stores nothing', async () => {
    const incident = await create({ title: 'Soon gone' });
    expect((await call('DELETE', `/v1/incidents/${incident.id}`, { role: 'admin' })).status).toBe(204);
    expect((await call('POST', `/v1/incidents/${incident.id}/comments`, { role: 'responder', body: { body: 'late' } })).status).toBe(404);
    expect((await call('POST', `/v1/incidents/${incident.id}/assignments`, { role: 'responder', body: { user: 'bob' } })).status).toBe(404);
    expect((await call('DELETE', `/v1/incidents/${incident.id}/assignments?user=bob`, { role: 'responder' })).status).toBe(404);
  });

  it('a PATCH with the ETag read before a comment is a 412, not a 500', async () => {
    const incident = await create({ title: 'Stale edit' });
    expect((await call('POST', `/v1/incidents/${incident.id}/comments`, { role: 'responder', body: { body: 'first' } })).status).toBe(201);
    const stale = await call('PATCH', `/v1/incidents/${incident.id}`, { role: 'responder', body: { title: 'Renamed incident' }, headers: { 'if-match': `"${incident.version}"` } });
    expect(stale.status).toBe(412);
  });
});

describe('forged and foreign cursors', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  // A cursor's query fingerprint is no secret (a hash of the filters): forged cursors carry the right one.
  const forgeries = (query: unknown) => {
    const f = fingerprint(query);
    const positions = [{ pk: 'MNT#x', sk: 'zzz', gsi1pk: 'other', gsi1sk: '1' }, { sk: 'TL#not-a-comment' }, { sk: 'A'.repeat(1500) }, { m: '9999-99', s: '~' }, { m: '2026-01', s: '0' }, {}];
    return [...positions.flatMap((p) => [b64({ v: 1, f, p }), ...['maintenances', 'comments', 'events', 'incident-events', 'incidents', 'subscriptions', 'delivery-attempts'].map((l) => b64({ v: 2, l, f, p }))]), 'not-a-cursor'];
  };
  it('is a 400 problem+json on every list route', async () => {
    const incident = await create({ title: 'Cursor target' });
    const noFilter = { incident: undefined, types: undefined, from: undefined, to: undefined };
    const lists: [string, unknown][] = [
      ['/v1/incidents', {}],
      [`/v1/incidents/${incident.id}/comments`, { comments: incident.id }],
      ['/v1/maintenances', { maintenances: true }],
      ['/v1/events', noFilter],
      [`/v1/events?incident=${incident.id}`, { ...noFilter, incident: incident.id }],
      ['/v1/subscriptions', { subscriptions: true }],
      [`/v1/incidents/${incident.id}/notifications`, { attempts: incident.id }],
    ];
    for (const [list, query] of lists) {
      for (const cursor of forgeries(query)) {
        const res = await call('GET', `${list}${list.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`, { role: 'admin' });
        expect(res.status, `${list} ${Buffer.from(cursor, 'base64url').toString()}`).toBe(400);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
    }
  });

  it('a cursor of one list is refused by another (events ↔ incidents)', async () => {
    for (let i = 0; i < 3; i++) await create({ title: `Paged incident ${i}` });
    const incidents = await call<{ next_cursor: string }>('GET', '/v1/incidents?limit=1', { role: 'viewer' });
    const events = await call<{ next_cursor: string }>('GET', '/v1/events?limit=1', { role: 'viewer' });
    expect(incidents.body.next_cursor).toEqual(expect.any(String));
    expect(events.body.next_cursor).toEqual(expect.any(String));
    const foreign1 = await call<{ detail: string }>('GET', `/v1/events?limit=1&cursor=${incidents.body.next_cursor}`, { role: 'viewer' });
    const foreign2 = await call<{ detail: string }>('GET', `/v1/incidents?limit=1&cursor=${events.body.next_cursor}`, { role: 'viewer' });
    expect([foreign1.status, foreign2.status]).toEqual([400, 400]);
    expect(foreign1.body.detail).toMatch(/cursor/);
    expect((await call('GET', `/v1/events?limit=1&cursor=${events.body.next_cursor}`, { role: 'viewer' })).status).toBe(200);
  });
});

describe('the API reference', () => {
  it('serves the OpenAPI document publicly at /v1/openapi.json, the same as docs/openapi.json', async () => {
    const res = await call<{ openapi: string; paths: Record<string, Record<string, { operationId: string }>> }>('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const onDisk = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8')) as unknown;
    expect(res.body).toEqual(onDisk);
    expect(res.body.paths['/v1/openapi.json']?.get?.operationId).toBe('getOpenApi');
  });

  it('serves a self-contained HTML page at /docs listing every operation', async () => {
    const res = await call('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    for (const route of routes) expect(res.text, route.id).toContain(`id="${route.id}"`);
    expect(res.text).not.toMatch(/<script|<link|src=|https?:\/\//i);
  });
});
