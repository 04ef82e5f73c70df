/** Fan-out and delivery use cases with fakes; the local queue's retry and dead-letter semantics. */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createDeliverHandler } from '#functions/notifications/deliver.ts';
import { createFanOutHandler } from '#functions/notifications/fan-out.ts';
import { targetHash, type NotificationPreferences, type Recipient, type Subscription } from '#shared/domain/notifications/notification.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import type { ChannelSender, Delivery, DeliveryResult } from '#shared/notify/channels.ts';
import { LocalQueue } from '#shared/notify/local-queue.ts';
import type { DeliveryAttempt } from '#shared/store/notifications/notification-store.ts';
import type { DeliveryMessage } from '#shared/use-cases/notifications/fan-out.ts';

const event = (id: string, services = ['payments']): CloudEvent => ({
  specversion: '1.0', id, source: '/incident-service/test', type: 'io.incidents.incident.created', subject: 'INC-20261124-0001', time: '2026-11-24T10:00:00.000Z', datacontenttype: 'application/json',
  data: { incident: { id: 'INC-20261124-0001', severity: 'high', affected_services: services }, change: { type: 'incident.created', actor: null, changes: {}, message: null, public_message: null, update_type: null } },
});
const sub = (id: string, target: string): Subscription => ({ id, name: id, channel: 'webhook', target, filters: { event_types: [], severities: [], services: ['payments'], teams: [], incidents: [] }, enabled: true, created_by: 'a', created_at: '', secret: 'whsec_x' });

function record(body: string, receiveCount = 1, recipient = 'r', messageId = `m-${Math.random()}`): SQSRecord {
  return {
    messageId, receiptHandle: `rh-${messageId}`, body, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'local',
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: { recipient_id: { stringValue: recipient, dataType: 'String' } },
  };
}

class FakeStore {
  subscriptions = new Map<string, Subscription>();
  attempts: DeliveryAttempt[] = [];
  delivered = new Set<string>();
  getSubscription = (id: string) => Promise.resolve(this.subscriptions.get(id));
  allSubscriptions = () => Promise.resolve([...this.subscriptions.values()]);
  allPreferences = () => Promise.resolve([]);
  preferences = new Map<string, NotificationPreferences>();
  getPreferences = (user: string) => Promise.resolve(this.preferences.get(user));
  wasDelivered = (e: string, r: string) => Promise.resolve(this.delivered.has(`${e}|${r}`));
  recordAttempt = (a: DeliveryAttempt, ok: boolean) => {
    this.attempts.push(a);
    if (ok) this.delivered.add(`${a.event_id}|${a.recipient_id}`);
    return Promise.resolve();
  };
}

class ScriptedChannel implements ChannelSender {
  sent: Delivery[] = [];
  constructor(private readonly answer: (d: Delivery) => DeliveryResult | Promise<DeliveryResult>) {}
  async send(d: Delivery) {
    this.sent.push(d);
    return this.answer(d);
  }
}

function deliverer(store: FakeStore, channel: ChannelSender) {
  const visibility: [string, number][] = [];
  const handler = createDeliverHandler({
    store,
    queue: { changeVisibility: (rh, s) => (visibility.push([rh, s]), Promise.resolve()) },
    channels: { webhook: channel, slack: channel, email: channel, sns: channel, teams: channel },
    retryBaseSeconds: 10,
  });
  return { handler, visibility };
}

const message = (e: CloudEvent, s: Subscription): string => JSON.stringify({ event: e, recipient: { id: `sub:${s.id}`, kind: 'subscription', channel: 'webhook', target: 'stale', subscription_id: s.id } satisfies Recipient } satisfies DeliveryMessage);

describe('fan-out', () => {
  it('sends one delivery message per matching recipient and fails only the record that could not be enqueued', async () => {
    const store = new FakeStore();
    store.subscriptions.set('a', sub('a', 'https://a.example.com'));
    store.subscriptions.set('b', sub('b', 'https://b.example.com'));
    const sent: { body: string; attributes?: Record<string, string> }[] = [];
    let refuse = false;
    const handler = createFanOutHandler({
      store,
      namespace: 'io.incidents',
      deliveryQueue: {
        sendBatch: (messages) => {
          if (refuse) return Promise.resolve({ failed: [{ id: '0', error: 'nope' }] });
          sent.push(...messages);
          return Promise.resolve({ failed: [] });
        },
        changeVisibility: () => Promise.resolve(),
      },
    });
    const ok = record(JSON.stringify(event('e1')));
    const other = record(JSON.stringify(event('e2', ['search'])));
    expect(await handler({ Records: [ok, other] })).toEqual({ batchItemFailures: [] });
    expect(sent.map((m) => (JSON.parse(m.body) as DeliveryMessage).recipient.id)).toEqual(['sub:a', 'sub:b']);
    expect(sent[0]?.attributes).toEqual({ event_id: 'e1', recipient_id: 'sub:a', channel: 'webhook' });
    refuse = true;
    const failing = record(JSON.stringify(event('e3')));
    const junk = record('not json');
    expect(await handler({ Records: [failing, junk] })).toEqual({ batchItemFailures: [{ itemIdentifier: failing.messageId }, { itemIdentifier: junk.messageId }] });
  });
});

