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
    review_completed_at: nullableTime.describe('When the post-incident review was recorded as done: set by the move to closed'),
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
  // Integrations: the linked alerts (PagerDuty events), newest few; all of them on /alerts.
  alerts: z.object({
    total: z.number().int(),
    open: z.number().int(),
    latest: z.array(z.object({ id: z.string(), integration_id: z.string(), dedup_key: z.string(), status: z.enum(['triggered', 'acknowledged', 'resolved']), summary: z.string(), severity: z.enum(['critical', 'error', 'warning', 'info']), created_at: z.iso.datetime(), acknowledged_at: nullableTime, resolved_at: nullableTime })).describe('At most 5, newest first'),
  }),
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

export const SavedPreferencesResponse = PreferencesResponse.extend({
  webhook_secret: z
    .string()
    .optional()
    .describe('Only in the answer of the PUT that added the first webhook channel: verify X-Signature of the personal webhook with it (never shown again; rotate with POST /v1/users/{id}/webhook_secret)'),
}).meta({ id: 'SavedNotificationPreferences' });

export const WebhookSecretResponse = z
  .object({ user_id: z.string(), webhook_secret: z.string().describe('The new signing secret, returned once; the old one stops verifying at once') })
  .meta({ id: 'WebhookSecret' });

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

export const LiveResponse = z.object({ status: z.literal('ok'), stage: z.string(), uptime_seconds: z.number().int() }).meta({ id: 'Liveness' });

export const MeResponse = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(['user', 'machine']), roles: z.array(z.enum(['viewer', 'responder', 'admin'])), scopes: z.array(z.string()) })
  .meta({ id: 'Me' });

// ---- paging: teams and on-call schedules ----

export const TeamResponse = z
  .object({
    id: z.string().meta({ example: 'payments' }).describe('The slug incidents carry in assigned_team'),
    name: z.string(),
    members: z.array(z.string()).describe('User ids (token subjects)'),
    schedule_id: z.string().nullable(),
    escalation_policy_id: z.string().nullable(),
    auto_resolve_hours: z.number().int().min(0).max(720).describe('0 = off'),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int().describe('Also the ETag'),
  })
  .meta({ id: 'Team' });

export const OverrideResponse = z
  .object({
    id: z.string().meta({ example: 'OVR-01JD2X5Q7R8S9T0V1W2X3Y4Z5A' }),
    kind: z.enum(['add', 'remove', 'replace']),
    add_user: z.string().nullable(),
    remove_user: z.string().nullable(),
    start: z.iso.datetime(),
    end: z.iso.datetime(),
    created_by: z.string(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'ScheduleOverride' });

export const ScheduleResponse = z
  .object({
    id: z.string().meta({ example: 'SCH-01JD2X5Q7R8S9T0V1W2X3Y4Z5A' }),
    name: z.string(),
    description: z.string(),
    rotations: z.array(
      z.object({
        id: z.string().meta({ example: 'r1' }),
        name: z.string(),
        participants: z.array(z.string()),
        shift_type: z.enum(['hourly', 'daily', 'weekly']),
        shift_length: z.number().int(),
        start: z.string().meta({ example: '2026-11-02T09:00:00' }).describe('First hand-off, local time in time_zone'),
        time_zone: z.string().meta({ example: 'Europe/Berlin' }),
        restrictions: z.array(z.object({ days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])), start: z.string(), end: z.string() })),
      }),
    ),
    overrides: z.array(OverrideResponse),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int().describe('Also the ETag'),
  })
  .meta({ id: 'Schedule' });

export const OnCallResponse = z.object({ schedule_id: z.string(), at: z.iso.datetime(), users: z.array(z.string()).describe('User ids on call; empty if nobody') }).meta({ id: 'OnCall' });
export const TeamOnCallResponse = z
  .object({ team_id: z.string(), schedule_id: z.string().nullable(), at: z.iso.datetime(), users: z.array(z.string()) })
  .meta({ id: 'TeamOnCall' });
export const ShiftsResponse = z
  .object({
    schedule_id: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    shifts: z.array(z.object({ user_id: z.string(), start: z.iso.datetime(), end: z.iso.datetime() }).describe('Clipped to [from, to)')),
  })
  .meta({ id: 'Shifts' });

