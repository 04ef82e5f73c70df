import { applyPatch, type Actor, type IncidentPatch } from '#shared/domain/incidents/incident.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { mutateIncident } from '#shared/use-cases/incidents/mutate-incident.ts';

/** PATCH with optimistic concurrency: `expectedVersion` comes from If-Match. */
export function updateIncident(deps: Deps, id: string, patch: IncidentPatch, actor: Actor, expectedVersion: number) {
  return mutateIncident(deps, id, (before, now) => applyPatch(before, patch, actor, now), { expectedVersion });
}
