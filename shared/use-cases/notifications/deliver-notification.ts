/**
 * Delivery: one message = one event to one recipient. Every attempt is recorded. A failure pushes
 * the message's next receive back (ChangeMessageVisibility: base · 2^(n−1) seconds) and fails
 * only that message; after MAX_RECEIVES receives the queue moves it to the dead-letter queue.
 * A message whose (event, recipient) was already delivered is acknowledged without sending.
 */
import type { SQSRecord } from 'aws-lambda';
import { ulid } from '#shared/domain/ids.ts';
import { MAX_RECEIVES, retryDelaySeconds, type Recipient } from '#shared/domain/notifications/notification.ts';
import type { Channels, DeliveryResult } from '#shared/notify/channels.ts';
import type { MessageQueue } from '#shared/notify/queue.ts';
import { UnsafeTargetError } from '#shared/notify/target-safety.ts';
import type { AttemptOutcome, DeliveryAttempt, NotificationStore } from '#shared/store/notifications/notification-store.ts';
import type { DeliveryMessage } from '#shared/use-cases/notifications/fan-out.ts';

export interface DeliverDeps {
  readonly store: Pick<NotificationStore, 'getSubscription' | 'getPreferences' | 'recordAttempt' | 'wasDelivered'>;
  readonly queue: Pick<MessageQueue, 'changeVisibility'>;
  readonly channels: Channels;
  readonly retryBaseSeconds: number;
  readonly maxReceives?: number;
  readonly now?: () => Date;
  /** Paging: the acknowledge link of a page to `user` about `incident` (event id = the link's nonce). */
  readonly ackLink?: (incident: string, user: string, eventId: string) => string;
  readonly log?: (message: string, details: Record<string, unknown>) => void;
}

/** Thrown for a failed attempt: the batch processor reports the message as a batch item failure. */
export class DeliveryFailed extends Error {}

function parseMessage(body: string): DeliveryMessage {
  const value = JSON.parse(body) as Partial<DeliveryMessage> | null;
  if (!value?.event?.id || !value.recipient?.id || !value.recipient.channel) throw new Error('not a delivery message');
  return value as DeliveryMessage;
}

/**
 * Slack, Teams and webhook URLs are secrets in themselves: keep the origin only, and nothing of a
 * person's own webhook (its host may say more about them than an org endpoint does).
 */
export function redactTarget(recipient: Pick<Recipient, 'channel' | 'target'> & { kind?: Recipient['kind'] }): string {
  // status: a public subscriber's address is never shown in any output.
  if (recipient.kind === 'status_subscriber') return 'public subscriber';
  if (recipient.kind === 'user' && recipient.channel === 'webhook') return 'personal webhook';
  if (recipient.channel !== 'webhook' && recipient.channel !== 'slack' && recipient.channel !== 'teams') return recipient.target;
  try {
    const url = new URL(recipient.target);
    return `${url.origin}/…`;
  } catch {
    return '(invalid URL)';
  }
}

/** Runs the send step in the recipient's turn (see functions/notifications/deliver.ts). */
export type InOrder = <T>(send: () => Promise<T>) => Promise<T>;
const immediately: InOrder = (send) => send();

/**
 * One message. The reads before and the writes after the send run freely; only the send itself
 * waits for `inOrder`, so one recipient's messages arrive in queue order without serializing the
 * database work around them.
 */
export async function deliverRecord(record: SQSRecord, deps: DeliverDeps, inOrder: InOrder = immediately): Promise<AttemptOutcome> {
  const { event, recipient: queued } = parseMessage(record.body);
  const receiveCount = Number(record.attributes.ApproximateReceiveCount || '1');
  const now = deps.now ?? (() => new Date());
  if (await deps.store.wasDelivered(event.id, queued.id)) return 'skipped';

  let recipient = queued;
  let secret: string | undefined;
  let refusal: DeliveryResult | undefined;
  let permanent = false;
  const started = Date.now();
  const ackUrl = queued.page && queued.user_id && deps.ackLink ? deps.ackLink(event.subject, queued.user_id, event.id) : undefined;
  if (queued.kind === 'subscription' && queued.subscription_id) {
    const subscription = await deps.store.getSubscription(queued.subscription_id);
    if (!subscription || !subscription.enabled) {
      refusal = { ok: false, detail: 'subscription deleted or disabled; not sent' };
      permanent = true;
    } else {
      recipient = { ...queued, target: subscription.target, channel: subscription.channel };
      secret = subscription.secret;
    }
  } else if (queued.kind === 'user' && queued.channel === 'webhook' && queued.user_id) {
    // A personal webhook: signed with the person's current secret (read now, so a rotation applies
    // to what is still queued), and only while the target is still one of their channels.
    const preferences = await deps.store.getPreferences(queued.user_id);
    if (!preferences?.webhook_secret || !preferences.channels.some((c) => c.channel === 'webhook' && c.target === queued.target)) {
      refusal = { ok: false, detail: 'personal webhook removed from the preferences; not sent' };
      permanent = true;
    } else {
      secret = preferences.webhook_secret;
    }
  }
  const result =
    refusal ??
    (await inOrder(() =>
      deps.channels[recipient.channel].send({ event, recipient, ...(secret ? { secret } : {}), ...(ackUrl ? { ackUrl } : {}) }).catch((error: unknown): DeliveryResult => {
        if (error instanceof UnsafeTargetError) permanent = true;
        return { ok: false, detail: (error as Error).message || String(error) };
      }),
    ));

  const maxReceives = deps.maxReceives ?? MAX_RECEIVES;
  const outcome: AttemptOutcome = result.ok ? 'delivered' : permanent ? 'skipped' : receiveCount >= maxReceives ? 'dead_lettered' : 'failed';
  const attempt: DeliveryAttempt = {
    id: ulid(),
    incident_id: event.subject,
    event_id: event.id,
    event_type: event.type,
    recipient_id: queued.id,
    channel: recipient.channel,
    target: redactTarget(recipient),
    attempt: receiveCount,
    outcome,
    detail: result.detail.slice(0, 500),
    status: result.status ?? null,
    duration_ms: Date.now() - started,
    at: now().toISOString(),
  };
  await deps.store.recordAttempt(attempt, result.ok);
  if (outcome === 'failed' || outcome === 'dead_lettered') {
    const delay = outcome === 'failed' ? retryDelaySeconds(receiveCount, deps.retryBaseSeconds) : 0;
    await deps.queue.changeVisibility(record.receiptHandle, delay).catch((error: unknown) => deps.log?.('could not set the retry delay', { error: (error as Error).message }));
    throw new DeliveryFailed(`${recipient.channel} delivery of ${event.id} to ${queued.id} failed (attempt ${receiveCount}): ${result.detail}`);
  }
  return outcome;
}
