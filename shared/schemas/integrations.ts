/**
 * Integrations (issue 12): the admin API of integrations, and the PagerDuty Events API v2 event
 * (`POST /v2/enqueue`), validated to PagerDuty's documented limits (../shared/REFERENCE.md).
 */
import * as z from 'zod/mini';
import { INTEGRATION_KINDS, PD_SEVERITIES } from '#shared/domain/integrations/integration.ts';
import { isJsonPointer, WEBHOOK_PRESETS } from '#shared/domain/integrations/webhook.ts';
import { Cursor, Limit, nonEmpty, PageQuery, schema } from '#shared/schemas/common.ts';
import { ComponentId, StatusImpactSchema } from '#shared/schemas/component.ts';
import { Severity } from '#shared/schemas/incident.ts';
import { TeamId } from '#shared/schemas/paging.ts';

export const INTEGRATION_ID_PATTERN = /^INT-[0-9A-HJKMNP-TV-Z]{26}$/;
export const IntegrationIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(30, 'at most 30 characters'), z.regex(INTEGRATION_ID_PATTERN, 'must be an integration id, e.g. INT-01JD2X5Q7R8S9T0V1W2X3Y4Z5A')) }));

/** The webhook route's id: any string, so that a malformed id is refused like an unknown one (403), never told apart by a 400. */
export const WebhookIdParams = /* @__PURE__ */ schema(() => z.strictObject({ id: z.string().check(z.maxLength(200, 'at most 200 characters')) }));

const MappingSchema = /* @__PURE__ */ schema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('component'), component_id: ComponentId, impact: StatusImpactSchema }),
    z
      .strictObject({ type: z.literal('service'), service: z._default(z.nullable(nonEmpty(100)), null), team: z._default(z.nullable(TeamId), null), default_severity: z._default(Severity, 'high') })
      .check(z.refine((m) => m.service !== null || m.team !== null, { message: 'name a service, a team or both', path: ['service'] })),
  ]),
);

const pointer = () => z.string().check(z.maxLength(200, 'at most 200 characters'), z.refine(isJsonPointer, "must be a JSON pointer (RFC 6901), e.g. '/labels/severity'"));
/** One pointer, or several tried in order; stored as a list. */
const pointers = (required: boolean) => {
  const list = z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' ? [v] : v)),
    z.array(pointer()).check(z.minLength(required ? 1 : 0, 'give at least one JSON pointer'), z.maxLength(5, 'at most 5 JSON pointers')),
  );
  return required ? list : z._default(list, []);
};
const PdSeveritySchema = /* @__PURE__ */ schema(() => z.enum(PD_SEVERITIES, { message: `must be one of ${PD_SEVERITIES.join(', ')}` }));

/** A webhook's own field mapping (shared/domain/integrations/webhook.ts). */
const WebhookMappingSchema = /* @__PURE__ */ schema(() =>
  z.strictObject({
    alerts: z._default(z.nullable(pointer()), null),
    title: pointers(true),
    severity: pointers(false),
    severity_map: z._default(
      z.record(z.string().check(z.minLength(1), z.maxLength(100, 'at most 100 characters'), z.toLowerCase()), PdSeveritySchema).check(z.refine((m) => Object.keys(m).length <= 50, 'at most 50 entries')),
      {},
    ),
    default_severity: z._default(PdSeveritySchema, 'error'),
    dedup_key: pointers(false),
    status: pointers(false),
    resolved_values: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(100, 'at most 100 characters'), z.toLowerCase())).check(z.maxLength(10, 'at most 10 values')), []),
    source: pointers(false),
  }),
);

/** `{preset}` or `{mapping}`: one object (not a union), so an error inside the mapping keeps its path. */
const WebhookConfigSchema = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ preset: z.optional(z.enum(WEBHOOK_PRESETS, { message: `must be one of ${WEBHOOK_PRESETS.join(', ')}` })), mapping: z.optional(WebhookMappingSchema) })
    .check(z.refine((w) => (w.preset === undefined) !== (w.mapping === undefined), { message: 'give exactly one of preset or mapping' })),
);

export const CreateIntegrationBody = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ name: nonEmpty(200), kind: z.enum(INTEGRATION_KINDS, { message: `must be one of ${INTEGRATION_KINDS.join(', ')}` }), mapping: MappingSchema, webhook: z.optional(WebhookConfigSchema) })
    .check(
      z.refine((b) => b.kind !== 'webhook' || b.webhook !== undefined, { message: "a webhook integration needs webhook: {preset: 'alertmanager' | 'grafana' | 'elastic_watcher'} or webhook: {mapping: {title, …}}", path: ['webhook'] }),
      z.refine((b) => b.kind === 'webhook' || b.webhook === undefined, { message: 'only a webhook integration takes webhook', path: ['webhook'] }),
    ),
);
export type CreateIntegrationInput = z.output<typeof CreateIntegrationBody>;

export const ListIntegrationsQuery = PageQuery;

/** GET /v1/changes: one of service or team. */
export const ListChangesQuery = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ service: z.optional(nonEmpty(100)), team: z.optional(TeamId), limit: Limit, cursor: z.optional(Cursor) })
    .check(z.refine((q) => (q.service === undefined) !== (q.team === undefined), { message: 'give exactly one of service or team', path: ['service'] })),
);
export type ListChangesInput = z.output<typeof ListChangesQuery>;
export const ListAlertsQuery = PageQuery;

const str = (max: number) => z.string().check(z.maxLength(max, `must be at most ${max} characters`));
const required = (max: number) => str(max).check(z.minLength(1, 'is required'));

// PagerDuty's own examples write the offset without a colon (`+0000`): any date-time Date parses.
const timestamp = () => str(64).check(z.refine((t) => /^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))), 'timestamp must be an ISO 8601 date-time'));
const links = () => z.optional(z.array(z.object({ href: required(2048), text: z.optional(str(1024)) })).check(z.maxLength(50, 'at most 50 links')));

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
          timestamp: z.optional(timestamp()),
          component: z.optional(str(255)),
          group: z.optional(str(255)),
          class: z.optional(str(255)),
          custom_details: z.optional(z.unknown()),
        }),
      ),
      images: z.optional(z.array(z.object({ src: required(2048), href: z.optional(str(2048)), alt: z.optional(str(1024)) })).check(z.maxLength(50, 'at most 50 images'))),
      links: links(),
      client: z.optional(str(255)),
      client_url: z.optional(str(2048)),
    })
    .check(
      z.refine((e) => e.event_action !== 'trigger' || e.payload !== undefined, { message: 'payload is required for a trigger event', path: ['payload'] }),
      z.refine((e) => e.event_action === 'trigger' || e.dedup_key !== undefined, { message: 'dedup_key is required for acknowledge and resolve events', path: ['dedup_key'] }),
    ),
);
export type PdEventInput = z.output<typeof PdEvent>;

/** A PagerDuty change event (`POST /v2/change/enqueue`). Unknown fields are ignored, as PagerDuty does. */
export const PdChangeEvent = /* @__PURE__ */ schema(() =>
  z.object({
    routing_key: z.string({ message: 'routing_key is required' }),
    payload: z.object(
      {
        summary: required(1024),
        source: z.optional(str(255)),
        timestamp: z.optional(timestamp()),
        custom_details: z.optional(z.unknown()),
      },
      { message: 'payload is required' },
    ),
    links: links(),
  }),
);
export type PdChangeEventInput = z.output<typeof PdChangeEvent>;
