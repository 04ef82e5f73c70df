import { api, ok } from '#shared/http/api.ts';
import { callerOf, preferencesOwner } from '#shared/http/notification-http.ts';
import { UserIdParams } from '#shared/schemas/notification.ts';
import { notificationDeps } from '#shared/use-cases/notifications/deps.ts';
import { getPreferences } from '#shared/use-cases/notifications/subscriptions.ts';

export const handler = api('getNotificationPreferences', { params: UserIdParams}, async ({ params, principal }) => {
  const caller = callerOf(principal);
  return ok(await getPreferences(notificationDeps, preferencesOwner(params.id, caller), caller));
});
