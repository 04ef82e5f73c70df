/**
 * Comments and assignments: their own items plus a timeline entry, committed without a condition
 * on the incident's version (shared/store/incidents/incident-store.ts `addSide`), so people
 * commenting and assigning at the same moment never conflict with each other or with edits. Only
 * the incident's existence is checked; its version is incremented with `ADD` (ETags stay honest).
 */
import { NotFoundError } from '#shared/domain/errors.ts';
import type { Incident, TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { BoardCopyChanged, IncidentMissing, type SideWrite } from '#shared/store/incidents/incident-store.ts';
import type { Deps } from '#shared/use-cases/context.ts';

export async function writeSide(
  deps: Deps,
  id: string,
  build: (incident: Incident, now: string) => { entry: TimelineEntry; side: SideWrite },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const incident = await deps.store.get(id);
    if (!incident) throw new NotFoundError(`Incident ${id} does not exist.`);
    const { entry, side } = build(incident, deps.now().toISOString());
    const onBoard = isActive(incident.status) && (incident.components?.length ?? 0) > 0;
    try {
      await deps.store.addSide(entry, side, onBoard);
      return;
    } catch (error) {
      if (error instanceof IncidentMissing) throw new NotFoundError(`Incident ${id} does not exist.`);
      // The incident left the board meanwhile (resolved, components moved): decide again on a fresh read.
      if (error instanceof BoardCopyChanged && attempt < 3) continue;
      throw error;
    }
  }
}
