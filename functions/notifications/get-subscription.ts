import { api, ok } from '#shared/http/api.ts';
import { SubscriptionIdParams } from '#shared/schemas/notification.ts';
import { notificationDeps } from '#shared/use-cases/notifications/deps.ts';
import { getSubscription } from '#shared/use-cases/notifications/subscriptions.ts';

export const handler = api('getSubscription', { params: SubscriptionIdParams}, async ({ params }) => ok(await getSubscription(notificationDeps, params.id)));
