/**
 * Delivery queue → webhook, Slack, Teams, e-mail (SES) or SNS, one message per (event, recipient).
 * Records run in parallel; the sends of one recipient happen in queue order; each failure is
 * that message's own batch item failure, with its retry delay set on the message.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { ackLinkIssuer } from '#shared/domain/paging/ack-link.ts';
import { SesEmailSender, SlackSender, SnsSender, TeamsSender, WebhookSender } from '#shared/notify/channels.ts';
import { createHttpPost } from '#shared/notify/http.ts';
import { createSendEmail } from '#shared/notify/ses.ts';
import { createPublish } from '#shared/notify/sns.ts';
import { SqsQueue } from '#shared/notify/sqs-queue.ts';
import { logger, withCorrelation } from '#shared/observability.ts';
import { DynamoNotificationStore } from '#shared/store/notifications/dynamo-notification-store.ts';
import type { AttemptOutcome } from '#shared/store/notifications/notification-store.ts';
import { deliverRecord, type DeliverDeps, type InOrder } from '#shared/use-cases/notifications/deliver-notification.ts';

function recipientOf(record: SQSRecord): string {
  return record.messageAttributes.recipient_id?.stringValue ?? record.messageId;
}

export function createDeliverHandler(deps: DeliverDeps) {
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    // Records run in parallel; the sends of one recipient take turns in queue order. The batch
    // processor calls forRecord for each record in order, synchronously, so turns are reserved
    // in queue order here, before any await.
    const turns = new Map<string, Promise<void>>();
    // A batch often holds several events for the same subscription: read it once per batch.
    const subscriptions = new Map<string, ReturnType<DeliverDeps['store']['getSubscription']>>();
    // And a person's preferences (personal webhooks: the signing secret).
    const preferences = new Map<string, ReturnType<DeliverDeps['store']['getPreferences']>>();
    const store: DeliverDeps['store'] = {
      wasDelivered: (eventId, recipientId) => deps.store.wasDelivered(eventId, recipientId),
      recordAttempt: (attempt, delivered) => deps.store.recordAttempt(attempt, delivered),
      getSubscription: (id) => {
        let found = subscriptions.get(id);
        if (!found) subscriptions.set(id, (found = deps.store.getSubscription(id)));
        return found;
      },
      getPreferences: (user) => {
        let found = preferences.get(user);
        if (!found) preferences.set(user, (found = deps.store.getPreferences(user)));
        return found;
      },
    };
    const batchDeps: DeliverDeps = { ...deps, store };
    // The same (event, recipient) twice in one batch (an event published again after a restart,
    // an event fanned out again): both would pass the delivered check before either sends, so
    // the later one is acknowledged here; the first carries the delivery and its retries.
    const inBatch = new Set<string>();
    const forRecord = (record: SQSRecord) => {
      const eventId = record.messageAttributes.event_id?.stringValue;
      const recipientId = record.messageAttributes.recipient_id?.stringValue;
      if (eventId && recipientId) {
        const once = `${eventId}\n${recipientId}`;
        if (inBatch.has(once)) return Promise.resolve<AttemptOutcome>('skipped');
        inBatch.add(once);
      }
      const key = recipientOf(record);
      const previous = turns.get(key) ?? Promise.resolve();
      let release: () => void = () => undefined;
      turns.set(key, new Promise<void>((resolve) => (release = resolve)));
      const inOrder: InOrder = async (send) => {
        await previous;
        try {
          return await send();
        } finally {
          release();
        }
      };
      // Every line about this message carries `correlation_id` = the event's CloudEvent id.
      return withCorrelation(eventId ?? record.messageId, async () => {
        const channel = record.messageAttributes.channel?.stringValue;
        try {
          const outcome = await deliverRecord(record, batchDeps, inOrder);
          logger.info('notification handled', { outcome, channel, recipient_id: recipientId });
          return outcome;
        } catch (error) {
          logger.warn('delivery failed', { channel, recipient_id: recipientId, error: (error as Error).message });
          throw error;
        }
      }).finally(release);
    };
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, forRecord, processor, { ...(context ? { context } : {}), processInParallel: true, throwOnFullBatchFailure: false });
  };
}

let lazy: ReturnType<typeof createDeliverHandler> | undefined;

export const handler = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  if (!config.DELIVERY_QUEUE_URL) throw new Error('DELIVERY_QUEUE_URL is not set');
  const post = createHttpPost(config.STAGE);
  lazy ??= createDeliverHandler({
    store: new DynamoNotificationStore(),
    queue: new SqsQueue(new SQSClient({}), config.DELIVERY_QUEUE_URL),
    channels: {
      webhook: new WebhookSender(post),
      slack: new SlackSender(post, config.PUBLIC_BASE_URL),
      email: new SesEmailSender(createSendEmail(), config.NOTIFY_EMAIL_FROM, config.PUBLIC_BASE_URL, config.SITE_URL),
      sns: new SnsSender(createPublish()),
      teams: new TeamsSender(post, config.PUBLIC_BASE_URL),
    },
    ...(config.ACK_LINK_SECRET ? { ackLink: ackLinkIssuer(config.ACK_LINK_SECRET, config.PUBLIC_BASE_URL) } : {}),
    retryBaseSeconds: config.NOTIFY_RETRY_BASE_SECONDS,
    log: (message, details) => logger.warn(message, details),
  });
  logger.addContext(context);
  return lazy(event, context);
};
