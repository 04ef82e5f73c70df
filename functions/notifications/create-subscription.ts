import { api, created } from '#shared/http/api.ts';
import { callerOf } from '#shared/http/notification-http.ts';
import { CreateSubscriptionBody } from '#shared/schemas/notification.ts';
import { notificationDeps } from '#shared/use-cases/notifications/deps.ts';
import { createSubscription } from '#shared/use-cases/notifications/subscriptions.ts';

export const handler = api('createSubscription', { body: CreateSubscriptionBody}, async ({ body, principal }) => {
  const subscription = await createSubscription(notificationDeps, body, callerOf(principal));
  return created(subscription, { location: `/v1/subscriptions/${subscription.id}` });
});
