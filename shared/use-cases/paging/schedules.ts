/**
 * Schedules and their overrides: create, read, list, change, delete. A schedule that teams use
 * may name only their members ("unknown people", 400 naming the field); a schedule in use cannot
 * be deleted (409 naming the teams, and the policies once they exist).
 */
import type { Actor } from '#shared/domain/incidents/incident.ts';
import { InvalidInputError, NotFoundError, PreconditionFailedError } from '#shared/domain/errors.ts';
import {
  addOverride,
  newOverride,
  newSchedule,
  newScheduleId,
  patchSchedule,
  removeOverride,
  schedulePeople,
  type Override,
  type OverrideInput,
  type Schedule,
  type ScheduleInput,
} from '#shared/domain/paging/schedule.ts';
import { firstNonMember } from '#shared/domain/paging/team.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import { StaleWrite, StillReferenced } from '#shared/store/paging/paging-store.ts';
import type { PagingDeps } from '#shared/use-cases/paging/deps.ts';
import { inUse, lostRace } from '#shared/use-cases/paging/references.ts';

const MAX_ATTEMPTS = 5;

export async function mustGetSchedule(deps: PagingDeps, id: string): Promise<Schedule> {
  const schedule = await deps.paging.getSchedule(id);
  if (!schedule) throw new NotFoundError(`Schedule ${id} does not exist.`);
  return schedule;
}

/** Every person the schedule names must be a member of every team that uses it. */
async function checkPeople(deps: PagingDeps, schedule: Schedule): Promise<void> {
  const teamIds = (await deps.paging.referencesTo('schedule', schedule.id)).filter((r) => r.kind === 'team').map((r) => r.id);
  if (teamIds.length === 0) return;
  const offender = firstNonMember(schedulePeople(schedule), await deps.paging.getTeams(teamIds));
  if (offender) {
    throw new InvalidInputError(`${offender.field}: ${offender.user} is not a member of team ${offender.team}, which uses this schedule; add them to the team first.`, {
      field: offender.field,
      user: offender.user,
    });
  }
}

export async function createSchedule(deps: PagingDeps, input: ScheduleInput, actor: Actor): Promise<Schedule> {
  const now = deps.now();
  const schedule = newSchedule(newScheduleId(now.getTime()), input, actor.name, now.toISOString());
  await deps.paging.putSchedule(schedule);
  return schedule;
}

async function change(deps: PagingDeps, id: string, expectedVersion: number | undefined, fn: (before: Schedule, now: string) => Schedule): Promise<Schedule> {
  for (let attempt = 1; ; attempt++) {
    const before = await mustGetSchedule(deps, id);
    if (expectedVersion !== undefined && before.version !== expectedVersion) {
      throw new PreconditionFailedError(`Schedule ${id} is at version ${before.version}, not ${expectedVersion}; GET it again and retry.`, { current_version: before.version });
    }
    const after = fn(before, deps.now().toISOString());
    await checkPeople(deps, after);
    try {
      await deps.paging.putSchedule(after, before.version);
      return after;
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
      if (attempt >= MAX_ATTEMPTS || expectedVersion !== undefined) throw lostRace(`Schedule ${id}`, expectedVersion);
    }
  }
}

export function updateSchedule(deps: PagingDeps, id: string, patch: Partial<ScheduleInput>, actor: Actor, expectedVersion?: number): Promise<Schedule> {
  return change(deps, id, expectedVersion, (before, now) => patchSchedule(before, patch, actor.name, now));
}

export async function createOverride(deps: PagingDeps, id: string, input: OverrideInput, actor: Actor): Promise<{ schedule: Schedule; override: Override }> {
  let override: Override | undefined;
  const schedule = await change(deps, id, undefined, (before, now) => {
    override = newOverride(input, actor.name, now);
    return addOverride(before, override, now);
  });
  return { schedule, override: override as Override };
}

export async function deleteOverride(deps: PagingDeps, id: string, overrideId: string): Promise<void> {
  await change(deps, id, undefined, (before, now) => {
    const after = removeOverride(before, overrideId, now);
    if (!after) throw new NotFoundError(`Override ${overrideId} does not exist on schedule ${id}.`);
    return after;
  });
}

export const getSchedule = mustGetSchedule;

export function listSchedules(deps: PagingDeps, limit: number, cursor: string | undefined): Promise<Page<Schedule>> {
  return deps.paging.listSchedules(limit, cursor);
}

export async function deleteSchedule(deps: PagingDeps, id: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const schedule = await mustGetSchedule(deps, id);
    try {
      await deps.paging.deleteSchedule(schedule);
      return;
    } catch (error) {
      if (error instanceof StillReferenced) throw inUse(`Schedule ${id}`, error.references);
      if (!(error instanceof StaleWrite)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw lostRace(`Schedule ${id}`, undefined);
    }
  }
}
