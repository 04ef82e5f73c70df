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
 *
 * With `dataDir` nothing is lost across a restart (also a SIGKILL): the poller keeps its position
 * in `<dataDir>/stream-position.json` and the queues their messages under `<dataDir>/queues/`.
 */
import path from 'node:path';
import { config } from '#shared/config.ts';
import { MAX_RECEIVES } from '#shared/domain/notifications/notification.ts';
import { LocalEventBus, type LocalRule } from '#shared/events/local-bus.ts';
import { createPublishHandler } from '#functions/events/publish-timeline.ts';
import { createDeliverHandler } from '#functions/notifications/deliver.ts';
import { createFanOutHandler } from '#functions/notifications/fan-out.ts';
import { deliveryLine, localLogEnabled } from '#shared/local/console-log.ts';
import { StreamPoller } from '#shared/local/stream-poller.ts';
import { LocalSink, SlackSender, TeamsSender, WebhookSender } from '#shared/notify/channels.ts';
import { ackLinkIssuer } from '#shared/domain/paging/ack-link.ts';
import { createReactorHandler } from '#functions/paging/react-to-incident-event.ts';
import { createTimerHandler } from '#functions/paging/fire-timer.ts';
import { parseCloudEvent } from '#shared/events/cloudevent.ts';
import { LocalScheduler } from '#shared/schedule/local-scheduler.ts';
import { DynamoEscalationStore } from '#shared/store/paging/dynamo-escalation-store.ts';
import { createEscalationDeps } from '#shared/use-cases/paging/escalation-deps.ts';
import { createHttpPost } from '#shared/notify/http.ts';
import { LocalQueue } from '#shared/notify/local-queue.ts';
import { DynamoNotificationStore } from '#shared/store/notifications/dynamo-notification-store.ts';
import { DynamoSubscriberStore } from '#shared/store/status/dynamo-subscriber-store.ts';
import { subscriberEmail } from '#shared/domain/status/subscriber-email.ts';
// Automated responses: the reactor with local actions (webhooks for real; Lambda and SSM skipped).
import { createAutomationHandler } from '#functions/automation/run-automated-responses.ts';
import { localActions } from '#shared/automation/actions.ts';
import { DynamoAutomationStore } from '#shared/store/automation/dynamo-automation-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';

