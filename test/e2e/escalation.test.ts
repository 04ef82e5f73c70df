/**
 * Escalation over HTTP against the local server, with LOCAL_SCHEDULER_SPEED=3000 (set by
 * test/support/server-global-setup.ts): a minute lasts 20 ms, an hour 1.2 s.
 *
 * The people paged have Slack targets on local receivers (test/support/webhook-receiver.ts); their
 * preferences filter the events out on purpose, so every request they get is a page.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '#shared/domain/notifications/notification.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { call, token } from '../support/http.ts';

type Json = Record<string, unknown>;
const tag = () => randomUUID().slice(0, 8);
const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function currentRotation(participants: string[], zone = 'UTC') {
  const start = new Date(Date.now() - HOUR).toISOString().slice(0, 16);
  return { participants, shift_type: 'daily', start, time_zone: zone };
}

async function post<T = Json>(path: string, body: unknown, role: 'admin' | 'responder' = 'admin') {
  const res = await call<T>('POST', path, { role, body });
  expect(res.status, res.text).toBeLessThan(300);
  return res.body;
}

/** A person whose only channel is a Slack target on `receiver`, with filters no event matches. */
async function person(id: string, receiver: WebhookReceiver) {
  const res = await call('PUT', `/v1/users/${id}/notification_preferences`, {
    role: 'admin',
    body: { enabled: true, channels: [{ channel: 'slack', target: receiver.url }], event_types: ['component.status_changed'] },
  });
  expect(res.status, res.text).toBe(200);
}

const pages = (r: WebhookReceiver) => r.delivered().map((req) => JSON.parse(req.body) as { text: string; blocks: { type: string; elements?: { text: { text: string }; url: string }[] }[] });

async function incidentStatus(id: string): Promise<Json> {
  return (await call<Json>('GET', `/v1/incidents/${id}`, { role: 'viewer' })).body;
}

