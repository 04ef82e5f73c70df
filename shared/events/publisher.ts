/**
 * Where CloudEvents go: the project's EventBridge bus in AWS (shared/events/eventbridge-publisher.ts),
 * an in-process bus in local mode (shared/events/local-bus.ts). Both take the same events and
 * answer the same way: the ids of the events that could not be published after retries, so the
 * caller can report them instead of dropping them.
 */
import type { CloudEvent } from '#shared/events/cloudevent.ts';

export interface PublishResult {
  /** Ids of events that were not accepted, with the last error seen for each. */
  readonly failed: ReadonlyArray<{ readonly id: string; readonly error: string }>;
}

export interface EventPublisher {
  publish(events: readonly CloudEvent[]): Promise<PublishResult>;
}
