import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, token } from '../support/http.ts';

type Incident = Record<string, unknown> & { id: string; version: number; status: string };

const secondsBetween = (from: unknown, to: unknown) => Math.round((Date.parse(String(to)) - Date.parse(String(from))) / 1000);

async function create(body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Checkout errors', severity: 'high', ...body }, headers });
}

async function summary() {
  return (await call<{ by_status: Record<string, number>; total: number }>('GET', '/v1/incidents/summary', { role: 'viewer' })).body;
}

describe('incident lifecycle over HTTP', () => {
  it('runs open → acknowledged → investigating → resolved → closed with MTTA and MTTR', async () => {
    const startTime = new Date(Date.now() - 3600_000).toISOString();
    const created = await create({ title: 'Payments API 5xx', severity: 'SEV1', start_time: startTime, affected_services: ['payments'], assigned_team: 'payments' });
    expect(created.status).toBe(201);
    const incident = created.body;
    expect(incident.id).toMatch(/^INC-\d{8}-\d{4,}$/);
    expect(incident).toMatchObject({ severity: 'critical', impact: 3, status: 'open', version: 1, system: false, created_by: 'responder@e2e', mtta_seconds: null });
    expect(created.headers.get('location')).toBe(`/v1/incidents/${incident.id}`);
    expect(created.headers.get('etag')).toBe('"1"');

    const ack = await call<Incident>('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'acknowledged', message: 'on it' } });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledged_at).toEqual(expect.any(String));
    expect(ack.body.mtta_seconds).toBe(secondsBetween(incident.created_at, ack.body.acknowledged_at));

    const investigating = await call<Incident>('POST', `/v1/incidents/${incident.id}/updates`, {
      role: 'responder',
      body: { status: 'investigating', message: 'Connection pool exhausted', public_message: 'We are investigating failed payments', update_type: 'investigation' },
    });
    expect(investigating.status).toBe(201);
    expect(investigating.body.incident).toMatchObject({ status: 'investigating', public_message: 'We are investigating failed payments' });

    const resolved = await call<Incident>('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'resolved' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body.mttr_seconds).toBe(secondsBetween(startTime, resolved.body.resolved_at));
    expect(Number(resolved.body.mttr_seconds)).toBeGreaterThanOrEqual(3600);

    const closed = await call<Incident>('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'closed' } });
    expect(closed.body).toMatchObject({ status: 'closed', closed_at: expect.any(String), version: 5 });

    const detail = await call<Incident & { timeline: { type: string; message: string | null; changes: Record<string, unknown> }[] }>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' });
    expect(detail.status).toBe(200);
    expect(detail.headers.get('etag')).toBe('"5"');
    expect(detail.body.timeline.map((e) => e.type)).toEqual(['incident.created', 'incident.acknowledged', 'incident.update_added', 'incident.resolved', 'incident.status_changed']);
    expect(detail.body.timeline[1]).toMatchObject({ message: 'on it', changes: { status: { from: 'open', to: 'acknowledged' } } });
    expect(detail.body.timeline[0]).not.toHaveProperty('incident');
  });

  it('reopens a resolved incident to investigating and clears the resolution', async () => {
    const { body: incident } = await create();
    await call('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'resolved' } });
    const reopened = await call<Incident>('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'investigating' } });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'investigating', resolved_at: null, mttr_seconds: null });
  });

  it('refuses an illegal transition with 409 and the allowed next states', async () => {
    const { body: incident } = await create();
    await call('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'monitoring' } });
    const res = await call('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'acknowledged' } });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 409, current_status: 'monitoring', allowed_next: ['resolved', 'closed'] });
    const after = await call<Incident>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' });
    expect(after.body.status).toBe('monitoring');
  });

  it('treats a PUT to the current status as a no-op', async () => {
    const { body: incident } = await create();
    const res = await call<Incident>('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'open' } });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
  });

  it('updates with If-Match and refuses a stale ETag with 412', async () => {
    const { body: incident, headers } = await create();
    const etag = headers.get('etag') as string;
    const first = await call<Incident>('PATCH', `/v1/incidents/${incident.id}`, { role: 'responder', body: { title: 'Checkout errors in EU', severity: 'critical' }, headers: { 'if-match': etag } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ title: 'Checkout errors in EU', severity: 'critical', impact: 3, version: 2 });
    expect(first.headers.get('etag')).toBe('"2"');

    const stale = await call('PATCH', `/v1/incidents/${incident.id}`, { role: 'responder', body: { title: 'Lost update' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ current_version: 2 });
    const missing = await call('PATCH', `/v1/incidents/${incident.id}`, { role: 'responder', body: { title: 'No precondition' } });
    expect(missing.status).toBe(428);

    const detail = await call<Incident & { timeline: { type: string; changes: Record<string, unknown> }[] }>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' });
    expect(detail.body.title).toBe('Checkout errors in EU');
    expect(detail.body.timeline[1]).toMatchObject({ type: 'incident.updated', changes: { title: { from: 'Checkout errors', to: 'Checkout errors in EU' }, severity: { from: 'high', to: 'critical' } } });
  });

  it('snoozes an open incident and refuses to snooze an acknowledged one', async () => {
    const { body: incident } = await create();
    const until = new Date(Date.now() + 3600_000).toISOString();
    const snoozed = await call<Incident>('PATCH', `/v1/incidents/${incident.id}`, { role: 'responder', body: { snoozed_until: until }, headers: { 'if-match': '"1"' } });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body.snoozed_until).toBe(until);
    const acked = await call<Incident>('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'acknowledged' } });
    expect(acked.body.snoozed_until).toBeNull();
    const refused = await call('PATCH', `/v1/incidents/${incident.id}`, { role: 'responder', body: { snoozed_until: until }, headers: { 'if-match': '"3"' } });
    expect(refused.status).toBe(409);
  });

  it('adds and lists comments, adds and removes assignments', async () => {
    const { body: incident } = await create();
    const comment = await call('POST', `/v1/incidents/${incident.id}/comments`, { role: 'responder', body: { body: 'Rolled back deploy 42' } });
    expect(comment.status).toBe(201);
    expect(comment.body).toMatchObject({ author: 'responder@e2e', body: 'Rolled back deploy 42', incident_id: incident.id });
    await call('POST', `/v1/incidents/${incident.id}/comments`, { role: 'responder', body: { body: 'Error rate back to normal' } });
    const comments = await call<{ items: { body: string }[]; next_cursor: string | null }>('GET', `/v1/incidents/${incident.id}/comments?limit=1`, { role: 'viewer' });
    expect(comments.body.items.map((c) => c.body)).toEqual(['Rolled back deploy 42']);
    const page2 = await call<{ items: { body: string }[] }>('GET', `/v1/incidents/${incident.id}/comments?limit=1&cursor=${comments.body.next_cursor}`, { role: 'viewer' });
    expect(page2.body.items.map((c) => c.body)).toEqual(['Error rate back to normal']);

    const assigned = await call('POST', `/v1/incidents/${incident.id}/assignments`, { role: 'responder', body: { user: 'alice', role: 'commander' } });
    expect(assigned.status).toBe(201);
    expect((await call('POST', `/v1/incidents/${incident.id}/assignments`, { role: 'responder', body: { user: 'alice' } })).status).toBe(409);
    const detail = await call<{ assignments: { user: string; role: string }[]; comments: unknown[]; timeline: { type: string }[] }>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' });
    expect(detail.body.assignments).toEqual([expect.objectContaining({ user: 'alice', role: 'commander' })]);
    expect(detail.body.comments).toHaveLength(2);
    expect(detail.body.timeline.map((e) => e.type)).toEqual(['incident.created', 'incident.comment_added', 'incident.comment_added', 'incident.assigned']);

    expect((await call('DELETE', `/v1/incidents/${incident.id}/assignments?user=alice`, { role: 'responder' })).status).toBe(204);
    expect((await call('DELETE', `/v1/incidents/${incident.id}/assignments?user=alice`, { role: 'responder' })).status).toBe(404);
  });

  it('soft-deletes (admin only): gone from reads and lists, counted out of the summary', async () => {
    const { body: incident } = await create({ title: 'To be deleted' });
    const before = await summary();
    expect((await call('DELETE', `/v1/incidents/${incident.id}`, { role: 'responder' })).status).toBe(403);
    expect((await call('DELETE', `/v1/incidents/${incident.id}`, { role: 'admin' })).status).toBe(204);
    expect((await call('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' })).status).toBe(404);
    expect((await call('DELETE', `/v1/incidents/${incident.id}`, { role: 'admin' })).status).toBe(404);
    const list = await call<{ items: Incident[] }>('GET', '/v1/incidents?limit=100', { role: 'viewer' });
    expect(list.body.items.map((i) => i.id)).not.toContain(incident.id);
    const after = await summary();
    expect(after.total).toBe(before.total - 1);
    expect(after.by_status.open).toBe((before.by_status.open ?? 0) - 1);
  });

  it('answers 404 problem+json for an unknown incident', async () => {
    const res = await call('GET', '/v1/incidents/INC-19990101-0001', { role: 'viewer' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, detail: 'Incident INC-19990101-0001 does not exist.' });
  });
});

describe('idempotent creation', () => {
  it('replays the first response for the same key and body, and refuses another body with 422', async () => {
    const key = randomUUID();
    const first = await create({ title: 'Idempotent' }, { 'idempotency-key': key });
    const again = await create({ title: 'Idempotent' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await create({ title: 'Something else' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
  });

  it('50 concurrent creates with one Idempotency-Key give one incident', async () => {
    const key = randomUUID();
    const title = `Alarm storm ${key}`;
    const before = (await summary()).total;
    const results = await Promise.all(Array.from({ length: 50 }, () => create({ title }, { 'idempotency-key': key })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const list = await call<{ items: Incident[] }>('GET', '/v1/incidents?limit=100', { role: 'viewer' });
    expect(list.body.items.filter((i) => i.title === title)).toHaveLength(1);
    expect((await summary()).total).toBe(before + 1);
  });

  it('50 concurrent creates without a key give 50 distinct ids', async () => {
    const before = (await summary()).total;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => create({ title: `Burst number ${i}` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(50);
    expect((await summary()).total).toBe(before + 50);
  });
});

describe('listing', () => {
  it('lists newest first with filters and cursor pagination', async () => {
    const team = `team-${randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ title: `Paged incident ${i}`, assigned_team: team, severity: i % 2 ? 'low' : 'high' })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/incidents?team=${team}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call<{ items: Incident[]; next_cursor: string | null }>('GET', q, { role: 'viewer' });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const high = await call<{ items: Incident[] }>('GET', `/v1/incidents?team=${team}&severity=high`, { role: 'viewer' });
    expect(high.body.items.map((i) => i.id)).toEqual([ids[4], ids[2], ids[0]]);
    const sev2 = await call<{ items: Incident[] }>('GET', `/v1/incidents?team=${team}&severity=SEV2`, { role: 'viewer' });
    expect(sev2.body.items).toHaveLength(3);
  });

  it('filters by several statuses and by active', async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const a = (await create({ affected_services: [service] })).body.id;
    const b = (await create({ affected_services: [service] })).body.id;
    const c = (await create({ affected_services: [service] })).body.id;
    await call('PUT', `/v1/incidents/${b}/status`, { role: 'responder', body: { status: 'acknowledged' } });
    await call('PUT', `/v1/incidents/${c}/status`, { role: 'responder', body: { status: 'resolved' } });
    const ids = async (q: string) => (await call<{ items: Incident[] }>('GET', `/v1/incidents?service=${service}&${q}`, { role: 'viewer' })).body.items.map((i) => i.id);
    expect(await ids('status=open')).toEqual([a]);
    expect(await ids('status=open,acknowledged')).toEqual([b, a]);
    expect(await ids('status=open&status=resolved')).toEqual([c, a]);
    expect(await ids('status=active')).toEqual([b, a]);
  });
});

describe('roles', () => {
  const id = 'INC-20200101-0001';
  const matrix: [string, string, unknown, { viewer: number; responder: number; admin: number }][] = [
    ['GET', '/v1/incidents', undefined, { viewer: 200, responder: 200, admin: 200 }],
    ['GET', '/v1/incidents/summary', undefined, { viewer: 200, responder: 200, admin: 200 }],
    ['POST', '/v1/incidents', { title: 'Role test', severity: 'low' }, { viewer: 403, responder: 201, admin: 201 }],
    ['PUT', `/v1/incidents/${id}/status`, { status: 'acknowledged' }, { viewer: 403, responder: 404, admin: 404 }],
    ['POST', `/v1/incidents/${id}/comments`, { body: 'x' }, { viewer: 403, responder: 404, admin: 404 }],
    ['DELETE', `/v1/incidents/${id}`, undefined, { viewer: 403, responder: 403, admin: 404 }],
  ];
  it.each(matrix)('%s %s answers per role', async (method, path, body, expected) => {
    for (const role of ['viewer', 'responder', 'admin'] as const) {
      const res = await call(method, path, { role, ...(body ? { body } : {}) });
      expect(res.status, `${role}`).toBe(expected[role]);
    }
    expect((await call(method, path, body ? { body } : {})).status).toBe(401);
  });

  it('lets a machine client with incidents:write create, and one with incidents:read only read', async () => {
    const writer = await token({ scopes: ['incidents:write'], sub: 'monitor' });
    const reader = await token({ scopes: ['incidents:read'], sub: 'dashboard' });
    const created = await call<Incident>('POST', '/v1/incidents', { token: writer, body: { title: 'From a monitor', impact: 2 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ severity: 'high', created_by: 'monitor' });
    expect((await call('POST', '/v1/incidents', { token: reader, body: { title: 'Checkout errors', impact: 1 } })).status).toBe(403);
    expect((await call('GET', `/v1/incidents/${created.body.id}`, { token: reader })).status).toBe(200);
  });
});

describe('bad input gets 4xx problem+json and stores nothing', () => {
  const malformed: [string, { method?: string; path?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }, number][] = [
    ['malformed JSON', { rawBody: '{"title": "x",', headers: { 'content-type': 'application/json' } }, 400],
    ['wrong content type', { rawBody: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415],
    ['empty body', { rawBody: '', headers: { 'content-type': 'application/json' } }, 400],
    ['body is an array', { body: [{ title: 'Checkout errors' }] }, 400],
    ['missing title', { body: { severity: 'high' } }, 400],
    ['empty title', { body: { title: '   ', severity: 'high' } }, 400],
    ['title too long', { body: { title: 'Checkout errors'.repeat(201), severity: 'high' } }, 400],
    ['title not a string', { body: { title: 42, severity: 'high' } }, 400],
    ['unknown severity', { body: { title: 'Checkout errors', severity: 'apocalyptic' } }, 400],
    ['neither severity nor impact', { body: { title: 'Checkout errors' } }, 400],
    ['impact out of range', { body: { title: 'Checkout errors', impact: 4 } }, 400],
    ['impact as a string', { body: { title: 'Checkout errors', impact: '2' } }, 400],
    ['unknown incident_type', { body: { title: 'Checkout errors', severity: 'low', incident_type: 'meteor' } }, 400],
    ['unknown field', { body: { title: 'Checkout errors', severity: 'low', colour: 'red' } }, 400],
    ['status on create', { body: { title: 'Checkout errors', severity: 'low', status: 'resolved' } }, 400],
    ['services not a list', { body: { title: 'Checkout errors', severity: 'low', affected_services: 'db' } }, 400],
    ['too many services', { body: { title: 'Checkout errors', severity: 'low', affected_services: Array.from({ length: 51 }, (_, i) => `s${i}`) } }, 400],
    ['bad start_time', { body: { title: 'Checkout errors', severity: 'low', start_time: 'yesterday' } }, 400],
    ['start_time without zone', { body: { title: 'Checkout errors', severity: 'low', start_time: '2026-11-24T10:00:00' } }, 400],
    ['start_time in the future', { body: { title: 'Checkout errors', severity: 'low', start_time: new Date(Date.now() + 86_400_000).toISOString() } }, 400],
    ['description over its limit', { body: { title: 'Checkout errors', severity: 'low', description: 'd'.repeat(10_001) } }, 400],
    ['body over 256 KB', { rawBody: JSON.stringify({ title: 'Checkout errors', severity: 'low', internal_notes: 'n'.repeat(270_000) }), headers: { 'content-type': 'application/json' } }, 413],
    ['bad Idempotency-Key', { body: { title: 'Checkout errors', severity: 'low' }, headers: { 'idempotency-key': 'has spaces in it' } }, 400],
    ['limit 0', { method: 'GET', path: '/v1/incidents?limit=0' }, 400],
    ['limit 101', { method: 'GET', path: '/v1/incidents?limit=101' }, 400],
    ['limit not a number', { method: 'GET', path: '/v1/incidents?limit=ten' }, 400],
    ['bad cursor', { method: 'GET', path: '/v1/incidents?cursor=not-a-cursor' }, 400],
    ['unknown status filter', { method: 'GET', path: '/v1/incidents?status=sleeping' }, 400],
    ['bad from date', { method: 'GET', path: '/v1/incidents?from=last-week' }, 400],
    ['from after to', { method: 'GET', path: '/v1/incidents?from=2026-11-24T00:00:00Z&to=2026-11-01T00:00:00Z' }, 400],
    ['unknown query parameter', { method: 'GET', path: '/v1/incidents?colour=red' }, 400],
    ['malformed incident id', { method: 'GET', path: '/v1/incidents/not-an-id' }, 400],
    ['status change to unknown status', { method: 'PUT', path: '/v1/incidents/INC-20200101-0001/status', body: { status: 'done' } }, 400],
    ['update without message', { method: 'POST', path: '/v1/incidents/INC-20200101-0001/updates', body: { status: 'resolved' } }, 400],
    ['PATCH with nothing to change', { method: 'PATCH', path: '/v1/incidents/INC-20200101-0001', body: {}, headers: { 'if-match': '"1"' } }, 400],
    ['PATCH with a garbage If-Match', { method: 'PATCH', path: '/v1/incidents/INC-20200101-0001', body: { title: 'Checkout errors again' }, headers: { 'if-match': 'yesterday' } }, 400],
  ];

  it.each(malformed)('%s', async (_name, request, status) => {
    const before = await summary();
    const res = await call(request.method ?? 'POST', request.path ?? '/v1/incidents', {
      role: 'admin',
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
      ...(request.headers ? { headers: request.headers } : {}),
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    expect(String(res.body.detail).length).toBeGreaterThan(10);
    // Never zod's bare fallback: every issue says what was wrong.
    expect(String(res.body.detail)).not.toMatch(/Invalid input(;|$)/);
    expect(await summary()).toEqual(before);
  });

  it.each([
    ['an unknown field', { title: 'Checkout errors', severity: 'low', colour: 'red' }, 'body: Unrecognized key: "colour"'],
    ['a number for a string', { title: 42, severity: 'high' }, 'body.title: Invalid input: expected string, received number'],
    ['a missing title', { severity: 'high' }, 'body.title: Invalid input: expected string, received undefined'],
    ['a string for a list', { title: 'Checkout errors', severity: 'low', affected_services: 'db' }, 'body.affected_services: Invalid input: expected array, received string'],
  ])('says what is wrong with %s', async (_name, body, detail) => {
    const res = await call('POST', '/v1/incidents', { role: 'responder', body });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(detail);
  });

  it('names the offending field in the detail', async () => {
    const res = await call('POST', '/v1/incidents', { role: 'responder', body: { title: 'Checkout errors', severity: 'apocalyptic' } });
    expect(res.body.detail).toMatch(/body\.severity: must be one of critical, high, medium, low, minor/);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.severity' })]);
  });
});
