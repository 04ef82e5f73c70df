/**
 * Change events (issue 12, `POST /v2/change/enqueue`, PagerDuty's Change Events API): a deploy or
 * a configuration change reported by a tool. A change is kept per the integration's service and
 * team (and component, when it maps to one), and noted on the timeline of that service's (or
 * component's) active incidents as `incident.change_recorded`, so responders see what changed
 * just before an outage. A change never opens, resolves or holds open an incident. Pure.
 */
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import type { Integration } from '#shared/domain/integrations/integration.ts';

export interface ChangeEvent {
  id: string;
  integration_id: string;
  summary: string;
  source: string | null;
  /** When the change happened: the event's `payload.timestamp` (normalized to UTC), else when it arrived. */
  timestamp: string;
  received_at: string;
  custom_details: unknown;
  links: { href: string; text?: string | undefined }[];
  service: string | null;
  team: string | null;
  component_id: string | null;
  /** The active incidents whose timeline got `incident.change_recorded`. */
  incident_ids: string[];
}

export const CHANGE_FIELDS = [
  'id', 'integration_id', 'summary', 'source', 'timestamp', 'received_at', 'custom_details', 'links', 'service', 'team', 'component_id', 'incident_ids',
] as const satisfies readonly (keyof ChangeEvent)[];

/** Which list a change is kept in (`GET /v1/changes?service=` or `?team=`, or a component's). */
export type ChangeScope = { readonly kind: 'service' | 'team' | 'component'; readonly value: string };

/** How many active incidents one change is noted on, at most (newest first). */
export const MAX_CHANGE_INCIDENTS = 20;

/** What the integration maps to, as a change sees it. */
export function changeTarget(integration: Pick<Integration, 'mapping'>): { service: string | null; team: string | null; component_id: string | null } {
  const mapping = integration.mapping;
  if (mapping.type === 'component') return { service: null, team: null, component_id: mapping.component_id };
  return { service: mapping.service, team: mapping.team, component_id: null };
}

export function scopesOf(change: Pick<ChangeEvent, 'service' | 'team' | 'component_id'>): ChangeScope[] {
  return [
    ...(change.service ? [{ kind: 'service' as const, value: change.service }] : []),
    ...(change.team ? [{ kind: 'team' as const, value: change.team }] : []),
    ...(change.component_id ? [{ kind: 'component' as const, value: change.component_id }] : []),
  ];
}

/**
 * Whether an incident is one whose timeline gets this change: active, and naming the change's
 * component, else its service, else (an integration mapped to a team only) assigned to its team.
 */
export function concerns(incident: Pick<Incident, 'status' | 'affected_services' | 'components' | 'assigned_team'>, change: Pick<ChangeEvent, 'service' | 'team' | 'component_id'>): boolean {
  if (!isActive(incident.status)) return false;
  if (change.component_id) return incident.components.includes(change.component_id);
  if (change.service) return incident.affected_services.includes(change.service);
  return change.team !== null && incident.assigned_team === change.team;
}

/** The timeline message of `incident.change_recorded`. */
export const changeMessage = (change: Pick<ChangeEvent, 'summary' | 'source' | 'timestamp'>): string =>
  `Change recorded: ${change.summary}${change.source ? ` (${change.source})` : ''} at ${change.timestamp}`;

/** PagerDuty writes offsets without a colon (`+0000`); stored in UTC. */
export function normalizeTimestamp(timestamp: string | undefined, receivedAt: string): string {
  if (timestamp === undefined) return receivedAt;
  const ms = Date.parse(timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? receivedAt : new Date(ms).toISOString();
}
