/**
 * Fan-out: one event from the notifications queue → one delivery message per recipient on the
 * delivery queue. Subscriptions and preferences are read once per batch (one bounded Query each).
 * A recipient's message is independent of the others: its failures, retries and dead-lettering
 * never touch another recipient's.
 *
 * If sending some of an event's messages fails, the event is retried as a whole; recipients that
 * already got their message are then enqueued again, and the delivery step's delivered marker
 * (event id + recipient id) keeps them from being notified twice.
 */
import type { SQSRecord } from 'aws-lambda';
import { recipientsFor, type EventFacts, type Recipient } from '#shared/domain/notifications/notification.ts';
import { SEVERITIES, type Severity } from '#shared/domain/severity.ts';
import { parseCloudEvent, timelineTypeOf, type CloudEvent } from '#shared/events/cloudevent.ts';
import type { MessageQueue } from '#shared/notify/queue.ts';
import type { NotificationStore } from '#shared/store/notifications/notification-store.ts';
import { subscriberRecipients, type SubscriberFanOutDeps } from '#shared/use-cases/status/subscriber-recipients.ts';

/** The body of a delivery-queue message. */
export interface DeliveryMessage {
  readonly event: CloudEvent;
  readonly recipient: Recipient;
}

export interface FanOutDeps {
  readonly store: Pick<NotificationStore, 'allSubscriptions' | 'allPreferences' | 'getPreferences'>;
  readonly deliveryQueue: MessageQueue;
  readonly namespace: string;
  /** status: public status subscribers (e-mail) as recipients of public incidents and of their confirmations. */
  readonly statusSubscribers?: SubscriberFanOutDeps | undefined;
}

export function eventFacts(event: CloudEvent, namespace: string): EventFacts {
  const incident = event.data.incident ?? {};
  const component = event.data.component ?? {};
  const severity = SEVERITIES.includes(incident.severity as Severity) ? (incident.severity as Severity) : undefined;
  const services = Array.isArray(incident.affected_services) ? incident.affected_services.map(String) : typeof component.id === 'string' ? [component.id] : [];
  return {
    type: timelineTypeOf(event.type, namespace),
    subject: event.subject,
    severity,
    services,
    team: typeof incident.assigned_team === 'string' ? incident.assigned_team : null,
    assignee: typeof incident.assignee === 'string' ? incident.assignee : null,
    paged: Array.isArray(event.data.escalation?.paged) ? event.data.escalation.paged.filter((u): u is string => typeof u === 'string').slice(0, 50) : [],
  };
}

/** Reads the matching data once per batch; `forRecord` then fans one event out. */
export function createFanOut(deps: FanOutDeps) {
  let loaded: Promise<[Awaited<ReturnType<FanOutDeps['store']['allSubscriptions']>>, Awaited<ReturnType<FanOutDeps['store']['allPreferences']>>]> | undefined;
  let confirmed: ReturnType<SubscriberFanOutDeps['store']['confirmed']> | undefined;
  return async function forRecord(record: SQSRecord): Promise<number> {
    const event = parseCloudEvent(record.body);
    loaded ??= Promise.all([deps.store.allSubscriptions(), deps.store.allPreferences()]);
    const [subscriptions, preferences] = await loaded;
    const facts = eventFacts(event, deps.namespace);
    // Pages reach their people even with preferences that are disabled or filter the event out.
    const pagedPreferences = (await Promise.all((facts.paged ?? []).map((user) => deps.store.getPreferences(user)))).filter((p) => p !== undefined);
    const recipients = recipientsFor(facts, subscriptions, preferences, pagedPreferences);
    if (deps.statusSubscribers) {
      const subscribers = deps.statusSubscribers;
      recipients.push(...(await subscriberRecipients(subscribers, event, facts.type, () => (confirmed ??= subscribers.store.confirmed()))));
    }
    if (recipients.length === 0) return 0;
    const result = await deps.deliveryQueue.sendBatch(
      recipients.map((recipient, i) => ({
        id: String(i),
        body: JSON.stringify({ event, recipient } satisfies DeliveryMessage),
        attributes: { event_id: event.id, recipient_id: recipient.id, channel: recipient.channel },
      })),
    );
    if (result.failed.length > 0) {
      throw new Error(`${result.failed.length} of ${recipients.length} delivery messages not enqueued: ${result.failed[0]?.error ?? ''}`);
    }
    return recipients.length;
  };
}
