/**
 * Delivery queue → webhook, Slack, e-mail (SES) or SNS, one message per (event, recipient).
 * Records run in parallel across recipients and in order for the same recipient; each failure is
 * that message's own batch item failure, with its retry delay set on the message.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { SesEmailSender, SlackSender, SnsSender, WebhookSender } from '#shared/notify/channels.ts';
import { createHttpPost } from '#shared/notify/http.ts';
import { SqsQueue } from '#shared/notify/sqs-queue.ts';
import { logger } from '#shared/observability.ts';
import { DynamoNotificationStore } from '#shared/store/dynamo-notification-store.ts';
import { deliverRecord, type DeliverDeps } from '#shared/use-cases/deliver-notification.ts';

function recipientOf(record: SQSRecord): string {
  return record.messageAttributes.recipient_id?.stringValue ?? record.messageId;
}

export function createDeliverHandler(deps: DeliverDeps) {
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    // Messages of one recipient run one after another (in queue order); recipients in parallel.
    const chains = new Map<string, Promise<unknown>>();
    const forRecord = (record: SQSRecord) => {
      const key = recipientOf(record);
      const run = (chains.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => deliverRecord(record, deps));
      chains.set(key, run);
      return run;
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
      email: new SesEmailSender(new SESv2Client({}), config.NOTIFY_EMAIL_FROM, config.PUBLIC_BASE_URL),
      sns: new SnsSender(new SNSClient({})),
    },
    retryBaseSeconds: config.NOTIFY_RETRY_BASE_SECONDS,
    log: (message, details) => logger.warn(message, details),
  });
  logger.addContext(context);
  return lazy(event, context);
};
