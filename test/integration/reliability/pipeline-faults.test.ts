/**
 * Faults along the event pipeline, each on a real SDK client with an injected middleware
 * (test/support/faults.ts) or a real HTTP receiver, with the store on DynamoDB Local:
 * EventBridge PutEvents partial failures, an SQS SendMessageBatch partial failure, a webhook that
 * fails three times, one that hangs past the timeout. Each ends delivered once: nothing lost,
 * nothing duplicated.
 */
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createPublishHandler } from '#functions/events/publish-timeline.ts';
import { createDeliverHandler } from '#functions/notifications/deliver.ts';
import { createFanOutHandler } from '#functions/notifications/fan-out.ts';
import { dayKey, incidentId, ulid } from '#shared/domain/ids.ts';
import { changeStatus, newIncident, type Actor } from '#shared/domain/incidents/incident.ts';
import { newSigningSecret, type Subscription } from '#shared/domain/notifications/notification.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import { EventBridgePublisher } from '#shared/events/eventbridge-publisher.ts';
import { StreamPoller } from '#shared/local/stream-poller.ts';
import { SlackSender, TeamsSender, WebhookSender, LocalSink } from '#shared/notify/channels.ts';
import { createHttpPost } from '#shared/notify/http.ts';
import { LocalQueue } from '#shared/notify/local-queue.ts';
import { SqsQueue } from '#shared/notify/sqs-queue.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { DynamoNotificationStore } from '#shared/store/notifications/dynamo-notification-store.ts';
import { injectFaults } from '../../support/faults.ts';
import { startReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const aws = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, endpoint: 'http://127.0.0.1:9' };
const incidents = new DynamoIncidentStore();
const notifications = new DynamoNotificationStore();
const alice: Actor = { id: 'u-1', name: 'alice', kind: 'user' };

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function event(subject = `INC-20261201-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`): CloudEvent {
  return {
    specversion: '1.0', id: ulid(), source: '/incident-service/local', type: 'io.incidents.incident.created', subject, time: new Date().toISOString(), datacontenttype: 'application/json',
    data: { incident: { id: subject, severity: 'high', affected_services: ['faults'] }, change: { type: 'incident.created', actor: null, changes: {}, message: null, public_message: null, update_type: null } },
  };
}

async function subscription(target: string): Promise<Subscription> {
  const id = `sub-${ulid()}`;
  const s: Subscription = { id, name: id, channel: 'webhook', target, filters: { event_types: [], severities: [], services: ['faults'], teams: [], incidents: [] }, enabled: true, created_by: 'test', created_at: new Date().toISOString(), secret: newSigningSecret() };
  await notifications.createSubscription(s);
  cleanups.push(() => void notifications.deleteSubscription(id));
  return s;
}

function sqsRecord(body: string, attributes: Record<string, string> = {}, receiveCount = 1): SQSRecord {
  const messageId = ulid();
  return {
    messageId, receiptHandle: `rh-${messageId}`, body, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q', awsRegion: 'us-east-1',
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { stringValue: v, dataType: 'String' }])),
  };
}

const sink = new LocalSink();
function deliverHandler(queue: { changeVisibility: (rh: string, s: number) => Promise<void> }, timeoutMs?: number) {
  const post = createHttpPost('local', timeoutMs);
  return createDeliverHandler({ store: notifications, queue, channels: { webhook: new WebhookSender(post), slack: new SlackSender(post, 'http://localhost'), teams: new TeamsSender(post, 'http://localhost'), email: sink, sns: sink }, retryBaseSeconds: 10 });
}

async function receiver(answer?: (body: string, nth: number) => number): Promise<WebhookReceiver> {
  const r = await startReceiver(answer);
  cleanups.push(() => r.close());
  return r;
}

