/**
 * Public status subscribers as recipients of the notification fan-out: the one subscriber of a
 * confirmation request, or the confirmed subscribers of a PUBLIC incident's news (all of them, or
 * those whose components the incident names). Each gets its signed links; the e-mail itself is
 * built from public facts only (shared/domain/status/subscriber-email.ts).
 */
import type { Recipient } from '#shared/domain/notifications/notification.ts';
import { CONFIRMATION_EVENT_TYPE, SUBSCRIBER_EVENT_TYPES } from '#shared/domain/status/subscriber-email.ts';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import type { ConfirmedSubscriber, SubscriberStore } from '#shared/store/status/subscriber-store.ts';
import { confirmLink, unsubscribeLink } from '#shared/use-cases/status/subscribers.ts';

export interface SubscriberFanOutDeps {
  readonly store: Pick<SubscriberStore, 'get' | 'confirmed'>;
  readonly secret: string;
  readonly apiBaseUrl: string;
}

const recipient = (id: string, email: string, links: Recipient['links']): Recipient => ({ id: `ssub:${id}`, kind: 'status_subscriber', channel: 'email', target: email, ...(links ? { links } : {}) });

/** `confirmed` is read once per fan-out batch by the caller and passed in. */
export async function subscriberRecipients(deps: SubscriberFanOutDeps, event: CloudEvent, type: string, confirmed: () => Promise<ConfirmedSubscriber[]>): Promise<Recipient[]> {
  const now = Math.floor(Date.parse(event.time) / 1000);
  if (type === CONFIRMATION_EVENT_TYPE) {
    const subscriber = await deps.store.get(event.subject);
    if (!subscriber?.confirm_nonce) return [];
    // One recipient per request: a second request (new nonce) is a new message.
    return [{ ...recipient(subscriber.id, subscriber.email, { confirm: confirmLink(deps, subscriber, now), unsubscribe: unsubscribeLink(deps, subscriber.id, now) }), id: `ssub:${subscriber.id}:${subscriber.confirm_nonce}` }];
  }
  if (!(SUBSCRIBER_EVENT_TYPES as readonly string[]).includes(type)) return [];
  const incident = event.data.incident ?? {};
  if (incident.is_public !== true) return [];
  const names = Array.isArray(incident.components) ? incident.components.map(String) : [];
  return (await confirmed())
    .filter((s) => s.components.length === 0 || s.components.some((c) => names.includes(c)))
    .map((s) => recipient(s.id, s.email, { unsubscribe: unsubscribeLink(deps, s.id, now) }));
}
