/**
 * The public read model: what the status summary, the Statuspage-compatible JSON, the feeds and
 * the status page show. Reads only public copies (shared/store/status/), the components and the
 * maintenance copies, in parallel; what is read is bounded by what is shown.
 */
import { NotFoundError } from '#shared/domain/errors.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import {
  latest,
  overallStatus,
  publicComponents,
  publicMaintenanceOf,
  type PageInfo,
  type PublicIncident,
  type PublicIncidentWithUpdates,
  type PublicMaintenance,
  type PublicStatus,
} from '#shared/domain/status/public-model.ts';
import type { StatusDeps } from '#shared/use-cases/status/deps.ts';

/** Parallel reads of updates, at most this many at a time. */
const CONCURRENCY = 16;

async function mapLimited<T, R>(list: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await fn(list[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, list.length) }, worker));
  return out;
}

/** The public page of an incident or maintenance window (Statuspage `shortlink`, feed item links). */
export const publicLink = (deps: Pick<StatusDeps, 'page'>) => (id: string): string => `${deps.page.baseUrl}/status/incidents/${encodeURIComponent(id)}`;
export const statusPageUrl = (deps: Pick<StatusDeps, 'page'>): string => `${deps.page.baseUrl}/status`;

export function pageInfo(deps: Pick<StatusDeps, 'page'>, updatedAt: string): PageInfo {
  return { id: deps.page.id, name: deps.page.name, url: statusPageUrl(deps), time_zone: 'Etc/UTC', updated_at: updatedAt };
}

/** Incidents with their public updates (newest first); `updateLimit` bounds the updates per incident. */
export function withUpdates(deps: StatusDeps, incidents: readonly PublicIncident[], updateLimit?: number): Promise<PublicIncidentWithUpdates[]> {
  return mapLimited(incidents, async (i) => ({ ...i, updates: await deps.status.updates(i.id, updateLimit) }));
}

const bySoonest = (a: PublicMaintenance, b: PublicMaintenance) => a.scheduled_for.localeCompare(b.scheduled_for) || a.id.localeCompare(b.id);

/**
 * The whole public status at `now`: overall indicator, components by display group, active public
 * incidents with their public updates, active and upcoming maintenance windows.
 */
export async function loadPublicStatus(deps: StatusDeps, now: Date = deps.now()): Promise<PublicStatus> {
  const at = now.toISOString();
  const [components, active, maintenances] = await Promise.all([deps.components.listComponents(), deps.status.activeIncidents(), deps.status.currentMaintenances()]);
  const incidents = await withUpdates(deps, active.filter((i) => isActive(i.status)));
  const windows = maintenances.map((m) => publicMaintenanceOf(m, at));
  const activeMaintenances = windows.filter((m) => m.status === 'in_progress').sort(bySoonest);
  const upcoming = windows.filter((m) => m.status === 'planned').sort(bySoonest);
  const { groups, components: list } = publicComponents(components, incidents, activeMaintenances);
  const updatedAt = latest([...incidents.map((i) => i.updated_at), ...components.map((c) => c.updated_at), ...[...activeMaintenances, ...upcoming].map((m) => m.updated_at)], at);
  return {
    page: pageInfo(deps, updatedAt),
    status: overallStatus(incidents, activeMaintenances.length > 0),
    groups,
    components: list,
    incidents,
    active_maintenances: activeMaintenances,
    upcoming_maintenances: upcoming,
  };
}

export interface ListPublicIncidentsOptions {
  readonly limit: number;
  readonly includeResolved: boolean;
  readonly componentId?: string | undefined;
  /** Only incidents with `rss_enabled` (what feeds show). */
  readonly feedOnly?: boolean | undefined;
  /** At most this many updates per incident (all when undefined). */
  readonly updateLimit?: number | undefined;
}

/** Public incidents newest first (feeds, history, Statuspage incidents.json). Unknown component: 404. */
export async function listPublicIncidents(deps: StatusDeps, options: ListPublicIncidentsOptions): Promise<PublicIncidentWithUpdates[]> {
  if (options.componentId !== undefined) {
    const known = await deps.components.getComponent(options.componentId);
    if (!known) throw new NotFoundError(`Unknown component ${options.componentId}. The public component ids are in GET /v1/status/summary.`, { component: options.componentId });
  }
  const incidents = await deps.status.incidents({ limit: options.limit, includeResolved: options.includeResolved, feedOnly: options.feedOnly ?? false, componentId: options.componentId });
  return withUpdates(deps, incidents, options.updateLimit);
}

/** One public incident with its public updates; private, deleted or unknown: 404 (the same answer, on purpose). */
export async function getPublicIncident(deps: StatusDeps, id: string, options: { feedOnly?: boolean; updateLimit?: number } = {}): Promise<PublicIncidentWithUpdates> {
  const [incident, updates] = await Promise.all([deps.status.incident(id), deps.status.updates(id, options.updateLimit)]);
  if (!incident || (options.feedOnly && !incident.rss_enabled)) throw new NotFoundError(`No public incident ${id}.`);
  return { ...incident, updates };
}

/** The latest maintenance windows (Statuspage scheduled-maintenances.json). */
export async function listPublicMaintenances(deps: StatusDeps, limit: number, now: Date = deps.now()): Promise<PublicMaintenance[]> {
  const at = now.toISOString();
  return (await deps.status.recentMaintenances(limit)).map((m) => publicMaintenanceOf(m, at));
}