describe('delivery', () => {
  it('delivers to the subscription\'s current target with its secret, and records the attempt', async () => {
    const store = new FakeStore();
    const s = sub('a', 'https://a.example.com/new');
    store.subscriptions.set('a', s);
    const channel = new ScriptedChannel(() => ({ ok: true, status: 200, detail: 'HTTP 200' }));
    const { handler } = deliverer(store, channel);
    expect(await handler({ Records: [record(message(event('e1'), s))] })).toEqual({ batchItemFailures: [] });
    expect(channel.sent[0]?.recipient.target).toBe('https://a.example.com/new');
    expect(channel.sent[0]?.secret).toBe('whsec_x');
    expect(store.attempts).toEqual([expect.objectContaining({ event_id: 'e1', recipient_id: 'sub:a', attempt: 1, outcome: 'delivered', status: 200, target: 'https://a.example.com/…' })]);
    // Redelivered message: not sent again.
    expect(await handler({ Records: [record(message(event('e1'), s), 2)] })).toEqual({ batchItemFailures: [] });
    expect(channel.sent).toHaveLength(1);
  });

  it('fails only the failing recipient\'s message, with its back-off, and dead-letters the fifth receive', async () => {
    const store = new FakeStore();
    const good = sub('good', 'https://good.example.com');
    const bad = sub('bad', 'https://bad.example.com');
    store.subscriptions.set('good', good);
    store.subscriptions.set('bad', bad);
    const channel = new ScriptedChannel((d) => (d.recipient.target.includes('bad') ? { ok: false, status: 500, detail: 'HTTP 500' } : { ok: true, status: 200, detail: 'HTTP 200' }));
    const { handler, visibility } = deliverer(store, channel);
    const badRecord = record(message(event('e1'), bad), 3, 'sub:bad');
    const goodRecord = record(message(event('e1'), good), 1, 'sub:good');
    expect(await handler({ Records: [badRecord, goodRecord] })).toEqual({ batchItemFailures: [{ itemIdentifier: badRecord.messageId }] });
    expect(visibility).toEqual([[badRecord.receiptHandle, 40]]);
    const last = record(message(event('e1'), bad), 5, 'sub:bad');
    expect((await handler({ Records: [last] })).batchItemFailures).toHaveLength(1);
    expect(store.attempts.map((a) => [a.recipient_id, a.outcome])).toEqual([
      ['sub:bad', 'failed'],
      ['sub:good', 'delivered'],
      ['sub:bad', 'dead_lettered'],
    ]);
  });

  it('treats a channel that throws as a failed attempt', async () => {
    const store = new FakeStore();
    const s = sub('a', 'https://a.example.com');
    store.subscriptions.set('a', s);
    const { handler } = deliverer(store, new ScriptedChannel(() => Promise.reject(new Error('ECONNREFUSED'))));
    const r = record(message(event('e1'), s));
    expect((await handler({ Records: [r] })).batchItemFailures).toEqual([{ itemIdentifier: r.messageId }]);
    expect(store.attempts[0]).toMatchObject({ outcome: 'failed', detail: 'ECONNREFUSED', status: null });
  });

  it('skips (and records) a message whose subscription was deleted', async () => {
    const store = new FakeStore();
    const channel = new ScriptedChannel(() => ({ ok: true, detail: '' }));
    const { handler } = deliverer(store, channel);
    expect(await handler({ Records: [record(message(event('e1'), sub('gone', 'https://x.example.com')))] })).toEqual({ batchItemFailures: [] });
    expect(channel.sent).toHaveLength(0);
    expect(store.attempts[0]).toMatchObject({ outcome: 'skipped' });
  });

  it('signs a personal webhook with the person\'s current secret and lists it without its URL', async () => {
    const store = new FakeStore();
    const url = 'https://hooks.example.net/dave/s3cr3t';
    const prefs: NotificationPreferences = { user_id: 'dave', username: 'dave', enabled: true, channels: [{ channel: 'webhook', target: url }], event_types: [], min_severity: null, services: [], teams: [], only_assigned: false, updated_at: '', webhook_secret: 'whsec_old' };
    store.preferences.set('dave', prefs);
    const channel = new ScriptedChannel(() => ({ ok: true, status: 200, detail: 'HTTP 200' }));
    const { handler } = deliverer(store, channel);
    const recipient: Recipient = { id: `page:dave:webhook:${targetHash(url)}`, kind: 'user', channel: 'webhook', target: url, user_id: 'dave', page: true };
    const body = (id: string) => JSON.stringify({ event: event(id), recipient } satisfies DeliveryMessage);
    expect(await handler({ Records: [record(body('e1'))] })).toEqual({ batchItemFailures: [] });
    expect(channel.sent[0]).toMatchObject({ secret: 'whsec_old', recipient: { target: url } });
    // Rotated while a message was queued: the new secret signs it.
    store.preferences.set('dave', { ...prefs, webhook_secret: 'whsec_new' });
    await handler({ Records: [record(body('e2'))] });
    expect(channel.sent[1]?.secret).toBe('whsec_new');
    expect(store.attempts.map((a) => a.target)).toEqual(['personal webhook', 'personal webhook']);
    expect(JSON.stringify(store.attempts)).not.toContain('hooks.example.net');
    expect(JSON.stringify(store.attempts)).not.toContain('whsec_');

    // The webhook left the preferences (or the secret with it): skipped, not sent unsigned.
    store.preferences.set('dave', { ...prefs, channels: [{ channel: 'email', target: 'dave@example.com' }], webhook_secret: undefined });
    expect(await handler({ Records: [record(body('e3'))] })).toEqual({ batchItemFailures: [] });
    expect(channel.sent).toHaveLength(2);
    expect(store.attempts[2]).toMatchObject({ outcome: 'skipped', detail: expect.stringContaining('removed') });
  });

  it('sends one recipient\'s messages in order and other recipients in parallel', async () => {
    const store = new FakeStore();
    const s = sub('a', 'https://a.example.com');
    const t = sub('b', 'https://b.example.com');
    store.subscriptions.set('a', s);
    store.subscriptions.set('b', t);
    const order: string[] = [];
    const channel = new ScriptedChannel(async (d) => {
      await new Promise((r) => setTimeout(r, d.event.id === 'e1' ? 30 : 1));
      order.push(`${d.recipient.subscription_id ?? ''}:${d.event.id}`);
      return { ok: true, detail: '' };
    });
    const { handler } = deliverer(store, channel);
    await handler({ Records: [record(message(event('e1'), s), 1, 'sub:a'), record(message(event('e2'), s), 1, 'sub:a'), record(message(event('e1'), t), 1, 'sub:b'), record(message(event('e2'), t), 1, 'sub:b')] } satisfies SQSEvent);
    expect(order.filter((o) => o.startsWith('a:'))).toEqual(['a:e1', 'a:e2']);
    expect(order.filter((o) => o.startsWith('b:'))).toEqual(['b:e1', 'b:e2']);
  });
});

