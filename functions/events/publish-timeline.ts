/**
 * DynamoDB stream → CloudEvents on the project's EventBridge bus (the outbox publisher).
 * The event source (lib/constructs/event-pipeline.ts) filters on timeline INSERTs, bisects failing
 * batches, and sends records that still fail to an SQS failure destination.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { config } from '#shared/config.ts';
import { EventBridgePublisher } from '#shared/events/eventbridge-publisher.ts';
import { publishTimeline, RecentlyPublished, type PublishTimelineDeps } from '#shared/events/publish-timeline.ts';
import { logger } from '#shared/observability.ts';

/**
 * Every event put on the bus is one INFO line with `correlation_id` = its CloudEvent id (the id the
 * API request, fan-out and delivery log too); problems are ERROR lines. The local runtime uses the
 * same handler, so it logs the same way.
 */
export function createPublishHandler(deps: PublishTimelineDeps) {
  // One per handler instance (a warm Lambda, the local runtime): a retried batch skips what went out.
  const withRecent: PublishTimelineDeps = {
    recent: new RecentlyPublished(),
    log: (message, details) => logger.error(message, details),
    published: (event) => logger.info('event published', { correlation_id: event.id, type: event.type, subject: event.subject }),
    ...deps,
  };
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => publishTimeline(event.Records, withRecent);
}

export const handler = createPublishHandler({
  publisher: new EventBridgePublisher({ client: new EventBridgeClient({}), busName: config.EVENT_BUS_NAME, source: config.EVENT_NAMESPACE }),
  namespace: config.EVENT_NAMESPACE,
  stage: config.STAGE,
});
