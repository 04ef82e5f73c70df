/**
 * Integrations (issue 12): the admin API of integrations, and the PagerDuty Events API v2 event
 * (`POST /v2/enqueue`), validated to PagerDuty's documented limits (../shared/REFERENCE.md).
 */
import * as z from 'zod/mini';
import { INTEGRATION_KINDS, PD_SEVERITIES } from '#shared/domain/integrations/integration.ts';
import { nonEmpty, PageQuery, schema } from '#shared/schemas/common.ts';
import { ComponentId, StatusImpactSchema } from '#shared/schemas/component.ts';
import { Severity } from '#shared/schemas/incident.ts';
import { TeamId } from '#shared/schemas/paging.ts';

export const INTEGRATION_ID_PATTERN = /^INT-[0-9A-HJKMNP-TV-Z]{26}$/;
export const IntegrationIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(INTEGRATION_ID_PATTERN, 'must be an integration id, e.g. INT-01JD2X5Q7R8S9T0V1W2X3Y4Z5A')) }));

const MappingSchema = /* @__PURE__ */ schema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('component'), component_id: ComponentId, impact: StatusImpactSchema }),
    z
      .strictObject({ type: z.literal('service'), service: z._default(z.nullable(nonEmpty(100)), null), team: z._default(z.nullable(TeamId), null), default_severity: z._default(Severity, 'high') })
      .check(z.refine((m) => m.service !== null || m.team !== null, { message: 'name a service, a team or both', path: ['service'] })),
  ]),
);

export const CreateIntegrationBody = /* @__PURE__ */ schema(() =>
  z.strictObject({ name: nonEmpty(200), kind: z.enum(INTEGRATION_KINDS, { message: `must be one of ${INTEGRATION_KINDS.join(', ')}` }), mapping: MappingSchema }),
);
export type CreateIntegrationInput = z.output<typeof CreateIntegrationBody>;

export const ListIntegrationsQuery = PageQuery;
export const ListAlertsQuery = PageQuery;

const str = (max: number) => z.string().check(z.maxLength(max, `must be at most ${max} characters`));
const required = (max: number) => str(max).check(z.minLength(1, 'is required'));

/** The PagerDuty event. Unknown fields are ignored, as PagerDuty does. */
export const PdEvent = /* @__PURE__ */ schema(() =>
  z
    .object({
      routing_key: z.string({ message: 'routing_key is required' }),
      event_action: z.enum(['trigger', 'acknowledge', 'resolve'], { message: "event_action must be one of 'trigger', 'acknowledge', 'resolve'" }),
      dedup_key: z.optional(required(255)),
      payload: z.optional(
        z.object({
          summary: required(1024),
          source: required(255),
          severity: z.enum(PD_SEVERITIES, { message: `severity must be one of ${PD_SEVERITIES.join(', ')}` }),
          // PagerDuty's own examples write the offset without a colon (`+0000`): any date-time Date parses.
          timestamp: z.optional(str(64).check(z.refine((t) => /^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))), 'timestamp must be an ISO 8601 date-time'))),
          component: z.optional(str(255)),
          group: z.optional(str(255)),
          class: z.optional(str(255)),
          custom_details: z.optional(z.unknown()),
        }),
      ),
      images: z.optional(z.array(z.object({ src: required(2048), href: z.optional(str(2048)), alt: z.optional(str(1024)) })).check(z.maxLength(50, 'at most 50 images'))),
      links: z.optional(z.array(z.object({ href: required(2048), text: z.optional(str(1024)) })).check(z.maxLength(50, 'at most 50 links'))),
      client: z.optional(str(255)),
      client_url: z.optional(str(2048)),
    })
    .check(
      z.refine((e) => e.event_action !== 'trigger' || e.payload !== undefined, { message: 'payload is required for a trigger event', path: ['payload'] }),
      z.refine((e) => e.event_action === 'trigger' || e.dedup_key !== undefined, { message: 'dedup_key is required for acknowledge and resolve events', path: ['dedup_key'] }),
    ),
);
export type PdEventInput = z.output<typeof PdEvent>;