describe('local queue', () => {
  it('redelivers a failed message after its changed visibility and dead-letters it after 5 receives', async () => {
    const dlq = new LocalQueue({ name: 'dlq', msPerSecond: 1 });
    const queue = new LocalQueue({ name: 'q', msPerSecond: 1, maxReceiveCount: 5, deadLetterQueue: dlq, visibilityTimeoutSeconds: 5 });
    const receives: string[] = [];
    queue.start(async (e) => {
      for (const r of e.Records) {
        receives.push(r.attributes.ApproximateReceiveCount);
        if (r.body === 'poison') await queue.changeVisibility(r.receiptHandle, 2);
      }
      return { batchItemFailures: e.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
    });
    await queue.sendBatch([{ id: '1', body: 'poison', attributes: { a: 'b' } }, { id: '2', body: 'fine' }]);
    const deadline = Date.now() + 3000;
    while (dlq.peek().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await queue.stop();
    expect(dlq.peek()).toEqual([expect.objectContaining({ body: 'poison', attributes: { a: 'b' } })]);
    expect(receives).toEqual(['1', '1', '2', '3', '4', '5']);
    expect(queue.stats()).toMatchObject({ visible: 0, inFlight: 0, deleted: 1 });
  });

  it('treats a consumer that throws as a failure of the whole batch', async () => {
    const queue = new LocalQueue({ name: 'q', msPerSecond: 1, visibilityTimeoutSeconds: 1 });
    let calls = 0;
    queue.start(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('crash')) : Promise.resolve();
    });
    await queue.sendBatch([{ id: '1', body: 'x' }]);
    const deadline = Date.now() + 2000;
    while (queue.stats().deleted === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await queue.stop();
    expect(calls).toBe(2);
  });
});

describe('delivery: the same (event, recipient) twice in one batch', () => {
  it('sends once and acknowledges the copy (an event published again after a restart)', async () => {
    const store = new FakeStore();
    const s = sub('a', 'https://a.example.com');
    store.subscriptions.set('a', s);
    const channel = new ScriptedChannel(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return { ok: true, detail: '' };
    });
    const { handler } = deliverer(store, channel);
    const copy = (messageId: string, eventId: string) => {
      const r = record(message(event(eventId), s), 1, 'sub:a', messageId);
      return { ...r, messageAttributes: { ...r.messageAttributes, event_id: { stringValue: eventId, dataType: 'String' } } };
    };
    const result = await handler({ Records: [copy('m1', 'e1'), copy('m2', 'e1'), copy('m3', 'e2')] } satisfies SQSEvent);
    expect(result.batchItemFailures).toEqual([]);
    expect(channel.sent.map((d) => d.event.id)).toEqual(['e1', 'e2']);
    expect(store.attempts.map((a) => a.event_id)).toEqual(['e1', 'e2']);
  });
});
