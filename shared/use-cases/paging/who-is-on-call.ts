/**
 * Who is on call: for a schedule at an instant, for a team (its schedule) at an instant, and the
 * final shifts of a window. One GetItem per entity read; the arithmetic is shared/domain/paging/rotation.ts.
 */
import { InvalidInputError, NotFoundError } from '#shared/domain/errors.ts';
import { onCallAt, shiftsBetween, type Shift } from '#shared/domain/paging/rotation.ts';
import type { Team } from '#shared/domain/paging/team.ts';
import type { PagingDeps } from '#shared/use-cases/paging/deps.ts';
import { mustGetSchedule } from '#shared/use-cases/paging/schedules.ts';
import { getTeam } from '#shared/use-cases/paging/teams.ts';

/** Longest window of `GET /v1/schedules/{id}/shifts`, in days. */
export const MAX_SHIFT_WINDOW_DAYS = 93;

function instant(at: string, field: string): number {
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new InvalidInputError(`${field}: '${at}' is not an ISO 8601 date-time.`, { field });
  return t;
}

/** User ids on call at `at` (ISO 8601); [] if nobody. NotFoundError for an unknown schedule. */
export async function whoIsOnCall(deps: PagingDeps, scheduleId: string, at: string): Promise<string[]> {
  const schedule = await mustGetSchedule(deps, scheduleId);
  return onCallAt(schedule, instant(at, 'at'));
}

/** The team's schedule's on-call at `at`; [] when the team has no schedule (or it was removed). */
export async function teamOnCall(deps: PagingDeps, teamId: string, at: string): Promise<{ team: Team; users: string[] }> {
  const team = await getTeam(deps, teamId);
  const t = instant(at, 'at');
  if (team.schedule_id === null) return { team, users: [] };
  const schedule = await deps.paging.getSchedule(team.schedule_id);
  return { team, users: schedule ? onCallAt(schedule, t) : [] };
}

/** The final shifts of [from, to), at most MAX_SHIFT_WINDOW_DAYS long. */
export async function scheduleShifts(deps: PagingDeps, scheduleId: string, from: string, to: string): Promise<{ schedule_id: string; from: string; to: string; shifts: Shift[] }> {
  const start = instant(from, 'from');
  const end = instant(to, 'to');
  if (end <= start) throw new InvalidInputError(`to: ${to} must be after from ${from}.`, { field: 'to' });
  if (end - start > MAX_SHIFT_WINDOW_DAYS * 86_400_000) throw new InvalidInputError(`to: the window may be at most ${MAX_SHIFT_WINDOW_DAYS} days long.`, { field: 'to' });
  const schedule = await mustGetSchedule(deps, scheduleId);
  return { schedule_id: schedule.id, from: new Date(start).toISOString(), to: new Date(end).toISOString(), shifts: shiftsBetween(schedule, start, end) };
}

/**
 * The first person on call for a team at `at`, with the team's name, or undefined when the team
 * does not exist, has no schedule, or nobody is on call. What incident creation assigns.
 */
export async function currentOnCall(deps: PagingDeps, teamId: string, at: string): Promise<{ user: string; teamName: string } | undefined> {
  try {
    const { team, users } = await teamOnCall(deps, teamId, at);
    const [user] = users;
    return user === undefined ? undefined : { user, teamName: team.name };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
