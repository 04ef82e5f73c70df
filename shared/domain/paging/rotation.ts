/**
 * Rotation arithmetic: who is on call at an instant, and the final shifts of a window, as pure
 * functions of (schedule, instant). Pure: no AWS imports; time zones from the runtime's tz database (zone.ts).
 *
 * Hand-offs are wall-clock times in the rotation's zone. Hand-off k is the local date-time
 * `start + k × shift length` (hours, days or weeks of wall-clock time), turned into an instant in
 * the zone with the rule of RFC 5545 §3.3.5:
 * - a local time that happens twice (the hour repeated when clocks go back) means its FIRST
 *   occurrence (the earlier instant);
 * - a local time that does not exist (the hour skipped when clocks go forward) is moved forward by
 *   the length of the gap (02:30 on a 02:00→03:00 spring-forward day is 03:30).
 * So a daily 09:00 hand-off is at 09:00 local on both DST change days (a 23- or 25-hour shift),
 * and an hourly rotation's shift over a skipped hour is empty (that participant's turn is skipped).
 *
 * Who is on call never walks shift by shift from the start: the shift index is
 * floor(elapsed wall-clock time / shift length), corrected by at most a step or two against the
 * actual hand-off instants (only near a DST change), so a rotation that started five years ago
 * costs the same as one that started yesterday.
 */
import { WEEKDAYS, type Override, type Restriction, type Rotation, type Schedule } from '#shared/domain/paging/schedule.ts';
import { zoneOffset } from '#shared/domain/paging/zone.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT_MS = { hourly: HOUR, daily: DAY, weekly: 7 * DAY } as const;

/** A half-open interval [start, end) of epoch milliseconds. */
export type Interval = readonly [number, number];

export interface Shift {
  user_id: string;
  /** UTC, ISO 8601; the shift is [start, end). */
  start: string;
  end: string;
}

/**
 * A zone's UTC offset per UTC day, when it is the same at both ends of the day (every day but the
 * one or two a year with a transition: those are asked every time). An offset is an Intl
 * formatting call (several µs); a window of shifts asks thousands of times, mostly about the
 * same few days. Bounded: cleared when it holds 4,096 days of a zone.
 */
const offsetsByDay = new Map<string, Map<number, number | null>>();

function offsetAt(zone: string, instant: number): number {
  let days = offsetsByDay.get(zone);
  if (!days) offsetsByDay.set(zone, (days = new Map<number, number | null>()));
  const day = Math.floor(instant / DAY);
  let offset = days.get(day);
  if (offset === undefined) {
    const first = zoneOffset(zone, day * DAY);
    offset = first === zoneOffset(zone, (day + 1) * DAY - 1) ? first : null;
    if (days.size >= 4096) days.clear();
    days.set(day, offset);
  }
  return offset ?? zoneOffset(zone, instant);
}

/** Wall-clock milliseconds: the local date-time of `instant` in `zone`, counted as if it were UTC. */
export function wallClock(instant: number, zone: string): number {
  return instant + offsetAt(zone, instant) * MINUTE;
}

/** The instant of a local date-time (wall-clock ms) in `zone`, by the RFC 5545 rule above. */
export function instantOf(wall: number, zone: string): number {
  // Real zones change their offset at most once within a day, so the offsets a day before and a
  // day after are the only candidates.
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  let first: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset * MINUTE;
    if (offsetAt(zone, candidate) === offset && (first === undefined || candidate < first)) first = candidate;
  }
  // No candidate: the local time falls in a gap. With the offset before the gap, it lands the
  // gap's length later on the wall clock.
  return first ?? wall - before * MINUTE;
}

/** `2026-11-02T09:00:00` → wall-clock ms. */
export function parseLocal(local: string): number {
  const [date = '', time = ''] = local.split('T');
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0, ss = 0] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, hh, mm, ss);
}

const shiftMs = (rotation: Rotation): number => UNIT_MS[rotation.shift_type] * rotation.shift_length;

/** The instant of hand-off `k` (hand-off 0 is the rotation's start). */
export function handoff(rotation: Rotation, k: number): number {
  return instantOf(parseLocal(rotation.start) + k * shiftMs(rotation), rotation.time_zone);
}

