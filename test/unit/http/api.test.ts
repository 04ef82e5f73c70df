import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { api, ok, type ApiEvent } from '#shared/http/api.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { UnavailableError } from '#shared/domain/errors.ts';
import { budgetOf, currentAbortSignal, raceAbort, TimeBudgetExceeded, withTimeBudget } from '#shared/deadline.ts';
import { logger } from '#shared/observability.ts';

const context = { awsRequestId: 'req-1', functionName: 'test', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

function event(overrides: Partial<ApiEvent> & { claims?: Record<string, unknown> } = {}): ApiEvent {
  const { claims, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /v1/incidents',
    rawPath: '/v1/incidents',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      requestId: 'api-req-1',
      http: { method: 'POST', path: '/v1/incidents', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
    ...rest,
  } as unknown as ApiEvent;
}

// API Gateway hands array claims over as "[a b]" strings and numbers as strings.
const responderClaims = { sub: 'u-1', username: 'alice', 'cognito:groups': '[responder]', exp: String(Math.floor(Date.now() / 1000) + 600) };

describe('the HTTP middleware stack', () => {
  const echo = api('createIncident', { body: z.strictObject({ title: z.string() }) }, ({ body, principal }) => Promise.resolve(ok({ title: body.title, by: principal.name })));

  it('parses API Gateway claims, validates the body and answers JSON with the request id', async () => {
    const res = await echo(event({ claims: responderClaims, body: JSON.stringify({ title: 'x' }) }), context);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toEqual({ title: 'x', by: 'alice' });
    expect(res.headers).toMatchObject({ 'content-type': 'application/json', 'x-request-id': 'api-req-1' });
  });

  it('accepts base64 bodies and +json media types', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'y' })).toString('base64');
    const res = await echo(event({ claims: responderClaims, body, isBase64Encoded: true, headers: { 'content-type': 'application/merge-patch+json; charset=utf-8' } }), context);
    expect(res.statusCode).toBe(200);
  });

  it('answers 401 without claims even if the authorizer were bypassed', async () => {
    const res = await echo(event({ body: JSON.stringify({ title: 'x' }) }), context);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });

  it('turns an unexpected error into a 500 that leaks nothing', async () => {
    const boom = api('createIncident', {}, () => Promise.reject(new Error('password=hunter2 at db-7.internal')));
    const res = await boom(event({ claims: responderClaims }), context);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/hunter2|db-7/);
    expect(JSON.parse(res.body as string)).toMatchObject({ status: 500, title: 'Internal error', instance: '/v1/incidents' });
  });

  it('rejects a body on a route that takes none', async () => {
    const none = api('getMe', {}, () => Promise.resolve(ok({})));
    const res = await none(event({ claims: responderClaims, body: '{"a":1}' }), context);
    expect(res.statusCode).toBe(400);
  });
});

describe('path parameters as API Gateway hands them over', () => {
  const get = api('getIncident', { params: IncidentIdParams }, ({ params }) => Promise.resolve(ok({ id: params.id })));
  const viewerClaims = { ...responderClaims, 'cognito:groups': '[viewer]' };
  it.each(['%ZZ', '%', '%C3%28', '\uFFFD', `INC-20260101-${'1'.repeat(3000)}`])('a path id %# that is not an id is a 400, never a 500', async (id) => {
    const res = await get(event({ claims: viewerClaims, routeKey: 'GET /v1/incidents/{id}', pathParameters: { id } }), context);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });
});

describe('contention and transient failures', () => {
  const failing = (error: Error) => api('createIncident', {}, () => Promise.reject(error));
  it('answers 503 with Retry-After when the retry budget ran out (UnavailableError)', async () => {
    const res = await failing(new UnavailableError('kept changing'))(event({ claims: responderClaims }), context);
    expect(res.statusCode).toBe(503);
    expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '1' });
  });
  it.each(['TransactionCanceledException', 'ProvisionedThroughputExceededException', 'ThrottlingException', 'TimeoutError', 'AbortError'])('answers 503 with Retry-After for an AWS %s, never a 500', async (name) => {
    const error = Object.assign(new Error('transaction cancelled: TransactionConflict'), { name });
    const res = await failing(error)(event({ claims: responderClaims }), context);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).not.toMatch(/TransactionConflict/);
  });
});

describe('the time budget', () => {
  const shortContext = (remaining: number) => ({ ...context, getRemainingTimeInMillis: () => remaining });

  it('answers 503 with Retry-After, never a 500, when the handler runs out of time', async () => {
    let signal: AbortSignal | undefined;
    const slow = api('createIncident', {}, () => {
      signal = currentAbortSignal();
      return new Promise(() => undefined);
    });
    const started = Date.now();
    const res = await slow(event({ claims: responderClaims }), shortContext(300));
    expect(res.statusCode).toBe(503);
    expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '1' });
    expect(Date.now() - started).toBeLessThan(300);
    expect(signal?.aborted).toBe(true);
  });

  it('aborts a DynamoDB call in flight when the budget is spent', async () => {
    const hanging = new Promise<never>(() => undefined);
    await expect(withTimeBudget(100, () => raceAbort(hanging, currentAbortSignal() as AbortSignal))).rejects.toBeInstanceOf(TimeBudgetExceeded);
    expect(budgetOf(29_000)).toBe(28_000);
    expect(budgetOf(500)).toBe(400);
  });

  it('lets a handler that finishes in time answer normally', async () => {
    const quick = api('createIncident', {}, () => Promise.resolve(ok({ fine: true })));
    expect((await quick(event({ claims: responderClaims }), shortContext(300))).statusCode).toBe(200);
  });
});

const withRequestId = (e: ApiEvent, requestId: string): ApiEvent => ({ ...e, requestContext: { ...e.requestContext, requestId } });

describe('logging of concurrent requests in one process', () => {
  it('never writes one request’s route or request id into another’s lines', async () => {
    const lines: Record<string, unknown>[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: unknown) => {
      lines.push(JSON.parse(String(line)) as Record<string, unknown>);
    });
    const tick = () => new Promise((r) => setTimeout(r, Math.random() * 5));
    const handlerFor = (routeId: 'createIncident' | 'getMe') =>
      api(routeId, {}, async () => {
        for (let i = 0; i < 3; i++) {
          await tick();
          logger.error('working', { expected_route: routeId });
        }
        return ok({});
      });
    const a = handlerFor('createIncident');
    const b = handlerFor('getMe');
    try {
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b)(withRequestId(event({ claims: responderClaims }), `req-${i}`), context)));
    } finally {
      spy.mockRestore();
    }
    const working = lines.filter((l) => l.message === 'working');
    expect(working).toHaveLength(30);
    for (const line of working) expect(line.route).toBe(line.expected_route);
    expect(new Set(working.map((l) => l.request_id)).size).toBe(10);
  });
});
