/**
 * The OpenAPI 3.1 document, generated from the route table, the zod schemas each handler validates
 * requests with (`api()` attaches them to the handler) and the response schemas of
 * lib/api-responses.ts, so the document cannot drift from the code. `npm run openapi` writes
 * docs/openapi.json; unit tests fail when the file is stale or a route's success body is undocumented.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { routes, type Route } from '#lib/routes.ts';
import type { Schemas } from '#shared/http/api.ts';
import { API_MEDIA_TYPES, API_RESPONSES } from '#lib/api-responses.ts';

type Json = Record<string, unknown>;

const COMPONENT_REF = (id: string) => `#/components/schemas/${id}`;

/** zod's `#/$defs/<id>` references, as references to the document's components. */
const toComponents = (value: unknown): Json => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;

/**
 * One schema as JSON Schema; every schema with an id (`.meta({ id })`) becomes a component and is
 * referenced. zod extracts a root schema that has an id into `$defs` itself and answers with
 * `{ $ref: '#/$defs/<id>' }`: that body stays the component (writing the answer there instead
 * made the component a `$ref` to itself and lost its schema).
 */
function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output', components: Json): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as Json;
  delete out.$schema;
  const defs = out.$defs as Json | undefined;
  delete out.$defs;
  for (const [name, body] of Object.entries(defs ?? {})) components[name] = toComponents(body);
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) return toComponents(out);
  const { $ref, ...rest } = out;
  const extracted = $ref === `#/$defs/${id}` ? (defs?.[id] as Json | undefined) : undefined;
  components[id] = toComponents(extracted ? { ...extracted, ...rest } : out);
  return { $ref: COMPONENT_REF(id) };
}

function parameters(schema: z.core.$ZodType | undefined, where: 'query' | 'path', components: Json): Json[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input', components);
  const properties = (object.properties ?? {}) as Record<string, Json>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
    ...(property.type === 'array' ? { style: 'form', explode: false, description: 'Comma-separated, or the parameter repeated' } : {}),
  }));
}

/** Routes whose success status is not the method's default. */
const SUCCESS_STATUS: Readonly<Record<string, string>> = { rotateIntegrationKey: '200', enqueueEvent: '202', enqueueChangeEvent: '202', receiveWebhook: '202', rotateWebhookSecret: '200' };

function successStatus(route: Route): string {
  const fixed = SUCCESS_STATUS[route.id];
  if (fixed) return fixed;
  if (route.method === 'DELETE') return '204';
  if (route.method === 'POST') return '201';
  return '200';
}

/** Routes whose success body is not JSON (rel-defects: the API reference page). */
const MEDIA_TYPES: Readonly<Record<string, string>> = { getApiReference: 'text/html' };

function responseOf(route: Route, components: Json): Json {
  const schema = API_RESPONSES[route.id as keyof typeof API_RESPONSES];
  // A schema may name its media type in its metadata (`.meta({ contentType: 'text/calendar' })`); else the route's, else JSON.
  const meta = (schema?.meta() as { contentType?: string } | undefined)?.contentType;
  const media = meta ? [meta] : (API_MEDIA_TYPES[route.id as keyof typeof API_MEDIA_TYPES] ?? [MEDIA_TYPES[route.id] ?? 'application/json']);
  if (!schema) return { description: 'Success' };
  const body = jsonSchema(schema, 'output', components);
  return { description: 'Success', content: Object.fromEntries(media.map((m) => [m, { schema: body }])) };
}

/** Routes that answer If-None-Match with 304 (shared/http/conditional.ts). */
const CONDITIONAL_GET = new Set(['getIncident', 'listIncidents', 'getIncidentSummary']);

const problem = {
  description: 'Problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: COMPONENT_REF('Problem') } } },
};

export async function buildOpenApi(root: string): Promise<Json> {
  const components: Json = {
    Problem: {
      type: 'object',
      required: ['type', 'title', 'status', 'detail'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string', description: 'What was wrong and how to fix it' },
        instance: { type: 'string' },
        errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
      additionalProperties: true,
    },
  };
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes as readonly Route[]) {
    const mod = (await import(pathToFileURL(path.join(root, route.entry)).href)) as { handler?: { schemas?: Schemas } };
    const schemas = mod.handler?.schemas ?? {};
    const operation: Json = {
      operationId: route.id,
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parameters(schemas.params, 'path', components), ...parameters(schemas.query, 'query', components)],
      responses: {
        [successStatus(route)]: responseOf(route, components),
        ...(CONDITIONAL_GET.has(route.id) ? { '304': { description: 'Not modified: If-None-Match named the current ETag (no body)' } } : {}),
        '400': problem,
        ...(route.access === 'public' ? {} : { '401': problem, '403': problem }),
        // Generic webhooks: public, with the signing secret as the credential (one 403 for every refusal).
        ...(route.id === 'receiveWebhook' ? { '403': problem, '429': problem } : {}),
        '404': problem,
      },
    };
    if (route.access === 'public') operation.security = [];
    else operation['x-required'] = { role: route.access.role, or_scopes: route.access.scopes };
    if (schemas.body) operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(schemas.body, 'input', components) } } };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Incident service API',
      version: '1',
      description: 'Incidents, their lifecycle and timeline. Errors are application/problem+json (RFC 9457). Roles: viewer < responder < admin; machine clients use scopes.',
    },
    servers: [{ url: 'http://localhost:3000', description: 'Local mode (npm start)' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito access token (AWS) or `npm run token` (local)' } },
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, JSON.parse(JSON.stringify(v)) as unknown])),
    },
  };
}
