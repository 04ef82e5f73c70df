/**
 * Events and notifications end to end on the local server: the stream outbox, the in-process bus,
 * the notifications and delivery queues, signed webhooks to receivers on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { CloudEvent as SdkCloudEvent } from 'cloudevents';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '#shared/domain/notifications/notification.ts';
import { baseUrl, call, token } from '../support/http.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

type Json = Record<string, unknown>;
type Event = { id: string; type: string; subject: string; time: string; data: { incident: Json; change: Json } };

const receivers: WebhookReceiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(answer?: (body: string, n: number) => number) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function subscribe(target: string, filters: Json) {
  const res = await call<{ id: string; secret: string }>('POST', '/v1/subscriptions', { role: 'admin', body: { channel: 'webhook', target, filters } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function createIncident(service: string) {
  const res = await call<{ id: string }>('POST', '/v1/incidents', { role: 'responder', body: { title: `Notify ${service}`, severity: 'high', affected_services: [service] } });
  expect(res.status).toBe(201);
  return res.body.id;
}

const status = (id: string, to: string) => call('PUT', `/v1/incidents/${id}/status`, { role: 'responder', body: { status: to } });
const localEvents = async () => (await fetch(`${baseUrl}/_local/events`)).json() as Promise<{ dead_letters: { delivery: { recipient: { id: string }; event: { id: string } }[] } }>;

describe('webhook notifications', () => {
  it('delivers created, acknowledged, resolved in order, as signed CloudEvents', async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const hook = await receiver();
    const sub = await subscribe(hook.url, { services: [service] });
    expect(sub.secret).toMatch(/^whsec_/);
    const created = await call<{ id: string }>('POST', '/v1/incidents', { role: 'responder', body: { title: `Notify ${service}`, severity: 'high', affected_services: [service] } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const acknowledged = await status(id, 'acknowledged');
    expect(acknowledged.status).toBe(200);
    const resolved = await status(id, 'resolved');
    expect(resolved.status).toBe(200);
    // Each response names its change's CloudEvent id: the correlation id of every log line about it.
    const eventIds = [created, acknowledged, resolved].map((r) => r.headers.get('x-event-id'));
    for (const e of eventIds) expect(e).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    await hook.waitFor((r) => r.delivered().length >= 3);
    await new Promise((r) => setTimeout(r, 300)); // nothing more arrives
    expect(hook.requests).toHaveLength(3);
    const events = hook.requests.map((r) => JSON.parse(r.body) as Event);
    expect(events.map((e) => e.type)).toEqual(['io.incidents.incident.created', 'io.incidents.incident.acknowledged', 'io.incidents.incident.resolved']);
    expect(events.map((e) => e.data.incident.status)).toEqual(['open', 'acknowledged', 'resolved']);
    const detail = await call<{ timeline: { id: string }[] }>('GET', `/v1/incidents/${id}`, { role: 'viewer' });
    expect(events.map((e) => e.id)).toEqual(detail.body.timeline.map((t) => t.id));
    expect(events.map((e) => e.id)).toEqual(eventIds);
    expect(hook.requests.map((r) => r.headers['ce-id'])).toEqual(eventIds);
    for (const request of hook.requests) {
      const event = JSON.parse(request.body) as Event;
      expect(new SdkCloudEvent(event as unknown as Json).validate()).toBe(true);
      expect(event.subject).toBe(id);
      expect(request.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      expect(request.headers['idempotency-key']).toBe(`${event.id}:${sub.id}`);
      expect(verifyWebhook(sub.secret, request.body, String(request.headers['x-signature']), Math.floor(Date.now() / 1000))).toBe(true);
      expect(verifyWebhook(sub.secret, `${request.body} `, String(request.headers['x-signature']), Math.floor(Date.now() / 1000))).toBe(false);
    }

    const audit = await call<{ items: { id: string; type: string; event_type: string }[] }>('GET', `/v1/events?incident=${id}`, { role: 'viewer' });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e) => e.event_type)).toEqual(['io.incidents.incident.resolved', 'io.incidents.incident.acknowledged', 'io.incidents.incident.created']);

    const attempts = await call<{ items: { outcome: string; event_id: string; target: string }[] }>('GET', `/v1/incidents/${id}/notifications`, { role: 'viewer' });
    expect(attempts.status).toBe(200);
    expect(attempts.body.items.filter((a) => a.outcome === 'delivered').map((a) => a.event_id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(attempts.body.items[0]?.target).toBe(`${new URL(hook.url).origin}/…`);
  });

  it('retries a receiver that answers 500 three times, and delivers once per event id', async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const hook = await receiver((_body, n) => (n <= 3 ? 500 : 200));
    const sub = await subscribe(hook.url, { services: [service], event_types: ['incident.created'] });
    const id = await createIncident(service);
    await hook.waitFor((r) => r.delivered().length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(hook.requests.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    const eventId = (JSON.parse(hook.requests[0]?.body ?? '{}') as Event).id;
    expect(new Set(hook.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([`${eventId}:${sub.id}`]));
    // The back-off doubles between attempts: base 10 queue seconds × 20 ms (the local defaults),
    // so each retry comes at least 200, 400, 800 ms after the failure before it. A loaded machine
    // only makes the gaps longer, so only the lower bounds are asserted.
    const gaps = hook.requests.slice(1).map((r, i) => r.at - (hook.requests[i]?.at ?? 0));
    expect(gaps.map((gap, i) => gap >= 200 * 2 ** i), `gaps ${gaps.join(', ')} ms`).toEqual([true, true, true]);

    const attempts = await call<{ items: { outcome: string; attempt: number; status: number }[] }>('GET', `/v1/incidents/${id}/notifications`, { role: 'viewer' });
    expect(attempts.body.items.map((a) => [a.attempt, a.outcome, a.status])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'failed', 500],
      [4, 'delivered', 200],
    ]);
  });

  it('dead-letters a receiver that always fails without delaying a healthy one', async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const broken = await receiver(() => 500);
    const healthy = await receiver();
    const brokenSub = await subscribe(broken.url, { services: [service], event_types: ['incident.created'] });
    await subscribe(healthy.url, { services: [service], event_types: ['incident.created'] });
    const id = await createIncident(service);
    await healthy.waitFor((r) => r.delivered().length >= 1, 10_000);

    await broken.waitFor(() => false, 0).catch(() => undefined);
    const deadline = Date.now() + 20_000;
    let dead: { recipient: { id: string }; event: { id: string } }[] = [];
    while (Date.now() < deadline) {
      dead = (await localEvents()).dead_letters.delivery.filter((m) => m.recipient.id === `sub:${brokenSub.id}`);
      if (dead.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(dead).toHaveLength(1);
    expect(broken.requests).toHaveLength(5);
    expect(healthy.requests).toHaveLength(1);
    // Not held behind the broken one: delivered before its second attempt, which the back-off
    // keeps ≥ 200 ms after the first (a wall-clock bound would flake on a loaded machine).
    expect(healthy.requests[0]?.at).toBeLessThan(broken.requests[1]?.at ?? 0);
    const attempts = await call<{ items: { outcome: string; recipient_id: string }[] }>('GET', `/v1/incidents/${id}/notifications`, { role: 'viewer' });
    const brokenAttempts = attempts.body.items.filter((a) => a.recipient_id === `sub:${brokenSub.id}`).map((a) => a.outcome);
    expect(brokenAttempts).toEqual(['failed', 'failed', 'failed', 'failed', 'dead_lettered']);
  });
});

describe('subscriptions API', () => {
  it('creates, reads (without the secret), lists and deletes a subscription; admins only', async () => {
    const created = await call<{ id: string; secret?: string; has_secret: boolean }>('POST', '/v1/subscriptions', {
      role: 'admin',
      body: { channel: 'slack', target: 'https://hooks.slack.com/services/T000/B000/XXXX', filters: { severities: ['SEV1'], event_types: ['io.incidents.incident.created'], services: ['nothing-uses-this'] } },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBeUndefined();
    expect(created.headers.get('location')).toBe(`/v1/subscriptions/${created.body.id}`);
    const got = await call<Json>('GET', `/v1/subscriptions/${created.body.id}`, { role: 'admin' });
    expect(got.body).toMatchObject({ channel: 'slack', filters: { severities: ['critical'], event_types: ['incident.created'] }, has_secret: false });
    const list = await call<{ items: { id: string }[] }>('GET', '/v1/subscriptions?limit=100', { role: 'admin' });
    expect(list.body.items.map((s) => s.id)).toContain(created.body.id);
    expect((await call('GET', '/v1/subscriptions', { role: 'responder' })).status).toBe(403);
    expect((await call('POST', '/v1/subscriptions', { role: 'responder', body: { channel: 'email', target: 'a@example.com' } })).status).toBe(403);
    expect((await call('DELETE', `/v1/subscriptions/${created.body.id}`, { role: 'admin' })).status).toBe(204);
    expect((await call('DELETE', `/v1/subscriptions/${created.body.id}`, { role: 'admin' })).status).toBe(404);
    expect((await call('GET', `/v1/subscriptions/${created.body.id}`, { role: 'admin' })).status).toBe(404);
  });

  it('webhook secrets are returned once', async () => {
    const created = await call<{ id: string; secret: string }>('POST', '/v1/subscriptions', {
      role: 'admin',
      body: { channel: 'webhook', target: 'https://example.com/hook', filters: { services: ['nothing-uses-this'] } },
    });
    expect(created.body.secret).toMatch(/^whsec_[\w-]{43}$/);
    const got = await call<Json>('GET', `/v1/subscriptions/${created.body.id}`, { role: 'admin' });
    expect(got.body.secret).toBeUndefined();
    expect(got.body.has_secret).toBe(true);
    expect(got.text).not.toContain(created.body.secret);
    expect((await call('DELETE', `/v1/subscriptions/${created.body.id}`, { role: 'admin' })).status).toBe(204);
  });

  it.each([
    ['plain http to a remote host', { channel: 'webhook', target: 'http://example.com/hook' }],
    ['ftp', { channel: 'webhook', target: 'ftp://example.com/hook' }],
    ['credentials in the URL', { channel: 'slack', target: 'https://user:pw@example.com/hook' }],
    ['not a URL', { channel: 'webhook', target: 'example.com' }],
    ['a bad e-mail address', { channel: 'email', target: 'not-an-address' }],
    ['a bad SNS topic', { channel: 'sns', target: 'arn:aws:sqs:us-east-1:123456789012:q' }],
    ['an unknown channel', { channel: 'pager', target: 'x' }],
    ['an unknown event type', { channel: 'email', target: 'a@example.com', filters: { event_types: ['incident.exploded'] } }],
    ['an unknown filter', { channel: 'email', target: 'a@example.com', filters: { colour: ['red'] } }],
    ['an unknown field', { channel: 'email', target: 'a@example.com', secret: 'mine' }],
  ])('refuses %s with 400 problem+json and stores nothing', async (_name, body) => {
    const before = await call<{ items: unknown[] }>('GET', '/v1/subscriptions?limit=100', { role: 'admin' });
    const res = await call<Json>('POST', '/v1/subscriptions', { role: 'admin', body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(String(res.body.detail)).not.toHaveLength(0);
    expect(String(res.body.detail)).not.toMatch(/Invalid input(;|$)/);
    const after = await call<{ items: unknown[] }>('GET', '/v1/subscriptions?limit=100', { role: 'admin' });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('answers 400 for a malformed subscription id', async () => {
    expect((await call('DELETE', '/v1/subscriptions/nope', { role: 'admin' })).status).toBe(400);
  });
});

describe('notification preferences', () => {
  it('lets a person read and replace their own, and only an admin someone else\'s', async () => {
    const empty = await call<Json>('GET', '/v1/users/me/notification_preferences', { role: 'responder' });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ enabled: false, channels: [] });
    const put = await call<Json>('PUT', '/v1/users/me/notification_preferences', {
      role: 'responder',
      body: { channels: [{ channel: 'email', target: 'responder@example.com' }], min_severity: 'SEV2', only_assigned: true },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ enabled: true, min_severity: 'high', only_assigned: true, username: 'responder@e2e' });
    const userId = String(put.body.user_id);
    expect((await call<Json>('GET', `/v1/users/${userId}/notification_preferences`, { role: 'responder' })).body).toMatchObject({ min_severity: 'high' });
    expect((await call('GET', `/v1/users/${userId}/notification_preferences`, { role: 'viewer' })).status).toBe(403);
    expect((await call('PUT', `/v1/users/${userId}/notification_preferences`, { role: 'viewer', body: { channels: [] } })).status).toBe(403);
    expect((await call('GET', `/v1/users/${userId}/notification_preferences`, { role: 'admin' })).status).toBe(200);
    const bad = await call<Json>('PUT', '/v1/users/me/notification_preferences', { role: 'responder', body: { channels: [{ channel: 'webhook', target: 'http://example.com/hook' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('channels.0.target');
    expect((await call<Json>('GET', '/v1/users/me/notification_preferences', { role: 'responder' })).body).toMatchObject({ min_severity: 'high' });
  });

  it('gives a personal webhook a signing secret once; GET never shows it; the owner or an admin rotates it', async () => {
    const dave = `dave-${randomUUID().slice(0, 8)}`;
    const asDave = await token({ role: 'viewer', sub: dave, username: dave });
    const hook = { channel: 'webhook', target: 'http://127.0.0.1:9/dave' };
    // Filters no event matches: nothing is sent to these addresses by the other tests' incidents.
    const quiet = { event_types: ['component.status_changed'], services: ['nothing-uses-this'] };
    const put = await call<Json>('PUT', '/v1/users/me/notification_preferences', { token: asDave, body: { channels: [hook], ...quiet } });
    expect(put.status, put.text).toBe(200);
    const secret = String(put.body.webhook_secret);
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(put.body).toMatchObject({ user_id: dave, channels: [hook] });

    const got = await call<Json>('GET', '/v1/users/me/notification_preferences', { token: asDave });
    expect(got.body).toMatchObject({ channels: [hook] });
    expect(got.body).not.toHaveProperty('webhook_secret');
    expect(got.text).not.toContain(secret);
    const admin = await call('GET', `/v1/users/${dave}/notification_preferences`, { role: 'admin' });
    expect(admin.text).not.toContain(secret);
    // A later PUT keeps the secret and does not show it again.
    const again = await call<Json>('PUT', '/v1/users/me/notification_preferences', { token: asDave, body: { channels: [hook, { ...hook, target: 'http://localhost:9/dave-2' }], ...quiet } });
    expect(again.status).toBe(200);
    expect(again.body).not.toHaveProperty('webhook_secret');

    // Rotation: the owner or an admin; someone else is refused; each answer is a new secret.
    const rotated = await call<{ user_id: string; webhook_secret: string }>('POST', '/v1/users/me/webhook_secret', { token: asDave });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.body.user_id).toBe(dave);
    expect(rotated.body.webhook_secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(rotated.body.webhook_secret).not.toBe(secret);
    expect((await call('POST', `/v1/users/${dave}/webhook_secret`, { role: 'responder' })).status).toBe(403);
    const byAdmin = await call<{ webhook_secret: string }>('POST', `/v1/users/${dave}/webhook_secret`, { role: 'admin' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.webhook_secret).not.toBe(rotated.body.webhook_secret);

    // Without a webhook channel there is no secret: rotating is a 404 saying why; adding one again makes a new one.
    expect((await call('PUT', '/v1/users/me/notification_preferences', { token: asDave, body: { channels: [{ channel: 'email', target: 'dave@example.com' }], ...quiet } })).status).toBe(200);
    const none = await call<Json>('POST', '/v1/users/me/webhook_secret', { token: asDave });
    expect(none.status).toBe(404);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(String(none.body.detail)).toContain('no webhook channel');
    const fresh = await call<Json>('PUT', '/v1/users/me/notification_preferences', { token: asDave, body: { channels: [hook], ...quiet } });
    expect(String(fresh.body.webhook_secret)).toMatch(/^whsec_/);
    expect(fresh.body.webhook_secret).not.toBe(secret);
  });

  it.each([
    ['plain http to a remote host', [{ channel: 'webhook', target: 'http://example.com/hook' }], 'channels.0.target'],
    ['a URL with credentials', [{ channel: 'email', target: 'x@example.com' }, { channel: 'webhook', target: 'https://u:p@example.com/hook' }], 'channels.1.target'],
    ['not a URL', [{ channel: 'webhook', target: 'example.com/hook' }], 'channels.0.target'],
    ['more than 3 webhooks', [1, 2, 3, 4].map((n) => ({ channel: 'webhook', target: `https://example.com/hook-${n}` })), 'channels'],
    ['a target over 2048 characters', [{ channel: 'webhook', target: `https://example.com/${'x'.repeat(2048)}` }], 'channels.0.target'],
  ])('refuses a personal webhook with %s: 400 naming the field, nothing stored', async (_name, channels, field) => {
    const erin = `erin-${randomUUID().slice(0, 8)}`;
    const asErin = await token({ role: 'viewer', sub: erin, username: erin });
    const res = await call<Json>('PUT', '/v1/users/me/notification_preferences', { token: asErin, body: { channels } });
    expect(res.status, res.text).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(String(res.body.detail)).toContain(field);
    expect(res.text).not.toContain('whsec_');
    expect((await call<Json>('GET', '/v1/users/me/notification_preferences', { token: asErin })).body).toMatchObject({ channels: [], updated_at: null });
  });

  it('e-mails a person whose preferences match (kept locally)', async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const target = `${service}@example.com`;
    expect((await call('PUT', '/v1/users/me/notification_preferences', { role: 'admin', body: { channels: [{ channel: 'email', target }], services: [service], event_types: ['incident.created'] } })).status).toBe(200);
    const id = await createIncident(service);
    const deadline = Date.now() + 10_000;
    let sent: { to: string; event_id: string }[] = [];
    while (Date.now() < deadline && sent.length === 0) {
      sent = ((await (await fetch(`${baseUrl}/_local/events`)).json()) as { email: { to: string; event_id: string }[] }).email.filter((e) => e.to === target);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(sent).toHaveLength(1);
    const attempts = await call<{ items: { channel: string; outcome: string; target: string }[] }>('GET', `/v1/incidents/${id}/notifications`, { role: 'viewer' });
    expect(attempts.body.items).toEqual([expect.objectContaining({ channel: 'email', outcome: 'delivered', target })]);
  });
});

describe('audit trail', () => {
  it('lists events newest first with type and time filters and a cursor', async () => {
    const service = `svc-${randomUUID().slice(0, 8)}`;
    const id = await createIncident(service);
    await status(id, 'acknowledged');
    await status(id, 'resolved');
    const all = await call<{ items: { incident_id: string; type: string; at: string }[]; next_cursor: string | null }>('GET', '/v1/events?limit=2', { role: 'viewer' });
    expect(all.status).toBe(200);
    expect(all.body.items.map((e) => [e.incident_id, e.type])).toEqual([
      [id, 'incident.resolved'],
      [id, 'incident.acknowledged'],
    ]);
    expect(all.body.items[0]).not.toHaveProperty('incident');
    const next = await call<{ items: { type: string }[] }>('GET', `/v1/events?limit=2&cursor=${all.body.next_cursor ?? ''}`, { role: 'viewer' });
    expect(next.body.items[0]?.type).toBe('incident.created');
    const resolved = await call<{ items: { incident_id: string; type: string }[] }>('GET', '/v1/events?type=incident.resolved&limit=5', { role: 'viewer' });
    expect(resolved.body.items.every((e) => e.type === 'incident.resolved')).toBe(true);
    expect(resolved.body.items[0]?.incident_id).toBe(id);
    const created = (await call<{ items: { at: string }[] }>('GET', `/v1/events?incident=${id}&type=incident.created`, { role: 'viewer' })).body.items[0]?.at ?? '';
    const ranged = await call<{ items: { type: string }[] }>('GET', `/v1/events?incident=${id}&from=${encodeURIComponent(created)}&to=${encodeURIComponent(created)}`, { role: 'viewer' });
    expect(ranged.body.items.map((e) => e.type)).toEqual(['incident.created']);
  });

  it.each([
    ['a bad type', '/v1/events?type=incident.nope'],
    ['a bad time', '/v1/events?from=yesterday'],
    ['from after to', '/v1/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'],
    ['a bad incident id', '/v1/events?incident=42'],
    ['a garbage cursor', '/v1/events?cursor=abc'],
    ['an unknown parameter', '/v1/events?colour=red'],
  ])('answers 400 for %s', async (_name, path) => {
    const res = await call('GET', path, { role: 'viewer' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('needs a token', async () => {
    expect((await call('GET', '/v1/events')).status).toBe(401);
  });
});
