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
  { id: 'health', method: 'GET', path: '/health', entry: 'functions/system/get-health.ts', access: 'public', table: 'read', summary: 'Liveness and table reachability', tag: 'system' },
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

  // status (site): the status pages rendered live (the published copies are at /status… on the site).
  { id: 'getStatusPage', method: 'GET', path: '/v1/status/page', entry: 'functions/status/get-status-page.ts', access: 'public', table: 'read', summary: 'The status page (HTML): components with 90-day uptime, active incidents, maintenance', tag: 'status' },
  { id: 'getStatusHistory', method: 'GET', path: '/v1/status/page/history', entry: 'functions/status/get-status-history.ts', access: 'public', table: 'read', summary: 'The incident history page (HTML), newest first', tag: 'status' },
  { id: 'getStatusIncidentPage', method: 'GET', path: '/v1/status/page/incidents/{id}', entry: 'functions/status/get-status-incident.ts', access: 'public', table: 'read', summary: "A public incident's page (HTML) with its public updates", tag: 'status' },
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
