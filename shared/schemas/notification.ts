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
