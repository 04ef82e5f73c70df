/**
 * POST /v2/enqueue (PagerDuty Events API v2) through the real handler, in process, against
 * DynamoDB Local, next to POST /v1/component_status through its real handler in the same process
 * and run (so both see the same machine at the same moment, in alternating blocks A B B A …):
 * - `componentTrigger`: a trigger with a new dedup_key on an integration mapped to a component
 *   (each its own component), which opens an alert and, through the component-status decision,
 *   adds the component to the open system incident; p50 compared with a component-status report
 *   doing the same (a component added to the open system incident, the component-status bench's
 *   sequential case): the same outcome through the two doors. Goal: ≤ 1.5 × the report's p50.
 * - `trigger`: a trigger with a new dedup_key on an integration mapped to a service (each opens an
 *   alert and a new system incident: a create transaction the report does not make), reported
 *   against the same report p50 for information.
 * - `repeat`: triggers for a dedup_key that is still open (counted on its alert). Goal: ≤ 2
 *   DynamoDB round trips, counted by a middleware on the table client that tracks calls in flight:
 *   a call that starts while none is in flight starts a round trip; calls started together (the
 *   key lookup and the rate window) share one.
 *
 * Usage: `await benchEnqueue({ endpoint })` in its own process (bench/run.ts runs it with
 * runInChild and the handler environment; the handlers' modules read TABLE_NAME once at load).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { apiEvent, blockOrder, handlerEnv, lambdaContext, type Handler } from './harness.ts';
import type { Goal } from './report.ts';
import { round, summarize } from './stats.ts';

export const ENQUEUE_RATIO_LIMIT = 1.5;
export const ENQUEUE_REPEAT_ROUND_TRIPS_LIMIT = 2;

export interface EnqueueBenchOptions {
  readonly endpoint: string;
  /** Measured requests per side. @default 200 (BENCH_QUICK=1: 40) */
  readonly iterations?: number;
  readonly warmup?: number;
  readonly blockSize?: number;
}

const METRICS_CLAIMS = { sub: 'bench-metric-processor', username: 'bench-metric-processor', scope: 'component_status:write', client_id: 'bench-metric-processor' };

