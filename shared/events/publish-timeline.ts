/**
 * The outbox publisher: DynamoDB stream records in, CloudEvents on the bus out. Shared by the
 * stream-triggered Lambda (functions/events/publish-timeline.ts) and the local stream poller
 * (shared/local/stream-poller.ts), so both publish exactly the same events.
 *
 * Only INSERTs of timeline items are published (CDK also filters on this at the event source, so
 * other records never invoke the Lambda). A record whose event is still refused after the
 * publisher's retries, or whose timeline item cannot be read, is reported in `batchItemFailures`:
 * Lambda retries from it (bisecting the batch) and finally sends it to the failure destination.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { isTimelineItem, toCloudEvent, type CloudEvent } from '#shared/events/cloudevent.ts';
import type { EventPublisher } from '#shared/events/publisher.ts';

export interface PublishTimelineDeps {
  readonly publisher: EventPublisher;
  readonly namespace: string;
  readonly stage: string;
  /** Problems (at error level); the details of an event's carry `correlation_id`, its CloudEvent id. */
  readonly log?: (message: string, details: Record<string, unknown>) => void;
  /** Each event put on the bus (the handler logs it with `correlation_id` = its id). */
  readonly published?: (event: CloudEvent) => void;
  /** Events this process already published: a retried batch does not publish them again. */
  readonly recent?: RecentlyPublished;
}

/**
 * The ids of the last `capacity` events published. A batch is retried from its first failed
 * record (Lambda and the local poller alike), so the records after it that did go out would be
 * published twice; within one process (a warm Lambda, the local runtime) this set skips them.
 * Across processes the CloudEvent id stays the de-duplication key (delivered markers downstream).
 */
export class RecentlyPublished {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity = 10_000) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
  }
}

type Image = Record<string, unknown>;

function newImage(record: DynamoDBRecord): Image | undefined {
  const image = record.dynamodb?.NewImage;
  // aws-lambda's AttributeValue and the SDK's are the same wire shape under different types.
  return image ? unmarshall(image as Record<string, AttributeValue>) : undefined;
}

/** A record the publisher is responsible for: an INSERT of an item with `entity = timeline`. */
export function isTimelineInsert(record: DynamoDBRecord): boolean {
  return record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === 'timeline';
}

export async function publishTimeline(records: readonly DynamoDBRecord[], deps: PublishTimelineDeps): Promise<DynamoDBBatchResponse> {
  const failures = new Set<string>();
  const events: CloudEvent[] = [];
  const sequenceOf = new Map<string, string>();
  for (const record of records) {
    if (!isTimelineInsert(record)) continue;
    const sequence = record.dynamodb?.SequenceNumber ?? record.eventID ?? '';
    const item = newImage(record);
    if (!isTimelineItem(item)) {
      deps.log?.('timeline record without id, type or at', { sequence, keys: record.dynamodb?.Keys });
      failures.add(sequence);
      continue;
    }
    const event = toCloudEvent(item, { namespace: deps.namespace, stage: deps.stage });
    if (deps.recent?.has(event.id)) continue;
    events.push(event);
    sequenceOf.set(event.id, sequence);
  }
  if (events.length > 0) {
    const result = await deps.publisher.publish(events);
    const refused = new Set(result.failed.map((f) => f.id));
    for (const event of events) {
      if (refused.has(event.id)) continue;
      deps.recent?.add(event.id);
      deps.published?.(event);
    }
    for (const { id, error } of result.failed) {
      deps.log?.('event not published after retries', { correlation_id: id, event_id: id, error });
      failures.add(sequenceOf.get(id) ?? id);
    }
  }
  // Lambda resumes from the lowest reported sequence number; report in stream order.
  const ordered = records.map((r) => r.dynamodb?.SequenceNumber ?? r.eventID ?? '').filter((s) => failures.has(s));
  return { batchItemFailures: ordered.map((itemIdentifier) => ({ itemIdentifier })) };
}
