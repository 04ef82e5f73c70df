/**
 * Notifications queue (CloudEvents from the bus rule) → one delivery message per recipient.
 * Records are processed in order (Powertools batch processor, sequential), failures reported per
 * record (`reportBatchItemFailures` on the event source).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { SqsQueue } from '#shared/notify/sqs-queue.ts';
import { logger, withCorrelation } from '#shared/observability.ts';
import { DynamoNotificationStore } from '#shared/store/notifications/dynamo-notification-store.ts';
import { DynamoSubscriberStore } from '#shared/store/status/dynamo-subscriber-store.ts';
import { createFanOut, type FanOutDeps } from '#shared/use-cases/notifications/fan-out.ts';

/** The CloudEvent id of a notifications-queue message (its body is the event), or the message id. */
function eventIdOf(record: SQSRecord): string {
  try {
    const id = (JSON.parse(record.body) as { id?: unknown } | null)?.id;
    return typeof id === 'string' && id !== '' ? id : record.messageId;
  } catch {
    return record.messageId;
  }
}

/** Every line about one event carries `correlation_id` = its CloudEvent id (shared/observability.ts). */
export function createFanOutHandler(deps: FanOutDeps) {
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const fanOut = createFanOut(deps);
    const forRecord = (record: SQSRecord) =>
      withCorrelation(eventIdOf(record), async () => {
        try {
          const recipients = await fanOut(record);
          logger.info('event fanned out', { recipients });
          return recipients;
        } catch (error) {
          logger.warn('fan-out failed, the event is retried', { error: (error as Error).message });
          throw error;
        }
      });
    // A processor per invocation: local mode runs several invocations of this handler at once.
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, forRecord, processor, { ...(context ? { context } : {}), processInParallel: false, throwOnFullBatchFailure: false });
  };
}

let lazy: ReturnType<typeof createFanOutHandler> | undefined;

export const handler = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  if (!config.DELIVERY_QUEUE_URL) throw new Error('DELIVERY_QUEUE_URL is not set');
  lazy ??= createFanOutHandler({
    store: new DynamoNotificationStore(),
    deliveryQueue: new SqsQueue(new SQSClient({}), config.DELIVERY_QUEUE_URL),
    namespace: config.EVENT_NAMESPACE,
    // status: public status subscribers, where the stage has their signing secret.
    statusSubscribers: config.SUBSCRIBER_SECRET ? { store: new DynamoSubscriberStore(), secret: config.SUBSCRIBER_SECRET, apiBaseUrl: config.PUBLIC_BASE_URL } : undefined,
  });
  logger.addContext(context);
  return lazy(event, context);
};
