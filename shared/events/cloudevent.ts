/**
 * CloudEvents 1.0 (structured JSON) from timeline entries: the one mapping used by the outbox
 * publisher in AWS and in local mode. Pure: no AWS imports.
 *
 * Types: `<namespace>.<timeline type>`, so `incident.acknowledged` becomes
 * `io.incidents.incident.acknowledged` and a component entry `component.status_changed` becomes
 * `io.incidents.component.status_changed`. Comments and assignments keep their own documented types
 * (`incident.comment_added`, `incident.assigned`, `incident.unassigned`), and escalation steps
 * (`incident.escalated`) need no change here.
 */
import { withoutStorage } from '#shared/store/keys.ts';

/** The event types the service documents (docs/architecture.md, "Events"); others pass through. */
export const EVENT_TYPES = [
  'incident.created',
  'incident.updated',
  'incident.update_added',
  'incident.status_changed',
  'incident.acknowledged',
  'incident.resolved',
  'incident.deleted',
  'incident.escalated',
  'incident.comment_added',
  'incident.assigned',
  'incident.unassigned',
  'component.status_changed',
  // Automated responses: an execution's status changed (data.automated_responses).
  'incident.automated_response',
  // Integrations: a change event of the incident's service or component (data.change_event).
  'incident.change_recorded',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export interface CloudEvent<T = EventData> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
}

/** The payload: the entity after the change, and what changed. */
export interface EventData {
  /** The incident as the API shows it (absent for component events). */
  incident?: Record<string, unknown>;
  /** The component after the change (component events). */
  component?: Record<string, unknown>;
  /** Paging: an escalation step (`incident.escalated`): step, loop, outcome and the people paged. */
  escalation?: Record<string, unknown>;
  /** Automated responses (`incident.automated_response`): the execution, as the Java service document's `AutomatedResponseData`. */
  automated_responses?: Record<string, unknown>[];
  /** Integrations (`incident.change_recorded`): the change event (id, summary, source, timestamp, links). */
  change_event?: Record<string, unknown>;
  change: {
    type: string;
    actor: unknown;
    changes: unknown;
    message: string | null;
    public_message: string | null;
    update_type: string | null;
  };
}

/** A timeline item as stored (the stream's NewImage, unmarshalled). */
export type TimelineItem = Record<string, unknown> & { id: string; type: string; at: string };

export const eventSource = (stage: string): string => `/incident-service/${stage}`;

/** `io.incidents.incident.acknowledged` → `incident.acknowledged` (the timeline type). */
export function timelineTypeOf(eventType: string, namespace: string): string {
  return eventType.startsWith(`${namespace}.`) ? eventType.slice(namespace.length + 1) : eventType;
}

export function isTimelineItem(item: Record<string, unknown> | undefined): item is TimelineItem {
  return item !== undefined && item.entity === 'timeline' && typeof item.id === 'string' && typeof item.type === 'string' && typeof item.at === 'string';
}

function subjectOf(item: TimelineItem): string {
  for (const key of ['incident_id', 'component_id', 'subject']) {
    const value = item[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return item.id;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The CloudEvent of one timeline entry. `id` is the entry's ULID, so a re-publish is the same event. */
export function toCloudEvent(item: TimelineItem, options: { namespace: string; stage: string }): CloudEvent {
  const entry = withoutStorage(item);
  const { incident, component } = entry;
  const data: EventData = {
    change: {
      type: item.type,
      actor: entry.actor ?? null,
      changes: entry.changes ?? {},
      message: str(entry.message),
      public_message: str(entry.public_message),
      update_type: str(entry.update_type),
    },
  };
  if (incident && typeof incident === 'object') data.incident = withoutStorage(incident as Record<string, unknown>);
  if (component && typeof component === 'object') data.component = withoutStorage(component as Record<string, unknown>);
  const escalation = entry.escalation;
  if (escalation && typeof escalation === 'object') data.escalation = escalation as Record<string, unknown>;
  const automated = entry.automated_responses;
  if (Array.isArray(automated)) data.automated_responses = automated as Record<string, unknown>[];
  const changeEvent = entry.change_event;
  if (changeEvent && typeof changeEvent === 'object') data.change_event = changeEvent as Record<string, unknown>;
  return {
    specversion: '1.0',
    id: item.id,
    source: eventSource(options.stage),
    type: `${options.namespace}.${item.type}`,
    subject: subjectOf(item),
    time: new Date(item.at).toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}

/** A CloudEvent as read back from a queue: checked enough to route it, not trusted blindly. */
export function parseCloudEvent(body: string): CloudEvent {
  const value = JSON.parse(body) as Partial<CloudEvent> | null;
  if (
    !value ||
    value.specversion !== '1.0' ||
    typeof value.id !== 'string' ||
    typeof value.type !== 'string' ||
    typeof value.subject !== 'string' ||
    typeof value.time !== 'string' ||
    typeof value.data?.change?.type !== 'string'
  ) {
    throw new Error('message is not a CloudEvent 1.0 of this service');
  }
  return value as CloudEvent;
}
