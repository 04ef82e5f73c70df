import { api, noContent } from '#shared/http/api.ts';
import { SubscriptionIdParams } from '#shared/schemas/notification.ts';
import { notificationDeps } from '#shared/use-cases/notifications/deps.ts';
import { deleteSubscription } from '#shared/use-cases/notifications/subscriptions.ts';

export const handler = api('deleteSubscription', { params: SubscriptionIdParams }, async ({ params }) => {
  await deleteSubscription(notificationDeps, params.id);
  return noContent();
});
