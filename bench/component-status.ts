/**
 * POST /v1/component_status through the real handler, in process, against DynamoDB Local:
 * - p50/p99 latency with 1 caller (sequential) and with 50 concurrent callers;
 * - DynamoDB round trips per decision (the goal: one read and one transaction on the happy path;
 *   one more UpdateItem when a new system incident draws its id; every retry after a conflict
 *   costs another read and transaction).
 *
 * Scenarios (each on fresh components, so every request is a real decision):
 * - `sequential`: 1 caller adds components one by one to the system incident of impact 1 (the
 *   first request creates it);
 * - `concurrentAdds`: 50 callers at once, each adding its own components to the ONE system
 *   incident of impact 2: the worst case, every commit conflicts with the others on that incident;
 * - `concurrentDistinct`: 50 callers at once, each request for its own component at impact 3
 *   where a covering incident exists (read-only 409 path) — the read side under load;
 * - `concurrentIdentical`: 50 identical concurrent requests for one component: one 201, 49 409s;
 * - `storm`: an alarm storm, 200 reports over 50 components (4 each, impacts mixed) all at once:
 *   the goal is 0 × 503, 0 × 5xx, p99 ≤ 1 s, and afterwards every component in exactly one active
 *   incident, at the highest impact reported for it (`stormInvariants` in bench/storm.ts, shared with the
 *   HTTP run and the tests).
 *
 * Every invocation gets its own Lambda context (its own 29 s deadline), as Lambda gives it: one
 * context shared by the whole run ran out of time mid-run on a slow machine.
 *
 * Usage: `await benchComponentStatus({ endpoint })` with a running DynamoDB Local. The handler's
 * modules read TABLE_NAME once when first imported: if the caller already set it (bench/run.ts
 * applies the handler environment before importing handlers), that table is used (created here if
 * absent); otherwise a table `bench-component-status-<random>` is created.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { apiEvent, lambdaContext, type Handler } from './harness.ts';
import { STORM_COMPONENTS, STORM_P99_LIMIT_MS, STORM_PER_COMPONENT, stormInvariants, stormPlan } from './storm.ts';
import { summarize } from './stats.ts';

export interface ComponentStatusBenchOptions {
  readonly endpoint: string;
  /** Requests of the sequential scenario. @default 200 */
  readonly sequential?: number;
  /** Concurrent callers. @default 50 */
  readonly concurrency?: number;
  /** Requests per concurrent caller. @default 4 */
  readonly perCaller?: number;
}


const CLAIMS = { sub: 'bench-metric-processor', username: 'bench-metric-processor', scope: 'component_status:write', client_id: 'bench-metric-processor' };

const event = (body: unknown) => apiEvent({ method: 'POST', path: '/v1/component_status', routePath: '/v1/component_status', claims: CLAIMS, body: JSON.stringify(body) });

