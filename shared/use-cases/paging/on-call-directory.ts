/** The escalation side's view of teams and schedules, on the on-call half of paging (who-is-on-call.ts). */
import { onCallAt } from '#shared/domain/paging/rotation.ts';
import type { PagingDeps } from '#shared/use-cases/paging/deps.ts';
import type { OnCallDirectory } from '#shared/use-cases/paging/escalation-context.ts';

export function onCallDirectory(deps: PagingDeps): OnCallDirectory {
  return {
    team: (id) => deps.paging.getTeam(id),
    scheduleExists: async (id) => (await deps.paging.getSchedule(id)) !== undefined,
    // One GetItem per schedule; a schedule deleted since the policy was copied pages nobody.
    scheduleOnCall: async (id, at) => {
      const schedule = await deps.paging.getSchedule(id);
      return schedule ? onCallAt(schedule, at.getTime()) : [];
    },
    // The team's schedule; a team without one is paged whole (every member).
    teamOnCall: async (id, at) => {
      const team = await deps.paging.getTeam(id);
      if (!team) return [];
      if (team.schedule_id === null) return [...team.members];
      const schedule = await deps.paging.getSchedule(team.schedule_id);
      return schedule ? onCallAt(schedule, at.getTime()) : [];
    },
  };
}
