/**
 * Request schemas of events, subscriptions and preferences. Strict objects (unknown fields are a
 * 400), bounded strings and lists.
 */
import * as z from 'zod/mini';
import { INCIDENT_ID_MAX_LENGTH, INCIDENT_ID_PATTERN } from '#shared/domain/ids.ts';
import { CHANNELS, USER_CHANNELS } from '#shared/domain/notifications/notification.ts';
import { SEVERITIES } from '#shared/domain/severity.ts';
import { EVENT_TYPES } from '#shared/events/cloudevent.ts';
import { csv, listOf, nonEmpty, rangeQuery, schema } from '#shared/schemas/common.ts';
import { Severity } from '#shared/schemas/incident.ts';

const list = <T extends z.ZodMiniType>(item: T, max: number) => z._default(listOf(item, max), []);
const target = () => nonEmpty(2048);

/** `incident.resolved` or the namespaced CloudEvent type `io.incidents.incident.resolved`: stored without namespace. */
const EventTypeFilter = /* @__PURE__ */ schema(() => z.pipe(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((t: string) => EVENT_TYPES.find((known) => t === known || t.endsWith(`.${known}`)) ?? t),
  ),
  z.enum(EVENT_TYPES, { message: `must be one of ${EVENT_TYPES.join(', ')} (optionally with the event namespace in front)` }),
));

const IncidentIdFilter = /* @__PURE__ */ schema(() => z.string().check(z.maxLength(INCIDENT_ID_MAX_LENGTH, `at most ${INCIDENT_ID_MAX_LENGTH} characters, like INC-20261124-0042`), z.regex(INCIDENT_ID_PATTERN, 'must look like INC-20261124-0042')));

export const SubscriptionFiltersSchema = /* @__PURE__ */ schema(() => z.strictObject({
  event_types: list(EventTypeFilter, 20),
  severities: list(Severity, SEVERITIES.length),
  services: list(nonEmpty(100), 50),
  teams: list(nonEmpty(100), 50),
  incidents: list(IncidentIdFilter, 50),
}));

export const CreateSubscriptionBody = /* @__PURE__ */ schema(() => z.strictObject({
  name: z.optional(nonEmpty(200)),
  channel: z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` }),
  target: target(),
  filters: z._default(SubscriptionFiltersSchema, { event_types: [], severities: [], services: [], teams: [], incidents: [] }),
  enabled: z._default(z.boolean(), true),
}));
export type CreateSubscriptionInput = z.output<typeof CreateSubscriptionBody>;

export const SubscriptionIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(/^sub_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a subscription id (sub_…)')) }));
export const UserIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[\w.@+:-]+$/, "must be a user id, or 'me'")) }));

export const PreferencesBody = /* @__PURE__ */ schema(() => z.strictObject({
  enabled: z._default(z.boolean(), true),
  channels: z
    .array(z.strictObject({ channel: z.enum(USER_CHANNELS, { message: `must be one of ${USER_CHANNELS.join(', ')}` }), target: target() }))
    .check(z.maxLength(10, 'at most 10 channels')),
  event_types: list(EventTypeFilter, 20),
  min_severity: z._default(z.nullable(Severity), null),
  services: list(nonEmpty(100), 50),
  teams: list(nonEmpty(100), 50),
  only_assigned: z._default(z.boolean(), false),
}));
export type PreferencesInput = z.output<typeof PreferencesBody>;

export const ListEventsQuery = /* @__PURE__ */ schema(() => rangeQuery({ incident: z.optional(IncidentIdFilter), type: z.optional(csv(EventTypeFilter)) }));
export type ListEventsInput = z.output<typeof ListEventsQuery>;
