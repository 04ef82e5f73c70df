/**
 * The public read model: what the status page, the Statuspage-compatible JSON and the feeds may
 * show. Every public type is built field by field from the private entity (never by spreading it),
 * so a field added to an incident later stays private until someone adds it here on purpose.
 * Pure: no AWS imports.
 *
 * Public means: an incident with `is_public` true, its title, status, impact, severity, type,
 * components, times and its public messages. Never: description, internal notes, comments,
 * assignees, team, linked alerts, escalations, subscribers, who created or changed it.
 */
import type { Component } from '#shared/domain/components/component.ts';
import { maintenanceStatus, type Maintenance, type MaintenanceStatus } from '#shared/domain/components/maintenance.ts';
import type { Incident, TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { isActive, type Status } from '#shared/domain/incidents/lifecycle.ts';
import type { Impact, IncidentType, Severity } from '#shared/domain/severity.ts';

/** An incident as the public sees it. `updated_at` is the time of the last public change. */
export interface PublicIncident {
  readonly id: string;
  readonly title: string;
  readonly status: Status;
  readonly impact: Impact;
  readonly severity: Severity;
  readonly incident_type: IncidentType;
  readonly components: readonly string[];
  readonly started_at: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly monitoring_at: string | null;
  readonly resolved_at: string | null;
  readonly closed_at: string | null;
  /** The current public message (the latest one set). */
  readonly public_message: string | null;
  /** False: the incident is on the status page and the Statuspage JSON, but in no feed. */
  readonly rss_enabled: boolean;
}

/** One public message of an incident, with the status the incident had once it was posted. */
export interface PublicUpdate {
  readonly id: string;
  readonly incident_id: string;
  readonly status: Status;
  readonly body: string;
  readonly created_at: string;
}

export interface PublicIncidentWithUpdates extends PublicIncident {
  /** Newest first. */
  readonly updates: readonly PublicUpdate[];
}

/** Statuspage's component vocabulary. */
export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export interface PublicComponent {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly display_group: string | null;
  readonly status: ComponentStatus;
  /** Our impact scale (0..3) of the worst active public incident naming it; 0 if none. */
  readonly impact: Impact;
  /** Active public incidents naming it, worst first. */
  readonly incident_ids: readonly string[];
  /** In-progress maintenance windows covering it. */
  readonly maintenance_ids: readonly string[];
  readonly created_at: string;
  readonly updated_at: string;
}

export interface ComponentGroup {
  /** Null: components without a display group. */
  readonly name: string | null;
  readonly status: ComponentStatus;
  readonly components: readonly PublicComponent[];
}

export interface PublicMaintenance {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly status: MaintenanceStatus;
  readonly components: readonly string[];
  readonly scheduled_for: string;
  readonly scheduled_until: string;
  readonly created_at: string;
  readonly updated_at: string;
}

export const INDICATORS = ['none', 'minor', 'major', 'critical'] as const;
export type Indicator = (typeof INDICATORS)[number];

export interface OverallStatus {
  readonly indicator: Indicator;
  readonly description: string;
  /** True while a maintenance window is in progress (shown beside the indicator). */
  readonly maintenance: boolean;
}

export interface PageInfo {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly time_zone: 'Etc/UTC';
  readonly updated_at: string;
}

export interface PublicStatus {
  readonly page: PageInfo;
  readonly status: OverallStatus;
  readonly groups: readonly ComponentGroup[];
  /** Every component, in display order (the groups flattened). */
  readonly components: readonly PublicComponent[];
  /** Active public incidents, newest first, with their public updates. */
  readonly incidents: readonly PublicIncidentWithUpdates[];
  readonly active_maintenances: readonly PublicMaintenance[];
  /** Planned windows, soonest first. */
  readonly upcoming_maintenances: readonly PublicMaintenance[];
}

/** The incident is shown to the public at all. */
export const isVisible = (incident: Incident | undefined): incident is Incident => incident !== undefined && incident.is_public === true;

/** The public fields of an incident, field by field. `updatedAt` is the time of its last public change. */
export function publicIncidentOf(incident: Incident, updatedAt: string, monitoringAt: string | null): PublicIncident {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    impact: incident.impact,
    severity: incident.severity,
    incident_type: incident.incident_type,
    components: [...(incident.components ?? [])],
    started_at: incident.start_time,
    created_at: incident.created_at,
    updated_at: updatedAt,
    monitoring_at: monitoringAt,
    resolved_at: incident.resolved_at,
    closed_at: incident.closed_at,
    public_message: incident.public_message,
    rss_enabled: incident.rss_enabled !== false,
  };
}

/** The fields whose change makes a public change (everything but the times derived from changes). */
export function publicFingerprint(incident: Incident): string {
  const p = publicIncidentOf(incident, '', null);
  return JSON.stringify({ ...p, updated_at: undefined, monitoring_at: undefined });
}

/**
 * The public message a timeline entry posts, if any: the public message of an update, of a
 * creation, or a PATCH that set a new public message. Internal messages (`message`) never are.
 */
