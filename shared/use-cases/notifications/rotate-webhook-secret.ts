/**
 * A new signing secret for a person's webhook channels, returned once. The old one stops at once:
 * deliveries still queued are signed with the new one (they read it when they are sent).
 */
import { NotFoundError } from '#shared/domain/errors.ts';
import { newSigningSecret } from '#shared/domain/notifications/notification.ts';
import type { NotificationDeps } from '#shared/use-cases/notifications/subscriptions.ts';

/** `user` was resolved and authorized by the caller (shared/http/notification-http.ts). */
export async function rotateWebhookSecret(deps: NotificationDeps, user: string): Promise<{ user_id: string; webhook_secret: string }> {
  const secret = newSigningSecret();
  if (!(await deps.store.rotateWebhookSecret(user, secret, deps.now().toISOString()))) {
    throw new NotFoundError(`${user} has no webhook channel in their notification preferences, so no webhook secret; add one with PUT /v1/users/{id}/notification_preferences (its answer carries the secret).`);
  }
  return { user_id: user, webhook_secret: secret };
}
