/**
 * Request schemas of the incidents API. Requests are strict (unknown fields are a 400), strings are
 * bounded, times are ISO 8601 with an offset. docs/openapi.json is generated from these
 * (bin/openapi.ts).
 */
import * as z from 'zod/mini';
import { STATUSES } from '#shared/domain/incidents/lifecycle.ts';
import { INCIDENT_TYPES, SEVERITIES, normalizeSeverity } from '#shared/domain/severity.ts';
import { INCIDENT_ID_MAX_LENGTH, INCIDENT_ID_PATTERN } from '#shared/domain/ids.ts';
import { csv, isoTime, listOf, nonEmpty, notEmptyPatch, rangeQuery, schema, text, titleText } from '#shared/schemas/common.ts';
import { COMPONENT_ID_PATTERN } from '#shared/domain/components/component.ts';

export const Severity = /* @__PURE__ */ schema(() => z.pipe(
  z.transform(normalizeSeverity),
  z.enum(SEVERITIES, { message: `must be one of ${SEVERITIES.join(', ')} (or SEV1..SEV4)` }),
));
export const Impact = /* @__PURE__ */ schema(() => z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { message: 'must be an integer 0 (maintenance), 1 (minor), 2 (major) or 3 (outage)' }));
export const IncidentTypeSchema = /* @__PURE__ */ schema(() => z.enum(INCIDENT_TYPES, { message: `must be one of ${INCIDENT_TYPES.join(', ')}` }));
export const StatusSchema = /* @__PURE__ */ schema(() => z.enum(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` }));
export const IncidentIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(INCIDENT_ID_MAX_LENGTH, `at most ${INCIDENT_ID_MAX_LENGTH} characters, like INC-20261124-0042`), z.regex(INCIDENT_ID_PATTERN, 'must look like INC-20261124-0042')) }));

const IncidentFields = /* @__PURE__ */ schema(() => z.strictObject({
  title: titleText(),
  description: text(10_000),
  severity: Severity,
  impact: Impact,
  incident_type: IncidentTypeSchema,
  affected_services: listOf(nonEmpty(100), 50),
  affected_regions: listOf(nonEmpty(50), 50),
  components: listOf(z.string().check(z.regex(COMPONENT_ID_PATTERN, 'must be a component id from GET /v1/components, e.g. CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A')), 50),
  assigned_team: z.nullable(nonEmpty(100)),
  assignee: z.nullable(nonEmpty(200)),
  start_time: isoTime,
  snoozed_until: z.nullable(isoTime),
  public_message: z.nullable(text(5_000)),
  internal_notes: z.nullable(text(10_000)),
  is_public: z.boolean(),
  rss_enabled: z.boolean(),
}));

export const CreateIncidentBody = /* @__PURE__ */ schema(() =>
  z
    .extend(z.partial(IncidentFields), { title: titleText() })
    .check(z.refine((b) => b.severity !== undefined || b.impact !== undefined, { message: 'give a severity or an impact', path: ['severity'] })),
);

export const PatchIncidentBody = /* @__PURE__ */ schema(() => z.partial(IncidentFields).check(notEmptyPatch()));

export const ChangeStatusBody = /* @__PURE__ */ schema(() => z.strictObject({ status: StatusSchema, message: z.optional(text(5_000)) }));

export const UPDATE_TYPES = ['status_update', 'investigation', 'mitigation', 'resolution', 'maintenance', 'general'] as const;

export const AddUpdateBody = /* @__PURE__ */ schema(() => z.strictObject({
  status: z.optional(StatusSchema),
  message: nonEmpty(5_000),
  public_message: z.optional(text(5_000)),
  update_type: z._default(z.enum(UPDATE_TYPES, { message: `must be one of ${UPDATE_TYPES.join(', ')}` }), 'status_update'),
}));

export const AddCommentBody = /* @__PURE__ */ schema(() => z.strictObject({ body: nonEmpty(10_000) }));

export const ASSIGNMENT_ROLES = ['primary', 'secondary', 'observer', 'commander', 'communications'] as const;
export const AddAssignmentBody = /* @__PURE__ */ schema(() => z.strictObject({
  user: nonEmpty(200),
  role: z._default(z.enum(ASSIGNMENT_ROLES, { message: `must be one of ${ASSIGNMENT_ROLES.join(', ')}` }), 'primary'),
}));
export const RemoveAssignmentQuery = /* @__PURE__ */ schema(() => z.strictObject({ user: nonEmpty(200) }));

export const ListIncidentsQuery = /* @__PURE__ */ schema(() =>
  rangeQuery({
    status: z.optional(csv(z.union([StatusSchema, z.literal('active')], { message: `must be one of ${STATUSES.join(', ')} or active` }))),
    severity: z.optional(csv(Severity)),
    incident_type: z.optional(csv(IncidentTypeSchema)),
    service: z.optional(nonEmpty(100)),
    region: z.optional(nonEmpty(50)),
    team: z.optional(nonEmpty(100)),
    /** A registered component id: incidents whose `components` contain it. */
    component: z.optional(z.string().check(z.regex(COMPONENT_ID_PATTERN, 'must be a component id from GET /v1/components, e.g. CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A'))),
  }),
);

export type CreateIncidentInput = z.output<typeof CreateIncidentBody>;
export type PatchIncidentInput = z.output<typeof PatchIncidentBody>;
export type ListIncidentsInput = z.output<typeof ListIncidentsQuery>;
