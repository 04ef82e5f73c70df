/**
 * Notifications, the pure part: subscriptions (org-wide, managed by admins), per-user preferences,
 * which recipients an event reaches, the retry back-off, and the webhook signature. No AWS here.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SEVERITIES, type Severity } from '#shared/domain/severity.ts';

export const CHANNELS = ['webhook', 'slack', 'email', 'sns', 'teams'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels a person may put in their own preferences; a personal webhook is signed like an org one. */
export const USER_CHANNELS = ['email', 'slack', 'sns', 'teams', 'webhook'] as const satisfies readonly Channel[];
export type UserChannel = (typeof USER_CHANNELS)[number];
/** Personal webhook targets per person (they share the person's one signing secret). */
export const MAX_PERSONAL_WEBHOOKS = 3;

/** Empty lists mean "any". Event types are timeline types (`incident.acknowledged`), without namespace. */
export interface SubscriptionFilters {
  event_types: string[];
  severities: Severity[];
  services: string[];
  teams: string[];
  /** Only these incidents (subjects). */
  incidents: string[];
}

export interface Subscription {
  id: string;
  name: string;
  channel: Channel;
  target: string;
  filters: SubscriptionFilters;
  enabled: boolean;
  created_by: string;
  created_at: string;
  /** Webhooks only: the HMAC key. Returned once, when the subscription is created. */
  secret?: string;
}

export interface NotificationPreferences {
  user_id: string;
  /** The name incidents use for the person (assignee); kept to match `only_assigned`. */
  username: string;
  enabled: boolean;
  channels: { channel: UserChannel; target: string }[];
  event_types: string[];
  /** Notify for this severity and worse; null = any severity. */
  min_severity: Severity | null;
  services: string[];
  teams: string[];
  /** Only incidents the person is the assignee of. */
  only_assigned: boolean;
  updated_at: string;
  /**
   * The HMAC key of the person's webhook channels: generated when the first one is added, dropped
   * with the last; returned once (by that PUT, or by a rotation), never in a read.
   */
  webhook_secret?: string;
}

/** Whether a person's channels include a webhook (and so need a signing secret). */
export const hasWebhookChannel = (channels: NotificationPreferences['channels']): boolean => channels.some((c) => c.channel === 'webhook');

/**
 * A short, stable stand-in for a target in ids: recipient and delivery ids are listed per incident
 * and travel in headers, and a webhook, Slack or Teams URL is a credential.
 */
export function targetHash(target: string): string {
  return createHash('sha256').update(target).digest('base64url').slice(0, 16);
}

export interface Recipient {
  /** Stable per (subscription) or (user, channel, hash of the target): with the event id, the delivery's identity. */
  id: string;
  /** `status_subscriber`: a public status subscriber (shared/use-cases/status/subscribers.ts). */
  kind: 'subscription' | 'user' | 'status_subscriber';
  channel: Channel;
  target: string;
  subscription_id?: string;
  user_id?: string;
  /** A page (paging: the event's escalation step names this person): it carries an acknowledge link. */
  page?: boolean;
  /** status: a public subscriber's signed links (confirm, unsubscribe). */
  links?: { confirm?: string; unsubscribe: string };
}

/** What the matcher needs to know about an event (from the CloudEvent). */
export interface EventFacts {
  /** Timeline type, e.g. `incident.resolved`. */
  type: string;
  subject: string;
  severity: Severity | undefined;
  services: string[];
  team: string | null;
  assignee: string | null;
  /** Paging: the people an escalation step pages (user ids); empty for other events. */
  paged?: string[];
}

const anyOf = <T>(wanted: readonly T[], actual: T | undefined | null): boolean => wanted.length === 0 || (actual !== undefined && actual !== null && wanted.includes(actual));
const overlaps = (wanted: readonly string[], actual: readonly string[]): boolean => wanted.length === 0 || actual.some((a) => wanted.includes(a));

export function subscriptionMatches(subscription: Subscription, event: EventFacts): boolean {
  const f = subscription.filters;
  return (
    subscription.enabled &&
    anyOf(f.event_types, event.type) &&
    anyOf(f.severities, event.severity) &&
    overlaps(f.services, event.services) &&
    anyOf(f.teams, event.team) &&
    anyOf(f.incidents, event.subject)
  );
}

/** critical is 0; lower is worse. */
const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export function preferencesMatch(prefs: NotificationPreferences, event: EventFacts): boolean {
  if (!prefs.enabled || prefs.channels.length === 0) return false;
  if (!anyOf(prefs.event_types, event.type)) return false;
  if (prefs.min_severity !== null && (event.severity === undefined || rank(event.severity) > rank(prefs.min_severity))) return false;
  if (!overlaps(prefs.services, event.services) || !anyOf(prefs.teams, event.team)) return false;
  if (prefs.only_assigned && (event.assignee === null || ![prefs.user_id, prefs.username].includes(event.assignee))) return false;
  return true;
}

/**
 * Everyone an event reaches: one recipient per matching subscription and per channel of each
 * matching person. Duplicates (same channel and target) collapse, so nobody gets an event twice.
 */
export function recipientsFor(
  event: EventFacts,
  subscriptions: readonly Subscription[],
  preferences: readonly NotificationPreferences[],
  pagedPreferences: readonly NotificationPreferences[] = [],
): Recipient[] {
  const out = new Map<string, Recipient>();
  const seenTargets = new Set<string>();
  const add = (recipient: Recipient) => {
    const target = `${recipient.channel} ${recipient.target}`;
    if (out.has(recipient.id) || seenTargets.has(target)) return;
    seenTargets.add(target);
    out.set(recipient.id, recipient);
  };
  // A page is addressed to its person: it reaches every channel of theirs whatever their filters
  // say, and comes first so that the same channel matched by a filter collapses into the page.
  const paged = new Set(event.paged ?? []);
  for (const p of pagedPreferences) {
    if (!paged.has(p.user_id)) continue;
    for (const c of p.channels) add({ id: `page:${p.user_id}:${c.channel}:${targetHash(c.target)}`, kind: 'user', channel: c.channel, target: c.target, user_id: p.user_id, page: true });
  }
  for (const s of subscriptions) {
    if (subscriptionMatches(s, event)) add({ id: `sub:${s.id}`, kind: 'subscription', channel: s.channel, target: s.target, subscription_id: s.id });
  }
  for (const p of preferences) {
    if (!preferencesMatch(p, event)) continue;
    for (const c of p.channels) add({ id: `user:${p.user_id}:${c.channel}:${targetHash(c.target)}`, kind: 'user', channel: c.channel, target: c.target, user_id: p.user_id });
  }
  return [...out.values()];
}

/** Receives before a delivery message goes to the dead-letter queue (the queues' maxReceiveCount). */
export const MAX_RECEIVES = 5;

/** Back-off before the next attempt after `receiveCount` failed receives: base · 2^(n−1), at most 15 min. */
export function retryDelaySeconds(receiveCount: number, baseSeconds: number): number {
  return Math.min(900, baseSeconds * 2 ** Math.max(0, receiveCount - 1));
}

/** A webhook signing secret: 32 random bytes, prefixed so it is recognisable in a leak scan. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the X-Signature header of a webhook. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** What a receiver does: check the signature and that `t` is recent (default 5 min tolerance). */
export function verifyWebhook(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1] ?? '', 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