export async function benchEnqueue(opts: EnqueueBenchOptions): Promise<Record<string, unknown>> {
  const quick = process.env.BENCH_QUICK === '1';
  const iterations = opts.iterations ?? (quick ? 40 : 200);
  const warmup = opts.warmup ?? (quick ? 10 : 40);
  const blockSize = opts.blockSize ?? 10;

  // The environment the handlers' modules read when they load (unless the caller set it already).
  for (const [key, value] of Object.entries(handlerEnv(opts.endpoint, `bench-enqueue-${randomUUID().slice(0, 8)}`))) process.env[key] ??= value;
  const { ensureTable } = await import('#shared/local/create-table.ts');
  const raw = new DynamoDBClient({ endpoint: opts.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  await ensureTable(raw, process.env.TABLE_NAME as string);
  raw.destroy();

  const { handler: enqueue } = (await import('#functions/integrations/enqueue-event.ts')) as unknown as { handler: Handler };
  const { handler: report } = (await import('#functions/components/report-component-status.ts')) as unknown as { handler: Handler };
  const { db, dynamoCalls, resetDynamoCalls } = await import('#shared/store/client.ts');
  const { integrationDeps } = await import('#shared/use-cases/integrations/deps.ts');
  const { createIntegration } = await import('#shared/use-cases/integrations/integrations.ts');
  const { DynamoComponentStore } = await import('#shared/store/components/dynamo-component-store.ts');
  const { newComponent, newComponentId } = await import('#shared/domain/components/component.ts');

  // Round trips: a call that starts while none is in flight opens one.
  let inFlight = 0;
  let roundTrips = 0;
  db.middlewareStack.add(
    (next) => async (args) => {
      if (inFlight === 0) roundTrips += 1;
      inFlight += 1;
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
      }
    },
    { step: 'initialize', name: 'benchRoundTrips', priority: 'high' },
  );

  const run = `e${randomUUID().slice(0, 6)}`;
  // PagerDuty's per-key rate (120 a minute, shared/use-cases/integrations/pd-request.ts) holds in
  // the bench too: each integration of the pool takes at most PER_KEY triggers in the whole run.
  const PER_KEY = 100;
  const pool: { id: string; routing_key: string }[] = [];
  const integrationFor = async (n: number) => {
    const index = Math.floor(n / PER_KEY);
    while (pool.length <= index) pool.push(await createIntegration(integrationDeps, { name: `bench-${run}-${pool.length}`, kind: 'events_v2', mapping: { type: 'service', service: `bench-${run}`, team: null, default_severity: 'high' } }));
    return pool[index] as { id: string; routing_key: string };
  };
  let sent = 0;
  const store = new DynamoComponentStore();
  const total = iterations + warmup;
  const names = Array.from({ length: total }, (_, i) => `${run}-c-${i}`);
  for (let i = 0; i < names.length; i += 25) await Promise.all(names.slice(i, i + 25).map((name) => store.putComponent(newComponent(newComponentId(), { name }, new Date().toISOString()))));
  // One integration per component for the component-mapped triggers (a mapping names one component).
  const mapped: { routing_key: string }[] = [];
  for (let i = 0; i < total; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, total - i) }, async (_, k) => {
        const component = newComponent(newComponentId(), { name: `${run}-m-${i + k}` }, new Date().toISOString());
        await store.putComponent(component);
        return createIntegration(integrationDeps, { name: `bench-${run}-m-${i + k}`, kind: 'events_v2', mapping: { type: 'component', component_id: component.id, impact: 1 } });
      }),
    );
    mapped.push(...batch);
  }

  const triggerOn = (routingKey: string, dedupKey: string) =>
    JSON.stringify({ routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: `bench ${dedupKey}`, source: 'bench', severity: 'error' } });
  const trigger = async (dedupKey: string) => triggerOn((await integrationFor(sent++)).routing_key, dedupKey);
  const invoke = async (h: Handler, event: ReturnType<typeof apiEvent>, name: string) => {
    const start = performance.now();
    const res = await h(event, lambdaContext(name));
    return { ms: performance.now() - start, status: res.statusCode };
  };
  const enqueueEvent = (body: string) => apiEvent({ method: 'POST', path: '/v2/enqueue', routePath: '/v2/enqueue', claims: {}, body });
  const reportEvent = (name: string) => apiEvent({ method: 'POST', path: '/v1/component_status', routePath: '/v1/component_status', claims: METRICS_CLAIMS, body: JSON.stringify({ name, impact: 1 }) });

  const statuses: Record<string, Record<string, number>> = { trigger: {}, componentTrigger: {}, report: {}, repeat: {} };
  const count = (side: string, status: number) => {
    const s = statuses[side] as Record<string, number>;
    s[status] = (s[status] ?? 0) + 1;
  };

  // Warm-up: both paths, the first report opens the impact-1 system incident.
  let next = 0;
  let nextMapped = 0;
  const componentTrigger = () => triggerOn((mapped[nextMapped] as { routing_key: string }).routing_key, `${run}-m-${nextMapped++}`);
  for (let i = 0; i < warmup; i++) {
    count('trigger', (await invoke(enqueue, enqueueEvent(await trigger(`${run}-w-${i}`)), 'enqueueEvent')).status);
    count('componentTrigger', (await invoke(enqueue, enqueueEvent(componentTrigger()), 'enqueueEvent')).status);
    count('report', (await invoke(report, reportEvent(names[next++] as string), 'reportComponentStatus')).status);
  }

  // Measured, in alternating blocks: the report's blocks alternate with a block of each kind of trigger.
  const samples = { trigger: [] as number[], componentTrigger: [] as number[], report: [] as number[] };
  let triggered = 0;
  for (const side of blockOrder(Math.ceil(iterations / blockSize))) {
    for (let k = 0; k < blockSize; k++) {
      if (side === 'a') {
        if (samples.trigger.length >= iterations) break;
        const r = await invoke(enqueue, enqueueEvent(await trigger(`${run}-t-${triggered++}`)), 'enqueueEvent');
        samples.trigger.push(r.ms);
        count('trigger', r.status);
        const c = await invoke(enqueue, enqueueEvent(componentTrigger()), 'enqueueEvent');
        samples.componentTrigger.push(c.ms);
        count('componentTrigger', c.status);
      } else {
        if (samples.report.length >= iterations) break;
        const r = await invoke(report, reportEvent(names[next++] as string), 'reportComponentStatus');
        samples.report.push(r.ms);
        count('report', r.status);
      }
    }
  }

  // Repeated triggers for an open dedup_key (one per integration of the pool): latency and round trips each.
  sent = Math.ceil(sent / PER_KEY) * PER_KEY;
  const opened: { integration: { id: string; routing_key: string }; key: string }[] = [];
  const openFor = async (i: number) => {
    const integration = await integrationFor(sent + i);
    let entry = opened.find((o) => o.integration.id === integration.id);
    if (!entry) {
      entry = { integration, key: `${run}-open-${opened.length}` };
      opened.push(entry);
      await invoke(enqueue, enqueueEvent(triggerOn(integration.routing_key, entry.key)), 'enqueueEvent');
    }
    return entry;
  };
  const repeat: number[] = [];
  const repeatTrips: number[] = [];
  const repeatCalls: number[] = [];
  const byCommand: Record<string, number> = {};
  for (let i = 0; i < iterations; i++) {
    // Each integration takes its open trigger and PER_KEY - 1 repeats.
    const { integration, key } = await openFor(i + Math.floor(i / (PER_KEY - 1)));
    roundTrips = 0;
    resetDynamoCalls();
    const r = await invoke(enqueue, enqueueEvent(triggerOn(integration.routing_key, key)), 'enqueueEvent');
    repeat.push(r.ms);
    count('repeat', r.status);
    repeatTrips.push(roundTrips);
    repeatCalls.push(dynamoCalls.count);
    for (const [command, n] of dynamoCalls.byCommand) byCommand[command] = (byCommand[command] ?? 0) + n;
  }
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const { keys } = await import('#shared/store/keys.ts');
  const { tableName } = await import('#shared/store/client.ts');
  let countAfter = 0;
  for (const o of opened) countAfter += Number((await db.send(new GetCommand({ TableName: tableName, Key: keys.openAlert(o.integration.id, o.key), ConsistentRead: true }))).Item?.count ?? 0);

  const triggerStats = summarize(samples.trigger);
  const componentTriggerStats = summarize(samples.componentTrigger);
  const reportStats = summarize(samples.report);
  return {
    iterations,
    warmup,
    blockSize,
    trigger: { latencyMs: triggerStats, note: 'new dedup_key each: opens an alert and a system incident on a service' },
    componentTrigger: { latencyMs: componentTriggerStats, note: 'new dedup_key each, on an integration mapped to a component: opens an alert and adds the component to the open impact-1 system incident' },
    report: { latencyMs: reportStats, note: 'component-status report adding a component to the open impact-1 system incident' },
    ratioP50: round(componentTriggerStats.p50 / reportStats.p50, 3),
    serviceRatioP50: round(triggerStats.p50 / reportStats.p50, 3),
    repeat: {
      latencyMs: summarize(repeat),
      roundTripsMax: Math.max(...repeatTrips),
      roundTripsMin: Math.min(...repeatTrips),
      callsMax: Math.max(...repeatCalls),
      byCommand,
      openKeys: opened.length,
      countAfter,
    },
    statuses,
  };
}

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string };

