/**
 * Request and response schemas of events, subscriptions, preferences and delivery attempts.
 * Strict objects (unknown fields are a 400), bounded strings and lists.
 */
import * as z from 'zod';
import { INCIDENT_ID_PATTERN } from '#shared/domain/ids.ts';
import { CHANNELS, USER_CHANNELS } from '#shared/domain/notification.ts';
import { SEVERITIES } from '#shared/domain/severity.ts';
import { EVENT_TYPES } from '#shared/events/cloudevent.ts';
import { csv, Cursor, isoTime, Limit } from '#shared/schemas/common.ts';
import { Severity } from '#shared/schemas/incident.ts';

const name = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `at most ${max} entries`).default([]);

/** `incident.resolved` or the namespaced CloudEvent type `io.incidents.incident.resolved`: stored without namespace. */
const EventTypeFilter = z
  .string()
  .trim()
  .transform((t) => EVENT_TYPES.find((known) => t === known || t.endsWith(`.${known}`)) ?? t)
  .pipe(z.enum(EVENT_TYPES, { message: `must be one of ${EVENT_TYPES.join(', ')} (optionally with the event namespace in front)` }));

export const SubscriptionFiltersSchema = z.strictObject({
  event_types: list(EventTypeFilter, 20),
  severities: list(Severity, SEVERITIES.length),
  services: list(name(100), 50),
  teams: list(name(100), 50),
  incidents: list(z.string().regex(INCIDENT_ID_PATTERN, 'must look like INC-20261124-0042'), 50),
});

export const CreateSubscriptionBody = z.strictObject({
  name: name(200).optional(),
  channel: z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` }),
  target: z.string().trim().min(1, 'must not be empty').max(2048, 'at most 2048 characters'),
  filters: SubscriptionFiltersSchema.default({ event_types: [], severities: [], services: [], teams: [], incidents: [] }),
  enabled: z.boolean().default(true),
});
export type CreateSubscriptionInput = z.output<typeof CreateSubscriptionBody>;

export const SubscriptionIdParams = z.strictObject({ id: z.string().regex(/^sub_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a subscription id (sub_…)') });
export const UserIdParams = z.strictObject({ id: z.string().min(1).max(200).regex(/^[\w.@+:-]+$/, "must be a user id, or 'me'") });

export const PreferencesBody = z.strictObject({
  enabled: z.boolean().default(true),
  channels: z
    .array(z.strictObject({ channel: z.enum(USER_CHANNELS, { message: `must be one of ${USER_CHANNELS.join(', ')}` }), target: z.string().trim().min(1).max(2048) }))
    .max(10, 'at most 10 channels'),
  event_types: list(EventTypeFilter, 20),
  min_severity: Severity.nullable().default(null),
  services: list(name(100), 50),
  teams: list(name(100), 50),
  only_assigned: z.boolean().default(false),
});
export type PreferencesInput = z.output<typeof PreferencesBody>;


export const ListEventsQuery = z
  .strictObject({
    incident: z.string().regex(INCIDENT_ID_PATTERN, 'must look like INC-20261124-0042').optional(),
    type: csv(EventTypeFilter).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { message: 'from must not be after to', path: ['from'] });
export type ListEventsInput = z.output<typeof ListEventsQuery>;

// ---- Responses (docs/openapi.json) ----

const Filters = z.object({ event_types: z.array(z.string()), severities: z.array(z.string()), services: z.array(z.string()), teams: z.array(z.string()), incidents: z.array(z.string()) });

export const SubscriptionResponse = z
  .object({
    id: z.string().meta({ example: 'sub_01KAWZ6Y00C9M7T5ZQ3D4W8H2N' }),
    name: z.string(),
    channel: z.enum(CHANNELS),
    target: z.string(),
    filters: Filters,
    enabled: z.boolean(),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    has_secret: z.boolean(),
  })
  .meta({ id: 'Subscription' });

export const CreatedSubscriptionResponse = SubscriptionResponse.extend({
  secret: z.string().optional().describe('Webhooks only, returned once: verify X-Signature with it'),
}).meta({ id: 'CreatedSubscription' });

export const PreferencesResponse = z
  .object({
    user_id: z.string(),
    username: z.string(),
    enabled: z.boolean(),
    channels: z.array(z.object({ channel: z.enum(USER_CHANNELS), target: z.string() })),
    event_types: z.array(z.string()),
    min_severity: z.enum(SEVERITIES).nullable(),
    services: z.array(z.string()),
    teams: z.array(z.string()),
    only_assigned: z.boolean(),
    updated_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'NotificationPreferences' });

export const AuditEventResponse = z
  .object({
    id: z.string().describe('ULID; also the CloudEvent id'),
    incident_id: z.string(),
    type: z.string().meta({ example: 'incident.acknowledged' }),
    event_type: z.string().meta({ example: 'io.incidents.incident.acknowledged' }),
    at: z.iso.datetime(),
    actor: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
    message: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEvent' });

export const DeliveryAttemptResponse = z
  .object({
    id: z.string(),
    incident_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    recipient_id: z.string(),
    channel: z.enum(CHANNELS),
    target: z.string().describe('Webhook and Slack URLs show their origin only'),
    attempt: z.number().int(),
    outcome: z.enum(['delivered', 'failed', 'dead_lettered', 'skipped']),
    detail: z.string(),
    status: z.number().int().nullable(),
    duration_ms: z.number().int(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'DeliveryAttempt' });