/**
 * The index of the shift that contains `instant` (negative before the start): a jump to
 * floor(elapsed wall-clock time / shift length), then a check against the hand-off instants,
 * which can differ from the estimate by a step only around a DST change.
 */
export function shiftIndexAt(rotation: Rotation, instant: number): number {
  const zone = rotation.time_zone;
  const start = parseLocal(rotation.start);
  const length = shiftMs(rotation);
  let k = Math.floor((wallClock(instant, zone) - start) / length);
  const at = (i: number) => instantOf(start + i * length, zone);
  while (at(k + 1) <= instant) k += 1;
  while (at(k) > instant) k -= 1;
  return k;
}

const participantOf = (rotation: Rotation, k: number): string => rotation.participants[((k % rotation.participants.length) + rotation.participants.length) % rotation.participants.length] as string;

const minutesOf = (hhmm: string): number => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Monday = 0 … Sunday = 6, of a wall-clock midnight. */
const weekdayIndex = (wallMidnight: number): number => (new Date(wallMidnight).getUTCDay() + 6) % 7;

/** The window of `restriction` that starts on the local day `wallMidnight`, as instants. */
function restrictionWindow(restriction: Restriction, wallMidnight: number, zone: string): Interval {
  const start = minutesOf(restriction.start);
  const end = minutesOf(restriction.end);
  const endWall = wallMidnight + (end <= start ? DAY : 0) + end * MINUTE;
  return [instantOf(wallMidnight + start * MINUTE, zone), instantOf(endWall, zone)];
}

const appliesOn = (restriction: Restriction, wallMidnight: number): boolean => restriction.days.includes(WEEKDAYS[weekdayIndex(wallMidnight)] as Restriction['days'][number]);

/** True when the rotation has no restrictions or `instant` is inside one of their windows. */
export function restrictionsAllow(rotation: Rotation, instant: number): boolean {
  if (rotation.restrictions.length === 0) return true;
  const zone = rotation.time_zone;
  const today = Math.floor(wallClock(instant, zone) / DAY) * DAY;
  // A window that runs past midnight may have started the day before.
  for (const day of [today - DAY, today]) {
    for (const r of rotation.restrictions) {
      if (!appliesOn(r, day)) continue;
      const [s, e] = restrictionWindow(r, day, zone);
      if (s <= instant && instant < e) return true;
    }
  }
  return false;
}

/** The participant of `rotation` on call at `instant`, if any. */
export function rotationOnCallAt(rotation: Rotation, instant: number): string | undefined {
  if (rotation.participants.length === 0) return undefined;
  const k = shiftIndexAt(rotation, instant);
  if (k < 0 || !restrictionsAllow(rotation, instant)) return undefined;
  return participantOf(rotation, k);
}

const covers = (o: Override, instant: number): boolean => Date.parse(o.start) <= instant && instant < Date.parse(o.end);

/**
 * Who is on call at `instant`: the union of every rotation's participant (in rotation order),
 * then every override that covers the instant, in the order they were added.
 */
export function onCallAt(schedule: Pick<Schedule, 'rotations' | 'overrides'>, instant: number): string[] {
  const users: string[] = [];
  for (const rotation of schedule.rotations) {
    const user = rotationOnCallAt(rotation, instant);
    if (user !== undefined && !users.includes(user)) users.push(user);
  }
  for (const o of schedule.overrides) {
    if (!covers(o, instant)) continue;
    const at = o.remove_user === null ? -1 : users.indexOf(o.remove_user);
    if (o.kind === 'add' && o.add_user !== null && !users.includes(o.add_user)) users.push(o.add_user);
    else if (o.kind === 'remove' && at >= 0) users.splice(at, 1);
    else if (o.kind === 'replace' && at >= 0 && o.add_user !== null) {
      if (users.includes(o.add_user)) users.splice(at, 1);
      else users[at] = o.add_user;
    }
  }
  return users;
}

// ---- Interval sets (sorted, disjoint, non-empty [start, end) pairs) ----

