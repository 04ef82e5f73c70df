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
