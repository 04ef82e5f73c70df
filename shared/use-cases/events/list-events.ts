/** The audit trail: timeline entries of every incident, newest first, with their CloudEvent type. */
import type { ListEventsInput } from '#shared/schemas/notification.ts';
import type { AuditFilter, DynamoAuditStore } from '#shared/store/events/dynamo-audit-store.ts';

/** Filters normalized so equal queries have equal cursors. */
export function toAuditFilter(query: ListEventsInput): AuditFilter {
  return {
    incident: query.incident,
    types: query.type ? [...new Set(query.type)].sort() : undefined,
    from: query.from ? new Date(query.from).toISOString() : undefined,
    to: query.to ? new Date(query.to).toISOString() : undefined,
  };
}

export async function listEvents(audit: Pick<DynamoAuditStore, 'list'>, query: ListEventsInput, namespace: string) {
  const page = await audit.list(toAuditFilter(query), query.limit, query.cursor);
  return { items: page.items.map((e) => ({ ...e, event_type: `${namespace}.${e.type}` })), next_cursor: page.next_cursor, limit: query.limit };
}
