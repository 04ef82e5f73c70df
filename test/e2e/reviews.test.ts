import { describe, expect, it } from 'vitest';
import { call } from '../support/http.ts';

type Item = Record<string, unknown> & { id: string; status: string; title: string };

async function incident() {
  const res = await call<{ id: string }>('POST', '/v1/incidents', { role: 'responder', body: { title: 'Checkout 5xx', severity: 'high' } });
  expect(res.status).toBe(201);
  return res.body.id;
}

const items = async (id: string) => (await call<{ items: Item[] }>('GET', `/v1/incidents/${id}/action_items`, { role: 'viewer' })).body.items;

describe('post-incident action items over HTTP', () => {
  it('adds, lists (open first) and changes action items', async () => {
    const id = await incident();
    const first = await call<Item>('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body: { title: 'Add a canary for checkout', owner: 'u-alice', due_date: '2026-12-01', link: 'https://tracker.example.com/OPS-1' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ incident_id: id, title: 'Add a canary for checkout', owner: 'u-alice', due_date: '2026-12-01', status: 'open', link: 'https://tracker.example.com/OPS-1', done_at: null, version: 1 });
    const second = await call<Item>('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body: { title: 'Alert on 5xx rate', due_date: '2026-11-30' } });
    expect(second.status).toBe(201);

    const done = await call<Item>('PATCH', `/v1/incidents/${id}/action_items/${second.body.id}`, { role: 'responder', body: { status: 'done' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', version: 2 });
    expect(done.body.done_at).toEqual(expect.any(String));

    expect((await items(id)).map((i) => [i.title, i.status])).toEqual([
      ['Add a canary for checkout', 'open'],
      ['Alert on 5xx rate', 'done'],
    ]);
  });

  it.each([
    ['title', { title: '' }],
    ['title', { title: 'x'.repeat(201) }],
    ['due_date', { title: 't', due_date: '2026-02-30' }],
    ['due_date', { title: 't', due_date: 'tomorrow' }],
    ['link', { title: 't', link: 'http://tracker.example.com/1' }],
    ['status', { title: 't', status: 'wontfix' }],
    ['owner', { title: 't', owner: 'alice smith' }],
  ])('answers 400 naming %s for a malformed item and stores nothing', async (field, body) => {
    const id = await incident();
    const res = await call<{ errors: { path: string }[] }>('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e) => e.path)).toContain(`body.${field}`);
    expect(await items(id)).toEqual([]);
  });

  it('answers 404 for an unknown incident or item and 400 for an empty patch', async () => {
    expect((await call('POST', '/v1/incidents/INC-20200101-9999/action_items', { role: 'responder', body: { title: 't' } })).status).toBe(404);
    expect((await call('GET', '/v1/incidents/INC-20200101-9999/action_items', { role: 'viewer' })).status).toBe(404);
    const id = await incident();
    expect((await call('PATCH', `/v1/incidents/${id}/action_items/01JD2X5Q7R8S9T0V1W2X3Y4Z5A`, { role: 'responder', body: { status: 'done' } })).status).toBe(404);
    const item = await call<Item>('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body: { title: 't' } });
    expect((await call('PATCH', `/v1/incidents/${id}/action_items/${item.body.id}`, { role: 'responder', body: {} })).status).toBe(400);
    expect((await call('POST', `/v1/incidents/${id}/action_items`, { role: 'viewer', body: { title: 't' } })).status).toBe(403);
  });

  it('changes each field of an item by PATCH, clears the optional ones with null, and reopens it (done_at follows the status)', async () => {
    const id = await incident();
    const created = await call<Item>('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body: { title: 'Page on queue depth', owner: 'u-alice', due_date: '2026-12-01', link: 'https://tracker.example.com/OPS-7' } });
    expect(created.status).toBe(201);
    const path = `/v1/incidents/${id}/action_items/${created.body.id}`;

    const changed = await call<Item>('PATCH', path, { role: 'responder', body: { title: 'Page on queue age', owner: 'u-bob', due_date: '2027-01-15', link: 'https://tracker.example.com/OPS-8', status: 'done' } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(changed.body).toMatchObject({ id: created.body.id, incident_id: id, title: 'Page on queue age', owner: 'u-bob', due_date: '2027-01-15', link: 'https://tracker.example.com/OPS-8', status: 'done', version: 2, created_by: created.body.created_by, created_at: created.body.created_at });
    expect(changed.body.done_at).toEqual(expect.any(String));
    expect(Date.parse(String(changed.body.updated_at))).toBeGreaterThanOrEqual(Date.parse(String(created.body.created_at)));

    // Only the fields sent change; null clears owner, due date and link.
    const cleared = await call<Item>('PATCH', path, { role: 'responder', body: { owner: null, due_date: null, link: null } });
    expect(cleared.status, cleared.text).toBe(200);
    expect(cleared.body).toMatchObject({ title: 'Page on queue age', owner: null, due_date: null, link: null, status: 'done', done_at: changed.body.done_at, version: 3 });

    const reopened = await call<Item>('PATCH', path, { role: 'responder', body: { status: 'open' } });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', done_at: null, version: 4 });
    expect(await items(id)).toEqual([reopened.body]);
  });

  it('refuses a bad PATCH with a 400 problem naming the field, and changes nothing', async () => {
    const id = await incident();
    const created = await call<Item>('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body: { title: 'Runbook for failover', owner: 'u-carol', due_date: '2026-12-10', link: 'https://wiki.example.com/failover' } });
    expect(created.status).toBe(201);
    const path = `/v1/incidents/${id}/action_items/${created.body.id}`;
    const cases: [unknown, string][] = [
      [{ title: '' }, 'body.title'],
      [{ title: null }, 'body.title'],
      [{ title: 'x'.repeat(201) }, 'body.title'],
      [{ owner: 'carol smith' }, 'body.owner'],
      [{ due_date: '2026-02-30' }, 'body.due_date'],
      [{ due_date: 'next week' }, 'body.due_date'],
      [{ link: 'http://wiki.example.com/failover' }, 'body.link'],
      [{ link: 'javascript:alert(1)' }, 'body.link'],
      [{ link: 'https://user:secret@wiki.example.com/' }, 'body.link'],
      [{ status: 'wontfix' }, 'body.status'],
      [{ title: 'Renamed', status: 'closed' }, 'body.status'], // one bad field: the good one is not applied either
      [{ version: 7 }, 'body'],
      [{ created_by: 'mallory' }, 'body'],
      [{ incident_id: 'INC-20200101-0001' }, 'body'],
      [[{ title: 'in an array' }], 'body'],
      [null, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await call<{ errors: { path: string }[] }>('PATCH', path, { role: 'responder', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.errors.map((e) => e.path), JSON.stringify(body)).toContain(field);
    }
    const malformed = await call<{ type: string }>('PATCH', path, { role: 'responder', rawBody: '{"title": "Runbook', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    const text = await call('PATCH', path, { role: 'responder', rawBody: JSON.stringify({ title: 'As text' }), headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toBe('application/problem+json');
    expect(await items(id)).toEqual([created.body]);
  });

  it('answers 404 for an item of another incident or an unknown incident, 400 for a malformed item id, 403 for a viewer and 401 without a token; nothing changes', async () => {
    const id = await incident();
    const other = await incident();
    const created = await call<Item>('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body: { title: 'Rotate the leaked key' } });
    expect(created.status).toBe(201);
    const patch = { body: { status: 'done' } };
    const elsewhere = await call<{ detail: string }>('PATCH', `/v1/incidents/${other}/action_items/${created.body.id}`, { role: 'responder', ...patch });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('content-type')).toBe('application/problem+json');
    expect(elsewhere.body.detail).toContain(created.body.id);
    const unknown = await call<{ detail: string }>('PATCH', `/v1/incidents/INC-20200101-9999/action_items/${created.body.id}`, { role: 'responder', ...patch });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('INC-20200101-9999');
    for (const bad of ['not-an-item', created.body.id.toLowerCase(), `${created.body.id}0`]) {
      const res = await call<{ errors: { path: string }[] }>('PATCH', `/v1/incidents/${id}/action_items/${bad}`, { role: 'responder', ...patch });
      expect(res.status, bad).toBe(400);
      expect(res.body.errors.map((e) => e.path)).toContain('path.item_id');
    }
    const viewer = await call('PATCH', `/v1/incidents/${id}/action_items/${created.body.id}`, { role: 'viewer', ...patch });
    expect(viewer.status).toBe(403);
    expect(viewer.headers.get('content-type')).toBe('application/problem+json');
    expect((await call('PATCH', `/v1/incidents/${id}/action_items/${created.body.id}`, patch)).status).toBe(401);
    expect(await items(id)).toEqual([created.body]);
    expect(await items(other)).toEqual([]);
  });

  it('applies concurrent changes to different fields of one item without losing any', async () => {
    const id = await incident();
    const created = await call<Item>('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body: { title: 'Load-test the new pool' } });
    expect(created.status).toBe(201);
    const path = `/v1/incidents/${id}/action_items/${created.body.id}`;
    const patches = [{ title: 'Load-test the new connection pool' }, { owner: 'u-dave' }, { due_date: '2027-02-01' }, { link: 'https://tracker.example.com/OPS-9' }, { status: 'done' }];
    const results = await Promise.all(patches.map((body) => call<Item>('PATCH', path, { role: 'responder', body })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const [after] = await items(id);
    expect(after).toMatchObject({ title: 'Load-test the new connection pool', owner: 'u-dave', due_date: '2027-02-01', link: 'https://tracker.example.com/OPS-9', status: 'done', version: 6 });
    expect(after?.done_at).toEqual(expect.any(String));
  });

  it('records the review as done when the incident is closed', async () => {
    const id = await incident();
    await call('PUT', `/v1/incidents/${id}/status`, { role: 'responder', body: { status: 'resolved' } });
    const resolved = await call<{ review_completed_at: string | null }>('GET', `/v1/incidents/${id}`, { role: 'viewer' });
    expect(resolved.body).toMatchObject({ review_completed_at: null });
    const closed = await call<{ closed_at: string; review_completed_at: string }>('PUT', `/v1/incidents/${id}/status`, { role: 'responder', body: { status: 'closed' } });
    expect(closed.status).toBe(200);
    expect(closed.body.review_completed_at).toBe(closed.body.closed_at);
  });
});

describe('post-incident report over HTTP', () => {
  it('answers JSON by default and Markdown by Accept or ?format=md, open action items first', async () => {
    const id = await incident();
    await call('PUT', `/v1/incidents/${id}/status`, { role: 'responder', body: { status: 'acknowledged' } });
    await call('POST', `/v1/incidents/${id}/updates`, { role: 'responder', body: { message: 'rolled back', public_message: 'Payments work again.', status: 'resolved' } });
    const done = await call<Item>('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body: { title: 'Done first', status: 'done' } });
    expect(done.status).toBe(201);
    await call('POST', `/v1/incidents/${id}/action_items`, { role: 'responder', body: { title: 'Still open', owner: 'u-bob' } });
    await call('PUT', `/v1/incidents/${id}/status`, { role: 'responder', body: { status: 'closed' } });

    const json = await call<{ metrics: { mtta_seconds: number; mttr_seconds: number }; summary: { review_completed_at: string }; timeline: { type: string }[]; impact: { public_updates: { body: string }[] }; action_items: { items: Item[] } }>('GET', `/v1/incidents/${id}/report`, { role: 'viewer' });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(json.body.metrics.mtta_seconds).toEqual(expect.any(Number));
    expect(json.body.metrics.mttr_seconds).toEqual(expect.any(Number));
    expect(json.body.summary.review_completed_at).toEqual(expect.any(String));
    expect(json.body.timeline.map((e) => e.type)).toEqual(['incident.created', 'incident.acknowledged', 'incident.update_added', 'incident.status_changed']);
    expect(json.body.impact.public_updates.map((u) => u.body)).toEqual(['Payments work again.']);
    expect(json.body.action_items.items.map((i) => i.title)).toEqual(['Still open', 'Done first']);

    for (const options of [{ headers: { accept: 'text/markdown' } }, { headers: { accept: 'application/json' }, query: '?format=md' }]) {
      const md = await call('GET', `/v1/incidents/${id}/report${options.query ?? ''}`, { role: 'viewer', headers: options.headers });
      expect(md.status).toBe(200);
      expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(md.text).toMatch(new RegExp(`^# Post-incident report: ${id} `));
      expect(md.text.indexOf('| open | Still open |')).toBeGreaterThan(0);
      expect(md.text.indexOf('| open | Still open |')).toBeLessThan(md.text.indexOf('| done | Done first |'));
    }
  });

  it('answers 404 for an unknown incident and 400 for an unknown format', async () => {
    expect((await call('GET', '/v1/incidents/INC-20200101-9999/report', { role: 'viewer' })).status).toBe(404);
    const id = await incident();
    const res = await call<{ errors: { path: string }[] }>('GET', `/v1/incidents/${id}/report?format=pdf`, { role: 'viewer' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.path)).toEqual(['query.format']);
  });
});