export const CalendarSecretResponse = z
  .object({
    user_id: z.string(),
    secret: z.string().describe('Shown once; only its hash is stored. Creating a new one revokes the old URLs.'),
    created_at: z.iso.datetime(),
    feeds: z.object({
      person: z.url().describe("Your shifts in every schedule, iCalendar"),
      schedule: z.string().describe('Template: replace {schedule_id} for one schedule\'s feed'),
    }),
  })
  .meta({ id: 'CalendarSecret' });
export const CalendarFeed = z.string().meta({ id: 'ICalendar', contentType: 'text/calendar', description: 'RFC 5545: one VEVENT per shift, UTC times, stable UIDs, next 60 days' });
// ---- status (site) ----

export const StatusPageHtml = z
  .string()
  .meta({ id: 'StatusPageHtml', description: 'A complete HTML document (no script), the same as the published page' });

// ---- which schema documents which route ----

// ---- paging: escalation policies, step runs ----

const TargetResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), id: z.string() }),
  z.object({ type: z.literal('schedule'), id: z.string() }),
  z.object({ type: z.literal('team'), id: z.string() }),
]);
const ActionResponse = z.discriminatedUnion('type', [z.object({ type: z.literal('notify') }), z.object({ type: z.literal('assign') }), z.object({ type: z.literal('raise_severity'), severity: z.enum(SEVERITIES) })]);

export const EscalationPolicyResponse = z
  .object({
    id: z.string().meta({ example: 'pol_01JD2X5Q7R8S9T0V1W2X3Y4Z5A' }),
    name: z.string(),
    description: z.string(),
    conditions: z.object({ severities: z.array(z.enum(SEVERITIES)), components: z.array(z.string()), services: z.array(z.string()), incident_types: z.array(z.enum(INCIDENT_TYPES)), teams: z.array(z.string()) }).describe('Empty lists match anything'),
    steps: z.array(z.object({ delay_minutes: z.number().int().min(0).max(1440).describe('How long this step waits for an acknowledgement before the next one'), targets: z.array(TargetResponse), actions: z.array(ActionResponse) })),
    repeat: z.number().int().min(0).max(5).describe('How many times the chain starts again after its last step'),
    ack_timeout_minutes: z.number().int().nullable().describe('An incident still acknowledged this long after the acknowledgement escalates again'),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int().describe('Also the ETag'),
  })
  .meta({ id: 'EscalationPolicy' });

export const StepRunResponse = z
  .object({
    id: z.string(),
    incident_id: z.string(),
    token: z.string().describe('The escalation this step belongs to'),
    step: z.number().int().describe('1-based'),
    loop: z.number().int(),
    reason: z.enum(['started', 'timer', 'escalate_now', 'ack_timeout', 'snooze_ended']),
    outcome: z.enum(['paged', 'nobody_on_call']),
    paged: z.array(z.object({ user: z.string(), via: z.string() })),
    actions: z.array(ActionResponse),
    message: z.string().meta({ example: 'step 2: paged alice (on call for Payments)' }),
    at: z.iso.datetime(),
    next_due_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'EscalationStepRun' });

const EscalationsResponse = z.object({
  escalation: z
    .object({
      policy_id: z.string(),
      policy_name: z.string(),
      state: z.enum(['active', 'stopped', 'completed']),
      stop_reason: z.string().nullable(),
      next_step: z.number().int(),
      loop: z.number().int(),
      runs: z.number().int(),
      started_at: z.iso.datetime(),
      pending_timers: z.array(z.object({ kind: z.enum(['escalation_step', 'ack_timeout', 'snooze', 'auto_resolve']), due_at: z.iso.datetime() })),
    })
    .nullable(),
  items: z.array(StepRunResponse),
  next_cursor: z.string().nullable(),
  limit: z.number().int(),
});

const EscalateNowResponse = z.object({ escalated: z.boolean().describe('false when this click repeated one that had just escalated'), run: StepRunResponse.nullable(), message: z.string() });

// ---- automated responses (functions/automation/) ----

const AutomationActionResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('webhook'), url: z.string(), has_secret: z.boolean().describe('The signing secret is never shown again') }),
  z.object({ type: z.literal('lambda'), function_arn: z.string().describe('In AUTOMATION_LAMBDA_ALLOWLIST') }),
  z.object({ type: z.literal('ssm_automation'), document_name: z.string().describe('In AUTOMATION_SSM_DOCUMENTS'), parameters: z.record(z.string(), z.array(z.string())) }),
]);

