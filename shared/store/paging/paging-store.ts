/**
 * What the paging use cases (teams, schedules, who is on call, calendar feeds) need from storage.
 * shared/store/paging/dynamo-paging-store.ts implements it on the single table
 * (docs/data-model.md, "Paging").
 */
import type { Schedule } from '#shared/domain/paging/schedule.ts';
import type { Team } from '#shared/domain/paging/team.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';

/** An entity that uses another one: a team using a schedule (later: a policy using a team or schedule). */
export interface Reference {
  /** `team`, `policy`, … */
  readonly kind: string;
  readonly id: string;
}

/** The stored version differed from the one read (or the id exists already on create). */
export class StaleWrite extends Error {}

/** A referenced entity does not exist; `field` names the input field that named it. */
export class UnknownReference extends Error {
  constructor(
    readonly field: string,
    readonly kind: string,
    readonly id: string,
  ) {
    super(`${kind} ${id} (${field}) does not exist`);
  }
}

/** The entity is still used by others and was not deleted. */
export class StillReferenced extends Error {
  constructor(readonly references: readonly Reference[]) {
    super(`still used by ${references.map((r) => `${r.kind} ${r.id}`).join(', ')}`);
  }
}

/** A person's calendar feed secret: only its SHA-256 hash is stored. */
export interface CalendarSecret {
  readonly user_id: string;
  /** hex SHA-256 of the secret. */
  readonly secret_hash: string;
  readonly created_at: string;
}

export interface PagingStore {
  getTeam(id: string): Promise<Team | undefined>;
  /** Several teams by id with one BatchGetItem (missing ids are left out). */
  getTeams(ids: readonly string[]): Promise<Team[]>;
  listTeams(limit: number, cursor: string | undefined): Promise<Page<Team>>;
  /**
   * Creates (`before` undefined; StaleWrite if the id exists) or replaces a team conditional on
   * `before.version`, and moves its references (schedule) in the same transaction; UnknownReference
   * when a referenced entity does not exist.
   */
  putTeam(team: Team, before?: Team): Promise<void>;
  /** StillReferenced when something uses the team; StaleWrite when it changed since it was read. */
  deleteTeam(team: Team): Promise<void>;

  getSchedule(id: string): Promise<Schedule | undefined>;
  listSchedules(limit: number, cursor: string | undefined): Promise<Page<Schedule>>;
  /** `expectedVersion` undefined: create (the id must be new). */
  putSchedule(schedule: Schedule, expectedVersion?: number): Promise<void>;
  /** StillReferenced (naming the teams, and later the policies) when anything uses the schedule. */
  deleteSchedule(schedule: Schedule): Promise<void>;

  /** Who uses an entity (one Query on its reference partition). */
  referencesTo(kind: string, id: string): Promise<Reference[]>;

  getCalendarSecret(userId: string): Promise<CalendarSecret | undefined>;
  putCalendarSecret(secret: CalendarSecret): Promise<void>;
  /** True if there was one. */
  deleteCalendarSecret(userId: string): Promise<boolean>;
}
