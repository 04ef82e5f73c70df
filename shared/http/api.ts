/**
 * The HTTP middleware stack every API handler is built with:
 *
 *   a per-request child logger → middy → Powertools logger context → problem+json errors →
 *   request id, event id (the change's CloudEvent id, once written) + CORS headers → core
 *   core:  authorize (role or scope from lib/routes.ts) → content type / size → JSON → zod
 *          (body, query, path) → the handler, within the time budget the function's deadline
 *          leaves (shared/deadline.ts: out of time is a 503 with Retry-After) → JSON response
 *
 * Handlers stay thin: `export const handler = api('createIncident', { body }, async (req) => …)`.
 * Client errors are logged at info level (bad input is not an operational error); 5xx at error.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { routeById, type AccessOf, type RouteId } from '#lib/routes.ts';
import { config } from '#shared/config.ts';
import { authorize, principalFromClaims, type Principal } from '#shared/http/auth.ts';
import { badRequest, HttpError, toProblem, type ValidationIssue } from '#shared/http/problem.ts';
import { withTimeBudget } from '#shared/deadline.ts';
import { correlatedEvents, flushMetrics, logger, withRequestLogger } from '#shared/observability.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

/** Largest request body accepted, in bytes (before base64 decoding overhead). */
export const MAX_BODY_BYTES = 256 * 1024;

export interface Schemas {
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  params?: z.ZodMiniType;
  /**
   * Integrations (`POST /v2/enqueue`): the body is handed over as text in `rawBody`, unchecked, for
   * a route that answers in another format than problem+json and applies its own size limit.
   */
  raw?: true;
}

type Out<S, K extends keyof Schemas> = S extends Record<K, infer T extends z.ZodMiniType> ? z.output<T> : undefined;

export interface ApiRequest<S extends Schemas, P extends Principal | undefined> {
  readonly body: Out<S, 'body'>;
  readonly query: Out<S, 'query'>;
  readonly params: Out<S, 'params'>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly principal: P;
  readonly requestId: string;
  readonly event: ApiEvent;
  /** The body as text, only with `raw` (integrations). */
  readonly rawBody?: string | undefined;
}

