import { api, ok } from '#shared/http/api.ts';
import { callerOf, preferencesOwner } from '#shared/http/notification-http.ts';
import { UserIdParams } from '#shared/schemas/notification.ts';
import { notificationDeps } from '#shared/use-cases/notifications/deps.ts';
import { rotateWebhookSecret } from '#shared/use-cases/notifications/rotate-webhook-secret.ts';

/** The new secret is in the answer once and never again. */
export const handler = api('rotateWebhookSecret', { params: UserIdParams }, async ({ params, principal }) =>
  ok(await rotateWebhookSecret(notificationDeps, preferencesOwner(params.id, callerOf(principal))), { 'cache-control': 'no-store' }),
);
