/**
 * Request schemas of teams, schedules, overrides, on-call queries and calendar feeds. Strict
 * objects (unknown fields are a 400), bounded strings and lists; the rules that need a time-zone
 * database or another entity (unknown zone, unknown schedule, non-members) are checked in
 * shared/domain/paging/ and the use cases, with a 400 naming the field as well.
 */
import * as z from 'zod/mini';
import {
  LOCAL_DATE_TIME_PATTERN,
  MAX_OVERRIDES,
  MAX_PARTICIPANTS,
  MAX_RESTRICTIONS,
  MAX_ROTATIONS,
  OVERRIDE_ID_PATTERN,
  SCHEDULE_ID_PATTERN,
  SHIFT_TYPES,
  TIME_OF_DAY_PATTERN,
  USER_ID_PATTERN,
  WEEKDAYS,
} from '#shared/domain/paging/schedule.ts';
import { MAX_AUTO_RESOLVE_HOURS, MAX_MEMBERS, POLICY_REF_PATTERN, TEAM_ID_PATTERN } from '#shared/domain/paging/team.ts';
import { isoTime, listOf, nonEmpty, notEmptyPatch, PageQuery, schema, text } from '#shared/schemas/common.ts';

export const UserId = /* @__PURE__ */ schema(() => z.string().check(z.maxLength(200, 'at most 200 characters'), z.regex(USER_ID_PATTERN, 'must be a user id (the subject of the person\'s token), at most 200 characters')));
export const TeamId = /* @__PURE__ */ schema(() => z.string().check(z.maxLength(63, 'at most 63 characters'), z.regex(TEAM_ID_PATTERN, 'must be a team id: lower-case letters, digits and dashes, e.g. payments (at most 63 characters)')));
export const ScheduleId = /* @__PURE__ */ schema(() => z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(SCHEDULE_ID_PATTERN, 'must be a schedule id, e.g. SCH-01JD2X5Q7R8S9T0V1W2X3Y4Z5A')));
const PolicyRef = /* @__PURE__ */ schema(() => z.string().check(z.regex(POLICY_REF_PATTERN, 'must be an escalation policy id')));

export const TeamIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: TeamId }));
export const ScheduleIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: ScheduleId }));
export const OverrideIdParams = /* @__PURE__ */ schema(() =>
  z.strictObject({ id: ScheduleId, override_id: z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(OVERRIDE_ID_PATTERN, 'must be an override id, e.g. OVR-01JD2X5Q7R8S9T0V1W2X3Y4Z5A')) }),
);

const TeamFields = {
  name: nonEmpty(200),
  members: z.optional(listOf(UserId, MAX_MEMBERS)),
  schedule_id: z.optional(z.nullable(ScheduleId)),
  escalation_policy_id: z.optional(z.nullable(PolicyRef)),
  auto_resolve_hours: z.optional(
    z.number({ message: 'must be a number' }).check(z.int('must be an integer'), z.minimum(0, `must be from 0 (off) to ${MAX_AUTO_RESOLVE_HOURS}`), z.maximum(MAX_AUTO_RESOLVE_HOURS, `must be from 0 (off) to ${MAX_AUTO_RESOLVE_HOURS}`)),
  ),
};

export const CreateTeamBody = /* @__PURE__ */ schema(() => z.strictObject({ id: TeamId, ...TeamFields }));
export const PatchTeamBody = /* @__PURE__ */ schema(() => z.partial(z.strictObject(TeamFields)).check(notEmptyPatch()));

const TimeOfDay = /* @__PURE__ */ schema(() => z.string().check(z.regex(TIME_OF_DAY_PATTERN, 'must be a time of day HH:mm, e.g. 09:00')));

const RestrictionSchema = /* @__PURE__ */ schema(() =>
  z.strictObject({
    days: z._default(z.array(z.enum(WEEKDAYS, { message: `must be one of ${WEEKDAYS.join(', ')}` })).check(z.minLength(1, 'name at least one day'), z.maxLength(7)), [...WEEKDAYS]),
    start: TimeOfDay,
    end: TimeOfDay,
  }),
);

const RotationSchema = /* @__PURE__ */ schema(() =>
  z.strictObject({
    name: z.optional(nonEmpty(200)),
    participants: z.array(UserId).check(z.minLength(1, 'give at least one participant'), z.maxLength(MAX_PARTICIPANTS, `at most ${MAX_PARTICIPANTS} participants`)),
    shift_type: z.enum(SHIFT_TYPES, { message: `must be one of ${SHIFT_TYPES.join(', ')}` }),
    shift_length: z.optional(z.number({ message: 'must be a number' }).check(z.int('must be an integer'), z.minimum(1, 'must be at least 1'))),
    start: z.string().check(z.regex(LOCAL_DATE_TIME_PATTERN, 'must be a local date-time without offset, e.g. 2026-11-02T09:00 (read in time_zone)')),
    time_zone: nonEmpty(64),
    restrictions: z.optional(listOf(RestrictionSchema, MAX_RESTRICTIONS)),
  }),
);

export const OverrideBody = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ add_user: z.optional(z.nullable(UserId)), remove_user: z.optional(z.nullable(UserId)), start: isoTime, end: isoTime })
    .check(
      z.refine((o) => (o.add_user ?? null) !== null || (o.remove_user ?? null) !== null, { message: 'give add_user, remove_user, or both (replace)', path: ['add_user'] }),
      z.refine((o) => Date.parse(o.end) > Date.parse(o.start), { message: 'end must be after start', path: ['end'] }),
    ),
);

const ScheduleFields = {
  name: nonEmpty(200),
  description: z.optional(text(2_000)),
  rotations: z.array(RotationSchema).check(z.minLength(1, 'give at least one rotation'), z.maxLength(MAX_ROTATIONS, `at most ${MAX_ROTATIONS} rotations`)),
  overrides: z.optional(listOf(OverrideBody, MAX_OVERRIDES)),
};

export const CreateScheduleBody = /* @__PURE__ */ schema(() => z.strictObject(ScheduleFields));
export const PatchScheduleBody = /* @__PURE__ */ schema(() => z.partial(z.strictObject(ScheduleFields)).check(notEmptyPatch()));

export const ListTeamsQuery = PageQuery;
export const ListSchedulesQuery = PageQuery;

export const OnCallQuery = /* @__PURE__ */ schema(() => z.strictObject({ at: z.optional(isoTime) }));
export const ShiftsQuery = /* @__PURE__ */ schema(() => z.strictObject({ from: isoTime, to: isoTime }));

export type CreateTeamInput = z.output<typeof CreateTeamBody>;
export type CreateScheduleInput = z.output<typeof CreateScheduleBody>;

/** `me` or a user id: whose calendar secret. */
export const CalendarSecretParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(200, 'at most 200 characters'), z.regex(USER_ID_PATTERN, "must be a user id, or 'me'")) }));
/**
 * Feed addresses: any malformed secret is the same 404 as a wrong one (a calendar app shows the
 * status, and a 400 would tell a prober the shape), so the secret is only bounded here.
 */
const FeedSecret = /* @__PURE__ */ schema(() => z.string().check(z.minLength(1), z.maxLength(100)));
export const PersonCalendarParams = /* @__PURE__ */ schema(() => z.strictObject({ user: UserId, secret: FeedSecret }));
export const ScheduleCalendarParams = /* @__PURE__ */ schema(() => z.strictObject({ user: UserId, secret: FeedSecret, id: ScheduleId }));
