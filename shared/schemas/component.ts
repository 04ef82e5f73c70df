/**
 * Request and response schemas of components, component status, maintenance windows and alarm
 * mappings. Requests are strict (unknown fields are a 400); docs/openapi.json is generated from them.
 */
import * as z from 'zod';
import { COMPONENT_ID_PATTERN } from '#shared/domain/component.ts';
import { MAINTENANCE_ID_PATTERN, MAINTENANCE_STATUSES } from '#shared/domain/maintenance.ts';
import { isoTime, nonEmpty, PageQuery, text } from '#shared/schemas/common.ts';
import { IncidentResponse } from '#shared/schemas/incident.ts';


export const ComponentId = z.string().regex(COMPONENT_ID_PATTERN, 'must be a component id, e.g. CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A');
export const ComponentIdParams = z.strictObject({ id: ComponentId });

export const AttributeSchema = z.strictObject({ name: nonEmpty(100), value: nonEmpty(200) }).meta({ id: 'ComponentAttribute' });
const Attributes = z.array(AttributeSchema, { message: 'must be a list of {name, value} objects' }).max(20, 'at most 20 attributes');

export const StatusImpactSchema = z.union([z.literal(1), z.literal(2), z.literal(3)], { message: 'must be the integer 1 (minor), 2 (major) or 3 (outage)' });

export const CreateComponentBody = z.strictObject({
  name: nonEmpty(200),
  description: text(2_000).optional(),
  attributes: Attributes.optional(),
  display_group: nonEmpty(100).nullable().optional(),
});

export const PatchComponentBody = CreateComponentBody.partial().refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });

export const ComponentStatusBody = z.strictObject({
  name: nonEmpty(200),
  impact: StatusImpactSchema,
  text: nonEmpty(200).optional(),
  attributes: Attributes.optional(),
});

const MaintenanceFields = {
  title: nonEmpty(200),
  description: text(10_000).optional(),
  components: z.array(ComponentId).min(1, 'name at least one component').max(50, 'at most 50 components'),
  start_time: isoTime,
  end_time: isoTime,
  impact: z.literal(0, { message: 'a maintenance window has impact 0' }).optional(),
};

export const CreateMaintenanceBody = z.strictObject(MaintenanceFields).refine((b) => Date.parse(b.end_time) > Date.parse(b.start_time), { message: 'end_time must be after start_time', path: ['end_time'] });
export const PatchMaintenanceBody = z
  .strictObject(MaintenanceFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' });
export const MaintenanceIdParams = z.strictObject({ id: z.string().regex(MAINTENANCE_ID_PATTERN, 'must be a maintenance id, e.g. MNT-01JD2X5Q7R8S9T0V1W2X3Y4Z5A') });
export const ListMaintenancesQuery = PageQuery;

export const CreateAlarmMappingBody = z
  .strictObject({
    alarm_name: nonEmpty(255).optional(),
    alarm_prefix: nonEmpty(255).optional(),
    component_id: ComponentId,
    impact: StatusImpactSchema,
  })
  .refine((b) => (b.alarm_name === undefined) !== (b.alarm_prefix === undefined), { message: 'give exactly one of alarm_name or alarm_prefix', path: ['alarm_name'] });
export const AlarmMappingIdParams = z.strictObject({ id: z.string().regex(/^MAP-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a mapping id, e.g. MAP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A') });

export type CreateComponentInput = z.output<typeof CreateComponentBody>;
export type ComponentStatusRequest = z.output<typeof ComponentStatusBody>;

// ---- Response shapes (documentation: docs/openapi.json) ----

export const ComponentResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    attributes: z.array(z.object({ name: z.string(), value: z.string() })),
    display_group: z.string().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Component' });

export const MaintenanceResponse = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    impact: z.literal(0),
    components: z.array(z.string()),
    start_time: z.iso.datetime(),
    end_time: z.iso.datetime(),
    status: z.enum(MAINTENANCE_STATUSES).describe('From the clock: planned before start_time, in_progress until end_time, then completed'),
    created_by: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Maintenance' });

export const ComponentStatusResponse = z
  .object({
    result: z.enum(['created', 'added', 'moved', 'raised', 'unchanged', 'maintenance']),
    incident: IncidentResponse.nullable(),
    maintenance: MaintenanceResponse.optional(),
    component: ComponentResponse,
  })
  .meta({ id: 'ComponentStatusResult' });

const PublicIncident = z.object({
  id: z.string(),
  title: z.string(),
  impact: z.number().int(),
  status: z.string(),
  public_message: z.string().nullable(),
  start_time: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const ComponentStatusBoardResponse = z
  .object({
    generated_at: z.iso.datetime(),
    components: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        attributes: z.array(z.object({ name: z.string(), value: z.string() })),
        display_group: z.string().nullable(),
        impact: z.number().int().describe('0 operational (or in maintenance), 1 minor, 2 major, 3 outage'),
        status: z.enum(['operational', 'maintenance', 'minor', 'major', 'outage']),
        incident: PublicIncident.nullable(),
        maintenance: z.object({ id: z.string(), title: z.string(), start_time: z.iso.datetime(), end_time: z.iso.datetime() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'ComponentStatusBoard' });

export const AvailabilityResponse = z
  .object({
    component_id: z.string(),
    formula: z.string(),
    months: z.array(
      z.object({
        month: z.string().meta({ example: '2026-11' }),
        period_seconds: z.number().int(),
        outage_seconds: z.number().int(),
        availability: z.number().describe('percent, 0..100, rounded to 3 decimals'),
        incidents: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'ComponentAvailability' });

export const AlarmMappingResponse = z
  .object({ id: z.string(), kind: z.enum(['name', 'prefix']), pattern: z.string(), component_id: z.string(), impact: z.number().int(), created_by: z.string(), created_at: z.iso.datetime() })
  .meta({ id: 'AlarmMapping' });