export const AutomatedResponseResponse = z
  .object({
    id: z.string().meta({ example: 'arr_01JD2X5Q7R8S9T0V1W2X3Y4Z5A' }),
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    conditions: z.object({ severities: z.array(z.enum(SEVERITIES)), components: z.array(z.string()), services: z.array(z.string()), incident_types: z.array(z.enum(INCIDENT_TYPES)), teams: z.array(z.string()) }).describe('As escalation policies: empty lists match anything'),
    run_on: z.array(z.enum(['created', 'severity_raised'])),
    action: AutomationActionResponse,
    created_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int().describe('Also the ETag'),
  })
  .meta({ id: 'AutomatedResponse' });

const executionStatus = z.enum(['pending', 'in_progress', 'success', 'failed', 'skipped']);
export const AutomatedResponseExecutionResponse = z
  .object({
    id: z.string().meta({ example: 'are_01JD2X5Q7R8S9T0V1W2X3Y4Z5B' }),
    incident_id: z.string(),
    rule_id: z.string(),
    rule_name: z.string(),
    trigger: z.string().meta({ example: 'created' }).describe('`created` or `severity_raised:v<incident version>`'),
    action_type: z.enum(['webhook', 'lambda', 'ssm_automation']),
    target: z.string().describe("The webhook's host, the function ARN or the document name"),
    status: executionStatus,
    reason: z.string().nullable().meta({ example: 'not available in local mode' }),
    external_id: z.string().nullable().describe('SSM automation execution id, Lambda request id or HTTP status'),
    started_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    history: z.array(z.object({ status: executionStatus, at: z.iso.datetime(), reason: z.string().nullable() })),
    version: z.number().int(),
  })
  .meta({ id: 'AutomatedResponseExecution' });
// reviews (issue 13): action items and the post-incident report.
const ActionItemResponse = z
  .object({
    id: z.string().describe('ULID'),
    incident_id: z.string(),
    title: z.string(),
    owner: z.string().nullable().describe('User id (token subject) of the owner'),
    due_date: z.iso.date().nullable(),
    status: z.enum(['open', 'done']),
    link: z.url().nullable().describe('https link to the ticket or document'),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    done_at: z.iso.datetime().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'ActionItem' });

const ReportResponse = z
  .object({
    incident_id: z.string(),
    generated_at: z.iso.datetime(),
    summary: z.looseObject({ title: z.string(), description: z.string(), status: z.enum(STATUSES), severity: z.enum(SEVERITIES), impact: z.number().int(), review_completed_at: nullableTime }),
    impact: z.object({
      components: z.array(z.object({ id: z.string(), name: z.string() })),
      affected_services: z.array(z.string()),
      affected_regions: z.array(z.string()),
      started_at: z.iso.datetime(),
      resolved_at: nullableTime,
      duration_seconds: z.number().int().describe('start → resolution, or → generated_at while ongoing'),
      ongoing: z.boolean(),
      is_public: z.boolean(),
      public_updates: z.array(z.object({ at: z.iso.datetime(), status: z.enum(STATUSES), body: z.string() })).describe('What the public was told, oldest first'),
    }),
    metrics: z.object({ mtta_seconds: z.number().int().nullable(), mttr_seconds: z.number().int().nullable(), duration_seconds: z.number().int() }),
    timeline: z.array(z.object({ at: z.iso.datetime(), type: z.string(), actor: z.string(), detail: z.string() })).describe('Oldest first, UTC'),
    alerts: z.array(z.object({ alarm_name: z.string(), state: z.string(), component_id: z.string().nullable(), updated_at: z.iso.datetime() })),
    escalation: z
      .object({ policy_name: z.string(), state: z.string(), stop_reason: z.string().nullable(), started_at: z.iso.datetime(), runs: z.array(z.object({ at: z.iso.datetime(), step: z.number().int(), loop: z.number().int(), outcome: z.string(), message: z.string() })) })
      .nullable(),
    action_items: z.object({ open: z.number().int(), done: z.number().int(), items: z.array(ActionItemResponse).describe('Open first') }),
  })
  .describe('JSON by default; `text/markdown; charset=utf-8` with `Accept: text/markdown` or `?format=md`')
  .meta({ id: 'IncidentReport' });

