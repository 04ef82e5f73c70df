import { ACTIVE_STATUSES, type Status } from '#shared/domain/incidents/lifecycle.ts';
import type { ListIncidentsInput } from '#shared/schemas/incident.ts';
import type { ListFilter } from '#shared/store/incidents/incident-store.ts';
import type { Deps } from '#shared/use-cases/context.ts';

/** Filters normalized so that equal queries have equal cursors (`active` expands, times go to UTC). */
export function toFilter(query: ListIncidentsInput): ListFilter {
  const statuses = query.status?.flatMap((s): Status[] => (s === 'active' ? [...ACTIVE_STATUSES] : [s]));
  return {
    statuses: statuses ? [...new Set(statuses)].sort() : undefined,
    severities: query.severity ? [...new Set(query.severity)].sort() : undefined,
    types: query.incident_type ? [...new Set(query.incident_type)].sort() : undefined,
    service: query.service,
    region: query.region,
    team: query.team,
    component: query.component,
    from: query.from ? new Date(query.from).toISOString() : undefined,
    to: query.to ? new Date(query.to).toISOString() : undefined,
  };
}

export function listIncidents(deps: Deps, query: ListIncidentsInput) {
  return deps.store.list(toFilter(query), query.limit, query.cursor);
}
