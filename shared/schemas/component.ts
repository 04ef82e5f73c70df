/**
 * Request and response schemas of components, component status, maintenance windows and alarm
 * mappings. Requests are strict (unknown fields are a 400); docs/openapi.json is generated from them.
 */
import * as z from 'zod';
import { COMPONENT_ID_PATTERN } from '#shared/domain/component.ts';
import { MAINTENANCE_ID_PATTERN } from '#shared/domain/maintenance.ts';
import { isoTime, nonEmpty, PageQuery, text } from '#shared/schemas/common.ts';


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
