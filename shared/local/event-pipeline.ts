/**
 * Local mode's event pipeline, the same chain as in AWS with in-process stand-ins:
 *
 *   DynamoDB Local stream ──StreamPoller──► publish-timeline handler ──► LocalEventBus
 *     ──rule──► notifications queue ──► fan-out handler ──► delivery queue ──► deliver handler
 *   (each queue with its DLQ after 5 receives, visibility-timeout back-off)
 *
 * The handlers are the Lambda handlers' own factories with local adapters; e-mail and SNS are
 * kept in memory (no SES/SNS here). Import this module only after the environment is set
 * (shared/config.ts parses it on first import).
 */
import { config } from '#shared/config.ts';
import { MAX_RECEIVES } from '#shared/domain/notifications/notification.ts';
import { LocalEventBus, type LocalRule } from '#shared/events/local-bus.ts';
import { createPublishHandler } from '#functions/events/publish-timeline.ts';
import { createDeliverHandler } from '#functions/notifications/deliver.ts';
import { createFanOutHandler } from '#functions/notifications/fan-out.ts';
import { StreamPoller } from '#shared/local/stream-poller.ts';
import { LocalSink, SlackSender, WebhookSender } from '#shared/notify/channels.ts';
import { createHttpPost } from '#shared/notify/http.ts';
import { LocalQueue } from '#shared/notify/local-queue.ts';
import { DynamoNotificationStore } from '#shared/store/notifications/dynamo-notification-store.ts';

export interface LocalEventPipeline {
  readonly bus: LocalEventBus;
  readonly queues: Readonly<Record<'notifications' | 'notificationsDlq' | 'delivery' | 'deliveryDlq', LocalQueue>>;
  readonly email: LocalSink;
  readonly sns: LocalSink;
  readonly poller: StreamPoller;
  /** Queue depths, dead letters and what e-mail/SNS would have sent (GET /_local/events). */
  snapshot(): Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startLocalEventPipeline(options: { endpoint: string; tableName: string; pollIntervalMs?: number; /** More bus rules (status: the site publisher). */ rules?: readonly LocalRule[] }): Promise<LocalEventPipeline> {
  const msPerSecond = config.LOCAL_QUEUE_MS_PER_SECOND;
  const onError = (error: unknown) => console.error('local queue consumer failed', error);
  const notificationsDlq = new LocalQueue({ name: 'notifications-dlq', msPerSecond });
  const deliveryDlq = new LocalQueue({ name: 'delivery-dlq', msPerSecond });
  const notifications = new LocalQueue({ name: 'notifications', msPerSecond, visibilityTimeoutSeconds: 30, maxReceiveCount: MAX_RECEIVES, deadLetterQueue: notificationsDlq, onError, concurrency: 1 });
  const delivery = new LocalQueue({ name: 'delivery', msPerSecond, visibilityTimeoutSeconds: 60, maxReceiveCount: MAX_RECEIVES, deadLetterQueue: deliveryDlq, onError, concurrency: 8, inFlightGroupAttribute: 'recipient_id' });
  const bus = new LocalEventBus([{ name: 'notifications', matches: (e) => e.type.startsWith(`${config.EVENT_NAMESPACE}.`), target: notifications }, ...(options.rules ?? [])]);
  const store = new DynamoNotificationStore();
  const post = createHttpPost(config.STAGE);
  const email = new LocalSink();
  const sns = new LocalSink();

  notifications.start(createFanOutHandler({ store, deliveryQueue: delivery, namespace: config.EVENT_NAMESPACE }));
  delivery.start(
    createDeliverHandler({
      store,
      queue: delivery,
      channels: { webhook: new WebhookSender(post), slack: new SlackSender(post, config.PUBLIC_BASE_URL), email, sns },
      retryBaseSeconds: config.NOTIFY_RETRY_BASE_SECONDS,
    }),
  );
  const poller = new StreamPoller({
    endpoint: options.endpoint,
    tableName: options.tableName,
    intervalMs: options.pollIntervalMs ?? 100,
    handler: createPublishHandler({ publisher: bus, namespace: config.EVENT_NAMESPACE, stage: config.STAGE, log: (m, d) => console.error(m, d) }),
    onError: (message, error) => console.error(message, error),
  });
  await poller.start();

  const queues = { notifications, notificationsDlq, delivery, deliveryDlq };
  return {
    bus,
    queues,
    email,
    sns,
    poller,
    snapshot: () => ({
      published: bus.published.length,
      queues: Object.fromEntries(Object.entries(queues).map(([k, q]) => [k, q.stats()])),
      dead_letters: {
        notifications: notificationsDlq.peek().map((m) => JSON.parse(m.body) as unknown),
        delivery: deliveryDlq.peek().map((m) => JSON.parse(m.body) as unknown),
      },
      stream_failures: poller.failedRecords.length,
      email: email.sent.map((d) => ({ to: d.recipient.target, event_id: d.event.id, type: d.event.type })),
      sns: sns.sent.map((d) => ({ topic: d.recipient.target, event_id: d.event.id, type: d.event.type })),
    }),
    async stop() {
      await poller.stop();
      await Promise.all(Object.values(queues).map((q) => q.stop()));
    },
  };
}
