/**
 * Injected DynamoDB faults (test/support/faults.ts: a middleware on the store's real client, in
 * front of DynamoDB Local) against the API handlers in process: throttling and 500s are retried
 * within budget, and what outlasts the budget answers 503 with Retry-After. Never a 500, never a
 * half-written change.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext, RESPONDER_CLAIMS, VIEWER_CLAIMS } from '../../../bench/harness.ts';
import { handler as createIncident } from '#functions/incidents/create-incident.ts';
import { handler as getIncident } from '#functions/incidents/get-incident.ts';
import { dynamoErrors, injectDynamoFaults } from '../../support/faults.ts';

const faults = injectDynamoFaults();
afterEach(() => faults.clear());
afterAll(() => faults.remove());

async function create(idempotencyKey?: string) {
  const event = apiEvent({ method: 'POST', path: '/v1/incidents', routePath: '/v1/incidents', claims: RESPONDER_CLAIMS, body: JSON.stringify({ title: 'Faulty writes', severity: 'high', affected_services: ['faults'] }) });
  if (idempotencyKey) event.headers['idempotency-key'] = idempotencyKey;
  const res = await createIncident(event, lambdaContext('create'));
  return { status: res.statusCode, headers: res.headers, body: JSON.parse(String(res.body)) as Record<string, unknown> };
}

async function read(id: string) {
  const res = await getIncident({ ...apiEvent({ method: 'GET', path: `/v1/incidents/${id}`, routePath: '/v1/incidents/{id}', claims: VIEWER_CLAIMS }), pathParameters: { id } }, lambdaContext('get'));
  return { status: res.statusCode, headers: res.headers, body: JSON.parse(String(res.body)) as Record<string, unknown> };
}

/** The incident as stored, with its timeline: a change is there whole (incident + its entry) or not at all. */
async function expectWhole(id: string, timeline: string[]) {
  const stored = await read(id);
  expect(stored.status).toBe(200);
  expect((stored.body.timeline as { type: string }[]).map((t) => t.type)).toEqual(timeline);
}

describe('DynamoDB faults on the API', () => {
  it.each([
    ['ProvisionedThroughputExceededException', dynamoErrors.provisionedThroughputExceeded],
    ['ThrottlingException', dynamoErrors.throttling],
    ['InternalServerError (500)', dynamoErrors.internalServerError],
  ])('retries %s on the write within the SDK budget: 201, written once', async (_name, error) => {
    faults.add({ command: 'TransactWriteItemsCommand', times: 2, fault: { error } });
    const res = await create();
    expect(res.status).toBe(201);
    expect(faults.injected.get('TransactWriteItemsCommand')).toBe(2);
    await expectWhole(String(res.body.id), ['incident.created']);
  });

  it('retries a transaction cancelled for throttling (the SDK does not): 201, written once', async () => {
    faults.add({ command: 'TransactWriteItemsCommand', times: 3, fault: { error: (input) => dynamoErrors.transactionThrottled(input, 1) } });
    const res = await create();
    expect(res.status).toBe(201);
    expect(faults.injected.get('TransactWriteItemsCommand')).toBe(3);
    await expectWhole(String(res.body.id), ['incident.created']);
  });

  it.each([
    ['throttling that outlasts the retries', () => dynamoErrors.provisionedThroughputExceeded()],
    ['500s that outlast the retries', () => dynamoErrors.internalServerError()],
    ['transactions cancelled for throttling past the budget', (input: Record<string, unknown>) => dynamoErrors.transactionThrottled(input)],
  ])('answers %s with 503 and Retry-After, writes nothing, and the same key succeeds once after', async (_name, error) => {
    const key = `faults-${Math.random().toString(36).slice(2)}`;
    faults.add({ command: 'TransactWriteItemsCommand', fault: { error } });
    const refused = await create(key);
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
    faults.clear();
    const retried = await create(key);
    expect(retried.status).toBe(201);
    const again = await create(key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(retried.body.id);
    await expectWhole(String(retried.body.id), ['incident.created']);
  });

  it('answers a read throttled past the retries with 503 and Retry-After, not 500', async () => {
    const made = await create();
    faults.add({ command: 'GetItemCommand', fault: { error: dynamoErrors.throttling } });
    faults.add({ command: 'QueryCommand', fault: { error: dynamoErrors.throttling } });
    const res = await read(String(made.body.id));
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect((faults.injected.get('GetItemCommand') ?? 0) + (faults.injected.get('QueryCommand') ?? 0)).toBeGreaterThanOrEqual(3);
  });

  it('many concurrent writes under intermittent throttling: only 201 or 503, every 201 whole', async () => {
    // Every third call to DynamoDB throttled, 60 at once.
    let n = 0;
    faults.add({ command: 'TransactWriteItemsCommand', fault: { error: (input) => (n++ % 3 === 0 ? dynamoErrors.transactionThrottled(input) : dynamoErrors.provisionedThroughputExceeded()) }, times: 40 });
    const results = await Promise.all(Array.from({ length: 60 }, () => create()));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    faults.clear();
    for (const r of results.filter((x) => x.status === 201)) await expectWhole(String(r.body.id), ['incident.created']);
  });
});
