/**
 * Subscriptions (org-wide; admins manage them) and per-user notification preferences (a person
 * edits their own, an admin anyone's). Targets are checked before anything is stored.
 */
import { InvalidInputError, NotFoundError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import { newSigningSecret, type NotificationPreferences, type Subscription } from '#shared/domain/notifications/notification.ts';
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

/** `user` was resolved and authorized by the caller (shared/http/notification-http.ts). */
export async function getPreferences(deps: NotificationDeps, user: string, caller: Caller) {
  return (await deps.store.getPreferences(user)) ?? defaultPreferences(user, user === caller.id ? caller.name : user);
}

export async function putPreferences(deps: NotificationDeps, user: string, input: PreferencesInput, caller: Caller) {
  for (const [i, c] of input.channels.entries()) await checkedTarget(deps, c.channel, c.target, `channels.${i}.target`);
  const existing = await deps.store.getPreferences(user);
  const preferences: NotificationPreferences = {
    user_id: user,
    username: user === caller.id ? caller.name : (existing?.username ?? user),
    ...input,
    updated_at: deps.now().toISOString(),
  };
  await deps.store.putPreferences(preferences);
  return preferences;
}
