/**
 * POST /v2/change/enqueue (PagerDuty Change Events API): the change is kept in the lists of the
 * integration's service, team and component, and noted as `incident.change_recorded` on the
 * timeline of each active incident of that component (read from the component board, one Query)
 * or service (the incident list filtered by service and active status), newest first, at most
 * MAX_CHANGE_INCIDENTS; all in one transaction. Nothing here opens, resolves or links anything,
 * and the paging reactor does not take `incident.change_recorded` as activity (it does not push
 * an auto-resolve back).
 */
import { changeMessage, changeTarget, concerns, MAX_CHANGE_INCIDENTS, normalizeTimestamp, type ChangeEvent } from '#shared/domain/integrations/change.ts';
import { ulid } from '#shared/domain/ids.ts';
import { SYSTEM_ACTOR, timelineEntry, type Incident, type TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { ACTIVE_STATUSES } from '#shared/domain/incidents/lifecycle.ts';
import type { Integration } from '#shared/domain/integrations/integration.ts';
import { PdChangeEvent, type PdChangeEventInput } from '#shared/schemas/integrations.ts';
import type { IntegrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { receivePd, type PdAnswer } from '#shared/use-cases/integrations/pd-request.ts';

/** The change as the timeline entry (and its CloudEvent, `data.change_event`) carries it. */
export type ChangeEntry = TimelineEntry & { change_event: Pick<ChangeEvent, 'id' | 'summary' | 'source' | 'timestamp' | 'links' | 'integration_id'> };

async function activeIncidents(deps: IntegrationDeps, change: ChangeEvent): Promise<Incident[]> {
  if (change.component_id) {
    const board = await deps.components.components.board();
    return board.incidents.filter((i) => concerns(i, change));
  }
  if (!change.service && !change.team) return [];
  const filter = change.service ? { service: change.service } : { team: change.team ?? undefined };
  const page = await deps.incidents.store.list({ statuses: [...ACTIVE_STATUSES], ...filter }, MAX_CHANGE_INCIDENTS, undefined);
  return page.items.filter((i) => concerns(i, change));
}

export async function recordChangeEvent(deps: IntegrationDeps, integration: Integration, event: PdChangeEventInput): Promise<ChangeEvent> {
  const now = deps.now().toISOString();
  const change: ChangeEvent = {
    id: `CHG-${ulid(Date.parse(now))}`,
    integration_id: integration.id,
    summary: event.payload.summary,
    source: event.payload.source ?? null,
    timestamp: normalizeTimestamp(event.payload.timestamp, now),
    received_at: now,
    custom_details: event.payload.custom_details ?? null,
    links: (event.links ?? []).map((l) => ({ href: l.href, ...(l.text !== undefined ? { text: l.text } : {}) })),
    ...changeTarget(integration),
    incident_ids: [],
  };
  const incidents = (await activeIncidents(deps, change)).sort((a, b) => (a.created_at < b.created_at ? 1 : -1)).slice(0, MAX_CHANGE_INCIDENTS);
  const summary = { id: change.id, integration_id: change.integration_id, summary: change.summary, source: change.source, timestamp: change.timestamp, links: change.links };
  const entries: ChangeEntry[] = incidents.map((incident) => ({ ...timelineEntry(incident, 'incident.change_recorded', SYSTEM_ACTOR, now, {}, { message: changeMessage(change) }), change_event: summary }));
  const recorded = { ...change, incident_ids: incidents.map((i) => i.id) };
  await deps.integrations.recordChange(recorded, entries);
  return recorded;
}

/** POST /v2/change/enqueue: PagerDuty's protocol (shared with /v2/enqueue), then the change. */
export const receiveChangeEvent = (deps: IntegrationDeps, rawBody: string | undefined, clientIp: string): Promise<PdAnswer> =>
  receivePd(deps, rawBody, clientIp, PdChangeEvent, async (integration, event) => {
    await recordChangeEvent(deps, integration, event);
    return { status: 202, body: { message: 'Change event processed', status: 'success' } };
  });
