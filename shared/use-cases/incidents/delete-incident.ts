import { touch, type Actor } from '#shared/domain/incidents/incident.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { mutateIncident } from '#shared/use-cases/incidents/mutate-incident.ts';

/** Soft delete: the incident leaves lists and reads; its timeline (the audit trail) stays. */
export async function deleteIncident(deps: Deps, id: string, actor: Actor): Promise<void> {
  await mutateIncident(deps, id, (before, now) => touch(before, 'incident.deleted', actor, now, `deleted by ${actor.name}`), { deleted: { by: actor.name } });
}