export interface LocalEventPipeline {
  readonly bus: LocalEventBus;
  readonly queues: Readonly<Record<'notifications' | 'notificationsDlq' | 'delivery' | 'deliveryDlq' | 'paging' | 'pagingDlq' | 'automation' | 'automationDlq', LocalQueue>>;
  /** Paging: the local scheduler (timer items polled by due time). */
  readonly scheduler: LocalScheduler;
  readonly email: LocalSink;
  readonly sns: LocalSink;
  readonly poller: StreamPoller;
  /** Queue depths, dead letters and what e-mail/SNS would have sent (GET /_local/events). */
  snapshot(): Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startLocalEventPipeline(options: { endpoint: string; tableName: string; pollIntervalMs?: number; dataDir?: string; schedulerIntervalMs?: number; /** More bus rules (status: the site publisher). */ rules?: readonly LocalRule[] }): Promise<LocalEventPipeline> {
  const msPerSecond = config.LOCAL_QUEUE_MS_PER_SECOND;
  const onError = (error: unknown) => console.error('local queue consumer failed', error);
  const kept = (name: string) => ({ name, msPerSecond, ...(options.dataDir ? { dir: path.join(options.dataDir, 'queues', name) } : {}) });
  const notificationsDlq = new LocalQueue(kept('notifications-dlq'));
  const deliveryDlq = new LocalQueue(kept('delivery-dlq'));
  // Consumers run concurrently, as their Lambda functions do in AWS (a queue consumed one batch at a
  // time let a burst of incidents queue up for seconds: incident → page p99 was 11.8 s over 100
  // incidents). Fan-out keeps one subject's events in order (one batch in flight per subject), the
  // paging and automation reactors take one event per invocation, as from an EventBridge rule.
  const notifications = new LocalQueue({ ...kept('notifications'), visibilityTimeoutSeconds: 30, maxReceiveCount: MAX_RECEIVES, deadLetterQueue: notificationsDlq, onError, concurrency: 8, inFlightGroupAttribute: 'subject' });
  const delivery = new LocalQueue({ ...kept('delivery'), visibilityTimeoutSeconds: 60, maxReceiveCount: MAX_RECEIVES, deadLetterQueue: deliveryDlq, onError, concurrency: 8, inFlightGroupAttribute: 'recipient_id' });
  // Paging: incident events → the reactor (in AWS a bus rule invoking the reactor function).
  const pagingDlq = new LocalQueue(kept('paging-dlq'));
  const paging = new LocalQueue({ ...kept('paging'), visibilityTimeoutSeconds: 30, maxReceiveCount: 3, deadLetterQueue: pagingDlq, onError, batchSize: 1, concurrency: 8 });
  // Automated responses: incident events → the automation reactor (in AWS a bus rule invoking its function).
  const automationDlq = new LocalQueue(kept('automation-dlq'));
  const automation = new LocalQueue({ ...kept('automation'), visibilityTimeoutSeconds: 30, maxReceiveCount: 3, deadLetterQueue: automationDlq, onError, batchSize: 1, concurrency: 8 });
  const bus = new LocalEventBus([
    { name: 'notifications', matches: (e) => e.type.startsWith(`${config.EVENT_NAMESPACE}.`), target: notifications },
    { name: 'paging', matches: (e) => e.type.startsWith(`${config.EVENT_NAMESPACE}.incident.`), target: paging },
    { name: 'automation', matches: (e) => e.type.startsWith(`${config.EVENT_NAMESPACE}.incident.`) && e.type !== `${config.EVENT_NAMESPACE}.incident.automated_response`, target: automation },
    ...(options.rules ?? []),
  ]);
  const store = new DynamoNotificationStore();
  const post = createHttpPost(config.STAGE);
  const email = new LocalSink();
  const sns = new LocalSink();

  // status: public status subscribers (their e-mail lands in the local e-mail sink too).
  const statusSubscribers = config.SUBSCRIBER_SECRET ? { store: new DynamoSubscriberStore(), secret: config.SUBSCRIBER_SECRET, apiBaseUrl: config.PUBLIC_BASE_URL } : undefined;
  notifications.start(createFanOutHandler({ store, deliveryQueue: delivery, namespace: config.EVENT_NAMESPACE, statusSubscribers }));
  const printFailures = localLogEnabled();
  delivery.start(
    createDeliverHandler({
      store: {
        wasDelivered: (eventId, recipientId) => store.wasDelivered(eventId, recipientId),
        getSubscription: (id) => store.getSubscription(id),
        getPreferences: (user) => store.getPreferences(user),
        recordAttempt: (attempt, delivered) => {
          const line = printFailures ? deliveryLine(attempt) : undefined;
          if (line) console.log(line);
          return store.recordAttempt(attempt, delivered);
        },
      },
      queue: delivery,
      channels: { webhook: new WebhookSender(post), slack: new SlackSender(post, config.PUBLIC_BASE_URL), email, sns, teams: new TeamsSender(post, config.PUBLIC_BASE_URL) },
      retryBaseSeconds: config.NOTIFY_RETRY_BASE_SECONDS,
      ...(config.ACK_LINK_SECRET ? { ackLink: ackLinkIssuer(config.ACK_LINK_SECRET, config.PUBLIC_BASE_URL) } : {}),
    }),
  );

  // Paging: the local scheduler fires timers through the timer function's own handler; the
  // reactor consumes the paging queue. Both share one set of deps whose scheduler is the local one.
  const escalations = new DynamoEscalationStore();
  const scheduler = new LocalScheduler({
    dueTimers: (until, limit) => escalations.dueTimers(until, limit),
    intervalMs: options.schedulerIntervalMs ?? 50,
    onError: (message, error) => console.error(message, error),
  });
  const escalationDeps = createEscalationDeps({ escalations, scheduler });
  const react = createReactorHandler(escalationDeps, config.EVENT_NAMESPACE);
  paging.start(async (event) => {
    for (const record of event.Records) {
      const detail = parseCloudEvent(record.body);
      await react({ version: '0', id: record.messageId, 'detail-type': detail.type, source: config.EVENT_NAMESPACE, account: 'local', time: detail.time, region: 'local', resources: [], detail });
    }
  });
  scheduler.start(createTimerHandler(escalationDeps));
  const runAutomation = createAutomationHandler({ automation: new DynamoAutomationStore(), incidents: new DynamoIncidentStore(), actions: localActions(post), handles: ['webhook', 'lambda', 'ssm_automation'], now: () => new Date() }, config.EVENT_NAMESPACE);
  automation.start(async (event) => {
    for (const record of event.Records) {
      const detail = parseCloudEvent(record.body);
      await runAutomation({ version: '0', id: record.messageId, 'detail-type': detail.type, source: config.EVENT_NAMESPACE, account: 'local', time: detail.time, region: 'local', resources: [], detail });
    }
  });
  const poller = new StreamPoller({
    endpoint: options.endpoint,
    tableName: options.tableName,
    intervalMs: options.pollIntervalMs ?? 100,
    // Logs through Powertools as in Lambda (`correlation_id` on every line; POWERTOOLS_LOG_LEVEL=INFO shows them).
    handler: createPublishHandler({ publisher: bus, namespace: config.EVENT_NAMESPACE, stage: config.STAGE }),
    onError: (message, error) => console.error(message, error),
    ...(options.dataDir ? { checkpointFile: path.join(options.dataDir, 'stream-position.json') } : {}),
  });
  await poller.start();

  const queues = { notifications, notificationsDlq, delivery, deliveryDlq, paging, pagingDlq, automation, automationDlq };
  return {
    bus,
    queues,
    email,
    sns,
    poller,
    scheduler,
    snapshot: () => ({
      published: bus.published.length,
      queues: Object.fromEntries(Object.entries(queues).map(([k, q]) => [k, q.stats()])),
      dead_letters: {
        notifications: notificationsDlq.peek().map((m) => JSON.parse(m.body) as unknown),
        delivery: deliveryDlq.peek().map((m) => JSON.parse(m.body) as unknown),
      },
      stream_failures: poller.failedRecords.length,
      email: email.sent.map((d) =>
        d.recipient.kind === 'status_subscriber' && d.recipient.links
          ? // status: a public subscriber's address is never shown; the message is, to follow its links locally.
            { to: 'public subscriber', event_id: d.event.id, type: d.event.type, ...subscriberEmail(d.event, d.event.data.change.type, d.recipient.links, config.SITE_URL ?? config.PUBLIC_BASE_URL) }
          : { to: d.recipient.target, event_id: d.event.id, type: d.event.type },
      ),
      sns: sns.sent.map((d) => ({ topic: d.recipient.target, event_id: d.event.id, type: d.event.type })),
    }),
    async stop() {
      await poller.stop();
      await scheduler.stop();
      await Promise.all(Object.values(queues).map((q) => q.stop()));
    },
  };
}
