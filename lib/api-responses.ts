/**
 * Response shapes of the API, for the OpenAPI document only (lib/openapi.ts). Handlers never
 * import this module: zod schemas register their ids at module load, which bundlers cannot drop,
 * so keeping documentation schemas out of the runtime keeps every handler bundle and cold start
 * smaller. `API_RESPONSES` says which schema documents the success body of which route; a test
 * fails when a route that answers with a body has none.
 */
import * as z from 'zod';
import type { RouteId } from '#lib/routes.ts';
import { MAINTENANCE_STATUSES } from '#shared/domain/components/maintenance.ts';
import { STATUSES } from '#shared/domain/incidents/lifecycle.ts';
import { INCIDENT_TYPES, SEVERITIES } from '#shared/domain/severity.ts';
import { CHANNELS, USER_CHANNELS } from '#shared/domain/notifications/notification.ts';

/** A page of a list response. */
const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next_cursor: z.string().nullable(), limit: z.number().int() });

// ---- incidents ----


const nullableTime = z.iso.datetime().nullable();

export const IncidentResponse = z
  .object({
    id: z.string().meta({ example: 'INC-20261124-0042' }),
    title: z.string(),
    description: z.string(),
    severity: z.enum(SEVERITIES),
    impact: z.number().int().min(0).max(3),
    incident_type: z.enum(INCIDENT_TYPES),
    status: z.enum(STATUSES),
    affected_services: z.array(z.string()),
    affected_regions: z.array(z.string()),
    components: z.array(z.string()).describe('Ids of the affected components (GET /v1/components)'),
    assigned_team: z.string().nullable(),
    assignee: z.string().nullable(),
    start_time: z.iso.datetime(),
    acknowledged_at: nullableTime,
    resolved_at: nullableTime,
    closed_at: nullableTime,
    snoozed_until: nullableTime,
    public_message: z.string().nullable(),
    internal_notes: z.string().nullable(),
    is_public: z.boolean(),
    rss_enabled: z.boolean(),
    system: z.boolean().describe('Opened by automation; a person\'s edit makes it false'),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int().describe('Also the ETag'),
    mtta_seconds: z.number().int().nullable().describe('acknowledged_at − created_at'),
    mttr_seconds: z.number().int().nullable().describe('resolved_at − start_time'),
  })
  .meta({ id: 'Incident' });