export const API_RESPONSES: Partial<Record<RouteId, z.ZodType>> = {
  health: HealthResponse,
  healthReady: HealthResponse,
  healthLive: LiveResponse,
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
  putNotificationPreferences: SavedPreferencesResponse,
  rotateWebhookSecret: WebhookSecretResponse,
  reportComponentStatus: ComponentStatusResponse,
  updateComponent: ComponentResponse,
  updateIncident: IncidentResponse,
  updateMaintenance: MaintenanceResponse,
  // API reference (rel-defects)
  getOpenApi: z.looseObject({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }).loose(), paths: z.record(z.string(), z.unknown()) }),
  getApiReference: z.string().meta({ description: 'text/html' }),

  // Paging
  createTeam: TeamResponse,
  listTeams: pageOf(TeamResponse),
  getTeam: TeamResponse,
  updateTeam: TeamResponse,
  getTeamOnCall: TeamOnCallResponse,
  createSchedule: ScheduleResponse,
  listSchedules: pageOf(ScheduleResponse),
  getSchedule: ScheduleResponse,
  updateSchedule: ScheduleResponse,
  createScheduleOverride: OverrideResponse,
  getScheduleOnCall: OnCallResponse,
  listScheduleShifts: ShiftsResponse,
  createCalendarSecret: CalendarSecretResponse,
  getPersonCalendar: CalendarFeed,
  getScheduleCalendar: CalendarFeed,

  // Paging: escalation
  createEscalationPolicy: EscalationPolicyResponse,
  listEscalationPolicies: z.object({ items: z.array(EscalationPolicyResponse) }),
  getEscalationPolicy: EscalationPolicyResponse,
  replaceEscalationPolicy: EscalationPolicyResponse,
  escalateIncident: EscalateNowResponse,
  listIncidentEscalations: EscalationsResponse,
  snoozeIncident: IncidentResponse,
  getAckLink: z.string().describe('An HTML page (text/html)'),
  useAckLink: z.string().describe('An HTML page (text/html)'),
  // status (site)
  getStatusPage: StatusPageHtml,
  getStatusHistory: StatusPageHtml,
  getStatusIncidentPage: StatusPageHtml,
  createStatusSubscriber: z.object({ status: z.literal('pending'), detail: z.string() }).meta({ id: 'StatusSubscriptionPending' }),
  confirmStatusSubscriber: StatusPageHtml,
  getStatusSubscriberConfirm: StatusPageHtml,
  getStatusSubscriberUnsubscribe: StatusPageHtml,
  deleteStatusSubscriber: StatusPageHtml,
  // Automated responses
  createAutomatedResponse: AutomatedResponseResponse,
  listAutomatedResponses: z.object({ items: z.array(AutomatedResponseResponse) }),
  getAutomatedResponse: AutomatedResponseResponse,
  replaceAutomatedResponse: AutomatedResponseResponse,
  listIncidentAutomatedResponses: z.object({ items: z.array(AutomatedResponseExecutionResponse) }),
  // reviews (issue 13)
  createActionItem: ActionItemResponse,
  listActionItems: z.object({ items: z.array(ActionItemResponse).describe('Open items first (by due date), then done ones') }),
  updateActionItem: ActionItemResponse,
  getIncidentReport: ReportResponse,
};

// ---- public status (functions/status/) ----

const publicUpdate = z.object({ id: z.string(), incident_id: z.string(), status: z.enum(STATUSES), body: z.string(), created_at: z.iso.datetime() }).meta({ id: 'PublicUpdate' });
const publicIncident = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(STATUSES),
    impact: z.number().int().min(0).max(3),
    severity: z.enum(SEVERITIES),
    incident_type: z.enum(INCIDENT_TYPES),
    components: z.array(z.string()),
    started_at: z.iso.datetime(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime().describe('Time of the last public change'),
    monitoring_at: nullableTime,
    resolved_at: nullableTime,
    closed_at: nullableTime,
    public_message: z.string().nullable(),
    rss_enabled: z.boolean(),
    updates: z.array(publicUpdate).describe('Public updates, newest first'),
  })
  .meta({ id: 'PublicIncident' });
