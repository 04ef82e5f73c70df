/**
 * Request and response schemas of the incidents API. Requests are strict (unknown fields are a
 * 400), strings are bounded, times are ISO 8601 with an offset. docs/openapi.json is generated
 * from these (bin/openapi.ts).
 */
import * as z from 'zod';
import { STATUSES } from '#shared/domain/lifecycle.ts';
import { INCIDENT_TYPES, SEVERITIES, normalizeSeverity } from '#shared/domain/severity.ts';
import { INCIDENT_ID_PATTERN } from '#shared/domain/ids.ts';
import { csv, Cursor, isoTime, Limit, nonEmpty, text } from '#shared/schemas/common.ts';
import { COMPONENT_ID_PATTERN } from '#shared/domain/component.ts';

const list = (max: number, item: z.ZodType<string>) => z.array(item).max(max, `at most ${max} entries`);

export const Severity = z.preprocess(normalizeSeverity, z.enum(SEVERITIES, { message: `must be one of ${SEVERITIES.join(', ')} (or SEV1..SEV4)` }));
export const Impact = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { message: 'must be an integer 0 (maintenance), 1 (minor), 2 (major) or 3 (outage)' });
export const IncidentTypeSchema = z.enum(INCIDENT_TYPES, { message: `must be one of ${INCIDENT_TYPES.join(', ')}` });
export const StatusSchema = z.enum(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` });
export const IncidentIdParams = z.strictObject({ id: z.string().regex(INCIDENT_ID_PATTERN, 'must look like INC-20261124-0042') });

const editable = {
  description: text(10_000),
  severity: Severity,
  impact: Impact,
  incident_type: IncidentTypeSchema,
  affected_services: list(50, nonEmpty(100)),
  affected_regions: list(50, nonEmpty(50)),
  components: list(50, z.string().regex(COMPONENT_ID_PATTERN, 'must be a component id from GET /v1/components, e.g. CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A')),
  assigned_team: nonEmpty(100).nullable(),
  assignee: nonEmpty(200).nullable(),
  start_time: isoTime,
  snoozed_until: isoTime.nullable(),
  public_message: text(5_000).nullable(),
  internal_notes: text(10_000).nullable(),
  is_public: z.boolean(),
  rss_enabled: z.boolean(),
};

export const CreateIncidentBody = z
  .strictObject({ title: nonEmpty(200), ...editable })
  .partial()
  .required({ title: true })
  .refine((b) => b.severity !== undefined || b.impact !== undefined, { message: 'give a severity or an impact', path: ['severity'] });

export const PatchIncidentBody = z
  .strictObject({ title: nonEmpty(200), ...editable })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });

export const ChangeStatusBody = z.strictObject({ status: StatusSchema, message: text(5_000).optional() });

export const UPDATE_TYPES = ['status_update', 'investigation', 'mitigation', 'resolution', 'maintenance', 'general'] as const;

export const AddUpdateBody = z.strictObject({
  status: StatusSchema.optional(),
  message: nonEmpty(5_000),
  public_message: text(5_000).optional(),
  update_type: z.enum(UPDATE_TYPES, { message: `must be one of ${UPDATE_TYPES.join(', ')}` }).default('status_update'),
});

export const AddCommentBody = z.strictObject({ body: nonEmpty(10_000) });

export const ASSIGNMENT_ROLES = ['primary', 'secondary', 'observer', 'commander', 'communications'] as const;
export const AddAssignmentBody = z.strictObject({
  user: nonEmpty(200),
  role: z.enum(ASSIGNMENT_ROLES, { message: `must be one of ${ASSIGNMENT_ROLES.join(', ')}` }).default('primary'),
});
export const RemoveAssignmentQuery = z.strictObject({ user: nonEmpty(200) });


export const ListIncidentsQuery = z
  .strictObject({
    status: csv(z.union([StatusSchema, z.literal('active')])).optional(),
    severity: csv(Severity).optional(),
    incident_type: csv(IncidentTypeSchema).optional(),
    service: nonEmpty(100).optional(),
    region: nonEmpty(50).optional(),
    team: nonEmpty(100).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { message: 'from must not be after to', path: ['from'] });


export type CreateIncidentInput = z.output<typeof CreateIncidentBody>;
export type PatchIncidentInput = z.output<typeof PatchIncidentBody>;
export type ListIncidentsInput = z.output<typeof ListIncidentsQuery>;
