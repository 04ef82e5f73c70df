/**
 * On-call schedules: one or more rotations (participants in order, a shift length, a first
 * hand-off in the rotation's IANA time zone, optional weekday / time-of-day restrictions) and
 * overrides (add, remove or replace a person over [start, end)). The arithmetic that turns them
 * into who is on call lives in rotation.ts. Pure: no AWS imports.
 */
import { InvalidInputError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import { canonicalTimeZone, isValidTimeZone } from '#shared/domain/paging/zone.ts';

export const SHIFT_TYPES = ['hourly', 'daily', 'weekly'] as const;
export type ShiftType = (typeof SHIFT_TYPES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Longest shift per type (one year), so a shift length cannot overflow the arithmetic. */
export const MAX_SHIFT_LENGTH: Readonly<Record<ShiftType, number>> = { hourly: 8_760, daily: 365, weekly: 52 };

/**
 * The rotation is on call only inside these windows (local time in the rotation's zone): on each of
 * `days`, from `start` to `end` (`HH:mm`). `end` ≤ `start` runs past midnight into the next day
 * (`22:00`–`06:00`); `start` = `end` is the whole day.
 */
export interface Restriction {
  days: Weekday[];
  start: string;
  end: string;
}

export interface Rotation {
  /** `r1`, `r2`, … in the order given; stable names for shifts and calendars. */
  id: string;
  name: string;
  /** User ids (token subjects) in hand-off order; a person may appear more than once. */
  participants: string[];
  shift_type: ShiftType;
  /** Number of `shift_type` units per shift: `hourly` with 12 is a 12-hour shift. */
  shift_length: number;
  /** The first hand-off, a local date-time (`2026-11-02T09:00`) in `time_zone`; it fixes the hand-off time of day. */
  start: string;
  time_zone: string;
  restrictions: Restriction[];
}

/**
 * `add_user` only: that person is on call as well. `remove_user` only: that person is not on call.
 * Both: `add_user` takes `remove_user`'s place, only while `remove_user` would be on call.
 */
export interface Override {
  id: string;
  kind: 'add' | 'remove' | 'replace';
  add_user: string | null;
  remove_user: string | null;
  /** UTC instants, `start` < `end`; the override covers [start, end). */
  start: string;
  end: string;
  created_by: string;
  created_at: string;
}

export interface Schedule {
  id: string;
  name: string;
  description: string;
  rotations: Rotation[];
  overrides: Override[];
  created_at: string;
  updated_at: string;
  version: number;
}

export const SCHEDULE_FIELDS = ['id', 'name', 'description', 'rotations', 'overrides', 'created_at', 'updated_at', 'version'] as const satisfies readonly (keyof Schedule)[];

export const SCHEDULE_ID_PATTERN = /^SCH-[0-9A-HJKMNP-TV-Z]{26}$/;
export const OVERRIDE_ID_PATTERN = /^OVR-[0-9A-HJKMNP-TV-Z]{26}$/;
export const newScheduleId = (now: number = Date.now()): string => `SCH-${ulid(now)}`;
export const newOverrideId = (now: number = Date.now()): string => `OVR-${ulid(now)}`;

/** User ids are token subjects: Cognito `sub` UUIDs, local-issuer subjects, e-mail-like names. */
export const USER_ID_PATTERN = /^[A-Za-z0-9][\w.@+:-]{0,199}$/;
/** `2026-11-02T09:00` or with seconds: a local date-time without an offset. */
export const LOCAL_DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export const MAX_ROTATIONS = 10;
export const MAX_PARTICIPANTS = 100;
export const MAX_RESTRICTIONS = 14;
export const MAX_OVERRIDES = 200;

export interface RotationInput {
  name?: string | undefined;
  participants: string[];
  shift_type: ShiftType;
  shift_length?: number | undefined;
  start: string;
  time_zone: string;
  restrictions?: Restriction[] | undefined;
}

export interface OverrideInput {
  add_user?: string | null | undefined;
  remove_user?: string | null | undefined;
  start: string;
  end: string;
}

export interface ScheduleInput {
  name: string;
  description?: string | undefined;
  rotations: RotationInput[];
  overrides?: OverrideInput[] | undefined;
}


/** A real calendar date-time (rejects 2026-02-30T09:00). */
function validLocalDateTime(value: string): boolean {
  if (!LOCAL_DATE_TIME_PATTERN.test(value)) return false;
  const [date = '', time = ''] = value.split('T');
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss = 0] = time.split(':').map(Number) as [number, number, number?];
  const probe = new Date(Date.UTC(y, m - 1, d, hh, mm, ss));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d && probe.getUTCHours() === hh && probe.getUTCMinutes() === mm;
}

function rotation(input: RotationInput, index: number): Rotation {
  const field = `rotations.${index}`;
  if (!isValidTimeZone(input.time_zone)) {
    throw new InvalidInputError(`${field}.time_zone: '${input.time_zone}' is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC).`, { field: `${field}.time_zone` });
  }
  if (!validLocalDateTime(input.start)) {
    throw new InvalidInputError(`${field}.start: '${input.start}' is not a local date-time such as 2026-11-02T09:00 (no offset: it is read in the rotation's time zone).`, { field: `${field}.start` });
  }
  const length = input.shift_length ?? 1;
  if (!Number.isInteger(length) || length < 1 || length > MAX_SHIFT_LENGTH[input.shift_type]) {
    throw new InvalidInputError(`${field}.shift_length: must be an integer from 1 to ${MAX_SHIFT_LENGTH[input.shift_type]} for ${input.shift_type} shifts.`, { field: `${field}.shift_length` });
  }
  input.participants.forEach((p, i) => checkUser(p, `${field}.participants.${i}`));
  return {
    id: `r${index + 1}`,
    name: input.name ?? `Rotation ${index + 1}`,
    participants: [...input.participants],
    shift_type: input.shift_type,
    shift_length: length,
    start: input.start.length === 16 ? `${input.start}:00` : input.start,
    time_zone: canonicalTimeZone(input.time_zone),
    restrictions: (input.restrictions ?? []).map((r) => ({ days: [...new Set(r.days)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b)), start: r.start, end: r.end })),
  };
}

