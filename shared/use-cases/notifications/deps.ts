/** The production wiring of the notification and audit use cases, created once per Lambda container. */
import { config } from '#shared/config.ts';
import { DynamoAuditStore } from '#shared/store/events/dynamo-audit-store.ts';
import { DynamoNotificationStore } from '#shared/store/notifications/dynamo-notification-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';
import type { NotificationDeps } from '#shared/use-cases/notifications/subscriptions.ts';

export const notificationDeps: NotificationDeps = { store: new DynamoNotificationStore(), stage: config.STAGE, now: systemClock };
export const auditStore = new DynamoAuditStore();