const componentStatusName = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
const publicComponent = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    display_group: z.string().nullable(),
    status: componentStatusName,
    impact: z.number().int().min(0).max(3),
    incident_ids: z.array(z.string()),
    maintenance_ids: z.array(z.string()),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'PublicComponent' });
const publicMaintenance = z
  .object({ id: z.string(), title: z.string(), description: z.string(), status: z.enum(MAINTENANCE_STATUSES), components: z.array(z.string()), scheduled_for: z.iso.datetime(), scheduled_until: z.iso.datetime(), created_at: z.iso.datetime(), updated_at: z.iso.datetime() })
  .meta({ id: 'PublicMaintenance' });
const pageInfo = z.object({ id: z.string(), name: z.string(), url: z.string(), time_zone: z.string(), updated_at: z.iso.datetime() }).meta({ id: 'StatusPage' });

export const StatusSummaryResponse = z
  .object({
    page: pageInfo,
    status: z.object({ indicator: z.enum(['none', 'minor', 'major', 'critical']), description: z.string(), maintenance: z.boolean() }),
    groups: z.array(z.object({ name: z.string().nullable(), status: componentStatusName, components: z.array(publicComponent) })),
    components: z.array(publicComponent),
    incidents: z.array(publicIncident),
    active_maintenances: z.array(publicMaintenance),
    upcoming_maintenances: z.array(publicMaintenance),
  })
  .meta({ id: 'StatusSummary' });

// Statuspage public API v2 shapes (test/fixtures/statuspage/*.schema.json hold the JSON Schemas the tests check against).
const spPage = z.object({ id: z.string(), name: z.string(), url: z.string(), time_zone: z.string(), updated_at: z.iso.datetime() }).meta({ id: 'StatuspagePage' });
const spComponent = z
  .object({
    id: z.string(), name: z.string(), status: componentStatusName, created_at: z.iso.datetime(), updated_at: z.iso.datetime(), position: z.number().int(),
    description: z.string().nullable(), showcase: z.boolean(), start_date: z.string().nullable(), group_id: z.string().nullable(), page_id: z.string(),
    group: z.boolean(), only_show_if_degraded: z.boolean(), components: z.array(z.string()).optional(),
  })
  .meta({ id: 'StatuspageComponent' });
const spUpdate = z
  .object({ id: z.string(), status: z.string(), body: z.string(), incident_id: z.string(), created_at: z.iso.datetime(), updated_at: z.iso.datetime(), display_at: z.iso.datetime(), affected_components: z.null(), deliver_notifications: z.boolean() })
  .meta({ id: 'StatuspageIncidentUpdate' });