export async function benchComponentStatus(opts: ComponentStatusBenchOptions): Promise<Record<string, unknown>> {
  const sequentialCount = opts.sequential ?? 200;
  const concurrency = opts.concurrency ?? 50;
  const perCaller = opts.perCaller ?? 4;

  // The environment the handler's modules read when they load (unless the caller set it already).
  const tableName = process.env.TABLE_NAME ?? `bench-component-status-${randomUUID().slice(0, 8)}`;
  const defaults: Record<string, string> = {
    TABLE_NAME: tableName,
    AWS_ENDPOINT_URL_DYNAMODB: opts.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  for (const [key, value] of Object.entries(defaults)) process.env[key] ??= value;

  const { ensureTable } = await import('#shared/local/create-table.ts');
  const raw = new DynamoDBClient({ endpoint: opts.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  await ensureTable(raw, process.env.TABLE_NAME as string);
  raw.destroy();

  const { handler } = (await import('#functions/components/report-component-status.ts')) as unknown as { handler: Handler };
  const { dynamoCalls, resetDynamoCalls, tableName: usedTable } = await import('#shared/store/client.ts');
  const { DynamoComponentStore } = await import('#shared/store/components/dynamo-component-store.ts');
  const { newComponent, newComponentId } = await import('#shared/domain/components/component.ts');
  const store = new DynamoComponentStore();
  const run = `b${randomUUID().slice(0, 6)}`;

  const register = async (count: number, prefix: string) => {
    const names = Array.from({ length: count }, (_, i) => `${run}-${prefix}-${i}`);
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(names.slice(i, i + 25).map((name) => store.putComponent(newComponent(newComponentId(), { name }, new Date().toISOString()))));
    }
    return names;
  };

  const invoke = async (body: unknown): Promise<{ ms: number; status: number }> => {
    const start = performance.now();
    // A fresh context per invocation: its own deadline, as Lambda gives each invocation.
    const res = await handler(event(body), lambdaContext('bench-reportComponentStatus'));
    return { ms: performance.now() - start, status: res.statusCode };
  };
  const statuses = (results: { status: number }[]) => {
    const out: Record<string, number> = {};
    for (const r of results) out[r.status] = (out[r.status] ?? 0) + 1;
    return out;
  };

  // 1 caller: decision by decision, round trips counted per decision.
  const seqNames = await register(sequentialCount, 'seq');
  const seq: { ms: number; status: number }[] = [];
  const callsPerDecision: number[] = [];
  const byCommand: Record<string, number> = {};
  for (const name of seqNames) {
    resetDynamoCalls();
    seq.push(await invoke({ name, impact: 1 }));
    callsPerDecision.push(dynamoCalls.count);
    for (const [command, n] of dynamoCalls.byCommand) byCommand[command] = (byCommand[command] ?? 0) + n;
  }
  const happy = callsPerDecision.slice(1);

  // 50 callers, all adding to the one impact-2 system incident (worst-case contention).
  const addNames = await register(concurrency * perCaller, 'add');
  resetDynamoCalls();
  const startAdds = performance.now();
  const adds = (
    await Promise.all(
      Array.from({ length: concurrency }, async (_, c) => {
        const mine: { ms: number; status: number }[] = [];
        for (let k = 0; k < perCaller; k++) mine.push(await invoke({ name: addNames[c * perCaller + k], impact: 2 }));
        return mine;
      }),
    )
  ).flat();
  const addsWall = performance.now() - startAdds;
  const addCalls = dynamoCalls.count;

  // 50 callers, read-only path: the components are already covered at impact 2 → 409 each.
  resetDynamoCalls();
  const covered = (
    await Promise.all(
      Array.from({ length: concurrency }, async (_, c) => {
        const mine: { ms: number; status: number }[] = [];
        for (let k = 0; k < perCaller; k++) mine.push(await invoke({ name: addNames[c * perCaller + k], impact: 1 }));
        return mine;
      }),
    )
  ).flat();
  const coveredCalls = dynamoCalls.count;

  // 50 identical requests for one component.
  const [one] = await register(1, 'same');
  const identical = await Promise.all(Array.from({ length: concurrency }, () => invoke({ name: one, impact: 3, text: 'bench outage' })));

  // The alarm storm: 200 reports over 50 fresh components, impacts mixed, all at once.
  const stormNames = await register(STORM_COMPONENTS, 'storm');
  const plan = stormPlan(stormNames, STORM_PER_COMPONENT);
  resetDynamoCalls();
  const startStorm = performance.now();
  const storm = await Promise.all(plan.map((r) => invoke({ name: r.name, impact: r.impact, text: 'storm' })));
  const stormWall = performance.now() - startStorm;
  const stormCalls = dynamoCalls.count;
  const board = await store.board();
  const { isActive } = await import('#shared/domain/incidents/lifecycle.ts');
  const idOf = new Map(board.components.map((c) => [c.name, c.id]));
  const violations = stormInvariants(plan, idOf, board.incidents.filter((i) => isActive(i.status)));
  const stormStatuses = statuses(storm);
  const stormLatency = summarize(storm.map((r) => r.ms));
  const fiveXx = storm.filter((r) => r.status >= 500).length;

  return {
    table: usedTable,
    sequential: {
      callers: 1,
      latencyMs: summarize(seq.map((r) => r.ms)),
      statuses: statuses(seq),
      roundTripsPerDecision: { first: callsPerDecision[0], happyPathMin: Math.min(...happy), happyPathMax: Math.max(...happy), mean: happy.reduce((a, b) => a + b, 0) / Math.max(1, happy.length) },
      byCommand,
    },
    concurrentAdds: {
      callers: concurrency,
      requests: adds.length,
      latencyMs: summarize(adds.map((r) => r.ms)),
      statuses: statuses(adds),
      throughputPerSecond: Math.round((adds.length / addsWall) * 1000 * 10) / 10,
      roundTripsPerDecision: Math.round((addCalls / adds.length) * 100) / 100,
    },
    concurrentCovered: {
      callers: concurrency,
      requests: covered.length,
      latencyMs: summarize(covered.map((r) => r.ms)),
      statuses: statuses(covered),
      roundTripsPerDecision: Math.round((coveredCalls / covered.length) * 100) / 100,
    },
    concurrentIdentical: { callers: concurrency, latencyMs: summarize(identical.map((r) => r.ms)), statuses: statuses(identical) },
    storm: {
      components: STORM_COMPONENTS,
      requests: storm.length,
      latencyMs: stormLatency,
      statuses: stormStatuses,
      wallMs: Math.round(stormWall),
      roundTripsPerReport: Math.round((stormCalls / storm.length) * 100) / 100,
      violations,
    },
    goals: {
      storm: { p99LimitMs: STORM_P99_LIMIT_MS, p99: stormLatency.p99, fiveXx, violations: violations.length, met: fiveXx === 0 && violations.length === 0 && stormLatency.p99 <= STORM_P99_LIMIT_MS },
      happyPathRoundTrips: { limit: 2, actual: Math.min(...happy), met: Math.min(...happy) <= 2 && Math.max(...happy) <= 2 },
      identicalOneCreated: { expected: { 201: 1, 409: concurrency - 1 }, actual: statuses(identical) },
    },
  };
}