function checkUser(user: string, field: string): void {
  if (!USER_ID_PATTERN.test(user)) throw new InvalidInputError(`${field}: '${user}' is not a user id (the subject of the person's token).`, { field });
}

export function newOverride(input: OverrideInput, createdBy: string, now: string, field = 'override'): Override {
  const add = input.add_user ?? null;
  const remove = input.remove_user ?? null;
  if (add === null && remove === null) throw new InvalidInputError(`${field}: give add_user, remove_user, or both (replace).`, { field: `${field}.add_user` });
  if (add !== null) checkUser(add, `${field}.add_user`);
  if (remove !== null) checkUser(remove, `${field}.remove_user`);
  if (add !== null && add === remove) throw new InvalidInputError(`${field}.add_user: a person cannot replace themself.`, { field: `${field}.add_user` });
  const start = Date.parse(input.start);
  const end = Date.parse(input.end);
  if (!(end > start)) throw new InvalidInputError(`${field}.end: ${input.end} must be after start ${input.start}.`, { field: `${field}.end` });
  return {
    id: newOverrideId(Date.parse(now)),
    kind: add !== null && remove !== null ? 'replace' : add !== null ? 'add' : 'remove',
    add_user: add,
    remove_user: remove,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    created_by: createdBy,
    created_at: now,
  };
}

function rotations(inputs: readonly RotationInput[]): Rotation[] {
  if (inputs.length === 0) throw new InvalidInputError('rotations: give at least one rotation.', { field: 'rotations' });
  if (inputs.length > MAX_ROTATIONS) throw new InvalidInputError(`rotations: at most ${MAX_ROTATIONS} rotations.`, { field: 'rotations' });
  return inputs.map(rotation);
}

function checkOverrideCount(overrides: readonly Override[]): void {
  if (overrides.length > MAX_OVERRIDES) {
    throw new InvalidInputError(`overrides: at most ${MAX_OVERRIDES} overrides per schedule; delete past ones first.`, { field: 'overrides' });
  }
}

export function newSchedule(id: string, input: ScheduleInput, createdBy: string, now: string): Schedule {
  const overrides = (input.overrides ?? []).map((o, i) => newOverride(o, createdBy, now, `overrides.${i}`));
  checkOverrideCount(overrides);
  return { id, name: input.name, description: input.description ?? '', rotations: rotations(input.rotations), overrides, created_at: now, updated_at: now, version: 1 };
}

export function patchSchedule(before: Schedule, patch: Partial<ScheduleInput>, editor: string, now: string): Schedule {
  const overrides = patch.overrides !== undefined ? patch.overrides.map((o, i) => newOverride(o, editor, now, `overrides.${i}`)) : before.overrides;
  checkOverrideCount(overrides);
  return {
    ...before,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.rotations !== undefined ? { rotations: rotations(patch.rotations) } : {}),
    overrides,
    updated_at: now,
    version: before.version + 1,
  };
}

export function addOverride(before: Schedule, override: Override, now: string): Schedule {
  const overrides = [...before.overrides, override];
  checkOverrideCount(overrides);
  return { ...before, overrides, updated_at: now, version: before.version + 1 };
}

export function removeOverride(before: Schedule, overrideId: string, now: string): Schedule | undefined {
  if (!before.overrides.some((o) => o.id === overrideId)) return undefined;
  return { ...before, overrides: before.overrides.filter((o) => o.id !== overrideId), updated_at: now, version: before.version + 1 };
}

/** Every person a schedule names (participants and override users), each once. */
export function schedulePeople(schedule: Pick<Schedule, 'rotations' | 'overrides'>): Map<string, string> {
  const people = new Map<string, string>();
  schedule.rotations.forEach((r, i) => r.participants.forEach((p, j) => people.has(p) || people.set(p, `rotations.${i}.participants.${j}`)));
  schedule.overrides.forEach((o, i) => {
    if (o.add_user !== null && !people.has(o.add_user)) people.set(o.add_user, `overrides.${i}.add_user`);
    if (o.remove_user !== null && !people.has(o.remove_user)) people.set(o.remove_user, `overrides.${i}.remove_user`);
  });
  return people;
}
