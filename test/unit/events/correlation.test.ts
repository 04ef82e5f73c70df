/**
 * One correlation id end to end: the API request that made a change, the outbox publisher,
 * fan-out and delivery all log the change's CloudEvent id as `correlation_id`, the response names
 * it in `X-Event-Id` and the webhook receives it as `ce-id` (the log lines are captured as the
 * Powertools Logger prints them).
 */
import { readFileSync } from 'node:fs';
import type { Context, DynamoDBStreamEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPublishHandler } from '#functions/events/publish-timeline.ts';
import { createDeliverHandler } from '#functions/notifications/deliver.ts';
import { createFanOutHandler } from '#functions/notifications/fan-out.ts';
import type { Subscription } from '#shared/domain/notifications/notification.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import { api, created, type ApiEvent } from '#shared/http/api.ts';
import { WebhookSender } from '#shared/notify/channels.ts';
import type { OutgoingMessage } from '#shared/notify/queue.ts';
import { correlate, logger } from '#shared/observability.ts';
import type { DeliveryAttempt } from '#shared/store/notifications/notification-store.ts';

const fixture = JSON.parse(readFileSync(new URL('../../events/timeline-insert.json', import.meta.url), 'utf8')) as DynamoDBStreamEvent;
const ENTRY_ID = '01KAWZ6Y00C9M7T5ZQ3D4W8H2N'; // the fixture's timeline entry: the change's CloudEvent id
const context = { awsRequestId: 'lambda-1', functionName: 'test', getRemainingTimeInMillis: () => 5000 } as unknown as Context;

type Line = Record<string, unknown>;
let lines: Line[] = [];
const capture = (line: unknown) => {
  lines.push(JSON.parse(String(line)) as Line);
};

beforeEach(() => {
  lines = [];
  for (const method of ['info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(capture);
  logger.setLogLevel('INFO');
});
afterEach(() => {
  logger.setLogLevel('ERROR');
  vi.restoreAllMocks();
});

const webhook: Subscription = { id: 'sub-1', name: 'ops', channel: 'webhook', target: 'https://hooks.example.com/in', filters: { event_types: [], severities: [], services: [], teams: [], incidents: [] }, enabled: true, created_by: 'u', created_at: '', secret: 'whsec_test' };

function sqsRecord(body: string, attributes: Record<string, string> = {}, messageId = `m-${Math.random()}`): SQSRecord {
  return {
    messageId, receiptHandle: `rh-${messageId}`, body, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'local',
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { stringValue: v, dataType: 'String' }])),
  };
}

const notificationStore = () => {
  const attempts: DeliveryAttempt[] = [];
  return {
    attempts,
    getSubscription: () => Promise.resolve(webhook),
    allSubscriptions: () => Promise.resolve([webhook]),
    allPreferences: () => Promise.resolve([]),
    getPreferences: () => Promise.resolve(undefined),
    wasDelivered: () => Promise.resolve(false),
    recordAttempt: (a: DeliveryAttempt) => (attempts.push(a), Promise.resolve()),
  };
};

