/**
 * The local stand-in for the EventBridge bus: same EventPublisher interface as
 * shared/events/eventbridge-publisher.ts, with rules that forward matching events to queues.
 * A target receives the CloudEvent JSON itself, as the AWS rules do with `$.detail`, with the
 * event's subject (the incident or component id) as the message attribute `subject`, so a local
 * queue can keep one subject's events in order (`inFlightGroupAttribute: 'subject'`).
 */
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import type { EventPublisher, PublishResult } from '#shared/events/publisher.ts';
import type { MessageQueue } from '#shared/notify/queue.ts';

export interface LocalRule {
  readonly name: string;
  readonly matches: (event: CloudEvent) => boolean;
  readonly target: MessageQueue;
}

export class LocalEventBus implements EventPublisher {
  /** Every event accepted, in order (bounded): lets local tools and tests see what was published. */
  readonly published: CloudEvent[] = [];

  constructor(
    private readonly rules: readonly LocalRule[],
    private readonly keep = 1000,
  ) {}

  async publish(events: readonly CloudEvent[]): Promise<PublishResult> {
    const failed: { id: string; error: string }[] = [];
    for (const rule of this.rules) {
      const matching = events.filter(rule.matches);
      if (matching.length === 0) continue;
      const result = await rule.target.sendBatch(matching.map((e) => ({ id: e.id, body: JSON.stringify(e), attributes: { subject: e.subject } })));
      failed.push(...result.failed.map((f) => ({ id: f.id, error: `rule ${rule.name}: ${f.error}` })));
    }
    const refused = new Set(failed.map((f) => f.id));
    this.published.push(...events.filter((e) => !refused.has(e.id)));
    if (this.published.length > this.keep) this.published.splice(0, this.published.length - this.keep);
    return { failed };
  }
}
