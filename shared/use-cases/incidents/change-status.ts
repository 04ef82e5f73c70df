import { changeStatus as move, type Actor } from '#shared/domain/incidents/incident.ts';
import type { Status } from '#shared/domain/incidents/lifecycle.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { mutateIncident } from '#shared/use-cases/incidents/mutate-incident.ts';

/** A move to the current status changes nothing (a retried PUT is safe); others follow the lifecycle. */
export function changeStatus(deps: Deps, id: string, status: Status, actor: Actor, message: string | undefined) {
  return mutateIncident(deps, id, (before, now) => (before.status === status ? 'unchanged' : move(before, status, actor, now, message ?? null)));
}
