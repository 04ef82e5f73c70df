/**
 * Health probes in process on DynamoDB Local, with the table made unreachable by an injected fault
 * (test/support/faults.ts): readiness answers 503 with Retry-After, liveness stays 200 because it
 * does no I/O.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext } from '../../bench/harness.ts';
import { handler as health } from '#functions/system/get-health.ts';
import { handler as live } from '#functions/system/get-health-live.ts';
import { handler as ready } from '#functions/system/get-health-ready.ts';
import { dynamoErrors, injectDynamoFaults } from '../support/faults.ts';

const faults = injectDynamoFaults();
afterEach(() => faults.clear());
afterAll(() => faults.remove());

const probe = async (fn: typeof health, path: string) => {
  const res = await fn(apiEvent({ method: 'GET', path, routePath: path, claims: {} }), lambdaContext(path));
  return { status: res.statusCode, headers: res.headers ?? {}, body: JSON.parse(String(res.body)) as Record<string, unknown> };
};

describe('health probes', () => {
  it('are 200 while the table answers', async () => {
    for (const [fn, path] of [[health, '/health'], [ready, '/health/ready'], [live, '/health/live']] as const) {
      expect((await probe(fn, path)).status, path).toBe(200);
    }
  });

  it('readiness is 503 with Retry-After when the table does not answer; liveness stays 200 and reads nothing', async () => {
    faults.add({ command: 'GetCommand', fault: { error: dynamoErrors.internalServerError } });
    faults.add({ command: 'GetItemCommand', fault: { error: dynamoErrors.internalServerError } });
    for (const [fn, path] of [[health, '/health'], [ready, '/health/ready']] as const) {
      const res = await probe(fn, path);
      expect(res.status, path).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ status: 'unavailable', checks: { table: { status: 'failed', error: 'InternalServerError' } } });
    }
    const before = [...faults.calls.values()].reduce((a, b) => a + b, 0);
    const alive = await probe(live, '/health/live');
    expect(alive.status).toBe(200);
    expect([...faults.calls.values()].reduce((a, b) => a + b, 0)).toBe(before);
  });
});
