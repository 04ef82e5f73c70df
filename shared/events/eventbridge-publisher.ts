/**
 * EventPublisher on EventBridge PutEvents. Every CloudEvent becomes one entry: `Source` is the
 * event namespace (what bus rules match on), `DetailType` the CloudEvent type, `Detail` the whole
 * structured CloudEvent (rules forward `$.detail`, so targets receive the CloudEvent itself).
 *
 * PutEvents takes at most 10 entries and answers per entry: only the entries that failed are
 * retried, with exponential back-off and jitter; what still fails is returned, never dropped.
 */
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import type { EventPublisher, PublishResult } from '#shared/events/publisher.ts';

export const PUT_EVENTS_MAX_ENTRIES = 10;

export interface EventBridgePublisherOptions {
  readonly client: EventBridgeClient;
  readonly busName: string;
  /** EventBridge `Source` of every entry (the event namespace). */
  readonly source: string;
  /** Attempts per entry, the first included (default 4). */
  readonly attempts?: number;
  /** First back-off in ms, doubled per retry, with full jitter (default 100). */
  readonly baseDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function toPutEventsEntry(event: CloudEvent, busName: string, source: string): PutEventsRequestEntry {
  return { EventBusName: busName, Source: source, DetailType: event.type, Detail: JSON.stringify(event), Time: new Date(event.time), Resources: [] };
}

export class EventBridgePublisher implements EventPublisher {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: EventBridgePublisherOptions) {
    this.attempts = options.attempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async publish(events: readonly CloudEvent[]): Promise<PublishResult> {
    const failed: { id: string; error: string }[] = [];
    for (let i = 0; i < events.length; i += PUT_EVENTS_MAX_ENTRIES) {
      failed.push(...(await this.putBatch(events.slice(i, i + PUT_EVENTS_MAX_ENTRIES))));
    }
    return { failed };
  }

  /** One batch of ≤ 10, retrying only the entries that failed. */
  private async putBatch(batch: CloudEvent[]): Promise<{ id: string; error: string }[]> {
    let pending = batch;
    const lastError = new Map<string, string>();
    for (let attempt = 1; attempt <= this.attempts && pending.length > 0; attempt++) {
      if (attempt > 1) await this.sleep(Math.random() * this.baseDelayMs * 2 ** (attempt - 2));
      try {
        const result = await this.options.client.send(
          new PutEventsCommand({ Entries: pending.map((e) => toPutEventsEntry(e, this.options.busName, this.options.source)) }),
        );
        if (!result.FailedEntryCount) return [];
        const retry: CloudEvent[] = [];
        pending.forEach((event, index) => {
          const entry = result.Entries?.[index];
          if (entry?.EventId && !entry.ErrorCode) return;
          lastError.set(event.id, `${entry?.ErrorCode ?? 'Unknown'}: ${entry?.ErrorMessage ?? 'no event id returned'}`);
          retry.push(event);
        });
        pending = retry;
      } catch (error) {
        // The SDK already retried throttling and 5xx; keep the whole batch for our own retry.
        for (const event of pending) lastError.set(event.id, (error as Error).message);
      }
    }
    return pending.map((event) => ({ id: event.id, error: lastError.get(event.id) ?? 'unknown error' }));
  }
}
