/**
 * Request schemas of components, component status, maintenance windows and alarm mappings.
 * Requests are strict (unknown fields are a 400); docs/openapi.json is generated from them.
 */
import * as z from 'zod/mini';
import { COMPONENT_ID_PATTERN } from '#shared/domain/components/component.ts';
import { MAINTENANCE_ID_PATTERN } from '#shared/domain/components/maintenance.ts';
import { isoTime, nonEmpty, notEmptyPatch, PageQuery, schema, text, titleText } from '#shared/schemas/common.ts';

export const ComponentId = /* @__PURE__ */ schema(() => z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(COMPONENT_ID_PATTERN, 'must be a component id, e.g. CMP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A')));
export const ComponentIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: ComponentId }));

export const AttributeSchema = /* @__PURE__ */ schema(() => z.strictObject({ name: nonEmpty(100), value: nonEmpty(200) }).register(z.globalRegistry, { id: 'ComponentAttribute' }));
const Attributes = /* @__PURE__ */ schema(() => z.array(AttributeSchema, { message: 'must be a list of {name, value} objects' }).check(z.maxLength(20, 'at most 20 attributes')));

export const StatusImpactSchema = /* @__PURE__ */ schema(() => z.union([z.literal(1), z.literal(2), z.literal(3)], { message: 'must be the integer 1 (minor), 2 (major) or 3 (outage)' }));

export const CreateComponentBody = /* @__PURE__ */ schema(() => z.strictObject({
  name: nonEmpty(200),
  description: z.optional(text(2_000)),
  attributes: z.optional(Attributes),
  display_group: z.optional(z.nullable(nonEmpty(100))),
}));

export const PatchComponentBody = /* @__PURE__ */ schema(() => z.partial(CreateComponentBody).check(notEmptyPatch()));

export const ComponentStatusBody = /* @__PURE__ */ schema(() => z.strictObject({
  name: nonEmpty(200),
  impact: StatusImpactSchema,
  text: z.optional(nonEmpty(200)),
  attributes: z.optional(Attributes),
}));

const MaintenanceFields = /* @__PURE__ */ schema(() => z.strictObject({
  title: titleText(),
  description: z.optional(text(10_000)),
  components: z.array(ComponentId).check(z.minLength(1, 'name at least one component'), z.maxLength(50, 'at most 50 components')),
  start_time: isoTime,
  end_time: isoTime,
  impact: z.optional(z.literal(0, { message: 'a maintenance window has impact 0' })),
}));

export const CreateMaintenanceBody = /* @__PURE__ */ schema(() => MaintenanceFields.check(
  z.refine((b) => Date.parse(b.end_time) > Date.parse(b.start_time), { message: 'end_time must be after start_time', path: ['end_time'] }),
));
export const PatchMaintenanceBody = /* @__PURE__ */ schema(() => z.partial(MaintenanceFields).check(notEmptyPatch()));
export const MaintenanceIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(MAINTENANCE_ID_PATTERN, 'must be a maintenance id, e.g. MNT-01JD2X5Q7R8S9T0V1W2X3Y4Z5A')) }));
export const ListMaintenancesQuery = PageQuery;

export const CreateAlarmMappingBody = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      alarm_name: z.optional(nonEmpty(255)),
      alarm_prefix: z.optional(nonEmpty(255)),
      component_id: ComponentId,
      impact: StatusImpactSchema,
    })
    .check(z.refine((b) => (b.alarm_name === undefined) !== (b.alarm_prefix === undefined), { message: 'give exactly one of alarm_name or alarm_prefix', path: ['alarm_name'] })),
);
export const AlarmMappingIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(/^MAP-[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a mapping id, e.g. MAP-01JD2X5Q7R8S9T0V1W2X3Y4Z5A')) }));

export type CreateComponentInput = z.output<typeof CreateComponentBody>;
export type ComponentStatusRequest = z.output<typeof ComponentStatusBody>;
