/** The delivery attempts of one incident's notifications; an unknown or deleted incident is a 404, as for its comments. */
import { NotFoundError } from '#shared/domain/errors.ts';
import type { IncidentStore, Page } from '#shared/store/incidents/incident-store.ts';
import type { DeliveryAttempt, NotificationStore } from '#shared/store/notifications/notification-store.ts';

export async function listIncidentNotifications(
  incidents: Pick<IncidentStore, 'get'>,
  notifications: Pick<NotificationStore, 'listAttempts'>,
  id: string,
  limit: number,
  cursor: string | undefined,
): Promise<Page<DeliveryAttempt>> {
  if (!(await incidents.get(id))) throw new NotFoundError(`Incident ${id} does not exist.`);
  return notifications.listAttempts(id, limit, cursor);
}