describe('EventBridge PutEvents partial failures', () => {
  it('retries only the refused entries, then the batch from the record that still failed: every event accepted once', async () => {
    const client = new EventBridgeClient({ ...aws, maxAttempts: 3 });
    const faults = injectFaults(client);
    cleanups.push(() => client.destroy());
    const accepted: string[] = [];
    const refusals = new Map<string, number>();
    let calls = 0;
    faults.add({
      command: 'PutEventsCommand',
      fault: {
        output: (input) => {
          calls += 1;
          const entries = (input.Entries as { Detail: string }[]).map((e) => (JSON.parse(e.Detail) as CloudEvent).id);
          const results = entries.map((id) => {
            const left = refusals.get(id) ?? 0;
            if (left > 0) {
              refusals.set(id, left - 1);
              return { ErrorCode: 'ThrottlingException', ErrorMessage: 'injected: rate exceeded' };
            }
            accepted.push(id);
            return { EventId: `eb-${id}` };
          });
          return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
        },
      },
    });
    const poller = new StreamPoller({
      endpoint: inject('dynamodbEndpoint'),
      tableName: String(process.env.TABLE_NAME),
      // Idle polls 3 s apart: the six entries written after the first (empty) poll arrive in one batch.
      intervalMs: 3000,
      handler: createPublishHandler({ publisher: new EventBridgePublisher({ client, busName: 'bus', source: 'io.incidents', baseDelayMs: 1 }), namespace: 'io.incidents', stage: 'local' }),
    });
    await poller.start();
    cleanups.push(() => poller.stop());
    await new Promise((r) => setTimeout(r, 300));

    // Three incidents, each created and acknowledged: six entries in one batch.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const now = new Date();
      const day = dayKey(now);
      const made = newIncident(incidentId(day, await incidents.nextSequence(day)), { title: 'EventBridge faults', severity: 'high' }, alice, now.toISOString());
      const ack = changeStatus(made.incident, 'acknowledged', alice, new Date(now.getTime() + 1).toISOString(), null);
      ids.push(made.entry.id, ack.entry.id);
      refusals.set(made.entry.id, 2); // refused twice: the publisher's own retry gets it through
      // The first ack refused past the publisher's 4 attempts: the poller retries the batch from it,
      // and the four entries after it, already accepted, are not published again.
      if (i === 0) refusals.set(ack.entry.id, 5);
      await incidents.create(made.incident, made.entry);
      await incidents.save(made.incident, ack.incident, ack.entry);
    }
    await until(() => ids.every((id) => accepted.includes(id)));
    await new Promise((r) => setTimeout(r, 300));
    expect([...accepted].sort()).toEqual([...ids].sort());
    expect(calls).toBeGreaterThanOrEqual(6); // 4 for the batch, 2 more after the poller's retry
    expect(poller.failedRecords).toEqual([]);
  });
});

describe('SQS SendMessageBatch partial failure in fan-out', () => {
  it('fails the event, retries it, and the delivered marker keeps the recipient already enqueued from being notified twice', async () => {
    const hooks = [await receiver(), await receiver()];
    const subs = [await subscription(hooks[0]!.url), await subscription(hooks[1]!.url)];
    const client = new SQSClient(aws);
    cleanups.push(() => client.destroy());
    const faults = injectFaults(client);
    const enqueued: { body: string; attributes: Record<string, string> }[] = [];
    let refuseSecond = 3; // SqsQueue tries a chunk 3 times
    faults.add({
      command: 'SendMessageBatchCommand',
      fault: {
        output: (input) => {
          const entries = input.Entries as { Id: string; MessageBody: string; MessageAttributes?: Record<string, { StringValue: string }> }[];
          const successful: { Id: string; MessageId: string; MD5OfMessageBody: string }[] = [];
          const failed: { Id: string; Code: string; SenderFault: boolean; Message: string }[] = [];
          for (const e of entries) {
            const recipient = (JSON.parse(e.MessageBody) as { recipient: { subscription_id: string } }).recipient.subscription_id;
            if (recipient === subs[1]!.id && refuseSecond > 0) {
              refuseSecond -= 1;
              failed.push({ Id: e.Id, Code: 'InternalError', SenderFault: false, Message: 'injected' });
              continue;
            }
            enqueued.push({ body: e.MessageBody, attributes: Object.fromEntries(Object.entries(e.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue])) });
            successful.push({ Id: e.Id, MessageId: ulid(), MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') });
          }
          return { Successful: successful, Failed: failed };
        },
      },
    });
    const fanOut = createFanOutHandler({ store: notifications, deliveryQueue: new SqsQueue(client, 'https://sqs.us-east-1.amazonaws.com/000000000000/delivery', { baseDelayMs: 1 }), namespace: 'io.incidents' });
    const e = event();
    const record = sqsRecord(JSON.stringify(e));
    const first = await fanOut({ Records: [record] });
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    const second = await fanOut({ Records: [{ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: '2' } }] });
    expect(second.batchItemFailures).toEqual([]);
    const mine = enqueued.filter((m) => m.attributes.event_id === e.id);
    expect(mine.map((m) => m.attributes.recipient_id).sort()).toEqual([`sub:${subs[0]!.id}`, `sub:${subs[0]!.id}`, `sub:${subs[1]!.id}`].sort());

    // Delivered in two receives (the copy in a later batch): each subscriber gets the event once.
    const deliver = deliverHandler({ changeVisibility: () => Promise.resolve() });
    const [one, ...rest] = mine.map((m) => sqsRecord(m.body, m.attributes));
    expect((await deliver({ Records: [one!] })).batchItemFailures).toEqual([]);
    expect((await deliver({ Records: rest })).batchItemFailures).toEqual([]);
    for (const hook of hooks) expect(hook.delivered().map((r) => r.headers['ce-id'])).toEqual([e.id]);
  });
});

