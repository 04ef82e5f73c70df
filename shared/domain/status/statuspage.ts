/**
 * Atlassian Statuspage public API v2 shapes (`/api/v2/*.json`), mapped from the public read model,
 * so tools written for Statuspage pages (Prometheus exporters, Home Assistant, chat bots, typed
 * clients) read this service unchanged. Field names, nesting and values follow that format
 * (../shared/REFERENCE.md; docs/api.md has the mapping table). Pure: no AWS imports.
 *
 * Mapping:
 * - lifecycle: open, acknowledged, investigating → `investigating`; identified → `identified`;
 *   monitoring → `monitoring`; resolved → `resolved`; closed (review done) → `postmortem`;
 * - impact: 0 → `none`, 1 → `minor`, 2 → `major`, 3 → `critical`; maintenances → `maintenance`;
 * - maintenance: planned → `scheduled`, in_progress → `in_progress`, completed → `completed`;
 * - display groups become group components (`group: true`, `components: [ids]`) with a stable id.
 */
import type { MaintenanceStatus } from '#shared/domain/components/maintenance.ts';
import type { Status } from '#shared/domain/incidents/lifecycle.ts';
import {
  indicatorOfImpact,
  type ComponentGroup,
  type ComponentStatus,
  type Indicator,
  type PageInfo,
  type PublicComponent,
  type PublicIncidentWithUpdates,
  type PublicMaintenance,
  type PublicStatus,
} from '#shared/domain/status/public-model.ts';

export type StatuspageIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved' | 'postmortem';
export type StatuspageMaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';
export type StatuspageImpact = Indicator | 'maintenance';

export const STATUSPAGE_INCIDENT_STATUS: Readonly<Record<Status, StatuspageIncidentStatus>> = {
  open: 'investigating',
  acknowledged: 'investigating',
  investigating: 'investigating',
  identified: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
  closed: 'postmortem',
};

export const STATUSPAGE_MAINTENANCE_STATUS: Readonly<Record<MaintenanceStatus, StatuspageMaintenanceStatus>> = {
  planned: 'scheduled',
  in_progress: 'in_progress',
  completed: 'completed',
};

export interface StatuspagePage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface StatuspageComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Only on group components: the ids of their members. */
  components?: string[];
}

export interface StatuspageUpdate {
  id: string;
  status: StatuspageIncidentStatus | StatuspageMaintenanceStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: null;
  deliver_notifications: boolean;
}

export interface StatuspageIncident {
  id: string;
  name: string;
  status: StatuspageIncidentStatus;
  impact: StatuspageImpact;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  started_at: string;
  shortlink: string;
  page_id: string;
  incident_updates: StatuspageUpdate[];
  components: StatuspageComponent[];
}

export interface StatuspageMaintenance extends Omit<StatuspageIncident, 'status'> {
  status: StatuspageMaintenanceStatus;
  scheduled_for: string;
  scheduled_until: string;
}

export interface StatuspageStatus {
  indicator: Indicator | 'maintenance';
  description: string;
}

export interface StatuspageContext {
  readonly page: PageInfo;
  /** The public page of an incident or maintenance (its `shortlink`). */
  readonly link: (id: string) => string;
}

export const toStatuspagePage = (page: PageInfo): StatuspagePage => ({ id: page.id, name: page.name, url: page.url, time_zone: page.time_zone, updated_at: page.updated_at });

/** `status.json`'s `status`: the worst incident; `maintenance` while only maintenance is under way. */
export function toStatuspageStatus(status: PublicStatus['status']): StatuspageStatus {
  if (status.indicator === 'none' && status.maintenance) return { indicator: 'maintenance', description: status.description };
  return { indicator: status.indicator, description: status.description };
}

/** A stable id for a display group's group component. */
export function groupId(name: string): string {
  let hash = 0x811c9dc5;
  for (const ch of name) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return `group-${hash.toString(36)}`;
}

function component(c: PublicComponent, position: number, pageId: string): StatuspageComponent {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: c.created_at,
    updated_at: c.updated_at,
    position,
    description: c.description === '' ? null : c.description,
    showcase: true,
    start_date: c.created_at.slice(0, 10),
    group_id: c.display_group === null ? null : groupId(c.display_group),
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
  };
}