export function normalize(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([s, e]) => s < e).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export const union = (a: readonly Interval[], b: readonly Interval[]): Interval[] => normalize([...a, ...b]);

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [s1, e1] of a) for (const [s2, e2] of b) if (Math.max(s1, s2) < Math.min(e1, e2)) out.push([Math.max(s1, s2), Math.min(e1, e2)]);
  return normalize(out);
}

export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let rest: Interval[] = normalize(a);
  for (const [s2, e2] of normalize(b)) {
    rest = rest.flatMap(([s1, e1]): Interval[] => (e1 <= s2 || e2 <= s1 ? [[s1, e1]] : ([[s1, s2], [e2, e1]] as Interval[]).filter(([s, e]) => s < e)));
  }
  return rest;
}

/** The restriction windows of a rotation that meet [from, to). */
function restrictionWindows(rotation: Rotation, from: number, to: number): Interval[] {
  const zone = rotation.time_zone;
  const windows: Interval[] = [];
  const last = Math.floor(wallClock(to, zone) / DAY) * DAY;
  for (let day = Math.floor(wallClock(from, zone) / DAY) * DAY - DAY; day <= last; day += DAY) {
    for (const r of rotation.restrictions) if (appliesOn(r, day)) windows.push(restrictionWindow(r, day, zone));
  }
  return intersect(normalize(windows), [[from, to]]);
}

/** Each participant's time on call from one rotation within [from, to), after its restrictions. */
export function rotationSegments(rotation: Rotation, from: number, to: number): { user: string; interval: Interval }[] {
  if (rotation.participants.length === 0 || from >= to) return [];
  const out: { user: string; interval: Interval }[] = [];
  const windows = rotation.restrictions.length > 0 ? restrictionWindows(rotation, from, to) : undefined;
  for (let k = Math.max(0, shiftIndexAt(rotation, from)); ; k++) {
    const s = handoff(rotation, k);
    if (s >= to) break;
    const shift: Interval = [Math.max(s, from), Math.min(handoff(rotation, k + 1), to)];
    if (shift[0] >= shift[1]) continue;
    const pieces = windows ? intersect([shift], windows) : [shift];
    for (const interval of pieces) out.push({ user: participantOf(rotation, k), interval });
  }
  return out;
}

/**
 * The final shifts of [from, to) (epoch ms): every rotation's shifts after its restrictions, then
 * the overrides in the order they were added, clipped to the window. One person's adjoining or
 * overlapping time is one shift. Sorted by start, then user id.
 */
export function shiftsBetween(schedule: Pick<Schedule, 'rotations' | 'overrides'>, from: number, to: number): Shift[] {
  const byUser = new Map<string, Interval[]>();
  const get = (user: string): Interval[] => byUser.get(user) ?? [];
  for (const rotation of schedule.rotations) {
    for (const { user, interval } of rotationSegments(rotation, from, to)) byUser.set(user, union(get(user), [interval]));
  }
  for (const o of schedule.overrides) {
    const span = intersect([[Date.parse(o.start), Date.parse(o.end)]], [[from, to]]);
    if (span.length === 0) continue;
    if (o.kind === 'add' && o.add_user !== null) byUser.set(o.add_user, union(get(o.add_user), span));
    else if (o.kind === 'remove' && o.remove_user !== null) byUser.set(o.remove_user, subtract(get(o.remove_user), span));
    else if (o.kind === 'replace' && o.add_user !== null && o.remove_user !== null) {
      const moved = intersect(get(o.remove_user), span);
      byUser.set(o.remove_user, subtract(get(o.remove_user), moved));
      byUser.set(o.add_user, union(get(o.add_user), moved));
    }
  }
  const shifts: (Shift & { s: number })[] = [];
  for (const [user, intervals] of byUser) {
    for (const [s, e] of intervals) shifts.push({ user_id: user, start: new Date(s).toISOString(), end: new Date(e).toISOString(), s });
  }
  return shifts.sort((a, b) => a.s - b.s || a.user_id.localeCompare(b.user_id)).map(({ user_id, start, end }) => ({ user_id, start, end }));
}