const spIncidentFields = {
  id: z.string(), name: z.string(), impact: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']), created_at: z.iso.datetime(), updated_at: z.iso.datetime(),
  monitoring_at: nullableTime, resolved_at: nullableTime, started_at: z.iso.datetime(), shortlink: z.string(), page_id: z.string(), incident_updates: z.array(spUpdate), components: z.array(spComponent),
};
const spIncident = z.object({ ...spIncidentFields, status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']) }).meta({ id: 'StatuspageIncident' });
const spMaintenance = z
  .object({ ...spIncidentFields, status: z.enum(['scheduled', 'in_progress', 'verifying', 'completed']), scheduled_for: z.iso.datetime(), scheduled_until: z.iso.datetime() })
  .meta({ id: 'StatuspageScheduledMaintenance' });
const spStatus = z.object({ indicator: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']), description: z.string() });
const spIncidents = z.object({ page: spPage, incidents: z.array(spIncident) });
const spMaintenances = z.object({ page: spPage, scheduled_maintenances: z.array(spMaintenance) });

/** Feeds answer with XML or JSON Feed documents, not with an API JSON body. */
const feedDocument = z.string().describe('The feed document');

/** Media type of routes whose success body is not `application/json` (lib/openapi.ts). */
export const API_MEDIA_TYPES: Partial<Record<RouteId, readonly string[]>> = {
  getIncidentsFeedRss: ['application/rss+xml'],
  getIncidentsFeedAtom: ['application/atom+xml'],
  getIncidentsFeedJson: ['application/feed+json'],
  /** By the file suffix: .rss, .atom, .json. */
  getIncidentFeed: ['application/rss+xml', 'application/atom+xml', 'application/feed+json'],
};

Object.assign(API_RESPONSES, {
  getStatusSummary: StatusSummaryResponse,
  getStatuspageSummary: z.object({ page: spPage, components: z.array(spComponent), incidents: z.array(spIncident), scheduled_maintenances: z.array(spMaintenance), status: spStatus }).meta({ id: 'StatuspageSummary' }),
  getStatuspageStatus: z.object({ page: spPage, status: spStatus }).meta({ id: 'StatuspageStatus' }),
  getStatuspageComponents: z.object({ page: spPage, components: z.array(spComponent) }).meta({ id: 'StatuspageComponents' }),
  getStatuspageIncidents: spIncidents,
  getStatuspageUnresolved: spIncidents,
  getStatuspageMaintenances: spMaintenances,
  getStatuspageUpcoming: spMaintenances,
  getStatuspageActiveMaintenances: spMaintenances,
  getIncidentsFeedRss: feedDocument,
  getIncidentsFeedAtom: feedDocument,
  getIncidentsFeedJson: feedDocument,
  getIncidentFeed: feedDocument,
} satisfies Partial<Record<RouteId, z.ZodType>>);

// status (site, subscribers): the HTML answers
Object.assign(API_MEDIA_TYPES, {
  getStatusPage: ['text/html'],
  getStatusHistory: ['text/html'],
  getStatusIncidentPage: ['text/html'],
  confirmStatusSubscriber: ['text/html'],
  getStatusSubscriberConfirm: ['text/html'],
  getStatusSubscriberUnsubscribe: ['text/html'],
  deleteStatusSubscriber: ['text/html'],
} satisfies Partial<Record<RouteId, readonly string[]>>);

// analytics: GET /v1/incidents/analytics and the Prometheus exposition at /metrics
const bucketRange = z.object({ gt: z.number(), le: z.number().nullable().describe('null: the +Inf bucket') });
const measureStats = z
  .object({
    count: z.number().int(),
    sum_seconds: z.number(),
    mean_seconds: z.number().nullable(),
    p50_seconds_estimate: z.number().nullable().describe('Estimated from the histogram buckets'),
    p90_seconds_estimate: z.number().nullable().describe('Estimated from the histogram buckets'),
    min_bucket: bucketRange.nullable().describe('The bucket holding the minimum'),
    max_bucket: bucketRange.nullable().describe('The bucket holding the maximum'),
  })
  .meta({ id: 'DurationStats' });
export const AnalyticsResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    group_by: z.enum(['severity', 'service', 'team', 'day']),
    open_now: z.number().int().describe('Incidents active now (all groups)'),
    estimates: z.string().describe('How the estimates are made'),
    buckets: z.object({ mtta_seconds: z.array(z.number()), mttr_seconds: z.array(z.number()) }),
    groups: z.array(
      z.object({
        key: z.string(),
        created: z.number().int(),
        acknowledged: z.number().int(),
        resolved: z.number().int(),
        open_now: z.number().int().nullable().describe('null for day groups'),
        mtta: measureStats,
        mttr: measureStats,
      }),
    ),
    items_read: z.number().int().describe('DynamoDB items read to answer (grows with days × groups, not incidents)'),
  })
  .meta({ id: 'IncidentAnalytics' });
Object.assign(API_RESPONSES, {
  getIncidentAnalytics: AnalyticsResponse,
  getMetrics: z.string().describe('Prometheus text exposition format 0.0.4'),
} satisfies Partial<Record<RouteId, z.ZodType>>);
Object.assign(API_MEDIA_TYPES, {
  getMetrics: ['text/plain; version=0.0.4'],
} satisfies Partial<Record<RouteId, readonly string[]>>);
// Integrations (issue 12): integrations (the routing key only in the create and rotate answers),
// the PagerDuty Events API v2 answer, an incident's linked alerts.
const IntegrationMappingResponse = z.discriminatedUnion('type', [
  z.object({ type: z.literal('component'), component_id: z.string(), impact: z.number().int() }),
  z.object({ type: z.literal('service'), service: z.string().nullable(), team: z.string().nullable(), default_severity: z.enum(SEVERITIES) }),
]);
const PdSeverityResponse = z.enum(['critical', 'error', 'warning', 'info']);
const WebhookMappingResponse = z.object({
  alerts: z.string().nullable().describe('JSON pointer to the array of alerts; null: the body is one alert'),
  title: z.array(z.string()).describe('JSON pointers tried in order'),
  severity: z.array(z.string()),
  severity_map: z.record(z.string(), PdSeverityResponse),
  default_severity: PdSeverityResponse,
  dedup_key: z.array(z.string()),
  status: z.array(z.string()).describe("Its value 'firing' or 'resolved' (or one of resolved_values)"),
  resolved_values: z.array(z.string()),
  source: z.array(z.string()),
});
export const IntegrationResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['events_v2', 'webhook']),
    mapping: IntegrationMappingResponse,
    webhook: z
      .object({ preset: z.enum(['alertmanager', 'grafana', 'elastic_watcher']).nullable(), mapping: WebhookMappingResponse.nullable() })
      .nullable()
      .describe('Kind webhook: a preset or a field mapping; null for events_v2'),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    key_rotated_at: z.iso.datetime().describe('When the routing key or webhook secret was last issued'),
  })
  .meta({ id: 'Integration' });