/** The Goals rows of this module (bench/run.ts). */
export function enqueueGoals(outcome: Outcome): Goal[] {
  const ratio = `/v2/enqueue trigger (new dedup_key, integration mapped to a component) p50 ≤ ${ENQUEUE_RATIO_LIMIT} × a component-status report with the same outcome p50, same run`;
  const trips = `A repeated /v2/enqueue trigger for an open dedup_key: ≤ ${ENQUEUE_REPEAT_ROUND_TRIPS_LIMIT} DynamoDB round trips`;
  if (!outcome.ok) {
    const measured = `not measured: ${outcome.error.split('\n')[0] ?? outcome.error}`;
    return [
      { id: 'enqueue-p50-ratio', goal: ratio, measured, value: Number.NaN, limit: ENQUEUE_RATIO_LIMIT, pass: null },
      { id: 'enqueue-repeat-round-trips', goal: trips, measured, value: Number.NaN, limit: ENQUEUE_REPEAT_ROUND_TRIPS_LIMIT, pass: null },
    ];
  }
  const r = outcome.result as {
    ratioP50: number;
    serviceRatioP50: number;
    trigger: { latencyMs: { p50: number } };
    componentTrigger: { latencyMs: { p50: number } };
    report: { latencyMs: { p50: number } };
    repeat: { latencyMs: { p50: number }; roundTripsMax: number; callsMax: number; countAfter: number; openKeys: number };
    statuses: Record<string, Record<string, number>>;
    iterations: number;
  };
  const allAccepted = (side: string) => Object.keys(r.statuses[side] ?? {}).every((s) => Number(s) >= 200 && Number(s) < 300);
  return [
    {
      id: 'enqueue-p50-ratio',
      goal: ratio,
      measured: `${r.ratioP50.toFixed(2)} (${round(r.componentTrigger.latencyMs.p50)} ms / ${round(r.report.latencyMs.p50)} ms); a service-mapped trigger opening a new incident ${r.serviceRatioP50.toFixed(2)} × (${round(r.trigger.latencyMs.p50)} ms); a repeated trigger p50 ${round(r.repeat.latencyMs.p50)} ms`,
      value: r.ratioP50,
      limit: ENQUEUE_RATIO_LIMIT,
      pass: r.ratioP50 <= ENQUEUE_RATIO_LIMIT && allAccepted('trigger') && allAccepted('componentTrigger') && allAccepted('report'),
    },
    {
      id: 'enqueue-repeat-round-trips',
      goal: trips,
      measured: `${r.repeat.roundTripsMax} round trips (${r.repeat.callsMax} calls: key lookup ‖ rate window, then one UpdateItem); counted ${r.repeat.countAfter} of ${r.iterations + r.repeat.openKeys} triggers on ${r.repeat.openKeys} open key(s)`,
      value: r.repeat.roundTripsMax,
      limit: ENQUEUE_REPEAT_ROUND_TRIPS_LIMIT,
      pass: r.repeat.roundTripsMax <= ENQUEUE_REPEAT_ROUND_TRIPS_LIMIT && r.repeat.countAfter === r.iterations + r.repeat.openKeys && allAccepted('repeat'),
    },
  ];
}
