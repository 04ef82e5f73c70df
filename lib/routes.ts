/**
 * THE route table. The CDK HTTP API (lib/constructs/http-api.ts) and the local HTTP server
 * (shared/local/gateway.ts) are both built from it, and every handler reads its own access rule
 * from it (shared/http/api.ts), so the cloud, local mode and the role checks cannot drift.
 *
 * This module is plain data: no CDK or AWS imports, so handler bundles can include it.
 */

export type Role = 'viewer' | 'responder' | 'admin';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `public`: no token. Otherwise a token whose role is at least `role`, or (for machine clients)
 * one that carries any of `scopes`. Scopes are written without the Cognito resource-server prefix.
 */
export type Access = 'public' | { readonly role: Role; readonly scopes: readonly string[] };

/** What the route is allowed to do with the table; the CDK grants follow it (least privilege). */
export type TableAccess = 'read' | 'readwrite';

export interface Route {
  /** Stable id; also the function's logical id in CDK and the operationId in OpenAPI. */
  readonly id: string;
  readonly method: Method;
  /** HTTP API path syntax: `/v1/incidents/{id}`. */
  readonly path: string;
  /** Handler file, relative to the project root; it exports `handler`. */
  readonly entry: string;
  readonly access: Access;
  readonly table: TableAccess;
  readonly summary: string;
  readonly tag: string;
}

type Protected = Exclude<Access, 'public'>;

const read = (...extra: string[]): Protected => ({ role: 'viewer', scopes: ['incidents:read', 'incidents:write', ...extra] });
const write = (...extra: string[]): Protected => ({ role: 'responder', scopes: ['incidents:write', ...extra] });
const admin: Protected = { role: 'admin', scopes: ['incidents:admin'] };