export function publicUpdateOf(entry: TimelineEntry): PublicUpdate | undefined {
  let body: string | null = null;
  if (entry.type === 'incident.update_added') body = entry.public_message;
  else if (entry.type === 'incident.created') body = entry.incident.public_message;
  else if (entry.type === 'incident.updated') {
    const change = entry.changes.public_message;
    body = change && typeof change.to === 'string' ? change.to : null;
  }
  if (body === null || body.trim() === '') return undefined;
  return { id: entry.id, incident_id: entry.incident_id, status: entry.incident.status, body, created_at: entry.at };
}

export function publicMaintenanceOf(m: Maintenance, now: string): PublicMaintenance {
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    status: maintenanceStatus(m, now),
    components: [...m.components],
    scheduled_for: m.start_time,
    scheduled_until: m.end_time,
    created_at: m.created_at,
    updated_at: m.updated_at,
  };
}

const IMPACT_COMPONENT_STATUS: Readonly<Record<Impact, ComponentStatus>> = { 0: 'operational', 1: 'degraded_performance', 2: 'partial_outage', 3: 'major_outage' };
const COMPONENT_STATUS_RANK: Readonly<Record<ComponentStatus, number>> = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 };

/** A component's status: the worst active public incident wins; else a maintenance in progress; else operational. */
export function componentStatusOf(impact: Impact, inMaintenance: boolean): ComponentStatus {
  if (impact > 0) return IMPACT_COMPONENT_STATUS[impact];
  return inMaintenance ? 'under_maintenance' : 'operational';
}

export const worstStatus = (statuses: readonly ComponentStatus[]): ComponentStatus =>
  statuses.reduce<ComponentStatus>((worst, s) => (COMPONENT_STATUS_RANK[s] > COMPONENT_STATUS_RANK[worst] ? s : worst), 'operational');

const INDICATOR_OF_IMPACT: Readonly<Record<Impact, Indicator>> = { 0: 'none', 1: 'minor', 2: 'major', 3: 'critical' };
/** Statuspage's own descriptions of its indicators. */
export const INDICATOR_DESCRIPTIONS: Readonly<Record<Indicator, string>> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};
export const MAINTENANCE_DESCRIPTION = 'Service Under Maintenance';

/** Impact 0..3 → Statuspage impact (maintenance incidents have no user impact: none). */
export const indicatorOfImpact = (impact: Impact): Indicator => INDICATOR_OF_IMPACT[impact];

/** The overall indicator: the highest impact among active public incidents. */
export function overallStatus(incidents: readonly PublicIncident[], maintenanceInProgress: boolean): OverallStatus {
  const worst = incidents.filter((i) => isActive(i.status)).reduce<Impact>((max, i) => (i.impact > max ? i.impact : max), 0);
  const indicator = INDICATOR_OF_IMPACT[worst];
  const description = indicator === 'none' && maintenanceInProgress ? MAINTENANCE_DESCRIPTION : INDICATOR_DESCRIPTIONS[indicator];
  return { indicator, description, maintenance: maintenanceInProgress };
}

const byGroupThenName = (a: Component, b: Component) => (a.display_group ?? '\uffff').localeCompare(b.display_group ?? '\uffff') || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * Components with their public status, grouped by display group (named groups in name order, then
 * the ungrouped ones). Only the given (public, active) incidents and in-progress windows count.
 */
export function publicComponents(
  components: readonly Component[],
  incidents: readonly PublicIncident[],
  activeMaintenances: readonly PublicMaintenance[],
): { groups: ComponentGroup[]; components: PublicComponent[] } {
  const active = incidents.filter((i) => isActive(i.status));
  const list = [...components].sort(byGroupThenName).map((c): PublicComponent => {
    const naming = active.filter((i) => i.components.includes(c.id)).sort((a, b) => b.impact - a.impact || a.created_at.localeCompare(b.created_at));
    const impact = naming[0]?.impact ?? 0;
    const maintenanceIds = activeMaintenances.filter((m) => m.components.includes(c.id)).map((m) => m.id);
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      display_group: c.display_group,
      status: componentStatusOf(impact, maintenanceIds.length > 0),
      impact,
      incident_ids: naming.map((i) => i.id),
      maintenance_ids: maintenanceIds,
      created_at: c.created_at,
      updated_at: c.updated_at,
    };
  });
  const groups: ComponentGroup[] = [];
  for (const c of list) {
    let group = groups.find((g) => g.name === c.display_group);
    if (!group) {
      group = { name: c.display_group, status: 'operational', components: [] };
      groups.push(group);
    }
    (group.components as PublicComponent[]).push(c);
  }
  return { groups: groups.map((g) => ({ ...g, status: worstStatus(g.components.map((c) => c.status)) })), components: list };
}

/** The newest of the given ISO times (the page's `updated_at`). */
export function latest(times: readonly (string | null | undefined)[], fallback: string): string {
  let out: string | undefined;
  for (const t of times) if (t && (out === undefined || t > out)) out = t;
  return out ?? fallback;
}
