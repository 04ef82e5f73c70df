/**
 * Request schemas of escalation policies, escalate-now, snooze and acknowledge links. Strict
 * objects, bounded strings, lists and numbers: bad input is a 400 naming the field.
 */
import * as z from 'zod/mini';
import { MAX_ACK_TIMEOUT_MINUTES, MAX_DELAY_MINUTES, MAX_REPEAT, MAX_STEPS } from '#shared/domain/paging/escalation.ts';
import { INCIDENT_TYPES, SEVERITIES } from '#shared/domain/severity.ts';
import { isoTime, listOf, nonEmpty, schema, text } from '#shared/schemas/common.ts';
import { IncidentTypeSchema, Severity } from '#shared/schemas/incident.ts';

const RefId = () => z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(100, 'at most 100 characters'), z.regex(/^[\w.@+:-]+$/, 'must be an id (letters, digits, . _ - : @ +)'));
const int = (min: number, max: number, what: string) =>
  z.number({ message: `must be an integer from ${min} to ${max}${what}` }).check(z.int(`must be an integer from ${min} to ${max}${what}`), z.minimum(min, `must be at least ${min}${what}`), z.maximum(max, `must be at most ${max}${what}`));

export const TargetSchema = /* @__PURE__ */ schema(() =>
  z.discriminatedUnion(
    'type',
    [z.strictObject({ type: z.literal('user'), id: RefId() }), z.strictObject({ type: z.literal('schedule'), id: RefId() }), z.strictObject({ type: z.literal('team'), id: RefId() })],
    { message: "type must be 'user', 'schedule' or 'team'" },
  ),
);

export const ActionSchema = /* @__PURE__ */ schema(() =>
  z.discriminatedUnion(
    'type',
    [z.strictObject({ type: z.literal('notify') }), z.strictObject({ type: z.literal('assign') }), z.strictObject({ type: z.literal('raise_severity'), severity: Severity })],
    { message: "type must be 'notify', 'assign' or 'raise_severity'" },
  ),
);

export const StepSchema = /* @__PURE__ */ schema(() =>
  z.strictObject({
    delay_minutes: int(0, MAX_DELAY_MINUTES, ' minutes'),
    targets: listOf(TargetSchema, 10).check(z.minLength(1, 'give at least one target')),
    actions: z._default(listOf(ActionSchema, 3), [{ type: 'notify' as const }]),
  }),
);

const list = <T extends z.ZodMiniType>(item: T, max: number) => z._default(listOf(item, max), []);

export const ConditionsSchema = /* @__PURE__ */ schema(() =>
  z.strictObject({
    severities: list(Severity, SEVERITIES.length),
    components: list(nonEmpty(100), 50),
    services: list(nonEmpty(100), 50),
    incident_types: list(IncidentTypeSchema, INCIDENT_TYPES.length),
    teams: list(RefId(), 50),
  }),
);

export const PolicyBody = /* @__PURE__ */ schema(() =>
  z.strictObject({
    name: nonEmpty(200),
    description: z._default(text(2000), ''),
    conditions: z._default(ConditionsSchema, { severities: [], components: [], services: [], incident_types: [], teams: [] }),
    steps: listOf(StepSchema, MAX_STEPS).check(z.minLength(1, 'give at least one step')),
    repeat: z._default(int(0, MAX_REPEAT, ''), 0),
    ack_timeout_minutes: z._default(z.nullable(int(1, MAX_ACK_TIMEOUT_MINUTES, ' minutes')), null),
  }),
);
export type PolicyBodyInput = z.output<typeof PolicyBody>;

export const PolicyIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(/^pol_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an escalation policy id (pol_…)')) }));


export const SnoozeBody = /* @__PURE__ */ schema(() => z.strictObject({ until: isoTime }));

export const AckTokenParams = /* @__PURE__ */ schema(() => z.strictObject({ token: z.string().check(z.minLength(10), z.maxLength(1000, 'at most 1000 characters'), z.regex(/^[\w-]+\.[\w-]+$/, 'must be an acknowledge link token')) }));
