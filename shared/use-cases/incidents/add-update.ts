import { addUpdate as update, type Actor, type UpdateInput } from '#shared/domain/incidents/incident.ts';
import type { Deps } from '#shared/use-cases/context.ts';
import { mutateIncident } from '#shared/use-cases/incidents/mutate-incident.ts';

export async function addUpdate(deps: Deps, id: string, input: UpdateInput, actor: Actor) {
  let entry: ReturnType<typeof update>['entry'] | undefined;
  const result = await mutateIncident(deps, id, (before, now) => {
    const change = update(before, input, actor, now);
    entry = change.entry;
    return change;
  });
  return { incident: result.incident, update: entry as NonNullable<typeof entry> };
}