async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('escalation', () => {
  const receivers: Record<string, WebhookReceiver> = {};
  const t = tag();
  const alice = `alice-${t}`;
  const bob = `bob-${t}`;
  const carol = `carol-${t}`;
  let scheduleId = '';
  const teamId = `pay-${t}`;

  beforeAll(async () => {
    for (const name of ['alice', 'bob', 'carol']) receivers[name] = await startReceiver();
    await person(alice, receivers.alice as WebhookReceiver);
    await person(bob, receivers.bob as WebhookReceiver);
    await person(carol, receivers.carol as WebhookReceiver);
    const schedule = await post<{ id: string }>('/v1/schedules', { name: `Payments ${t}`, rotations: [currentRotation([alice, bob])] });
    scheduleId = schedule.id;
    await post('/v1/teams', { id: teamId, name: `Payments ${t}`, members: [alice, bob, carol], schedule_id: scheduleId });
  });
  afterAll(async () => {
    await Promise.all(Object.values(receivers).map((r) => r.close()));
  });

  it('pages the on-call person, then the next step, loops; the acknowledge link stops it', async () => {
    const policy = await post<{ id: string }>('/v1/escalation_policies', {
      name: `Payments ${t}`,
      conditions: { teams: [teamId] },
      steps: [
        { delay_minutes: 1, targets: [{ type: 'schedule', id: scheduleId }] },
        { delay_minutes: 30, targets: [{ type: 'user', id: bob }] },
      ],
      repeat: 5,
    });
    const incident = await post<{ id: string }>('/v1/incidents', { title: `Payments down ${t}`, severity: 'critical', assigned_team: teamId }, 'responder');

    // Step 1: alice is on call on the schedule; step 2 (20 ms later): bob.
    await (receivers.alice as WebhookReceiver).waitFor((r) => r.delivered().length >= 1);
    await (receivers.bob as WebhookReceiver).waitFor((r) => r.delivered().length >= 1);
    const first = pages(receivers.alice as WebhookReceiver)[0];
    expect(first?.text).toContain('escalated');
    const actions = first?.blocks.find((b) => b.type === 'actions')?.elements ?? [];
    const ack = actions.find((a) => a.text.text === 'Acknowledge')?.url ?? '';
    expect(ack).toMatch(/\/v1\/ack\/[\w-]+\.[\w-]+$/);
    const ackPath = new URL(ack).pathname;

    // GET shows a confirmation page and changes nothing (link previewers prefetch GETs).
    const view = await call('GET', ackPath);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toContain('text/html');
    expect(view.text).toContain('<form method="post">');
    expect((await incidentStatus(incident.id)).status).toBe('open');

    // POST acknowledges as alice; the escalation stops.
    const used = await call('POST', ackPath);
    expect(used.status, used.text).toBe(200);
    expect(used.text).toContain('Acknowledged');
    const after = await incidentStatus(incident.id);
    expect(after.status).toBe('acknowledged');
    expect((after.timeline as { type: string; actor: { id: string } }[]).find((e) => e.type === 'incident.acknowledged')?.actor.id).toBe(alice);

    // A used link says so and changes nothing.
    const again = await call('POST', ackPath);
    expect(again.status).toBe(409);
    expect(again.text).toContain('already used');

    // No step runs after the acknowledgement, and every page that arrives was sent by a step that
    // ran before it (a page already on its way when alice clicked may still land, later on a loaded
    // machine): wait well over two step cycles, then compare what arrived with the recorded runs.
    await sleep(2500);
    const escalations = await call<{ escalation: { state: string; stop_reason: string; policy_id: string }; items: { step: number; message: string; outcome: string; at: string; paged: { user: string }[] }[] }>('GET', `/v1/incidents/${incident.id}/escalations?limit=100`, { role: 'viewer' });
    expect(escalations.status).toBe(200);
    const ackAt = String(after.acknowledged_at);
    expect(escalations.body.items.filter((i) => i.at > ackAt)).toEqual([]);
    const runsPaging = (user: string) => escalations.body.items.filter((i) => i.paged.some((p) => p.user === user)).length;
    expect([(receivers.alice as WebhookReceiver).requests.length, (receivers.bob as WebhookReceiver).requests.length]).toEqual([runsPaging(alice), runsPaging(bob)]);
    expect(escalations.body.escalation).toMatchObject({ state: 'stopped', stop_reason: 'acknowledged', policy_id: policy.id });
    expect(escalations.body.items[0]).toMatchObject({ step: 1, outcome: 'paged' });
    expect(escalations.body.items[0]?.message).toBe(`step 1: paged ${alice} (on call on schedule ${scheduleId})`);
    expect(escalations.body.items[1]?.message).toBe(`step 2: paged ${bob} (named in the policy)`);
    const timeline = (await incidentStatus(incident.id)).timeline as { type: string; message: string }[];
    expect(timeline.filter((e) => e.type === 'incident.escalated').map((e) => e.message)).toEqual(escalations.body.items.map((i) => i.message));

    // The schedule and team are used by the policy: deleting them is refused naming it.
    const conflict = await call<{ policies?: string[] }>('DELETE', `/v1/schedules/${scheduleId}`, { role: 'admin' });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain(policy.id);
  });

  it('pages a person whose only channel is a personal webhook, signed with the secret their PUT returned; after a rotation the old one no longer verifies', async () => {
    const dave = `dave-${t}`;
    const receiver = (receivers.dave = await startReceiver());
    const asDave = await token({ role: 'viewer', sub: dave, username: dave });
    // Only a personal webhook, with filters no event matches: every request is a page.
    const put = await call<{ webhook_secret?: string }>('PUT', '/v1/users/me/notification_preferences', {
      token: asDave,
      body: { enabled: true, channels: [{ channel: 'webhook', target: receiver.url }], event_types: ['component.status_changed'], services: [`none-${t}`] },
    });
    expect(put.status, put.text).toBe(200);
    const secret = put.body.webhook_secret ?? '';
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);

    const schedule = await post<{ id: string }>('/v1/schedules', { name: `Hooks ${t}`, rotations: [currentRotation([dave])] });
    const team = `hooks-${t}`;
    await post('/v1/teams', { id: team, name: `Hooks ${t}`, members: [dave], schedule_id: schedule.id });
    await post('/v1/escalation_policies', {
      name: `Hooks ${t}`,
      conditions: { teams: [team] },
      steps: [
        { delay_minutes: 1440, targets: [{ type: 'schedule', id: schedule.id }] },
        { delay_minutes: 1440, targets: [{ type: 'user', id: dave }] },
      ],
    });
    const incident = await post<{ id: string }>('/v1/incidents', { title: `Webhook page ${t}`, severity: 'high', assigned_team: team }, 'responder');

    const pagesFor = () => receiver.delivered().filter((r) => r.headers['ce-type'] === 'io.incidents.incident.escalated');
    await receiver.waitFor(() => pagesFor().length >= 1);
    const page = pagesFor()[0]!;
    const now = () => Math.floor(Date.now() / 1000);
    expect(page.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(verifyWebhook(secret, page.body, String(page.headers['x-signature']), now())).toBe(true);
    const event = JSON.parse(page.body) as { subject: string; ackurl?: string; data: { escalation: { step: number } } };
    expect(event.subject).toBe(incident.id);
    expect(event.data.escalation.step).toBe(1);
    expect(event.ackurl).toMatch(/\/v1\/ack\/[\w-]+\.[\w-]+$/);
    expect(String(page.headers['idempotency-key'])).not.toContain('127.0.0.1');

    // The incident's notifications name the delivery without the URL or the secret.
    let attempts: { recipient_id: string; channel: string; outcome: string; target: string }[] = [];
    await waitUntil(async () => {
      const res = await call<{ items: typeof attempts }>('GET', `/v1/incidents/${incident.id}/notifications?limit=100`, { role: 'viewer' });
      attempts = res.body.items.filter((a) => a.channel === 'webhook');
      return attempts.length >= 1 && !res.text.includes(receiver.url) && !res.text.includes(secret);
    }, 10_000, 'the delivery attempt, listed without the URL or secret');
    expect(attempts[0]).toMatchObject({ outcome: 'delivered', target: 'personal webhook' });
    expect(attempts[0]?.recipient_id).toMatch(new RegExp(`^page:${dave}:webhook:[\\w-]{16}$`));

    // Rotate; the next page (escalate now: step 2 pages dave) verifies with the new secret only.
    const rotated = await call<{ webhook_secret: string }>('POST', '/v1/users/me/webhook_secret', { token: asDave });
    expect(rotated.status, rotated.text).toBe(200);
    const escalated = await call<Json>('POST', `/v1/incidents/${incident.id}/escalate`, { role: 'responder' });
    expect(escalated.body.escalated, escalated.text).toBe(true);
    await receiver.waitFor(() => pagesFor().length >= 2);
    const second = pagesFor()[1]!;
    expect((JSON.parse(second.body) as { data: { escalation: { step: number } } }).data.escalation.step).toBe(2);
    const signature = String(second.headers['x-signature']);
    expect(verifyWebhook(rotated.body.webhook_secret, second.body, signature, now())).toBe(true);
    expect(verifyWebhook(secret, second.body, signature, now())).toBe(false);
  });

  it('escalates now on request; two clicks in a row escalate once', async () => {
    const teamNow = `now-${t}`;
    await post('/v1/teams', { id: teamNow, name: `Now ${t}`, members: [alice, carol], schedule_id: null });
    await post('/v1/escalation_policies', {
      name: `Now ${t}`,
      conditions: { teams: [teamNow] },
      steps: [
        { delay_minutes: 1440, targets: [{ type: 'user', id: alice }], actions: [{ type: 'notify' }, { type: 'assign' }] },
        { delay_minutes: 1440, targets: [{ type: 'user', id: carol }], actions: [{ type: 'notify' }, { type: 'raise_severity', severity: 'critical' }] },
      ],
    });
    const carolBefore = (receivers.carol as WebhookReceiver).delivered().length;
    const incident = await post<{ id: string }>('/v1/incidents', { title: `Checkout slow ${t}`, severity: 'medium', assigned_team: teamNow }, 'responder');
    await waitUntil(async () => (await incidentStatus(incident.id)).assignee === alice, 15_000, 'step 1 assigned alice');

    const [one, two] = await Promise.all([call<Json>('POST', `/v1/incidents/${incident.id}/escalate`, { role: 'responder' }), call<Json>('POST', `/v1/incidents/${incident.id}/escalate`, { role: 'responder' })]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect([one.body.escalated, two.body.escalated].sort()).toEqual([false, true]);
    const third = await call<Json>('POST', `/v1/incidents/${incident.id}/escalate`, { role: 'responder' });
    expect(third.body.escalated).toBe(false);

    await (receivers.carol as WebhookReceiver).waitFor((r) => r.delivered().length >= carolBefore + 1);
    await sleep(500);
    expect((receivers.carol as WebhookReceiver).delivered().length).toBe(carolBefore + 1);
    const current = await incidentStatus(incident.id);
    expect(current.severity).toBe('critical');
    const runs = await call<{ items: { reason: string }[] }>('GET', `/v1/incidents/${incident.id}/escalations`, { role: 'viewer' });
    expect(runs.body.items.map((r) => r.reason)).toEqual(['started', 'escalate_now']);

    // Resolved: escalate-now has nothing to do.
    expect((await call('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'resolved' } })).status).toBe(200);
    await sleep(1000);
    const refused = await call<{ detail: string }>('POST', `/v1/incidents/${incident.id}/escalate`, { role: 'responder' });
    expect(refused.status).toBe(409);
  });

  it('resolves an incident without updates after the team\'s auto_resolve_hours; an update pushes it back', async () => {
    const quiet = `quiet-${t}`;
    await post('/v1/teams', { id: quiet, name: `Quiet ${t}`, members: [alice], schedule_id: null, auto_resolve_hours: 2 });
    const incident = await post<{ id: string; created_at: string }>('/v1/incidents', { title: `Disk warning ${t}`, severity: 'low', assigned_team: quiet }, 'responder');
    // 2 h last 2.4 s here, so the first timer is due 2.4 s after the creation. A comment 0.4 s in
    // (committed before that timer fires, with 2 s to spare for a loaded machine) pushes the
    // resolution to ≥ 2.4 s after the comment: still open both after the first due time and up to
    // 2.2 s after the comment was sent.
    const createdAt = Date.parse(incident.created_at);
    await sleep(400);
    const commentedAt = Date.now();
    expect((await call('POST', `/v1/incidents/${incident.id}/comments`, { role: 'responder', body: { body: 'still looking' } })).status).toBe(201);
    await sleep(Math.max(commentedAt + 2200, createdAt + 2600) - Date.now());
    expect((await incidentStatus(incident.id)).status).toBe('open');
    await waitUntil(async () => (await incidentStatus(incident.id)).status === 'resolved', 10_000, 'auto-resolve');
    const timeline = (await incidentStatus(incident.id)).timeline as { type: string; message: string | null; actor: { kind: string } }[];
    const resolved = timeline.find((e) => e.type === 'incident.resolved');
    expect(resolved).toMatchObject({ message: 'resolved automatically after 2 h without updates', actor: { kind: 'system' } });
  });

  it('snooze: only acknowledged incidents; at wake the assignee is paged again and escalation resumes', async () => {
    const sleepy = `snooze-${t}`;
    await post('/v1/teams', { id: sleepy, name: `Snooze ${t}`, members: [carol], schedule_id: null });
    await post('/v1/escalation_policies', { name: `Snooze ${t}`, conditions: { teams: [sleepy] }, steps: [{ delay_minutes: 1440, targets: [{ type: 'user', id: carol }], actions: [{ type: 'notify' }, { type: 'assign' }] }] });
    const before = (receivers.carol as WebhookReceiver).delivered().length;
    const incident = await post<{ id: string }>('/v1/incidents', { title: `Queue backlog ${t}`, severity: 'high', assigned_team: sleepy }, 'responder');
    await (receivers.carol as WebhookReceiver).waitFor((r) => r.delivered().length >= before + 1);
    const open = await call<{ detail: string }>('POST', `/v1/incidents/${incident.id}/snooze`, { role: 'responder', body: { until: new Date(Date.now() + HOUR).toISOString() } });
    expect(open.status).toBe(409);
    expect((await call('PUT', `/v1/incidents/${incident.id}/status`, { role: 'responder', body: { status: 'acknowledged' } })).status).toBe(200);
    const bad = await call<{ detail: string }>('POST', `/v1/incidents/${incident.id}/snooze`, { role: 'responder', body: { until: 'tomorrow' } });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('until');
    // 30 minutes last 0.6 s here.
    const snoozed = await call<Json>('POST', `/v1/incidents/${incident.id}/snooze`, { role: 'responder', body: { until: new Date(Date.now() + 30 * 60_000).toISOString() } });
    expect(snoozed.status, snoozed.text).toBe(200);
    await (receivers.carol as WebhookReceiver).waitFor((r) => r.delivered().length >= before + 2, 10_000);
    const runs = await call<{ items: { reason: string; message: string }[] }>('GET', `/v1/incidents/${incident.id}/escalations`, { role: 'viewer' });
    expect(runs.body.items.map((r) => r.reason)).toEqual(['started', 'snooze_ended']);
    expect(runs.body.items[1]?.message).toContain('(snooze ended)');
    expect((await incidentStatus(incident.id)).snoozed_until).toBeNull();
  });

  it('acknowledge links: a forged, tampered or malformed token changes nothing; two clicks at once acknowledge once; a link to an incident acknowledged otherwise acknowledges nothing', async () => {
    const erin = `erin-${t}`;
    const receiver = (receivers.erin = await startReceiver());
    await person(erin, receiver);
    const team = `ack-${t}`;
    await post('/v1/teams', { id: team, name: `Ack ${t}`, members: [erin], schedule_id: null });
    await post('/v1/escalation_policies', { name: `Ack ${t}`, conditions: { teams: [team] }, steps: [{ delay_minutes: 1440, targets: [{ type: 'user', id: erin }] }] });
    /** The path of the Acknowledge button in the page erin got for the incident. */
    const ackPathFor = async (incidentId: string) => {
      const pageFor = () => pages(receiver).find((p) => p.text.includes(incidentId));
      await receiver.waitFor(() => pageFor() !== undefined);
      const url = pageFor()?.blocks.find((b) => b.type === 'actions')?.elements?.find((e) => e.text.text === 'Acknowledge')?.url ?? '';
      expect(url).toMatch(/\/v1\/ack\/[\w-]+\.[\w-]+$/);
      return new URL(url).pathname;
    };
    const acknowledgements = async (id: string) => ((await incidentStatus(id)).timeline as { type: string; message: string | null; actor: { id: string } }[]).filter((e) => e.type === 'incident.acknowledged');

    const incident = await post<{ id: string }>('/v1/incidents', { title: `Checkout <b>down</b> & "slow" ${t}`, severity: 'high', assigned_team: team }, 'responder');
    const ackPath = await ackPathFor(incident.id);

    // The confirmation page names the incident and the person, with the title escaped, and is neither cached nor framed.
    const view = await call('GET', ackPath);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(view.headers.get('cache-control')).toBe('no-store');
    expect(view.headers.get('x-frame-options')).toBe('DENY');
    expect(view.text).toContain(`<strong>${incident.id}</strong>: Checkout &#60;b&#62;down&#60;/b&#62; &#38; &#34;slow&#34; ${t} (high, open)`);
    expect(view.text).not.toContain('<b>down</b>');
    expect(view.text).toContain(`Page to <strong>${erin}</strong>`);
    expect(view.text).toContain('<form method="post"><button type="submit">Acknowledge</button></form>');

    // Forged and tampered tokens: the payload re-signed by nobody (another person, another incident),
    // a changed signature, or a made-up token of the right shape: a 404 page, nothing changed.
    const token = ackPath.slice('/v1/ack/'.length);
    const [payload = '', signature = ''] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ i: incident.id, u: erin });
    const forge = (change: Record<string, unknown>) => `${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${signature}`;
    const flipped = `${payload}.${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    for (const forged of [forge({ u: `mallory-${t}` }), forge({ i: 'INC-20200101-0001' }), forge({ e: 4_102_444_800 }), flipped, `${'A'.repeat(40)}.${'B'.repeat(43)}`]) {
      for (const method of ['GET', 'POST']) {
        const res = await call(method, `/v1/ack/${forged}`);
        expect(res.status, `${method} ${forged}`).toBe(404);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(res.text).toContain('<h1>Link not valid</h1>');
        expect(res.text).not.toContain('<form');
        expect(res.text).not.toContain(incident.id);
      }
    }
    // Not an acknowledge link token at all: a 400 problem naming the token.
    for (const malformed of [payload, `${token}.extra`, 'short.x', `${'a'.repeat(1001)}.b`]) {
      const res = await call<{ errors: { path: string }[] }>('POST', `/v1/ack/${malformed}`);
      expect(res.status, malformed).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.errors.map((e) => e.path)).toContain('path.token');
    }
    expect((await incidentStatus(incident.id)).status).toBe('open');
    expect(await acknowledgements(incident.id)).toEqual([]);

    // Two taps at once (or a double tap): one acknowledges as erin, the others are told the link is used.
    const taps = await Promise.all([call('POST', ackPath), call('POST', ackPath), call('POST', ackPath)]);
    expect(taps.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(taps.find((r) => r.status === 200)?.text).toContain(`Acknowledged as ${erin}.`);
    for (const refused of taps.filter((r) => r.status === 409)) expect(refused.text).toContain('already used');
    expect((await incidentStatus(incident.id)).status).toBe('acknowledged');
    expect(await acknowledgements(incident.id)).toEqual([expect.objectContaining({ message: 'acknowledged from the link in a page', actor: expect.objectContaining({ id: erin }) })]);
    // Afterwards the page says the link was used and offers no button.
    const used = await call('GET', ackPath);
    expect(used.status).toBe(409);
    expect(used.text).toContain('<h1>Link already used</h1>');
    expect(used.text).not.toContain('<form');

    // A responder acknowledges the next incident in the app first: erin's link then has nothing to do.
    const other = await post<{ id: string }>('/v1/incidents', { title: `Search slow ${t}`, severity: 'high', assigned_team: team }, 'responder');
    const otherPath = await ackPathFor(other.id);
    expect(otherPath).not.toBe(ackPath);
    expect((await call('PUT', `/v1/incidents/${other.id}/status`, { role: 'responder', body: { status: 'acknowledged' } })).status).toBe(200);
    for (const method of ['GET', 'POST']) {
      const res = await call(method, otherPath);
      expect(res.status, method).toBe(409);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('<h1>Nothing to acknowledge</h1>');
      expect(res.text).toContain('The incident is acknowledged; nothing was changed.');
      expect(res.text).not.toContain('<form');
    }
    const [byApp, ...more] = await acknowledgements(other.id);
    expect(more).toEqual([]);
    expect(byApp?.actor.id).not.toBe(erin);
  });

  it('rejects bad policies with a problem naming the field, storing nothing', async () => {
    const count = async () => (await call<{ items: unknown[] }>('GET', '/v1/escalation_policies', { role: 'viewer' })).body.items.length;
    const n = await count();
    const cases: [Json, string][] = [
      [{ name: 'x', steps: [] }, 'body.steps'],
      [{ name: 'x', steps: [{ delay_minutes: 1441, targets: [{ type: 'user', id: 'a' }] }] }, 'body.steps.0.delay_minutes'],
      [{ name: 'x', steps: [{ delay_minutes: 1, targets: [{ type: 'user', id: 'a' }] }], repeat: 6 }, 'body.repeat'],
      [{ name: 'x', conditions: { severities: ['apocalyptic'] }, steps: [{ delay_minutes: 1, targets: [{ type: 'user', id: 'a' }] }] }, 'body.conditions.severities.0'],
      [{ name: 'x', steps: [{ delay_minutes: 1, targets: [{ type: 'schedule', id: 'SCH-nope' }] }] }, 'steps.0.targets.0.id'],
      [{ name: 'x', steps: [{ delay_minutes: 1, targets: [{ type: 'team', id: 'no-such-team' }] }] }, 'steps.0.targets.0.id'],
    ];
    for (const [body, field] of cases) {
      const res = await call<{ detail: string }>('POST', '/v1/escalation_policies', { role: 'admin', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.detail).toContain(field);
    }
    expect((await call('POST', '/v1/escalation_policies', { role: 'responder', body: { name: 'x', steps: [{ delay_minutes: 1, targets: [{ type: 'user', id: 'a' }] }] } })).status).toBe(403);
    expect(await count()).toBe(n);
  });
});
