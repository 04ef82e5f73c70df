/** HTTP representation of incidents: ETag/If-Match, Idempotency-Key, the detail body. */
import { alertsSummary } from '#shared/domain/integrations/integration.ts';
import { PreconditionRequiredError } from '#shared/domain/errors.ts';
import type { Incident, TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { badRequest } from '#shared/http/problem.ts';
import { allowedNext } from '#shared/domain/incidents/lifecycle.ts';
import type { IncidentDetail } from '#shared/store/incidents/incident-store.ts';

export const etagOf = (incident: Pick<Incident, 'version'>): string => `"${incident.version}"`;

/** The version named by If-Match (`"7"`, `W/"7"`); a missing header is a 428, garbage a 400. */
export function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new PreconditionRequiredError('Send If-Match with the ETag from GET /v1/incidents/{id}, so that concurrent edits are not lost.');
  }
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(ifMatch.trim());
  if (!match?.[1]) throw badRequest(`If-Match must be the ETag from GET /v1/incidents/{id}, e.g. "3"; got ${ifMatch}.`);
  return Number(match[1]);
}

/** Idempotency-Key: 1..255 visible ASCII characters. */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).');
  return header;
}

/** Timeline entries as the API shows them: the snapshot used for events stays internal. */
export function publicTimeline(entries: TimelineEntry[]): Omit<TimelineEntry, 'incident'>[] {
  return entries.map(({ incident: _incident, ...rest }) => rest);
}

/**
 * The detail representation. `allowed_transitions` lists the statuses `PUT …/status` accepts from
 * the current one (the lifecycle's own rule), so clients offer exactly those moves.
 */
export function detailBody(detail: IncidentDetail) {
  return {
    ...detail.incident,
    allowed_transitions: allowedNext(detail.incident.status),
    timeline: publicTimeline(detail.timeline),
    comments: detail.comments,
    assignments: detail.assignments,
    // Integrations: a summary of the linked alerts (every one: GET /v1/incidents/{id}/alerts).
    alerts: alertsSummary(detail.alerts ?? []),
  };
}
