/**
 * Teams: create, read, list, change, delete. A team's schedule must exist (400 naming
 * `schedule_id`) and may name only the team's members; a team that something uses (an escalation
 * policy) cannot be deleted (409 naming them).
 */
import { ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError } from '#shared/domain/errors.ts';
import { schedulePeople } from '#shared/domain/paging/schedule.ts';
import { firstNonMember, newTeam, patchTeam, type Team, type TeamInput, type TeamPatch } from '#shared/domain/paging/team.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import { StaleWrite, StillReferenced, UnknownReference } from '#shared/store/paging/paging-store.ts';
import type { PagingDeps } from '#shared/use-cases/paging/deps.ts';
import { inUse, lostRace, unknownReference } from '#shared/use-cases/paging/references.ts';

const MAX_ATTEMPTS = 5;

async function mustGetTeam(deps: PagingDeps, id: string): Promise<Team> {
  const team = await deps.paging.getTeam(id);
  if (!team) throw new NotFoundError(`Team ${id} does not exist.`);
  return team;
}

/** The team's schedule must exist and name only the team's members ("unknown people"). */
async function checkSchedule(deps: PagingDeps, team: Team): Promise<void> {
  if (team.schedule_id === null) return;
  const schedule = await deps.paging.getSchedule(team.schedule_id);
  if (!schedule) throw unknownReference('schedule_id', 'schedule', team.schedule_id);
  const offender = firstNonMember(schedulePeople(schedule), [team]);
  if (offender) {
    throw new InvalidInputError(
      `members: schedule ${schedule.id} names ${offender.user} (its ${offender.field}), who is not a member of team ${team.id}; add them to members or change the schedule.`,
      { field: 'members', user: offender.user },
    );
  }
}

async function save(deps: PagingDeps, team: Team, before?: Team): Promise<void> {
  try {
    await deps.paging.putTeam(team, before);
  } catch (error) {
    if (error instanceof UnknownReference) throw unknownReference(error.field, error.kind, error.id);
    throw error;
  }
}

export async function createTeam(deps: PagingDeps, input: TeamInput): Promise<Team> {
  const team = newTeam(input, deps.now().toISOString());
  await checkSchedule(deps, team);
  try {
    await save(deps, team);
  } catch (error) {
    if (error instanceof StaleWrite) throw new ConflictError(`Team ${team.id} exists already; choose another id or change that team.`, { team_id: team.id });
    throw error;
  }
  return team;
}

export async function updateTeam(deps: PagingDeps, id: string, patch: TeamPatch, expectedVersion?: number): Promise<Team> {
  for (let attempt = 1; ; attempt++) {
    const before = await mustGetTeam(deps, id);
    if (expectedVersion !== undefined && before.version !== expectedVersion) {
      throw new PreconditionFailedError(`Team ${id} is at version ${before.version}, not ${expectedVersion}; GET it again and retry.`, { current_version: before.version });
    }
    const after = patchTeam(before, patch, deps.now().toISOString());
    await checkSchedule(deps, after);
    try {
      await save(deps, after, before);
      return after;
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
      if (attempt >= MAX_ATTEMPTS || expectedVersion !== undefined) throw lostRace(`Team ${id}`, expectedVersion);
    }
  }
}

export const getTeam = mustGetTeam;

export async function listTeams(deps: PagingDeps, limit: number, cursor: string | undefined): Promise<Page<Team>> {
  return deps.paging.listTeams(limit, cursor);
}

export async function deleteTeam(deps: PagingDeps, id: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const team = await mustGetTeam(deps, id);
    try {
      await deps.paging.deleteTeam(team);
      return;
    } catch (error) {
      if (error instanceof StillReferenced) throw inUse(`Team ${id}`, error.references);
      if (!(error instanceof StaleWrite)) throw error;
      if (attempt >= MAX_ATTEMPTS) throw lostRace(`Team ${id}`, undefined);
    }
  }
}
