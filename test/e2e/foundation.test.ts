import { describe, expect, it } from 'vitest';
import { routes } from '#lib/routes.ts';
import { baseUrl, call, token } from '../support/http.ts';

describe('foundation over HTTP', () => {
  it('serves /health without a token and checks the table', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { table: { status: 'ok' } } });
    expect(res.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
  });

  it('serves /health/live (no I/O) and /health/ready (the table) without a token', async () => {
    const live = await call('GET', '/health/live');
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(live.body).toMatchObject({ status: 'ok', stage: 'local', uptime_seconds: expect.any(Number) });
    const ready = await call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', checks: { table: { status: 'ok', latency_ms: expect.any(Number) } } });
  });

  it('returns the caller on /v1/me', async () => {
    const res = await call('GET', '/v1/me', { role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'user', roles: ['admin'], name: 'admin@e2e' });
  });

  it('returns a machine client with its scopes', async () => {
    const res = await call('GET', '/v1/me', { token: await token({ scopes: ['incidents:read'], sub: 'metric-processor' }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'metric-processor', kind: 'machine', roles: [], scopes: ['incidents:read'] });
  });

  it.each([
    ['no token', {}],
    ['a malformed token', { headers: { authorization: 'Bearer not-a-jwt' } }],
    ['a token signed by another key', { headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' } }],
  ])('answers 401 problem+json for %s', async (_name, options) => {
    const res = await call('GET', '/v1/me', options);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(String(res.body.detail)).not.toHaveLength(0);
  });

  it('answers 401 for an expired token', async () => {
    const res = await call('GET', '/v1/me', { token: await token({ role: 'admin', ttlSeconds: -120 }) });
    expect(res.status).toBe(401);
    expect(String(res.body.detail)).toMatch(/exp/);
  });

  it('answers 403 when a machine client lacks the scope', async () => {
    const res = await call('GET', '/v1/me', { token: await token({ scopes: ['something:else'] }) });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves every route of the route table (none answers 404 "no route")', async () => {
    for (const route of routes) {
      const path = route.path.replace(/\{[^}]+\}/g, 'INC-20200101-0001');
      const res = await fetch(`${baseUrl}${path}`, { method: route.method });
      expect(res.status, `${route.method} ${route.path}`).not.toBe(405);
      // A public route with a path parameter (a feed per incident) answers 404 problem+json for an
      // incident that does not exist: that is the handler speaking, not the gateway's "No route".
      // status (subscribers): public routes that need a body or a signed token answer 400 without one.
      const needsInput = ['createStatusSubscriber', 'confirmStatusSubscriber', 'deleteStatusSubscriber', 'getStatusSubscriberConfirm', 'getStatusSubscriberUnsubscribe'].includes(route.id);
      // Integrations: the PagerDuty-compatible routes answer in PagerDuty's shape, not problem+json.
      if (route.id === 'enqueueEvent' || route.id === 'enqueueChangeEvent') {
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
        continue;
      }
      if (route.access === 'public' && (route.path.includes('{') || needsInput)) {
        expect(res.status, `${route.method} ${route.path}`).toBeLessThan(500);
        expect(((await res.json()) as { detail: string }).detail, `${route.method} ${route.path}`).not.toMatch(/^No route/);
        continue;
      }
      expect(res.status, `${route.method} ${route.path}`).not.toBe(404);
      expect(res.status, `${route.method} ${route.path}`).toBe(route.access === 'public' ? 200 : 401);
    }
  });

  it('answers 404 problem+json for an unknown path and 405 for a wrong method', async () => {
    expect((await call('GET', '/v1/nothing-here')).status).toBe(404);
    const res = await call('PATCH', '/v1/me', { role: 'admin' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('publishes the local JWKS', async () => {
    const res = await call<{ keys: { kty: string; d?: string }[] }>('GET', '/.well-known/jwks.json');
    expect(res.body.keys[0]?.kty).toBe('RSA');
    expect(res.body.keys[0]?.d).toBeUndefined();
  });
});
