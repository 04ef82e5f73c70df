/** What notifications need from storage; shared/store/notifications/dynamo-notification-store.ts implements it. */
import type { Channel, NotificationPreferences, Subscription } from '#shared/domain/notifications/notification.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';

export type AttemptOutcome = 'delivered' | 'failed' | 'dead_lettered' | 'skipped';

export interface DeliveryAttempt {
  id: string;
  /** The event's subject: the incident (or component) id. */
  incident_id: string;
  event_id: string;
  event_type: string;
  recipient_id: string;
  channel: Channel;
  /** The target, with secrets (URL paths) hidden. */
  target: string;
  /** 1 for the first attempt (the message's receive count). */
  attempt: number;
  outcome: AttemptOutcome;
  detail: string;
  status: number | null;
  duration_ms: number;
  at: string;
}

/** Fan-out reads at most this many subscriptions / preferences per event batch. */
export const MAX_SUBSCRIPTIONS = 1000;
export const MAX_PREFERENCES = 5000;

export interface NotificationStore {
  createSubscription(subscription: Subscription): Promise<void>;
  getSubscription(id: string): Promise<Subscription | undefined>;
  listSubscriptions(limit: number, cursor: string | undefined): Promise<Page<Subscription>>;
  /** Every subscription (up to MAX_SUBSCRIPTIONS), for matching. */
  allSubscriptions(): Promise<Subscription[]>;
  /** false when there was none. */
  deleteSubscription(id: string): Promise<boolean>;

  getPreferences(userId: string): Promise<NotificationPreferences | undefined>;
  /**
   * Replaces a person's preferences, on condition that their webhook secret is still
   * `expectedSecret` (`undefined`: that they have none), so a concurrent rotation or first webhook
   * is never overwritten; false when it changed meanwhile (nothing written).
   */
  putPreferences(preferences: NotificationPreferences, expectedSecret: string | undefined): Promise<boolean>;
  /** Replaces the webhook secret of a person who has one; false when they have none. */
  rotateWebhookSecret(userId: string, secret: string, at: string): Promise<boolean>;
  /** Every enabled preference (up to MAX_PREFERENCES), for matching. */
  allPreferences(): Promise<NotificationPreferences[]>;

  recordAttempt(attempt: DeliveryAttempt, delivered: boolean): Promise<void>;
  wasDelivered(eventId: string, recipientId: string): Promise<boolean>;
  listAttempts(subject: string, limit: number, cursor: string | undefined): Promise<Page<DeliveryAttempt>>;
}