function apiEvent(requestId: string): ApiEvent {
  return {
    version: '2.0', routeKey: 'POST /v1/incidents', rawPath: '/v1/incidents', rawQueryString: '', headers: {}, isBase64Encoded: false,
    requestContext: {
      requestId,
      http: { method: 'POST', path: '/v1/incidents', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      authorizer: { jwt: { claims: { sub: 'u-1', username: 'alice', 'cognito:groups': '[responder]', exp: String(Math.floor(Date.now() / 1000) + 600) }, scopes: [] } },
    },
  } as unknown as ApiEvent;
}

describe('one correlation id from the request to the delivery', () => {
  it('the request, the publisher, fan-out and delivery of one change all log its CloudEvent id; the response and the webhook name it', async () => {
    // 1. The API request: the store calls correlate() once the change's timeline entry is written.
    const handler = api('createIncident', {}, async () => {
      logger.info('deciding');
      await Promise.resolve();
      correlate(ENTRY_ID);
      logger.info('change written');
      return created({});
    });
    const response = await handler(apiEvent('api-req-7'), context);
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-event-id']).toBe(ENTRY_ID);
    expect(response.headers['access-control-expose-headers']).toContain('X-Event-Id');
    const request = lines.filter((l) => l.request_id === 'api-req-7');
    expect(request.map((l) => [l.message, l.correlation_id])).toEqual([['deciding', undefined], ['change written', ENTRY_ID], ['request made a change', ENTRY_ID]]);
    expect(request.at(-1)).toMatchObject({ route: 'createIncident', status: 201, event_ids: [ENTRY_ID] });

    // 2. The outbox publisher: the stream record of that entry → the bus.
    const published: CloudEvent[] = [];
    const publish = createPublishHandler({ publisher: { publish: (events) => (published.push(...events), Promise.resolve({ failed: [] })) }, namespace: 'io.incidents', stage: 'test' });
    expect(await publish(fixture)).toEqual({ batchItemFailures: [] });
    expect(published.map((e) => e.id)).toEqual([ENTRY_ID]);
    const event = published[0] as CloudEvent;

    // 3. Fan-out: the bus rule's queue message (the event) → one delivery message per recipient.
    const store = notificationStore();
    const queued: OutgoingMessage[] = [];
    const fanOut = createFanOutHandler({ store, namespace: 'io.incidents', deliveryQueue: { sendBatch: (m) => (queued.push(...m), Promise.resolve({ failed: [] })), changeVisibility: () => Promise.resolve() } });
    expect(await fanOut({ Records: [sqsRecord(JSON.stringify(event))] })).toEqual({ batchItemFailures: [] });
    expect(queued).toHaveLength(1);

    // 4. Delivery: the webhook POST carries the id as ce-id.
    const posts: { url: string; headers: Record<string, string> }[] = [];
    const deliver = createDeliverHandler({
      store,
      queue: { changeVisibility: () => Promise.resolve() },
      channels: (() => {
        const sender = new WebhookSender((url, _body, headers) => (posts.push({ url, headers }), Promise.resolve({ status: 204, body: '' })));
        return { webhook: sender, slack: sender, email: sender, sns: sender, teams: sender };
      })(),
      retryBaseSeconds: 10,
      log: (message, details) => logger.warn(message, details),
    });
    const message = queued[0] as OutgoingMessage;
    expect(await deliver({ Records: [sqsRecord(message.body, message.attributes)] })).toEqual({ batchItemFailures: [] });
    expect(posts).toHaveLength(1);
    expect(posts[0]?.headers['ce-id']).toBe(ENTRY_ID);

    const byMessage = (m: string) => lines.filter((l) => l.message === m);
    expect(byMessage('event published').map((l) => l.correlation_id)).toEqual([ENTRY_ID]);
    expect(byMessage('event fanned out')).toEqual([expect.objectContaining({ correlation_id: ENTRY_ID, recipients: 1 })]);
    expect(byMessage('notification handled')).toEqual([expect.objectContaining({ correlation_id: ENTRY_ID, outcome: 'delivered', channel: 'webhook' })]);
    // One grep: every line after the change was written names it.
    const after = lines.slice(lines.findIndex((l) => l.message === 'change written'));
    expect(after.length).toBeGreaterThanOrEqual(4);
    for (const line of after) expect(line.correlation_id, String(line.message)).toBe(ENTRY_ID);
  });

  it('keeps each message’s correlation id on its own lines when a batch delivers several events at once', async () => {
    const store = notificationStore();
    const deliver = createDeliverHandler({
      store,
      // Setting the retry delay fails: the warning is logged inside the message's own processing.
      queue: { changeVisibility: () => Promise.reject(new Error('SQS unavailable')) },
      channels: (() => {
        const sender = new WebhookSender(async (_url, body) => {
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          return (JSON.parse(body) as CloudEvent).id.endsWith('1') ? { status: 500, body: 'down' } : { status: 200, body: '' };
        });
        return { webhook: sender, slack: sender, email: sender, sns: sender, teams: sender };
      })(),
      retryBaseSeconds: 10,
      log: (message, details) => logger.warn(message, details),
    });
    const ids = Array.from({ length: 6 }, (_, i) => `01KAWZ6Y00C9M7T5ZQ3D4W8H0${i}`);
    const records = ids.map((id, i) => {
      const event: CloudEvent = { specversion: '1.0', id, source: '/incident-service/test', type: 'io.incidents.incident.created', subject: `INC-20261124-000${i}`, time: '2026-11-24T10:00:00.000Z', datacontenttype: 'application/json', data: { change: { type: 'incident.created', actor: null, changes: {}, message: null, public_message: null, update_type: null } } };
      return sqsRecord(JSON.stringify({ event, recipient: { id: `sub:${webhook.id}:${i}`, kind: 'subscription', channel: 'webhook', target: 'stale', subscription_id: webhook.id } }), { event_id: id, recipient_id: `sub:${webhook.id}:${i}`, channel: 'webhook' });
    });
    const result = await deliver({ Records: records });
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([records[1]?.messageId]);
    const failed = lines.filter((l) => l.message === 'delivery failed' || l.message === 'could not set the retry delay');
    expect(failed.map((l) => [l.message, l.correlation_id])).toEqual([['could not set the retry delay', ids[1]], ['delivery failed', ids[1]]]);
    const handled = lines.filter((l) => l.message === 'notification handled');
    expect(handled).toHaveLength(5);
    for (const line of handled) expect(line.correlation_id).toBe(ids[Number(String(line.recipient_id).slice(-1))]);
  });
});
