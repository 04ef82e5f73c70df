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

export function createPublishHandler(deps: PublishTimelineDeps) {
  // One per handler instance (a warm Lambda, the local runtime): a retried batch skips what went out.
  const withRecent: PublishTimelineDeps = { recent: new RecentlyPublished(), ...deps };
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => publishTimeline(event.Records, withRecent);
}

export const handler = createPublishHandler({
  publisher: new EventBridgePublisher({ client: new EventBridgeClient({}), busName: config.EVENT_BUS_NAME, source: config.EVENT_NAMESPACE }),
  namespace: config.EVENT_NAMESPACE,
  stage: config.STAGE,
  log: (message, details) => logger.error(message, details),
});
