/**
 * The views the status pages render (shared/domain/status/status-pages.ts), built from the public
 * read model (shared/use-cases/status/public-status.ts) plus the 90-day uptime of each component.
 * The live routes and the publisher both call these, so the published page and the live one are
 * the same HTML.
 *
 * Reads: the public status (bounded by what it shows), then ONE Query per component on its
 * `AVAIL#<component>` partition, from 90 days back (one item per resolved outage; all in parallel).
 */
import { dailyAvailability, dayWindowStart, type OutageInterval } from '#shared/domain/components/availability.ts';
import type { PublicIncidentWithUpdates, PublicStatus } from '#shared/domain/status/public-model.ts';
import { type HistoryView, type PageIncident, type StatusView } from '#shared/domain/status/status-pages.ts';
import type { ComponentStore } from '#shared/store/components/component-store.ts';
import { UPTIME_DAYS } from '#shared/use-cases/components/components.ts';
import { getPublicIncident, listPublicIncidents, loadPublicStatus } from '#shared/use-cases/status/public-status.ts';
import type { StatusDeps } from '#shared/use-cases/status/deps.ts';

export interface SiteDeps {
  readonly status: StatusDeps;
  /** The resolved-outage index of each component (the availability items). */
  readonly outages: Pick<ComponentStore, 'outages'>;
}

/** Incidents on the history page (newest first); older ones keep their own pages. */
export const HISTORY_LIMIT = 50;

const IMPACT_WORDS = ['none', 'minor', 'major', 'critical'] as const;

export function pageIncident(incident: PublicIncidentWithUpdates, names: ReadonlyMap<string, string>): PageIncident {
  return {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    impact: IMPACT_WORDS[incident.impact],
    started_at: incident.started_at,
    resolved_at: incident.resolved_at,
    updated_at: incident.updated_at,
    components: incident.components.map((id) => names.get(id)).filter((n): n is string => n !== undefined),
    updates: incident.updates.map((u) => ({ id: u.id, at: u.created_at, status: u.status, body: u.body })),
  };
}

async function uptime(deps: SiteDeps, status: PublicStatus, now: Date): Promise<Map<string, { day: string; availability: number | null }[]>> {
  const since = dayWindowStart(now, UPTIME_DAYS).toISOString();
  const nowIso = now.toISOString();
  const entries = await Promise.all(
    status.components.map(async (c) => {
      // A private incident must not show on the public page, not even as a dip in an uptime bar.
      const resolved: OutageInterval[] = (await deps.outages.outages(c.id, since)).filter((o) => o.is_public !== false);
      // Outages still open: the active public incidents of impact 3 naming the component, until now.
      const open = status.incidents.filter((i) => i.impact === 3 && i.components.includes(c.id)).map((i) => ({ incident_id: i.id, impact: i.impact, start_time: i.started_at, resolved_at: nowIso }));
      const days = dailyAvailability([...resolved, ...open], now, { days: UPTIME_DAYS, since: c.created_at });
      return [c.id, days.map((d) => ({ day: d.day, availability: d.availability }))] as const;
    }),
  );
  return new Map(entries);
}

export async function statusView(deps: SiteDeps, now: Date = deps.status.now()): Promise<StatusView> {
  const status = await loadPublicStatus(deps.status, now);
  const bars = await uptime(deps, status, now);
  const names = new Map(status.components.map((c) => [c.id, c.name]));
  const maintenances = [...status.active_maintenances, ...status.upcoming_maintenances];
  return {
    title: status.page.name,
    generated_at: now.toISOString(),
    indicator: { indicator: status.status.indicator === 'none' && status.status.maintenance ? 'maintenance' : status.status.indicator, description: status.status.description },
    groups: status.groups.map((g) => ({
      name: g.name,
      components: g.components.map((c) => ({ id: c.id, name: c.name, description: c.description, status: c.status, uptime: bars.get(c.id) ?? [] })),
    })),
    incidents: status.incidents.map((i) => pageIncident(i, names)),
    maintenances: maintenances.map((m) => ({
      id: m.id,
      title: m.title,
      description: m.description,
      status: m.status,
      start_time: m.scheduled_for,
      end_time: m.scheduled_until,
      components: m.components.map((id) => names.get(id)).filter((n): n is string => n !== undefined),
    })),
  };
}

async function componentNames(deps: SiteDeps): Promise<Map<string, string>> {
  return new Map((await deps.status.components.listComponents()).map((c) => [c.id, c.name]));
}

export async function historyView(deps: SiteDeps, now: Date = deps.status.now()): Promise<HistoryView> {
  const [incidents, names] = await Promise.all([listPublicIncidents(deps.status, { limit: HISTORY_LIMIT, includeResolved: true, updateLimit: 1 }), componentNames(deps)]);
  return { title: deps.status.page.name, generated_at: now.toISOString(), incidents: incidents.map((i) => pageIncident(i, names)) };
}

/** One public incident's page view; private, deleted or unknown: NotFoundError (404). */
export async function incidentView(deps: SiteDeps, id: string, now: Date = deps.status.now()) {
  const [incident, names] = await Promise.all([getPublicIncident(deps.status, id), componentNames(deps)]);
  return { title: deps.status.page.name, generated_at: now.toISOString(), incident: pageIncident(incident, names) };
}
