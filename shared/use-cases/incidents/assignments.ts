import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { touch, type Actor } from '#shared/domain/incidents/incident.ts';
import { SideWriteRejected, type Assignment } from '#shared/store/incidents/incident-store.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { writeSide } from '#shared/use-cases/incidents/side-write.ts';

export async function assign(deps: Deps, id: string, user: string, role: string, actor: Actor): Promise<Assignment> {
  let assignment: Assignment | undefined;
  try {
    await writeSide(deps, id, (incident, now) => {
      assignment = { incident_id: id, user, role, assigned_by: actor.name, assigned_at: now };
      const { entry } = touch(incident, 'incident.assigned', actor, now, `${user} assigned as ${role}`, { assignment: { from: null, to: { user, role } } });
      return { entry, side: { kind: 'putAssignment', assignment } };
    });
  } catch (error) {
    if (error instanceof SideWriteRejected) throw new ConflictError(`${user} is already assigned to ${id}; remove the assignment first to change its role.`);
    throw error;
  }
  return assignment as Assignment;
}

export async function unassign(deps: Deps, id: string, user: string, actor: Actor): Promise<void> {
  try {
    await writeSide(deps, id, (incident, now) => ({
      entry: touch(incident, 'incident.unassigned', actor, now, `${user} unassigned`, { assignment: { from: { user }, to: null } }).entry,
      side: { kind: 'deleteAssignment', incidentId: id, user },
    }));
  } catch (error) {
    if (error instanceof SideWriteRejected) throw new NotFoundError(`${user} is not assigned to ${id}.`);
    throw error;
  }
}
