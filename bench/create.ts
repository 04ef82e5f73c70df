/**
 * POST /v1/incidents through the real handler, in process, against the same DynamoDB calls made
 * directly (UpdateItem on the day counter, then one TransactWriteItems with the incident, its
 * timeline entry and the summary ADD), alternating in blocks so emulator drift cancels out.
 *
 * Must be imported only after the handler environment is applied (see run.ts).
 */
import { incidentAnalyticsItems } from '#shared/store/analytics/analytics-items.ts';
import { UpdateCommand, TransactWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dayKey, incidentId, ulid } from '#shared/domain/ids.ts';
import { newIncident, type Incident, type TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { db, dynamoCalls, resetDynamoCalls, tableName } from '#shared/store/client.ts';
import { keys } from '#shared/store/keys.ts';
import type { Context } from 'aws-lambda';
import type { ApiEvent, ApiResponse } from '#shared/http/api.ts';
import { apiEvent, blockOrder, directClient, lambdaContext, RESPONDER_CLAIMS, type Handler } from './harness.ts';
import { incidentItem, nextSequenceInput, summaryAdd, timelineItem } from './items.ts';
import { progress, round, summarize, type Stats } from './stats.ts';

export interface CreateOptions {
  readonly endpoint: string;
  readonly iterations: number;
  readonly warmup: number;
  readonly blockSize: number;
}

export interface CreateResult {
  readonly table: string;
  readonly iterations: number;
  readonly warmup: number;
  readonly blockSize: number;
  readonly requestBodyBytes: number;
  readonly incidentItemBytes: number;
  readonly timelineItemBytes: number;
  readonly handler: Stats & { samples: number[] };
  readonly direct: Stats & { samples: number[] };
  readonly ratioP50: number;
  readonly calls: { count: number; byCommand: Record<string, number> };
  /** Handler time split into time inside the SDK's send() and everything else (separate pass). */
  /** Second pass, alternating call by call, with time inside send() taken on both clients. */
  readonly breakdown: {
    iterations: number;
    handlerP50: number;
    sdkSendP50: number;
    outsideSdkP50: number;
    outsideSdkMean: number;
    directP50: number;
    directSendP50: number;
    ratioP50: number;
  };
  readonly itemShapeChecked: boolean;
}

/** A realistic create body; the stored incident item comes to about 1.5 KB with its keys. */
export const CREATE_BODY = {
  title: 'Checkout API returns 5xx for a share of card payments in eu-west-1',
  description:
    'Since 09:40 UTC about 7% of POST /checkout requests fail with 502 from the payments gateway. ' +
    'Card payments through the primary acquirer are affected; wallet payments succeed. The on-call engineer ' +
    'is checking the acquirer status page and the connection pool metrics of the gateway service. ' +
    'Customers see a generic error and can retry; the retry succeeds in most cases. Orders are not lost.',
  severity: 'high',
  incident_type: 'outage',
  affected_services: ['checkout', 'payments-gateway', 'orders'],
  affected_regions: ['eu-west-1'],
  assigned_team: 'payments',
  public_message: 'Some card payments fail at checkout. Retrying usually works. We are investigating.',
  internal_notes: 'Started after the 09:30 deploy of payments-gateway v2.41; rollback prepared.',
};

const itemBytes = (item: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(item));

export async function measureCreate(options: CreateOptions): Promise<CreateResult> {
  const { handler } = (await import('#functions/incidents/create-incident.ts')) as { handler: Handler };
  const { doc, raw } = directClient(options.endpoint);
  const body = JSON.stringify(CREATE_BODY);
  const event = () => apiEvent({ method: 'POST', path: '/v1/incidents', routePath: '/v1/incidents', claims: RESPONDER_CLAIMS, body });

  const call = async (input: ApiEvent, context: Context): Promise<ApiResponse> => {
    const response = await handler(input, context);
    if (response.statusCode !== 201) throw new Error(`create returned ${response.statusCode}: ${response.body}`);
    return response;
  };
  const invoke = async (): Promise<Incident> => JSON.parse((await call(event(), lambdaContext('createIncident'))).body ?? '{}') as Incident;
  /** One timed handler call; the event is built before the clock starts. */
  const timedInvoke = async (): Promise<number> => {
    const input = event();
    const context = lambdaContext('createIncident');
    const t0 = performance.now();
    await call(input, context);
    return performance.now() - t0;
  };

  // The direct side: identical calls; the incident is built once (domain work is the handler's share).
  const actor = { id: RESPONDER_CLAIMS.sub, name: RESPONDER_CLAIMS.username, kind: 'user' as const };
  const template = newIncident('INC-00000000-0000', CREATE_BODY as Parameters<typeof newIncident>[1], actor, new Date().toISOString());
  const direct = async (): Promise<void> => {
    const day = dayKey(new Date());
    // The handler reads the assigned team (its on-call person) in parallel with the day counter.
    const [counter] = await Promise.all([
      doc.send(new UpdateCommand(nextSequenceInput(tableName, day))),
      doc.send(new GetCommand({ TableName: tableName, Key: keys.team(CREATE_BODY.assigned_team), ConsistentRead: true })),
    ]);
    const id = incidentId(day, Number(counter.Attributes?.seq));
    const incident: Incident = { ...template.incident, id };
    const entry: TimelineEntry = { ...template.entry, id: ulid(), incident_id: id, incident };
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: incidentItem(incident), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName, Item: timelineItem(entry) } },
          summaryAdd(tableName, incident),
          // The analytics aggregates ride in the same transaction (shared/store/analytics/analytics-items.ts).
          ...incidentAnalyticsItems(undefined, incident),
        ],
      }),
    );
  };

  // The copy of the item layout must match what the store wrote.
  const written = await invoke();
  const stored = await doc.send(new GetCommand({ TableName: tableName, Key: keys.incident(written.id), ConsistentRead: true }));
  const expectedKeys = Object.keys(incidentItem(written)).sort().join(',');
  const storedKeys = Object.keys(stored.Item ?? {}).sort().join(',');
  if (expectedKeys !== storedKeys) throw new Error(`bench/items.ts incidentItem() no longer matches the store:\n  store: ${storedKeys}\n  bench: ${expectedKeys}`);

  progress(`create: warm-up ${options.warmup} + ${options.warmup} calls`);
  for (let i = 0; i < options.warmup; i++) {
    await invoke();
    await direct();
  }

  // DynamoDB calls of one create, counted on the handler's own client module instance.
  resetDynamoCalls();
  await invoke();
  const calls = { count: dynamoCalls.count, byCommand: Object.fromEntries(dynamoCalls.byCommand) };

  const timedDirect = async (): Promise<number> => {
    const t0 = performance.now();
    await direct();
    return performance.now() - t0;
  };
  const samples = { a: [] as number[], b: [] as number[] };
  const run = { a: timedInvoke, b: timedDirect };
  for (const side of blockOrder(Math.ceil(options.iterations / options.blockSize))) {
    for (let i = 0; i < options.blockSize; i++) samples[side].push(await run[side]());
  }
  const handlerStats = summarize(samples.a);
  const directStats = summarize(samples.b);
  progress(`create: handler p50 ${handlerStats.p50.toFixed(2)} ms, direct p50 ${directStats.p50.toFixed(2)} ms, ${calls.count} DynamoDB calls`);

  // Where the time goes: a second pass alternating call by call, with the time inside the SDK's
  // send() (marshalling, HTTP, emulator, unmarshalling) taken on both clients by a middleware.
  let handlerSendMs = 0;
  let directSendMs = 0;
  const addTimer = (client: DynamoDBDocumentClient, name: string, add: (ms: number) => void) =>
    client.middlewareStack.add(
      (next) => async (args) => {
        const t0 = performance.now();
        try {
          return await next(args);
        } finally {
          add(performance.now() - t0);
        }
      },
      { step: 'initialize', name, priority: 'high' },
    );
  addTimer(db, 'benchSendTimer', (ms) => (handlerSendMs += ms));
  addTimer(doc, 'benchSendTimer', (ms) => (directSendMs += ms));
  const pass = { handlerTotal: [] as number[], handlerSend: [] as number[], handlerRest: [] as number[], directTotal: [] as number[], directSend: [] as number[] };
  const breakdownRuns = Math.min(200, options.iterations);
  for (let i = 0; i < breakdownRuns; i++) {
    for (const side of i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
      handlerSendMs = 0;
      directSendMs = 0;
      const total = await run[side]();
      if (side === 'a') {
        pass.handlerTotal.push(total);
        pass.handlerSend.push(handlerSendMs);
        pass.handlerRest.push(total - handlerSendMs);
      } else {
        pass.directTotal.push(total);
        pass.directSend.push(directSendMs);
      }
    }
  }
  db.middlewareStack.remove('benchSendTimer');
  doc.middlewareStack.remove('benchSendTimer');
  raw.destroy();

  const p50 = (values: number[]) => summarize(values).p50;
  const breakdown = {
    iterations: breakdownRuns,
    handlerP50: p50(pass.handlerTotal),
    sdkSendP50: p50(pass.handlerSend),
    outsideSdkP50: p50(pass.handlerRest),
    outsideSdkMean: summarize(pass.handlerRest).mean,
    directP50: p50(pass.directTotal),
    directSendP50: p50(pass.directSend),
    ratioP50: round(p50(pass.handlerTotal) / p50(pass.directTotal), 3),
  };
  progress(
    `create: call-by-call pass p50 handler ${breakdown.handlerP50.toFixed(2)} ms (send() ${breakdown.sdkSendP50.toFixed(2)} ms + rest ${breakdown.outsideSdkP50.toFixed(2)} ms), ` +
      `direct ${breakdown.directP50.toFixed(2)} ms (send() ${breakdown.directSendP50.toFixed(2)} ms), ratio ${breakdown.ratioP50.toFixed(2)}`,
  );

  return {
    table: tableName,
    iterations: samples.a.length,
    warmup: options.warmup,
    blockSize: options.blockSize,
    requestBodyBytes: Buffer.byteLength(body),
    incidentItemBytes: itemBytes(incidentItem(written)),
    timelineItemBytes: itemBytes(timelineItem({ ...template.entry, incident_id: written.id, incident: written })),
    handler: { ...handlerStats, samples: samples.a.map((v) => round(v, 3)) },
    direct: { ...directStats, samples: samples.b.map((v) => round(v, 3)) },
    ratioP50: round(handlerStats.p50 / directStats.p50, 3),
    calls,
    breakdown,
    itemShapeChecked: true,
  };
}