export const routes = [
  // System
  { id: 'health', method: 'GET', path: '/health', entry: 'functions/system/get-health.ts', access: 'public', table: 'read', summary: 'Readiness: the table answers (same as /health/ready)', tag: 'system' },
  { id: 'healthLive', method: 'GET', path: '/health/live', entry: 'functions/system/get-health-live.ts', access: 'public', table: 'read', summary: 'Liveness: the process answers (no I/O)', tag: 'system' },
  { id: 'healthReady', method: 'GET', path: '/health/ready', entry: 'functions/system/get-health-ready.ts', access: 'public', table: 'read', summary: 'Readiness: the table answers with the function\'s credentials; 503 with Retry-After when not', tag: 'system' },
  { id: 'getMe', method: 'GET', path: '/v1/me', entry: 'functions/system/get-me.ts', access: read(), table: 'read', summary: "The caller's identity, roles and scopes", tag: 'system' },

  // Incidents
  { id: 'createIncident', method: 'POST', path: '/v1/incidents', entry: 'functions/incidents/create-incident.ts', access: write(), table: 'readwrite', summary: 'Create an incident (Idempotency-Key honoured)', tag: 'incidents' },
  { id: 'listIncidents', method: 'GET', path: '/v1/incidents', entry: 'functions/incidents/list-incidents.ts', access: read(), table: 'read', summary: 'List incidents, newest first, with filters and cursor pagination', tag: 'incidents' },
  { id: 'getIncidentSummary', method: 'GET', path: '/v1/incidents/summary', entry: 'functions/incidents/get-incident-summary.ts', access: read(), table: 'read', summary: 'Counts by status and severity', tag: 'incidents' },
  { id: 'getIncident', method: 'GET', path: '/v1/incidents/{id}', entry: 'functions/incidents/get-incident.ts', access: read(), table: 'read', summary: 'One incident with its timeline, comments and assignments', tag: 'incidents' },
  { id: 'updateIncident', method: 'PATCH', path: '/v1/incidents/{id}', entry: 'functions/incidents/update-incident.ts', access: write(), table: 'readwrite', summary: 'Update fields (If-Match required)', tag: 'incidents' },
  { id: 'changeIncidentStatus', method: 'PUT', path: '/v1/incidents/{id}/status', entry: 'functions/incidents/change-incident-status.ts', access: write(), table: 'readwrite', summary: 'Move the incident through its lifecycle', tag: 'incidents' },
  { id: 'addIncidentUpdate', method: 'POST', path: '/v1/incidents/{id}/updates', entry: 'functions/incidents/add-incident-update.ts', access: write(), table: 'readwrite', summary: 'Add a timeline update, optionally with a status change', tag: 'incidents' },
  { id: 'addIncidentComment', method: 'POST', path: '/v1/incidents/{id}/comments', entry: 'functions/incidents/add-incident-comment.ts', access: write(), table: 'readwrite', summary: 'Comment on an incident', tag: 'incidents' },
  { id: 'listIncidentComments', method: 'GET', path: '/v1/incidents/{id}/comments', entry: 'functions/incidents/list-incident-comments.ts', access: read(), table: 'read', summary: "An incident's comments, oldest first", tag: 'incidents' },
  { id: 'addIncidentAssignment', method: 'POST', path: '/v1/incidents/{id}/assignments', entry: 'functions/incidents/add-incident-assignment.ts', access: write(), table: 'readwrite', summary: 'Assign a person to an incident', tag: 'incidents' },
  { id: 'removeIncidentAssignment', method: 'DELETE', path: '/v1/incidents/{id}/assignments', entry: 'functions/incidents/remove-incident-assignment.ts', access: write(), table: 'readwrite', summary: 'Remove an assignment (`?user=`)', tag: 'incidents' },
  { id: 'deleteIncident', method: 'DELETE', path: '/v1/incidents/{id}', entry: 'functions/incidents/delete-incident.ts', access: admin, table: 'readwrite', summary: 'Soft-delete an incident', tag: 'incidents' },

  // Components, component status (the metric-processor API), maintenance windows, alarm mappings.
  { id: 'createComponent', method: 'POST', path: '/v1/components', entry: 'functions/components/create-component.ts', access: admin, table: 'readwrite', summary: 'Register a component (name, attributes, display group)', tag: 'components' },
  { id: 'listComponents', method: 'GET', path: '/v1/components', entry: 'functions/components/list-components.ts', access: read(), table: 'read', summary: 'Every registered component', tag: 'components' },
  { id: 'getComponent', method: 'GET', path: '/v1/components/{id}', entry: 'functions/components/get-component.ts', access: read(), table: 'read', summary: 'One component', tag: 'components' },
  { id: 'updateComponent', method: 'PATCH', path: '/v1/components/{id}', entry: 'functions/components/update-component.ts', access: admin, table: 'readwrite', summary: "Change a component's name, attributes, description or display group", tag: 'components' },
  { id: 'deleteComponent', method: 'DELETE', path: '/v1/components/{id}', entry: 'functions/components/delete-component.ts', access: admin, table: 'readwrite', summary: 'Delete a component no active incident names', tag: 'components' },
  { id: 'getComponentAvailability', method: 'GET', path: '/v1/components/{id}/availability', entry: 'functions/components/get-component-availability.ts', access: read(), table: 'read', summary: 'Monthly availability over the last 6 months, from resolved outages', tag: 'components' },
  { id: 'reportComponentStatus', method: 'POST', path: '/v1/component_status', entry: 'functions/components/report-component-status.ts', access: { role: 'responder', scopes: ['component_status:write'] }, table: 'readwrite', summary: 'Report a component status: opens, joins, moves or raises a system incident', tag: 'components' },
  { id: 'getComponentStatus', method: 'GET', path: '/v1/component_status', entry: 'functions/components/get-component-status.ts', access: 'public', table: 'read', summary: 'Every component with its current impact and incident (public fields only)', tag: 'components' },
  { id: 'createMaintenance', method: 'POST', path: '/v1/maintenances', entry: 'functions/maintenances/create-maintenance.ts', access: write(), table: 'readwrite', summary: 'Plan a maintenance window (impact 0) for components', tag: 'maintenances' },
  { id: 'listMaintenances', method: 'GET', path: '/v1/maintenances', entry: 'functions/maintenances/list-maintenances.ts', access: read(), table: 'read', summary: 'Maintenance windows, latest start first, with their status', tag: 'maintenances' },
  { id: 'getMaintenance', method: 'GET', path: '/v1/maintenances/{id}', entry: 'functions/maintenances/get-maintenance.ts', access: read(), table: 'read', summary: 'One maintenance window with its status (planned, in_progress, completed)', tag: 'maintenances' },
  { id: 'updateMaintenance', method: 'PATCH', path: '/v1/maintenances/{id}', entry: 'functions/maintenances/update-maintenance.ts', access: write(), table: 'readwrite', summary: 'Change a planned or in-progress maintenance window', tag: 'maintenances' },
  { id: 'createAlarmMapping', method: 'POST', path: '/v1/alarm_mappings', entry: 'functions/alarms/create-alarm-mapping.ts', access: admin, table: 'readwrite', summary: 'Map a CloudWatch alarm name or prefix to a component and impact', tag: 'alarms' },
  { id: 'listAlarmMappings', method: 'GET', path: '/v1/alarm_mappings', entry: 'functions/alarms/list-alarm-mappings.ts', access: admin, table: 'read', summary: 'Every alarm mapping', tag: 'alarms' },
  { id: 'deleteAlarmMapping', method: 'DELETE', path: '/v1/alarm_mappings/{id}', entry: 'functions/alarms/delete-alarm-mapping.ts', access: admin, table: 'readwrite', summary: 'Delete an alarm mapping', tag: 'alarms' },

  // Events and notifications. Subscriptions are org-wide (their targets are secrets): admins only.
  // Preferences: any person for their own (`me`), an admin for anyone's (checked in the handler).
  { id: 'listEvents', method: 'GET', path: '/v1/events', entry: 'functions/events/list-events.ts', access: read(), table: 'read', summary: 'The audit trail: every timeline event, newest first (incident, type, from/to filters; cursor)', tag: 'events' },
  { id: 'listIncidentNotifications', method: 'GET', path: '/v1/incidents/{id}/notifications', entry: 'functions/notifications/list-incident-notifications.ts', access: read(), table: 'read', summary: "Every delivery attempt of an incident's notifications", tag: 'notifications' },
  { id: 'createSubscription', method: 'POST', path: '/v1/subscriptions', entry: 'functions/notifications/create-subscription.ts', access: admin, table: 'readwrite', summary: 'Subscribe a webhook, Slack, e-mail or SNS target (webhook secret returned once)', tag: 'notifications' },
  { id: 'listSubscriptions', method: 'GET', path: '/v1/subscriptions', entry: 'functions/notifications/list-subscriptions.ts', access: admin, table: 'read', summary: 'List subscriptions, newest first', tag: 'notifications' },
  { id: 'getSubscription', method: 'GET', path: '/v1/subscriptions/{id}', entry: 'functions/notifications/get-subscription.ts', access: admin, table: 'read', summary: 'One subscription (never its secret)', tag: 'notifications' },
  { id: 'deleteSubscription', method: 'DELETE', path: '/v1/subscriptions/{id}', entry: 'functions/notifications/delete-subscription.ts', access: admin, table: 'readwrite', summary: 'Delete a subscription; queued deliveries to it are dropped', tag: 'notifications' },
  { id: 'getNotificationPreferences', method: 'GET', path: '/v1/users/{id}/notification_preferences', entry: 'functions/notifications/get-notification-preferences.ts', access: { role: 'viewer', scopes: ['incidents:admin'] }, table: 'read', summary: "A person's notification preferences (`me` for the caller)", tag: 'notifications' },
  { id: 'putNotificationPreferences', method: 'PUT', path: '/v1/users/{id}/notification_preferences', entry: 'functions/notifications/put-notification-preferences.ts', access: { role: 'viewer', scopes: ['incidents:admin'] }, table: 'readwrite', summary: "Replace a person's notification preferences (own, or anyone's as admin)", tag: 'notifications' },
  { id: 'rotateWebhookSecret', method: 'POST', path: '/v1/users/{id}/webhook_secret', entry: 'functions/notifications/rotate-webhook-secret.ts', access: { role: 'viewer', scopes: ['incidents:admin'] }, table: 'readwrite', summary: "Rotate the signing secret of a person's webhook channels (own, or anyone's as admin); returns the new one once", tag: 'notifications' },

  // API reference (rel-defects): the OpenAPI document and a page rendered from it, both public.
  { id: 'getOpenApi', method: 'GET', path: '/v1/openapi.json', entry: 'functions/system/get-openapi.ts', access: 'public', table: 'read', summary: 'The OpenAPI 3.1 document of this API', tag: 'system' },
  { id: 'getApiReference', method: 'GET', path: '/docs', entry: 'functions/system/get-api-reference.ts', access: 'public', table: 'read', summary: 'The API reference as an HTML page (rendered from the OpenAPI document)', tag: 'system' },
  // Paging: teams and on-call schedules. Admins shape teams and schedules; responders add and
  // remove overrides (shift swaps); everyone with read access asks who is on call.
  { id: 'createTeam', method: 'POST', path: '/v1/teams', entry: 'functions/paging/create-team.ts', access: admin, table: 'readwrite', summary: 'Create a team (id = the slug incidents carry in assigned_team)', tag: 'paging' },
  { id: 'listTeams', method: 'GET', path: '/v1/teams', entry: 'functions/paging/list-teams.ts', access: read(), table: 'read', summary: 'List teams', tag: 'paging' },
  { id: 'getTeam', method: 'GET', path: '/v1/teams/{id}', entry: 'functions/paging/get-team.ts', access: read(), table: 'read', summary: 'One team', tag: 'paging' },
  { id: 'updateTeam', method: 'PATCH', path: '/v1/teams/{id}', entry: 'functions/paging/update-team.ts', access: admin, table: 'readwrite', summary: "Change a team's name, members, schedule, policy or auto-resolve hours (If-Match optional)", tag: 'paging' },
  { id: 'deleteTeam', method: 'DELETE', path: '/v1/teams/{id}', entry: 'functions/paging/delete-team.ts', access: admin, table: 'readwrite', summary: 'Delete a team nothing uses', tag: 'paging' },
  { id: 'getTeamOnCall', method: 'GET', path: '/v1/teams/{id}/oncall', entry: 'functions/paging/get-team-oncall.ts', access: read(), table: 'read', summary: "Who of the team is on call now or at a time (`?at=`)", tag: 'paging' },
  { id: 'createSchedule', method: 'POST', path: '/v1/schedules', entry: 'functions/paging/create-schedule.ts', access: admin, table: 'readwrite', summary: 'Create an on-call schedule: rotations, restrictions, overrides', tag: 'paging' },
  { id: 'listSchedules', method: 'GET', path: '/v1/schedules', entry: 'functions/paging/list-schedules.ts', access: read(), table: 'read', summary: 'List schedules', tag: 'paging' },
  { id: 'getSchedule', method: 'GET', path: '/v1/schedules/{id}', entry: 'functions/paging/get-schedule.ts', access: read(), table: 'read', summary: 'One schedule with its rotations and overrides', tag: 'paging' },
  { id: 'updateSchedule', method: 'PATCH', path: '/v1/schedules/{id}', entry: 'functions/paging/update-schedule.ts', access: admin, table: 'readwrite', summary: "Change a schedule's name, rotations or overrides (If-Match optional)", tag: 'paging' },
  { id: 'deleteSchedule', method: 'DELETE', path: '/v1/schedules/{id}', entry: 'functions/paging/delete-schedule.ts', access: admin, table: 'readwrite', summary: 'Delete a schedule no team (or policy) uses', tag: 'paging' },
  { id: 'createScheduleOverride', method: 'POST', path: '/v1/schedules/{id}/overrides', entry: 'functions/paging/create-schedule-override.ts', access: write(), table: 'readwrite', summary: 'Add, remove or replace a person for a time span', tag: 'paging' },
  { id: 'deleteScheduleOverride', method: 'DELETE', path: '/v1/schedules/{id}/overrides/{override_id}', entry: 'functions/paging/delete-schedule-override.ts', access: write(), table: 'readwrite', summary: 'Delete an override', tag: 'paging' },
  { id: 'getScheduleOnCall', method: 'GET', path: '/v1/schedules/{id}/oncall', entry: 'functions/paging/get-schedule-oncall.ts', access: read(), table: 'read', summary: 'Who is on call now or at a time (`?at=`)', tag: 'paging' },
  { id: 'listScheduleShifts', method: 'GET', path: '/v1/schedules/{id}/shifts', entry: 'functions/paging/list-schedule-shifts.ts', access: read(), table: 'read', summary: 'The final shifts of a window (`from`, `to`, at most 93 days) after restrictions and overrides', tag: 'paging' },
  // Calendar feeds: calendar apps send no token, the URL carries the person's revocable feed secret.
  { id: 'createCalendarSecret', method: 'POST', path: '/v1/users/{id}/calendar_secret', entry: 'functions/paging/create-calendar-secret.ts', access: { role: 'viewer', scopes: ['incidents:admin'] }, table: 'readwrite', summary: 'Create or rotate your calendar feed secret (`me`); returns the feed URLs once', tag: 'paging' },
  { id: 'deleteCalendarSecret', method: 'DELETE', path: '/v1/users/{id}/calendar_secret', entry: 'functions/paging/delete-calendar-secret.ts', access: { role: 'viewer', scopes: ['incidents:admin'] }, table: 'readwrite', summary: 'Revoke a calendar feed secret (own, or anyone\'s as admin)', tag: 'paging' },
  { id: 'getPersonCalendar', method: 'GET', path: '/v1/calendar/{user}/{secret}', entry: 'functions/paging/get-person-calendar.ts', access: 'public', table: 'read', summary: "iCalendar feed of a person's on-call shifts, next 60 days (secret in the URL)", tag: 'paging' },
  { id: 'getScheduleCalendar', method: 'GET', path: '/v1/calendar/{user}/{secret}/schedules/{id}', entry: 'functions/paging/get-schedule-calendar.ts', access: 'public', table: 'read', summary: "iCalendar feed of a schedule's shifts, next 60 days (secret in the URL)", tag: 'paging' },

  // Paging: escalation policies, escalate now, snooze, step runs, acknowledge links (functions/paging).
  // The acknowledge link is public: the signed, expiring, single-use token in the path is the credential.
  { id: 'createEscalationPolicy', method: 'POST', path: '/v1/escalation_policies', entry: 'functions/paging/create-escalation-policy.ts', access: admin, table: 'readwrite', summary: 'Create an escalation policy (conditions, ordered steps, repeat, acknowledgement timeout)', tag: 'paging' },
  { id: 'listEscalationPolicies', method: 'GET', path: '/v1/escalation_policies', entry: 'functions/paging/list-escalation-policies.ts', access: read(), table: 'read', summary: 'Every escalation policy, oldest first (the order the starter tries them in)', tag: 'paging' },
  { id: 'getEscalationPolicy', method: 'GET', path: '/v1/escalation_policies/{id}', entry: 'functions/paging/get-escalation-policy.ts', access: read(), table: 'read', summary: 'One escalation policy', tag: 'paging' },
  { id: 'replaceEscalationPolicy', method: 'PUT', path: '/v1/escalation_policies/{id}', entry: 'functions/paging/replace-escalation-policy.ts', access: admin, table: 'readwrite', summary: 'Replace an escalation policy (If-Match optional); running escalations keep their copy', tag: 'paging' },
  { id: 'deleteEscalationPolicy', method: 'DELETE', path: '/v1/escalation_policies/{id}', entry: 'functions/paging/delete-escalation-policy.ts', access: admin, table: 'readwrite', summary: 'Delete an escalation policy', tag: 'paging' },
  { id: 'escalateIncident', method: 'POST', path: '/v1/incidents/{id}/escalate', entry: 'functions/paging/escalate-incident.ts', access: write(), table: 'readwrite', summary: 'Run the next escalation step now (two clicks in a row escalate once)', tag: 'paging' },
  { id: 'listIncidentEscalations', method: 'GET', path: '/v1/incidents/{id}/escalations', entry: 'functions/paging/list-incident-escalations.ts', access: read(), table: 'read', summary: "The incident's escalation and every step run, oldest first", tag: 'paging' },
  { id: 'snoozeIncident', method: 'POST', path: '/v1/incidents/{id}/snooze', entry: 'functions/paging/snooze-incident.ts', access: write(), table: 'readwrite', summary: 'Snooze an acknowledged incident until a time; then the assignee is paged again and escalation resumes', tag: 'paging' },
  { id: 'getAckLink', method: 'GET', path: '/v1/ack/{token}', entry: 'functions/paging/get-ack-link.ts', access: 'public', table: 'read', summary: 'The confirmation page of an acknowledge link (GET never acknowledges)', tag: 'paging' },
  { id: 'useAckLink', method: 'POST', path: '/v1/ack/{token}', entry: 'functions/paging/use-ack-link.ts', access: 'public', table: 'readwrite', summary: 'Acknowledge through a signed, expiring, single-use link from a page', tag: 'paging' },
  // Public status (functions/status/): the public summary, the Statuspage-compatible documents and
  // the incident feeds. Public fields of public incidents only (shared/domain/status/public-model.ts).
  { id: 'getStatusSummary', method: 'GET', path: '/v1/status/summary', entry: 'functions/status/get-status-summary.ts', access: 'public', table: 'read', summary: 'Overall status, components by group, active public incidents with their public updates, maintenances', tag: 'status' },
  { id: 'getStatuspageSummary', method: 'GET', path: '/api/v2/summary.json', entry: 'functions/status/get-statuspage-summary.ts', access: 'public', table: 'read', summary: 'Statuspage-compatible summary: page, components, unresolved incidents, maintenances, status', tag: 'statuspage' },
  { id: 'getStatuspageStatus', method: 'GET', path: '/api/v2/status.json', entry: 'functions/status/get-statuspage-status.ts', access: 'public', table: 'read', summary: 'Statuspage-compatible overall indicator and description', tag: 'statuspage' },
  { id: 'getStatuspageComponents', method: 'GET', path: '/api/v2/components.json', entry: 'functions/status/get-statuspage-components.ts', access: 'public', table: 'read', summary: 'Statuspage-compatible components (display groups as group components)', tag: 'statuspage' },
  { id: 'getStatuspageIncidents', method: 'GET', path: '/api/v2/incidents.json', entry: 'functions/status/get-statuspage-incidents.ts', access: 'public', table: 'read', summary: 'Statuspage-compatible list of the 50 most recent public incidents', tag: 'statuspage' },
  { id: 'getStatuspageUnresolved', method: 'GET', path: '/api/v2/incidents/unresolved.json', entry: 'functions/status/get-statuspage-unresolved.ts', access: 'public', table: 'read', summary: 'Statuspage-compatible list of unresolved public incidents', tag: 'statuspage' },
  { id: 'getStatuspageMaintenances', method: 'GET', path: '/api/v2/scheduled-maintenances.json', entry: 'functions/status/get-statuspage-maintenances.ts', access: 'public', table: 'read', summary: 'Statuspage-compatible list of the 50 latest maintenance windows', tag: 'statuspage' },
  { id: 'getStatuspageUpcoming', method: 'GET', path: '/api/v2/scheduled-maintenances/upcoming.json', entry: 'functions/status/get-statuspage-upcoming.ts', access: 'public', table: 'read', summary: 'Statuspage-compatible list of planned maintenance windows', tag: 'statuspage' },
  { id: 'getStatuspageActiveMaintenances', method: 'GET', path: '/api/v2/scheduled-maintenances/active.json', entry: 'functions/status/get-statuspage-active-maintenances.ts', access: 'public', table: 'read', summary: 'Statuspage-compatible list of maintenance windows in progress', tag: 'statuspage' },
  { id: 'getIncidentsFeedRss', method: 'GET', path: '/v1/feeds/incidents.rss', entry: 'functions/status/get-incidents-feed-rss.ts', access: 'public', table: 'read', summary: 'RSS 2.0 feed of public incidents (include_resolved, max_items, ttl, component)', tag: 'feeds' },
  { id: 'getIncidentsFeedAtom', method: 'GET', path: '/v1/feeds/incidents.atom', entry: 'functions/status/get-incidents-feed-atom.ts', access: 'public', table: 'read', summary: 'Atom 1.0 feed of public incidents (same options as the RSS feed)', tag: 'feeds' },
  { id: 'getIncidentsFeedJson', method: 'GET', path: '/v1/feeds/incidents.json', entry: 'functions/status/get-incidents-feed-json.ts', access: 'public', table: 'read', summary: 'JSON Feed 1.1 of public incidents (same options as the RSS feed)', tag: 'feeds' },
  { id: 'getIncidentFeed', method: 'GET', path: '/v1/feeds/incidents/{file}', entry: 'functions/status/get-incident-feed.ts', access: 'public', table: 'read', summary: "One incident's public updates: `{file}` is `<id>.rss`, `<id>.atom` or `<id>.json`", tag: 'feeds' },

  // status (site): the status pages rendered live (the published copies are at /status… on the site).
  { id: 'getStatusPage', method: 'GET', path: '/v1/status/page', entry: 'functions/status/get-status-page.ts', access: 'public', table: 'read', summary: 'The status page (HTML): components with 90-day uptime, active incidents, maintenance', tag: 'status' },
  { id: 'getStatusHistory', method: 'GET', path: '/v1/status/page/history', entry: 'functions/status/get-status-history.ts', access: 'public', table: 'read', summary: 'The incident history page (HTML), newest first', tag: 'status' },
  { id: 'getStatusIncidentPage', method: 'GET', path: '/v1/status/page/incidents/{id}', entry: 'functions/status/get-status-incident.ts', access: 'public', table: 'read', summary: "A public incident's page (HTML) with its public updates", tag: 'status' },
  // status (public subscribers): double opt-in by e-mail; links are signed, expiring, single use.
  { id: 'createStatusSubscriber', method: 'POST', path: '/v1/status/subscribers', entry: 'functions/status/create-status-subscriber.ts', access: 'public', table: 'readwrite', summary: 'Subscribe an e-mail address to public status updates (optionally per component); sends a confirmation link', tag: 'status' },
  { id: 'getStatusSubscriberConfirm', method: 'GET', path: '/v1/status/subscribers/confirm', entry: 'functions/status/get-status-subscriber-confirm.ts', access: 'public', table: 'read', summary: 'The confirmation link\'s page: a button that POSTs the same URL (a GET changes nothing: mail scanners fetch links)', tag: 'status' },
  { id: 'confirmStatusSubscriber', method: 'POST', path: '/v1/status/subscribers/confirm', entry: 'functions/status/confirm-status-subscriber.ts', access: 'public', table: 'readwrite', summary: 'Confirm a subscription (the signed link of the confirmation e-mail; single use)', tag: 'status' },
  { id: 'getStatusSubscriberUnsubscribe', method: 'GET', path: '/v1/status/subscribers/unsubscribe', entry: 'functions/status/get-status-subscriber-unsubscribe.ts', access: 'public', table: 'read', summary: 'The unsubscribe link\'s page: a button that POSTs the same URL', tag: 'status' },
  { id: 'deleteStatusSubscriber', method: 'POST', path: '/v1/status/subscribers/unsubscribe', entry: 'functions/status/delete-status-subscriber.ts', access: 'public', table: 'readwrite', summary: 'Unsubscribe (the signed link in every e-mail)', tag: 'status' },

  // analytics: counts and MTTA/MTTR from the aggregates the incidents' transactions keep; the
  // Prometheus exposition for a scraper (admin, or a machine client with metrics:read only).
  { id: 'getIncidentAnalytics', method: 'GET', path: '/v1/incidents/analytics', entry: 'functions/analytics/get-incident-analytics.ts', access: read(), table: 'read', summary: 'Counts, mean and estimated p50/p90 MTTA and MTTR, open now, per severity, service, team or day (UTC days from..to)', tag: 'analytics' },
  { id: 'getMetrics', method: 'GET', path: '/metrics', entry: 'functions/analytics/get-metrics.ts', access: { role: 'admin', scopes: ['metrics:read', 'incidents:admin'] }, table: 'read', summary: 'Prometheus text exposition: incidents_total, incident_mtta_seconds, incident_mttr_seconds, open_incidents', tag: 'analytics' },
  // Automated responses (functions/automation): rules (admins write, viewers read) and an incident's executions.
  { id: 'createAutomatedResponse', method: 'POST', path: '/v1/automated_responses', entry: 'functions/automation/create-automated-response.ts', access: admin, table: 'readwrite', summary: 'Create an automated response (conditions, run_on, one webhook / Lambda / SSM Automation action)', tag: 'automation' },
  { id: 'listAutomatedResponses', method: 'GET', path: '/v1/automated_responses', entry: 'functions/automation/list-automated-responses.ts', access: read(), table: 'read', summary: 'Every automated response, oldest first', tag: 'automation' },
  { id: 'getAutomatedResponse', method: 'GET', path: '/v1/automated_responses/{id}', entry: 'functions/automation/get-automated-response.ts', access: read(), table: 'read', summary: 'One automated response', tag: 'automation' },
  { id: 'replaceAutomatedResponse', method: 'PUT', path: '/v1/automated_responses/{id}', entry: 'functions/automation/replace-automated-response.ts', access: admin, table: 'readwrite', summary: 'Replace an automated response (If-Match optional)', tag: 'automation' },
  { id: 'deleteAutomatedResponse', method: 'DELETE', path: '/v1/automated_responses/{id}', entry: 'functions/automation/delete-automated-response.ts', access: admin, table: 'readwrite', summary: 'Delete an automated response', tag: 'automation' },
  { id: 'listIncidentAutomatedResponses', method: 'GET', path: '/v1/incidents/{id}/automated_responses', entry: 'functions/automation/list-incident-automated-responses.ts', access: read(), table: 'read', summary: "The incident's automated-response executions with their status, oldest first", tag: 'automation' },
  // Integrations (issue 12): admins shape integrations (the routing key or signing secret is shown
  // once); the PagerDuty-compatible routes are public (the routing key is the credential), and so
  // is the generic webhook (its signing secret is).
  { id: 'createIntegration', method: 'POST', path: '/v1/integrations', entry: 'functions/integrations/create-integration.ts', access: admin, table: 'readwrite', summary: 'Create an integration; its 32-character routing_key (events_v2) or signing secret (webhook) is returned once', tag: 'integrations' },
  { id: 'listIntegrations', method: 'GET', path: '/v1/integrations', entry: 'functions/integrations/list-integrations.ts', access: read(), table: 'read', summary: 'List integrations (never their routing keys)', tag: 'integrations' },
  { id: 'getIntegration', method: 'GET', path: '/v1/integrations/{id}', entry: 'functions/integrations/get-integration.ts', access: read(), table: 'read', summary: 'One integration (never its routing key)', tag: 'integrations' },
  { id: 'deleteIntegration', method: 'DELETE', path: '/v1/integrations/{id}', entry: 'functions/integrations/delete-integration.ts', access: admin, table: 'readwrite', summary: 'Delete an integration; its routing key stops working at once', tag: 'integrations' },
  { id: 'rotateIntegrationKey', method: 'POST', path: '/v1/integrations/{id}/rotate', entry: 'functions/integrations/rotate-integration-key.ts', access: admin, table: 'readwrite', summary: 'Issue a new routing key or webhook secret (returned once); the old one stops working at once', tag: 'integrations' },
  { id: 'enqueueEvent', method: 'POST', path: '/v2/enqueue', entry: 'functions/integrations/enqueue-event.ts', access: 'public', table: 'readwrite', summary: 'PagerDuty Events API v2: trigger, acknowledge or resolve an alert (routing key in the body)', tag: 'integrations' },
  { id: 'enqueueChangeEvent', method: 'POST', path: '/v2/change/enqueue', entry: 'functions/integrations/enqueue-change-event.ts', access: 'public', table: 'readwrite', summary: "PagerDuty Change Events API: a deploy or config change, noted on the active incidents of the integration's service or component (routing key in the body)", tag: 'integrations' },
  { id: 'listChanges', method: 'GET', path: '/v1/changes', entry: 'functions/integrations/list-changes.ts', access: read(), table: 'read', summary: 'Change events of a service or team (`?service=` or `?team=`), newest first', tag: 'integrations' },
  { id: 'receiveWebhook', method: 'POST', path: '/v1/integrations/{id}/webhook', entry: 'functions/integrations/receive-webhook.ts', access: 'public', table: 'readwrite', summary: "Generic webhook (Alertmanager, Grafana, Elastic Watcher or a field mapping), signed with the integration's secret", tag: 'integrations' },
  { id: 'listIncidentAlerts', method: 'GET', path: '/v1/incidents/{id}/alerts', entry: 'functions/integrations/list-incident-alerts.ts', access: read(), table: 'read', summary: "The incident's linked alerts with their payloads, oldest first", tag: 'integrations' },
  // reviews (issue 13): post-incident action items (functions/reviews/).
  { id: 'createActionItem', method: 'POST', path: '/v1/incidents/{id}/action_items', entry: 'functions/reviews/create-action-item.ts', access: write(), table: 'readwrite', summary: 'Add an action item to an incident\'s review (title, owner, due date, status, link)', tag: 'reviews' },
  { id: 'listActionItems', method: 'GET', path: '/v1/incidents/{id}/action_items', entry: 'functions/reviews/list-action-items.ts', access: read(), table: 'read', summary: "An incident's action items, open ones first", tag: 'reviews' },
  { id: 'updateActionItem', method: 'PATCH', path: '/v1/incidents/{id}/action_items/{item_id}', entry: 'functions/reviews/update-action-item.ts', access: write(), table: 'readwrite', summary: 'Change an action item (title, owner, due date, status, link)', tag: 'reviews' },
  { id: 'getIncidentReport', method: 'GET', path: '/v1/incidents/{id}/report', entry: 'functions/reviews/get-incident-report.ts', access: read(), table: 'read', summary: 'The post-incident report as JSON or Markdown (Accept: text/markdown or ?format=md)', tag: 'reviews' },
] as const satisfies readonly Route[];

export type RouteId = (typeof routes)[number]['id'];

/** The access rule of a route, as a type: handlers of public routes may have no principal. */
export type AccessOf<R extends RouteId> = Extract<(typeof routes)[number], { id: R }>['access'];

const byId = new Map<string, Route>(routes.map((r) => [r.id, r]));

export function routeById(id: RouteId): Route {
  const route = byId.get(id);
  if (!route) throw new Error(`Unknown route ${id}`);
  return route;
}

export const ROLE_LEVEL: Readonly<Record<Role, number>> = { viewer: 1, responder: 2, admin: 3 };
