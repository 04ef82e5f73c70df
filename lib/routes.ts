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