export const IntegrationWithKeyResponse = IntegrationResponse.extend({
  routing_key: z.string().length(32).optional().describe('events_v2: shown only in this answer; store it in the sending tool'),
  secret: z.string().startsWith('whsec_').optional().describe('webhook: the signing secret, shown only in this answer'),
}).meta({ id: 'IntegrationWithCredential' });
export const ChangeEventResponse = z
  .object({
    id: z.string(),
    integration_id: z.string(),
    summary: z.string(),
    source: z.string().nullable(),
    timestamp: z.iso.datetime().describe("When the change happened (the event's payload.timestamp, else when it arrived)"),
    received_at: z.iso.datetime(),
    custom_details: z.unknown(),
    links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
    service: z.string().nullable(),
    team: z.string().nullable(),
    component_id: z.string().nullable(),
    incident_ids: z.array(z.string()).describe('Active incidents whose timeline got incident.change_recorded'),
  })
  .meta({ id: 'ChangeEvent' });
export const AlertResponse = z
  .object({
    id: z.string(),
    integration_id: z.string(),
    dedup_key: z.string(),
    status: z.enum(['triggered', 'acknowledged', 'resolved']),
    summary: z.string(),
    severity: z.enum(['critical', 'error', 'warning', 'info']),
    source: z.string(),
    payload: z.record(z.string(), z.unknown()).describe("The trigger's payload with client, client_url, images and links"),
    count: z.number().int().describe('Triggers counted while it was open'),
    created_at: z.iso.datetime(),
    last_seen: z.iso.datetime(),
    acknowledged_at: nullableTime,
    resolved_at: nullableTime,
    incident_id: z.string().nullable(),
    component_id: z.string().nullable(),
  })
  .meta({ id: 'Alert' });
Object.assign(API_RESPONSES, {
  createIntegration: IntegrationWithKeyResponse,
  listIntegrations: pageOf(IntegrationResponse),
  getIntegration: IntegrationResponse,
  rotateIntegrationKey: IntegrationWithKeyResponse,
  enqueueEvent: z
    .object({ status: z.literal('success'), message: z.literal('Event processed'), dedup_key: z.string() })
    .meta({ id: 'PagerDutyEventAccepted', description: "PagerDuty's answer (not problem+json): 400 is {status: 'invalid event', message, errors[]}, 429 {status: 'throttle event', message}" }),
  listIncidentAlerts: pageOf(AlertResponse),
  enqueueChangeEvent: z
    .object({ message: z.literal('Change event processed'), status: z.literal('success') })
    .meta({ id: 'PagerDutyChangeEventAccepted', description: "PagerDuty's answer (not problem+json): 400 is {status: 'invalid event', message, errors[]}, 429 {status: 'throttle event', message}" }),
  listChanges: pageOf(ChangeEventResponse),
  receiveWebhook: z
    .object({
      status: z.literal('accepted'),
      alerts: z.array(z.object({ dedup_key: z.string(), event_action: z.enum(['trigger', 'resolve']), result: z.enum(['opened', 'counted', 'acknowledged', 'resolved', 'dropped']) })),
    })
    .meta({ id: 'WebhookAccepted', description: 'Every refusal (unknown id, another kind, wrong signature or secret) is the same 403 problem' }),
} satisfies Partial<Record<RouteId, z.ZodType>>);
