/**
 * Teams: the people who own services, with the schedule that says who of them is on call and the
 * escalation policy that pages them. A team's id is the slug incidents carry in `assigned_team`.
 * Pure: no AWS imports.
 */
import { InvalidInputError } from '#shared/domain/errors.ts';
import { USER_ID_PATTERN } from '#shared/domain/paging/schedule.ts';

/** URL-safe, chosen by the admin: `payments`, `core-infra`. Exactly what incidents carry in `assigned_team`. */
export const TEAM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
/**
 * Escalation policy ids are checked for shape only here; the escalation capability checks that
 * the policy exists (add it to `TEAM_REFERENCES` in shared/store/paging/dynamo-paging-store.ts).
 */
export const POLICY_REF_PATTERN = /^[A-Za-z0-9][\w-]{0,63}$/;

export const DEFAULT_AUTO_RESOLVE_HOURS = 72;
export const MAX_AUTO_RESOLVE_HOURS = 720;
export const MAX_MEMBERS = 200;

export interface Team {
  id: string;
  name: string;
  /** User ids (token subjects). */
  members: string[];
  schedule_id: string | null;
  escalation_policy_id: string | null;
  /** Hours without an update after which an active incident of the team is resolved; 0 = never. */
  auto_resolve_hours: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export const TEAM_FIELDS = ['id', 'name', 'members', 'schedule_id', 'escalation_policy_id', 'auto_resolve_hours', 'created_at', 'updated_at', 'version'] as const satisfies readonly (keyof Team)[];

export interface TeamInput {
  id: string;
  name: string;
  members?: string[] | undefined;
  schedule_id?: string | null | undefined;
  escalation_policy_id?: string | null | undefined;
  auto_resolve_hours?: number | undefined;
}

export type TeamPatch = Partial<Omit<TeamInput, 'id'>>;

function checkMembers(members: readonly string[]): string[] {
  members.forEach((m, i) => {
    if (!USER_ID_PATTERN.test(m)) throw new InvalidInputError(`members.${i}: '${m}' is not a user id (the subject of the person's token).`, { field: `members.${i}` });
  });
  if (members.length > MAX_MEMBERS) throw new InvalidInputError(`members: at most ${MAX_MEMBERS} members.`, { field: 'members' });
  return [...new Set(members)];
}

function checkAutoResolve(hours: number): number {
  if (!Number.isInteger(hours) || hours < 0 || hours > MAX_AUTO_RESOLVE_HOURS) {
    throw new InvalidInputError(`auto_resolve_hours: must be an integer from 0 (off) to ${MAX_AUTO_RESOLVE_HOURS}.`, { field: 'auto_resolve_hours' });
  }
  return hours;
}

export function newTeam(input: TeamInput, now: string): Team {
  if (!TEAM_ID_PATTERN.test(input.id)) throw new InvalidInputError(`id: '${input.id}' must be lower-case letters, digits and dashes (e.g. payments), at most 63 characters.`, { field: 'id' });
  return {
    id: input.id,
    name: input.name,
    members: checkMembers(input.members ?? []),
    schedule_id: input.schedule_id ?? null,
    escalation_policy_id: input.escalation_policy_id ?? null,
    auto_resolve_hours: checkAutoResolve(input.auto_resolve_hours ?? DEFAULT_AUTO_RESOLVE_HOURS),
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

export function patchTeam(before: Team, patch: TeamPatch, now: string): Team {
  return {
    ...before,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.members !== undefined ? { members: checkMembers(patch.members) } : {}),
    ...(patch.schedule_id !== undefined ? { schedule_id: patch.schedule_id } : {}),
    ...(patch.escalation_policy_id !== undefined ? { escalation_policy_id: patch.escalation_policy_id } : {}),
    ...(patch.auto_resolve_hours !== undefined ? { auto_resolve_hours: checkAutoResolve(patch.auto_resolve_hours) } : {}),
    updated_at: now,
    version: before.version + 1,
  };
}

/**
 * "Unknown people": a schedule used by teams may name only members of those teams. Returns the
 * first offender as a field path and user id, or undefined.
 */
export function firstNonMember(people: ReadonlyMap<string, string>, teams: readonly Pick<Team, 'id' | 'members'>[]): { field: string; user: string; team: string } | undefined {
  for (const team of teams) {
    const members = new Set(team.members);
    for (const [user, field] of people) if (!members.has(user)) return { field, user, team: team.id };
  }
  return undefined;
}
