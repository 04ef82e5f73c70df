import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { touch, type Actor } from '#shared/domain/incidents/incident.ts';
import { SideWriteRejected, type Assignment } from '#shared/store/incidents/incident-store.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { mutateIncident } from '#shared/use-cases/incidents/mutate-incident.ts';

export async function assign(deps: Deps, id: string, user: string, role: string, actor: Actor): Promise<Assignment> {
  let assignment: Assignment | undefined;
  try {
    await mutateIncident(deps, id, (before, now) => touch(before, 'incident.assigned', actor, now, `${user} assigned as ${role}`, { assignment: { from: null, to: { user, role } } }), {
      side: (_before, now) => {
        assignment = { incident_id: id, user, role, assigned_by: actor.name, assigned_at: now };
        return { kind: 'putAssignment', assignment };
      },
    });
  } catch (error) {
    if (error instanceof SideWriteRejected) throw new ConflictError(`${user} is already assigned to ${id}; remove the assignment first to change its role.`);
    throw error;
  }
  return assignment as Assignment;
}

export async function unassign(deps: Deps, id: string, user: string, actor: Actor): Promise<void> {
  try {
    await mutateIncident(deps, id, (before, now) => touch(before, 'incident.unassigned', actor, now, `${user} unassigned`, { assignment: { from: { user }, to: null } }), {
      side: () => ({ kind: 'deleteAssignment', incidentId: id, user }),
    });
  } catch (error) {
    if (error instanceof SideWriteRejected) throw new NotFoundError(`${user} is not assigned to ${id}.`);
    throw error;
  }
}
