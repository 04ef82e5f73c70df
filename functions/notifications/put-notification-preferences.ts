import { api, ok } from '#shared/http/api.ts';
import { callerOf, preferencesOwner } from '#shared/http/notification-http.ts';
import { PreferencesBody, UserIdParams } from '#shared/schemas/notification.ts';
import { notificationDeps } from '#shared/use-cases/notifications/deps.ts';
import { putPreferences } from '#shared/use-cases/notifications/subscriptions.ts';

export const handler = api('putNotificationPreferences', { params: UserIdParams, body: PreferencesBody}, async ({ params, body, principal }) => {
  const caller = callerOf(principal);
  return ok(await putPreferences(notificationDeps, preferencesOwner(params.id, caller), body, caller));
});