describe('webhook receivers that fail', () => {
  it('a receiver that fails 3 times and then succeeds: delivered once on the 4th attempt, every attempt recorded', async () => {
    const hook = await receiver((_body, nth) => (nth <= 3 ? 500 : 200));
    const sub = await subscription(hook.url);
    const queue = new LocalQueue({ name: 'delivery', msPerSecond: 1, maxReceiveCount: 5, deadLetterQueue: new LocalQueue({ name: 'dlq' }) });
    queue.start(deliverHandler(queue));
    cleanups.push(() => queue.stop());
    const e = event();
    const message = { id: '0', body: JSON.stringify({ event: e, recipient: { id: `sub:${sub.id}`, kind: 'subscription', channel: 'webhook', target: hook.url, subscription_id: sub.id } }), attributes: { event_id: e.id, recipient_id: `sub:${sub.id}`, channel: 'webhook' } };
    await queue.sendBatch([message]);
    await until(() => hook.delivered().length === 1 && queue.stats().inFlight === 0);
    expect(hook.requests.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    const attempts = await notifications.listAttempts(e.subject, 50, undefined);
    expect(attempts.items.map((a) => a.outcome).sort()).toEqual(['delivered', 'failed', 'failed', 'failed']);
    // The same message again (a redelivery, a re-fan-out): acknowledged without sending.
    await queue.sendBatch([message]);
    await until(() => queue.stats().deleted === 2);
    expect(hook.requests).toHaveLength(4);
  });

  it('a receiver that hangs past the timeout: the attempt fails at the timeout, the retry delivers once', async () => {
    const answered: number[] = [];
    const hung: ServerResponse[] = [];
    let requests = 0;
    const server = createServer((req, res) => {
      requests += 1;
      const nth = requests;
      req.resume();
      req.on('end', () => {
        if (nth === 1) {
          hung.push(res); // never answered
          return;
        }
        answered.push(nth);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const res of hung) res.destroy();
          server.close(() => resolve());
        }),
    );
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
    const sub = await subscription(url);
    const queue = new LocalQueue({ name: 'delivery', msPerSecond: 1, maxReceiveCount: 5, deadLetterQueue: new LocalQueue({ name: 'dlq' }) });
    queue.start(deliverHandler(queue, 300));
    cleanups.push(() => queue.stop());
    const e = event();
    const started = Date.now();
    await queue.sendBatch([{ id: '0', body: JSON.stringify({ event: e, recipient: { id: `sub:${sub.id}`, kind: 'subscription', channel: 'webhook', target: url, subscription_id: sub.id } }), attributes: { event_id: e.id, recipient_id: `sub:${sub.id}` } }]);
    await until(() => answered.length === 1 && queue.stats().inFlight === 0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 100));
    expect(requests).toBe(2);
    const attempts = (await notifications.listAttempts(e.subject, 50, undefined)).items.sort((a, b) => a.attempt - b.attempt);
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'failed'], [2, 'delivered']]);
    expect(attempts[0]?.detail).toMatch(/no answer within 0.3 s/);
  });
});