/** `components.json`'s list: each display group as a group component, followed by its members. */
export function toStatuspageComponents(groups: readonly ComponentGroup[], page: PageInfo): StatuspageComponent[] {
  const out: StatuspageComponent[] = [];
  let position = 1;
  for (const g of groups) {
    if (g.name !== null) {
      const times = g.components.map((c) => c.updated_at).sort();
      const created = g.components.map((c) => c.created_at).sort();
      out.push({
        id: groupId(g.name),
        name: g.name,
        status: g.status,
        created_at: created[0] ?? page.updated_at,
        updated_at: times[times.length - 1] ?? page.updated_at,
        position: position++,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: page.id,
        group: true,
        only_show_if_degraded: false,
        components: g.components.map((c) => c.id),
      });
    }
    for (const c of g.components) out.push(component(c, position++, page.id));
  }
  return out;
}

function componentsOf(ids: readonly string[], byId: ReadonlyMap<string, StatuspageComponent>): StatuspageComponent[] {
  return ids.map((id) => byId.get(id)).filter((c): c is StatuspageComponent => c !== undefined);
}

const indexComponents = (components: readonly StatuspageComponent[]) => new Map(components.filter((c) => !c.group).map((c) => [c.id, c]));

export function toStatuspageIncident(incident: PublicIncidentWithUpdates, components: readonly StatuspageComponent[], ctx: StatuspageContext): StatuspageIncident {
  return {
    id: incident.id,
    name: incident.title,
    status: STATUSPAGE_INCIDENT_STATUS[incident.status],
    impact: indicatorOfImpact(incident.impact),
    created_at: incident.created_at,
    updated_at: incident.updated_at,
    monitoring_at: incident.monitoring_at,
    resolved_at: incident.resolved_at,
    started_at: incident.started_at,
    shortlink: ctx.link(incident.id),
    page_id: ctx.page.id,
    incident_updates: incident.updates.map((u) => ({
      id: u.id,
      status: STATUSPAGE_INCIDENT_STATUS[u.status],
      body: u.body,
      incident_id: incident.id,
      created_at: u.created_at,
      updated_at: u.created_at,
      display_at: u.created_at,
      affected_components: null,
      deliver_notifications: incident.rss_enabled,
    })),
    components: componentsOf(incident.components, indexComponents(components)),
  };
}

export function toStatuspageIncidents(incidents: readonly PublicIncidentWithUpdates[], components: readonly StatuspageComponent[], ctx: StatuspageContext): StatuspageIncident[] {
  return incidents.map((i) => toStatuspageIncident(i, components, ctx));
}

/** A maintenance window as a scheduled maintenance; its description is its one update. */
export function toStatuspageMaintenance(m: PublicMaintenance, components: readonly StatuspageComponent[], ctx: StatuspageContext): StatuspageMaintenance {
  const status = STATUSPAGE_MAINTENANCE_STATUS[m.status];
  const body = m.description.trim() === '' ? m.title : m.description;
  return {
    id: m.id,
    name: m.title,
    status,
    impact: 'maintenance',
    created_at: m.created_at,
    updated_at: m.updated_at,
    monitoring_at: null,
    resolved_at: m.status === 'completed' ? m.scheduled_until : null,
    started_at: m.scheduled_for,
    shortlink: ctx.link(m.id),
    page_id: ctx.page.id,
    incident_updates: [
      {
        id: `${m.id}-scheduled`,
        status: 'scheduled',
        body,
        incident_id: m.id,
        created_at: m.created_at,
        updated_at: m.updated_at,
        display_at: m.created_at,
        affected_components: null,
        deliver_notifications: true,
      },
    ],
    components: componentsOf(m.components, indexComponents(components)),
    scheduled_for: m.scheduled_for,
    scheduled_until: m.scheduled_until,
  };
}

export function toStatuspageMaintenances(list: readonly PublicMaintenance[], components: readonly StatuspageComponent[], ctx: StatuspageContext): StatuspageMaintenance[] {
  return list.map((m) => toStatuspageMaintenance(m, components, ctx));
}

/** `summary.json`: page, components, unresolved incidents, active and upcoming maintenances, status. */
export function toStatuspageSummary(status: PublicStatus, ctx: StatuspageContext) {
  const components = toStatuspageComponents(status.groups, status.page);
  return {
    page: toStatuspagePage(status.page),
    components,
    incidents: toStatuspageIncidents(status.incidents, components, ctx),
    scheduled_maintenances: toStatuspageMaintenances([...status.active_maintenances, ...status.upcoming_maintenances], components, ctx),
    status: toStatuspageStatus(status.status),
  };
}
