/**
 * What the web app relies on: allowed transitions in the detail, conditional GETs (ETag +
 * If-None-Match → 304) on the detail, the list and the summary, and the component filter.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../support/http.ts';

type Incident = { id: string; status: string; version: number; allowed_transitions: string[] };

const create = (body: Record<string, unknown> = {}) =>
  call<Incident>('POST', '/v1/incidents', { role: 'responder', body: { title: `Conditional ${randomUUID()}`, severity: 'high', ...body } });

describe('incident detail for clients', () => {
  it('lists the allowed next statuses, following the lifecycle', async () => {
    const { body: incident } = await create();
    const open = await call<Incident>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' });
    expect(open.body.allowed_transitions).toEqual(['acknowledged', 'investigating', 'identified', 'monitoring', 'resolved', 'closed']);
    await call('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'monitoring' } });
    expect((await call<Incident>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' })).body.allowed_transitions).toEqual(['resolved', 'closed']);
    await call('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'resolved' } });
    expect((await call<Incident>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' })).body.allowed_transitions).toEqual(['investigating', 'closed']);
    await call('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'closed' } });
    expect((await call<Incident>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' })).body.allowed_transitions).toEqual([]);
  });

  it('answers If-None-Match with 304 until the incident changes (a comment included)', async () => {
    const { body: incident } = await create();
    const first = await call('GET', `/v1/incidents/${incident.id}`, { role: 'viewer' });
    const etag = first.headers.get('etag');
    expect(etag).toBe('"1"');
    const same = await call('GET', `/v1/incidents/${incident.id}`, { role: 'viewer', headers: { 'if-none-match': etag ?? '' } });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    expect(same.headers.get('etag')).toBe(etag);
    await call('POST', `/v1/incidents/${incident.id}/comments`, { role: 'responder', body: { body: 'looking' } });
    const changed = await call<{ comments: unknown[] }>('GET', `/v1/incidents/${incident.id}`, { role: 'viewer', headers: { 'if-none-match': etag ?? '' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(changed.body.comments).toHaveLength(1);
  });
});

describe('conditional list and summary', () => {
  it('answers 304 while nothing changed and 200 with a new ETag after a create', async () => {
    const team = `team-${randomUUID()}`;
    await create({ assigned_team: team });
    const path = `/v1/incidents?team=${team}`;
    const first = await call<{ items: Incident[] }>('GET', path, { role: 'viewer' });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"/);
    expect((await call('GET', path, { role: 'viewer', headers: { 'if-none-match': etag } })).status).toBe(304);

    const summary = await call('GET', '/v1/incidents/summary', { role: 'viewer' });
    const summaryTag = summary.headers.get('etag') ?? '';
    expect((await call('GET', '/v1/incidents/summary', { role: 'viewer', headers: { 'if-none-match': summaryTag } })).status).toBe(304);

    await create({ assigned_team: team });
    const after = await call<{ items: Incident[] }>('GET', path, { role: 'viewer', headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.body.items).toHaveLength(2);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await call('GET', '/v1/incidents/summary', { role: 'viewer', headers: { 'if-none-match': summaryTag } })).status).toBe(200);
  });
});

describe('list filter by component', () => {
  it('returns only incidents that name the component, and refuses a malformed id', async () => {
    const component = await call<{ id: string }>('POST', '/v1/components', { role: 'admin', body: { name: `filter-${randomUUID()}`, display_group: 'Web' } });
    expect(component.status).toBe(201);
    const withIt = await create({ components: [component.body.id] });
    await create();
    const list = await call<{ items: Incident[] }>('GET', `/v1/incidents?component=${component.body.id}`, { role: 'viewer' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.id)).toEqual([withIt.body.id]);
    const bad = await call<{ errors: { path: string }[] }>('GET', '/v1/incidents?component=nope', { role: 'viewer' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.path).toBe('query.component');
  });
});
