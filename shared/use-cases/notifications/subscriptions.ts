/**
 * Subscriptions (org-wide; admins manage them) and per-user notification preferences (a person
 * edits their own, an admin anyone's). Targets are checked before anything is stored. A person's
 * webhook channels are signed with their own secret, generated here when the first is added.
 */
import { InvalidInputError, NotFoundError, UnavailableError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import { hasWebhookChannel, MAX_PERSONAL_WEBHOOKS, newSigningSecret, type NotificationPreferences, type Subscription } from '#shared/domain/notifications/notification.ts';
import { checkTarget, UnsafeTargetError, type Lookup } from '#shared/notify/target-safety.ts';
import type { CreateSubscriptionInput, PreferencesInput } from '#shared/schemas/notification.ts';
import type { NotificationStore } from '#shared/store/notifications/notification-store.ts';

export interface NotificationDeps {
  readonly store: NotificationStore;
  readonly stage: string;
  readonly now: () => Date;
  readonly lookup?: Lookup;
}

export interface Caller {
  readonly id: string;
  readonly name: string;
  readonly admin: boolean;
}

async function checkedTarget(deps: NotificationDeps, channel: Subscription['channel'], target: string, field: string): Promise<void> {
  try {
    await checkTarget(channel, target, deps.stage, deps.lookup);
  } catch (error) {
    if (error instanceof UnsafeTargetError) throw new InvalidInputError(`${field}: ${error.message}`, { field });
    throw error;
  }
}

/** The public view: the secret never leaves after creation. */
export function subscriptionView(subscription: Subscription) {
  const { secret, ...rest } = subscription;
  return { ...rest, has_secret: secret !== undefined };
}

export async function createSubscription(deps: NotificationDeps, input: CreateSubscriptionInput, caller: Caller) {
  await checkedTarget(deps, input.channel, input.target, 'target');
  const subscription: Subscription = {
    id: `sub_${ulid(deps.now().getTime())}`,
    name: input.name ?? `${input.channel} ${input.target.slice(0, 60)}`,
    channel: input.channel,
    target: input.target,
    filters: input.filters,
    enabled: input.enabled,
    created_by: caller.name,
    created_at: deps.now().toISOString(),
    ...(input.channel === 'webhook' ? { secret: newSigningSecret() } : {}),
  };
  await deps.store.createSubscription(subscription);
  return { ...subscriptionView(subscription), ...(subscription.secret ? { secret: subscription.secret } : {}) };
}

export async function getSubscription(deps: NotificationDeps, id: string) {
  const subscription = await deps.store.getSubscription(id);
  if (!subscription) throw new NotFoundError(`Subscription ${id} does not exist.`);
  return subscriptionView(subscription);
}

export async function deleteSubscription(deps: NotificationDeps, id: string): Promise<void> {
  if (!(await deps.store.deleteSubscription(id))) throw new NotFoundError(`Subscription ${id} does not exist.`);
}

/** What a person without saved preferences gets: nothing (subscriptions still apply). */
export function defaultPreferences(userId: string, username: string): Omit<NotificationPreferences, 'updated_at'> & { updated_at: string | null } {
  return { user_id: userId, username, enabled: false, channels: [], event_types: [], min_severity: null, services: [], teams: [], only_assigned: false, updated_at: null };
}

/** What reads show of a person's preferences: never the webhook secret. */
export function preferencesView(preferences: NotificationPreferences): Omit<NotificationPreferences, 'webhook_secret'> {
  const { webhook_secret: _secret, ...rest } = preferences;
  return rest;
}

/** `user` was resolved and authorized by the caller (shared/http/notification-http.ts). */
export async function getPreferences(deps: NotificationDeps, user: string, caller: Caller) {
  const stored = await deps.store.getPreferences(user);
  return stored ? preferencesView(stored) : defaultPreferences(user, user === caller.id ? caller.name : user);
}

/** Reads and conditional writes of one person's preferences before giving up (another writer kept winning). */
const PUT_ATTEMPTS = 3;

/**
 * Replaces the preferences. The first webhook channel gets a new signing secret, returned in this
 * answer only (`webhook_secret`); later PUTs keep it and do not show it; removing the last
 * webhook channel drops it. The write is conditional on the secret read, so two PUTs or a PUT and
 * a rotation at once never leave a caller holding a secret that is not the stored one.
 */
export async function putPreferences(deps: NotificationDeps, user: string, input: PreferencesInput, caller: Caller) {
  if (input.channels.filter((c) => c.channel === 'webhook').length > MAX_PERSONAL_WEBHOOKS) {
    throw new InvalidInputError(`channels: at most ${MAX_PERSONAL_WEBHOOKS} webhook targets per person (they share one signing secret).`, { field: 'channels' });
  }
  for (const [i, c] of input.channels.entries()) await checkedTarget(deps, c.channel, c.target, `channels.${i}.target`);
  for (let attempt = 1; ; attempt++) {
    const existing = await deps.store.getPreferences(user);
    const previous = existing?.webhook_secret;
    const secret = hasWebhookChannel(input.channels) ? (previous ?? newSigningSecret()) : undefined;
    const preferences: NotificationPreferences = {
      user_id: user,
      username: user === caller.id ? caller.name : (existing?.username ?? user),
      ...input,
      updated_at: deps.now().toISOString(),
      ...(secret ? { webhook_secret: secret } : {}),
    };
    if (await deps.store.putPreferences(preferences, previous)) {
      return { ...preferencesView(preferences), ...(secret && secret !== previous ? { webhook_secret: secret } : {}) };
    }
    if (attempt >= PUT_ATTEMPTS) throw new UnavailableError(`The notification preferences of ${user} kept changing under ${attempt} attempts; nothing was written. Retry in a moment.`);
  }
}
