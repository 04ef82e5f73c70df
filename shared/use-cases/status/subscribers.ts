/**
 * Public status subscribers: anyone subscribes an e-mail address (optionally to some components),
 * confirms through a signed, expiring, single-use link (double opt-in), and leaves through the
 * signed unsubscribe link in every message. Attempts are limited per address and per client.
 * Nothing here ever returns an address: answers are the same whether the address was known,
 * pending or new (no enumeration).
 *
 * The confirmation e-mail is not sent here: the request writes the subscriber and an outbox
 * entry in one transaction; the stream, the bus and the notification fan-out send it.
 */
import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import { addressKey, CONFIRM_TTL_SECONDS, normalizeEmail, signToken, UNSUBSCRIBE_TTL_SECONDS, verifyToken } from '#shared/domain/status/subscriber-token.ts';
import type { ComponentStore } from '#shared/store/components/component-store.ts';
import type { RateLimiter, RateRule } from '#shared/store/rate-limit.ts';
import { LinkAlreadyUsed, type StatusSubscriber, type SubscriberStore } from '#shared/store/status/subscriber-store.ts';

export interface SubscriberDeps {
  readonly subscribers: SubscriberStore;
  readonly limits: RateLimiter;
  readonly components: Pick<ComponentStore, 'listComponents'>;
  readonly secret: string;
  /** Where the links point: `<apiBase>/v1/status/subscribers/confirm?token=…`. */
  readonly apiBaseUrl: string;
  readonly now: () => Date;
}

/** Attempts per hour (fixed windows). */
export const ATTEMPTS_PER_ADDRESS = 3;
export const ATTEMPTS_PER_CLIENT = 10;
const PER_CLIENT: RateRule = { scope: 'statussub-client', limit: ATTEMPTS_PER_CLIENT, windowSeconds: 3600 };
const PER_ADDRESS: RateRule = { scope: 'statussub-address', limit: ATTEMPTS_PER_ADDRESS, windowSeconds: 3600 };

export type SubscribeOutcome = { readonly kind: 'accepted' } | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number; readonly limit: 'address' | 'client' };

export async function subscribe(deps: SubscriberDeps, input: { email: string; components?: readonly string[] | undefined }, clientIp: string): Promise<SubscribeOutcome> {
  const components = [...new Set(input.components ?? [])];
  if (components.length > 0) {
    const known = new Set((await deps.components.listComponents()).map((c) => c.id));
    const unknown = components.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new NotFoundError(`Unknown component(s): ${unknown.join(', ')}. The public component ids are in GET /v1/status/summary.`, { unknown_components: unknown });
  }
  const now = deps.now();
  const key = addressKey(deps.secret, input.email);
  // The client first: a client trying many addresses is stopped before it counts against them.
  const client = await deps.limits.take(PER_CLIENT, clientIp, now);
  if (!client.allowed) return { kind: 'rate_limited', retryAfterSeconds: client.retryAfterSeconds, limit: 'client' };
  const address = await deps.limits.take(PER_ADDRESS, key, now);
  if (!address.allowed) return { kind: 'rate_limited', retryAfterSeconds: address.retryAfterSeconds, limit: 'address' };

  const at = now.toISOString();
  const existing = await deps.subscribers.byAddress(key);
  const nonce = randomBytes(16).toString('base64url');
  const subscriber: StatusSubscriber = existing
    ? { ...existing, confirm_nonce: nonce, pending_components: components }
    : { id: `ssub_${ulid(now.getTime())}`, email: normalizeEmail(input.email), components: [], state: 'pending', confirm_nonce: nonce, pending_components: components, created_at: at, confirmed_at: null };
  await deps.subscribers.requestConfirmation(subscriber, key, existing === undefined, { id: ulid(now.getTime()), at }, CONFIRM_TTL_SECONDS * 2);
  return { kind: 'accepted' };
}

/** The links of a confirmation message; `expiresAt` bounds the confirm link. */
export function confirmLink(deps: Pick<SubscriberDeps, 'secret' | 'apiBaseUrl'>, subscriber: Pick<StatusSubscriber, 'id' | 'confirm_nonce'>, nowSeconds: number): string {
  const token = signToken(deps.secret, { purpose: 'confirm', subscriberId: subscriber.id, nonce: subscriber.confirm_nonce ?? '', expiresAt: nowSeconds + CONFIRM_TTL_SECONDS });
  return `${deps.apiBaseUrl.replace(/\/$/, '')}/v1/status/subscribers/confirm?token=${token}`;
}

export function unsubscribeLink(deps: Pick<SubscriberDeps, 'secret' | 'apiBaseUrl'>, subscriberId: string, nowSeconds: number): string {
  const token = signToken(deps.secret, { purpose: 'unsubscribe', subscriberId, nonce: 'u', expiresAt: nowSeconds + UNSUBSCRIBE_TTL_SECONDS });
  return `${deps.apiBaseUrl.replace(/\/$/, '')}/v1/status/subscribers/unsubscribe?token=${token}`;
}

/** Confirms once: a replayed, superseded or expired link is a 4xx and changes nothing. */
export async function confirmSubscription(deps: SubscriberDeps, token: string): Promise<{ components: string[] }> {
  const now = deps.now();
  const claims = verifyToken(deps.secret, token, 'confirm', Math.floor(now.getTime() / 1000));
  try {
    const after = await deps.subscribers.confirm(claims.subscriberId, claims.nonce, now.toISOString(), (email) => addressKey(deps.secret, email));
    return { components: after.components };
  } catch (error) {
    if (error instanceof LinkAlreadyUsed) throw new ConflictError('This confirmation link was already used or replaced by a newer one. Nothing changed; subscribe again for a new link.');
    throw error;
  }
}

/** Removes the subscriber and its address; an already removed subscriber answers the same. */
export async function unsubscribe(deps: SubscriberDeps, token: string): Promise<void> {
  const claims = verifyToken(deps.secret, token, 'unsubscribe', Math.floor(deps.now().getTime() / 1000));
  const subscriber = await deps.subscribers.get(claims.subscriberId);
  if (subscriber) await deps.subscribers.remove(subscriber, addressKey(deps.secret, subscriber.email));
}