export const TimelineEntryResponse = z
  .object({
    id: z.string().describe('ULID; the id of the CloudEvent published for this entry'),
    incident_id: z.string(),
    type: z.string().meta({ example: 'incident.acknowledged' }),
    at: z.iso.datetime(),
    actor: z.object({ id: z.string(), name: z.string(), kind: z.enum(['user', 'machine', 'system']) }),
    message: z.string().nullable(),
    public_message: z.string().nullable(),
    update_type: z.string().nullable(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  })
  .meta({ id: 'TimelineEntry' });

export const CommentResponse = z.object({ id: z.string(), incident_id: z.string(), author: z.string(), body: z.string(), created_at: z.iso.datetime() }).meta({ id: 'Comment' });
export const AssignmentResponse = z
  .object({ incident_id: z.string(), user: z.string(), role: z.string(), assigned_by: z.string(), assigned_at: z.iso.datetime() })
  .meta({ id: 'Assignment' });

export const IncidentDetailResponse = IncidentResponse.extend({
  allowed_transitions: z.array(z.enum(STATUSES)).meta({ description: 'The statuses PUT /v1/incidents/{id}/status accepts from the current one' }),
  timeline: z.array(TimelineEntryResponse),
  comments: z.array(CommentResponse),
  assignments: z.array(AssignmentResponse),
}).meta({ id: 'IncidentDetail' });


const bySeverity = z.record(z.enum(SEVERITIES), z.number().int());
export const SummaryResponse = z
  .object({
    total: z.number().int(),
    active: z.number().int(),
    by_status: z.record(z.enum(STATUSES), z.number().int()),
    by_severity: bySeverity,
    active_by_severity: bySeverity,
    by_status_and_severity: z.record(z.enum(STATUSES), bySeverity),
  })
  .meta({ id: 'IncidentSummary' });

export const UpdateAddedResponse = z.object({ update: TimelineEntryResponse, incident: IncidentResponse });

// ---- components ----


export const ComponentResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    attributes: z.array(z.object({ name: z.string(), value: z.string() })),
    display_group: z.string().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Component' });

export const MaintenanceResponse = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    impact: z.literal(0),
    components: z.array(z.string()),
    start_time: z.iso.datetime(),
    end_time: z.iso.datetime(),
    status: z.enum(MAINTENANCE_STATUSES).describe('From the clock: planned before start_time, in_progress until end_time, then completed'),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Maintenance' });

export const ComponentStatusResponse = z
  .object({
    result: z.enum(['created', 'added', 'moved', 'raised', 'unchanged', 'maintenance']),
    incident: IncidentResponse.nullable(),
    maintenance: MaintenanceResponse.optional(),
    component: ComponentResponse,
  })
  .meta({ id: 'ComponentStatusResult' });

const PublicIncident = z.object({
  id: z.string(),
  title: z.string(),
  impact: z.number().int(),
  status: z.string(),
  public_message: z.string().nullable(),
  start_time: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const ComponentStatusBoardResponse = z
  .object({
    generated_at: z.iso.datetime(),
    components: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        attributes: z.array(z.object({ name: z.string(), value: z.string() })),
        display_group: z.string().nullable(),
        impact: z.number().int().describe('0 operational (or in maintenance), 1 minor, 2 major, 3 outage'),
        status: z.enum(['operational', 'maintenance', 'minor', 'major', 'outage']),
        incident: PublicIncident.nullable(),
        maintenance: z.object({ id: z.string(), title: z.string(), start_time: z.iso.datetime(), end_time: z.iso.datetime() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'ComponentStatusBoard' });

export const AvailabilityResponse = z
  .object({
    component_id: z.string(),
    formula: z.string(),
    months: z.array(
      z.object({
        month: z.string().meta({ example: '2026-11' }),
        period_seconds: z.number().int(),
        outage_seconds: z.number().int(),
        availability: z.number().describe('percent, 0..100, rounded to 3 decimals'),
        incidents: z.array(z.string()),
      }),
    ),
    // status: daily figures for the 90-day uptime bar
    daily_formula: z.string(),
    days: z.array(
      z.object({
        day: z.string().meta({ example: '2026-11-24' }),
        period_seconds: z.number().int(),
        outage_seconds: z.number().int(),
        availability: z.number().nullable().describe('percent, 0..100, rounded to 3 decimals; null before the component existed'),
        incidents: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'ComponentAvailability' });

export const AlarmMappingResponse = z
  .object({ id: z.string(), kind: z.enum(['name', 'prefix']), pattern: z.string(), component_id: z.string(), impact: z.number().int(), created_by: z.string(), created_at: z.iso.datetime() })
  .meta({ id: 'AlarmMapping' });

// ---- notifications ----


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

// ---- system ----

export const HealthResponse = z
  .object({ status: z.enum(['ok', 'unavailable']), stage: z.string(), checks: z.object({ table: z.object({ status: z.enum(['ok', 'failed']), latency_ms: z.number().optional(), error: z.string().optional() }) }) })
  .meta({ id: 'Health' });

export const MeResponse = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(['user', 'machine']), roles: z.array(z.enum(['viewer', 'responder', 'admin'])), scopes: z.array(z.string()) })
  .meta({ id: 'Me' });

// ---- status (site) ----

export const StatusPageHtml = z
  .string()
  .meta({ id: 'StatusPageHtml', contentMediaType: 'text/html', description: 'A complete HTML document (no script), the same as the published page' });

// ---- which schema documents which route ----

export const API_RESPONSES: Partial<Record<RouteId, z.ZodType>> = {
  health: HealthResponse,
  getMe: MeResponse,
  addIncidentAssignment: AssignmentResponse,
  addIncidentComment: CommentResponse,
  addIncidentUpdate: UpdateAddedResponse,
  changeIncidentStatus: IncidentResponse,
  createAlarmMapping: AlarmMappingResponse,
  createComponent: ComponentResponse,
  createIncident: IncidentResponse,
  createMaintenance: MaintenanceResponse,
  createSubscription: CreatedSubscriptionResponse,
  getComponent: ComponentResponse,
  getComponentAvailability: AvailabilityResponse,
  getComponentStatus: ComponentStatusBoardResponse,
  getIncident: IncidentDetailResponse,
  getIncidentSummary: SummaryResponse,
  getMaintenance: MaintenanceResponse,
  getNotificationPreferences: PreferencesResponse,
  getSubscription: SubscriptionResponse,
  listAlarmMappings: z.object({ items: z.array(AlarmMappingResponse) }),
  listComponents: z.object({ items: z.array(ComponentResponse) }),
  listEvents: pageOf(AuditEventResponse),
  listIncidentComments: pageOf(CommentResponse),
  listIncidentNotifications: pageOf(DeliveryAttemptResponse),
  listIncidents: pageOf(IncidentResponse),
  listMaintenances: pageOf(MaintenanceResponse),
  listSubscriptions: pageOf(SubscriptionResponse),
  putNotificationPreferences: PreferencesResponse,
  reportComponentStatus: ComponentStatusResponse,
  updateComponent: ComponentResponse,
  updateIncident: IncidentResponse,
  updateMaintenance: MaintenanceResponse,
  // status (site)
  getStatusPage: StatusPageHtml,
  getStatusHistory: StatusPageHtml,
  getStatusIncidentPage: StatusPageHtml,
};