export interface ApiResult {
  readonly status: number;
  /** Serialized as JSON unless `text` is given. */
  readonly body?: unknown;
  /** A non-JSON body (feeds, HTML), sent with `contentType`. */
  readonly text?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

export const ok = (body: unknown, headers?: Record<string, string>): ApiResult => ({ status: 200, body, ...(headers ? { headers } : {}) });
export const created = (body: unknown, headers?: Record<string, string>): ApiResult => ({ status: 201, body, ...(headers ? { headers } : {}) });
export const noContent = (): ApiResult => ({ status: 204 });

type PrincipalFor<R extends RouteId> = AccessOf<R> extends 'public' ? Principal | undefined : Principal;

export function api<R extends RouteId, S extends Schemas>(
  routeId: R,
  schemas: S,
  fn: (req: ApiRequest<S, PrincipalFor<R>>) => Promise<ApiResult>,
) {
  const route = routeById(routeId);

  const core = async (event: ApiEvent, context: Context): Promise<ApiResponse> => {
    const principal = authorize(route.access, principalFromClaims(event.requestContext.authorizer?.jwt?.claims));
    const headers = lowerCaseHeaders(event.headers);
    const issues: ValidationIssue[] = [];
    const body = schemas.body ? parseBody(event, headers, schemas.body, issues) : schemas.raw ? undefined : rejectUnexpectedBody(event);
    const query = schemas.query ? validate(schemas.query, event.queryStringParameters ?? {}, 'query', issues) : undefined;
    const params = schemas.params ? validate(schemas.params, event.pathParameters ?? {}, 'path', issues) : undefined;
    if (issues.length > 0) {
      throw badRequest(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
    }
    const request = { body, query, params, headers, principal, requestId: event.requestContext.requestId, event, ...(schemas.raw ? { rawBody: rawBody(event) } : {}) } as ApiRequest<S, PrincipalFor<R>>;
    // Out of time before the function's deadline: 503 with Retry-After (shared/deadline.ts).
    const result = await withTimeBudget(context?.getRemainingTimeInMillis?.(), () => fn(request));
    return toResponse(result);
  };

  const http: MiddlewareObj<ApiEvent, ApiResponse, Error, Context> = {
    before: (request) => {
      logger.appendKeys({ route: route.id, request_id: request.event.requestContext?.requestId });
    },
    after: (request) => {
      // The line that ties the request (request_id, route) to its change's correlation id.
      const events = correlatedEvents();
      if (events.length > 0) logger.info('request made a change', { status: request.response?.statusCode, event_ids: events });
      decorate(request.response ?? undefined, request.event);
      flushMetrics();
    },
    onError: (request) => {
      const { problem, headers } = toProblem(request.error, request.event.rawPath);
      if (problem.status >= 500) logger.error('request failed', { error: request.error as Error });
      else logger.info('request rejected', { status: problem.status, detail: problem.detail });
      request.response = decorate(
        { statusCode: problem.status, headers: { 'content-type': 'application/problem+json', ...headers }, body: JSON.stringify(problem) },
        request.event,
      );
      flushMetrics();
    },
  };

  const stack = middy<ApiEvent, ApiResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(http)
    .handler(core);
  // Each invocation logs through its own child logger: concurrent requests in one process (local
  // mode) never write each other's keys.
  const handler = (event: ApiEvent, context: Context): Promise<ApiResponse> => withRequestLogger(() => stack(event, context));
  // The route and schemas travel with the handler, so the OpenAPI document describes exactly what
  // each handler validates.
  return Object.assign(handler, { route, schemas });
}

function lowerCaseHeaders(headers: ApiEvent['headers'] | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = value;
  return out;
}

function rawBody(event: ApiEvent): string | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function rejectUnexpectedBody(event: ApiEvent): undefined {
  const body = rawBody(event);
  if (body !== undefined && body.trim() !== '') {
    throw new HttpError(400, 'Validation failed', `${event.requestContext.http.method} ${event.rawPath} takes no request body.`, { type: '/problems/validation-failed' });
  }
  return undefined;
}

function parseBody(event: ApiEvent, headers: Record<string, string | undefined>, schema: z.ZodMiniType, issues: ValidationIssue[]): unknown {
  const text = rawBody(event);
  if (text === undefined || text.trim() === '') {
    throw new HttpError(400, 'Validation failed', 'A JSON request body is required.', { type: '/problems/validation-failed' });
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpError(413, 'Payload too large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
  }
  const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(contentType)) {
    throw new HttpError(415, 'Unsupported media type', `Send the body as application/json (got '${contentType || 'no content type'}').`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'Malformed JSON', `The request body is not valid JSON: ${(error as Error).message}`, { type: '/problems/malformed-json' });
  }
  return validate(schema, json, 'body', issues);
}

function validate(schema: z.ZodMiniType, value: unknown, where: string, issues: ValidationIssue[]): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = [where, ...issue.path.map(String)].join('.');
    issues.push({ path, message: issue.message });
  }
  return undefined;
}

function toResponse(result: ApiResult): ApiResponse {
  const headers: Record<string, string> = { ...result.headers };
  // 204 and 304 (conditional GET, shared/http/conditional.ts) carry no body.
  if (result.status === 204 || result.status === 304) return { statusCode: result.status, headers };
  if (result.text !== undefined) {
    headers['content-type'] ??= result.contentType ?? 'text/plain; charset=utf-8';
    return { statusCode: result.status, headers, body: result.text };
  }
  headers['content-type'] ??= 'application/json';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body ?? null) };
}

function decorate(response: ApiResponse | undefined, event: ApiEvent): ApiResponse {
  const res = response ?? { statusCode: 500, headers: {} };
  res.headers ??= {};
  res.headers['x-request-id'] = event.requestContext?.requestId ?? '';
  // The CloudEvent id(s) of the change(s) this request made: the correlation id of its log lines,
  // the publisher's, fan-out's and delivery's (shared/observability.ts).
  const events = correlatedEvents();
  if (events.length > 0) res.headers['x-event-id'] = events.join(', ');
  const origin = event.headers?.origin ?? event.headers?.Origin;
  const allowed = config.CORS_ORIGINS;
  if (allowed.includes('*')) res.headers['access-control-allow-origin'] = '*';
  else if (origin && allowed.includes(origin)) {
    res.headers['access-control-allow-origin'] = origin;
    res.headers.vary = 'Origin';
  }
  res.headers['access-control-expose-headers'] = 'ETag, Location, X-Request-Id, X-Event-Id, Idempotent-Replayed';
  return res;
}
