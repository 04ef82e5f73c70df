/**
 * Child process for the list benchmark: one per table, because the table name is read once at
 * module load (shared/config.ts → shared/store/client.ts). The parent (list.ts) forks it with the
 * handler environment, then drives it over IPC: seed, warm up, measure blocks, probe.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { handler as listHandler } from '#functions/incidents/list-incidents.ts';
import { dayKey, incidentId } from '#shared/domain/ids.ts';
import { changeStatus, newIncident, type Actor, type Incident, type NewIncidentInput, type TimelineEntry } from '#shared/domain/incidents/incident.ts';
import type { Status } from '#shared/domain/incidents/lifecycle.ts';
import { SEVERITIES } from '#shared/domain/severity.ts';
import { dynamoCalls, resetDynamoCalls, tableName } from '#shared/store/client.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { keys } from '#shared/store/keys.ts';
import { apiEvent, CREDENTIALS, ensureReadTable, lambdaContext, REGION, VIEWER_CLAIMS } from './harness.ts';
import { incidentItem, timelineItem } from './items.ts';
import { LIST_CASES, LIST_LIMIT, type ListCase, type ProbeReport, type SeedReport, type WorkerReply, type WorkerRequest } from './list-protocol.ts';
import { mapLimit } from './stats.ts';

const store = new DynamoIncidentStore();
const actor: Actor = { id: 'seed', name: 'seed', kind: 'user' };

/** Status mix of a live service: most incidents are over, a few are being worked. */
const STATUS_MIX: readonly [Status, number][] = [
  ['open', 0.15],
  ['acknowledged', 0.1],
  ['investigating', 0.1],
  ['identified', 0.05],
  ['monitoring', 0.05],
  ['resolved', 0.25],
  ['closed', 0.3],
];

/** Deterministic PRNG (mulberry32), so both tables get the same kind of data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Planned {
  incident: Incident;
  entry: TimelineEntry;
}

/** `count` incidents spread evenly from the first day of the month two months ago until now. */
function plan(count: number): { planned: Planned[]; sequences: Map<string, number> } {
  const random = prng(42);
  const now = new Date();
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1);
  const end = now.getTime() - 60_000;
  const sequences = new Map<string, number>();
  const planned: Planned[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(start + ((end - start) * (i + random() * 0.999)) / count);
    const iso = at.toISOString();
    const day = dayKey(at);
    const seq = (sequences.get(day) ?? 0) + 1;
    sequences.set(day, seq);
    const input: NewIncidentInput = {
      title: `Bench incident ${i}: elevated error rate on service ${i % 40}`,
      description: `Synthetic incident ${i} for the list benchmark. `.repeat(8),
      severity: SEVERITIES[i % SEVERITIES.length],
      affected_services: [`service-${i % 40}`, `service-${(i * 7) % 40}`],
      affected_regions: [['eu-west-1', 'us-east-1', 'ap-southeast-2'][i % 3] as string],
      assigned_team: ['payments', 'search', 'platform', 'identity'][i % 4],
      start_time: iso,
    };
    const created = newIncident(incidentId(day, seq), input, actor, iso);
    let r = random();
    const status = STATUS_MIX.find(([, p]) => (r -= p) < 0)?.[0] ?? 'closed';
    const incident = status === 'open' ? created.incident : changeStatus(created.incident, status, actor, new Date(at.getTime() + 600_000).toISOString(), null).incident;
    planned.push({ incident, entry: created.entry });
  }
  return { planned, sequences };
}

async function seed(count: number, concurrency: number, storeBudgetSeconds: number): Promise<SeedReport> {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB as string;
  const raw = new DynamoDBClient({ endpoint, region: REGION, credentials: CREDENTIALS });
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  // Only reads are measured here: the list tables run without a stream (bench/harness.ts).
  await ensureReadTable(raw, tableName);
  const { planned, sequences } = plan(count);
  const started = performance.now();
  resetDynamoCalls();

  // Through the real store while the projected total stays within the budget (checked every
  // 1,000 items on the recent rate, so JIT warm-up does not trigger it); the rest by BatchWrite
  // of the same item shapes.
  let viaStore = 0;
  let switched = false;
  let projectedStoreSeconds = 0;
  let window = { at: started, done: 0 };
  const batchFrom: Planned[] = [];
  await mapLimit(planned, concurrency, async (p) => {
    if (!switched && viaStore - window.done >= 1000) {
      const now = performance.now();
      const recentRate = (viaStore - window.done) / ((now - window.at) / 1000);
      projectedStoreSeconds = (now - started) / 1000 + (count - viaStore) / recentRate;
      process.stderr.write(`           seeding ${tableName}: ${viaStore} written, ${Math.round(recentRate)}/s now, all through the store projected at ${Math.round(projectedStoreSeconds)} s\n`);
      if (projectedStoreSeconds > storeBudgetSeconds) {
        switched = true;
        process.stderr.write(`           seeding ${tableName}: over the ${storeBudgetSeconds} s budget, writing the remaining ${count - viaStore} by BatchWrite\n`);
      }
      window = { at: now, done: viaStore };
    }
    if (switched) {
      batchFrom.push(p);
      return;
    }
    await store.create(p.incident, p.entry);
    viaStore += 1;
  });
  const storeSeconds = (performance.now() - started) / 1000;
  const chunks: Planned[][] = [];
  for (let i = 0; i < batchFrom.length; i += 12) chunks.push(batchFrom.slice(i, i + 12));
  await mapLimit(chunks, 4, async (chunk) => {
    let requests = chunk.flatMap((p) => [{ PutRequest: { Item: incidentItem(p.incident) } }, { PutRequest: { Item: timelineItem(p.entry) } }]);
    while (requests.length > 0) {
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
  // The day sequences: the list walks months through them (DynamoIncidentStore.previousMonth).
  await mapLimit([...sequences], 8, ([day, seq]) =>
    doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: { ...keys.daySequence(day), entity: 'sequence', seq } } }] } })),
  );
  const seconds = (performance.now() - started) / 1000;
  const storeCalls = dynamoCalls.count;
  raw.destroy();

  const byMonth: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const currentMonth = new Date().toISOString().slice(0, 7);
  let openInCurrentMonth = 0;
  for (const { incident } of planned) {
    const month = incident.created_at.slice(0, 7);
    byMonth[month] = (byMonth[month] ?? 0) + 1;
    byStatus[incident.status] = (byStatus[incident.status] ?? 0) + 1;
    if (month === currentMonth && incident.status === 'open') openInCurrentMonth += 1;
  }
  return {
    count,
    viaStore,
    viaBatchWrite: batchFrom.length,
    storeCalls,
    storeSeconds: Math.round(storeSeconds * 10) / 10,
    storePerSecond: Math.round(viaStore / storeSeconds),
    projectedStoreSeconds: Math.round(projectedStoreSeconds),
    seconds: Math.round(seconds * 10) / 10,
    perSecond: Math.round(count / seconds),
    days: sequences.size,
    byMonth,
    byStatus,
    openInCurrentMonth,
  };
}

const queryOf = (listCase: ListCase): Record<string, string> => (listCase === 'unfiltered' ? { limit: String(LIST_LIMIT) } : { status: 'open', limit: String(LIST_LIMIT) });

const eventOf = (listCase: ListCase) => apiEvent({ method: 'GET', path: '/v1/incidents', routePath: '/v1/incidents', claims: VIEWER_CLAIMS, query: queryOf(listCase) });

async function invoke(listCase: ListCase, event = eventOf(listCase), context = lambdaContext('listIncidents')): Promise<{ status: number; items: number; next: boolean }> {
  const response = await listHandler(event, context);
  if (response.statusCode !== 200) throw new Error(`list (${listCase}) returned ${response.statusCode}: ${response.body}`);
  const body = JSON.parse(response.body ?? '{}') as { items: unknown[]; next_cursor: string | null };
  return { status: response.statusCode, items: body.items.length, next: body.next_cursor !== null };
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.type) {
    case 'seed':
      return seed(request.count, request.concurrency, request.storeBudgetSeconds);
    case 'warmup':
      for (let i = 0; i < request.n; i++) for (const listCase of LIST_CASES) await invoke(listCase);
      return null;
    case 'block': {
      const samples: number[] = [];
      for (let i = 0; i < request.n; i++) {
        const event = eventOf(request.listCase);
        const context = lambdaContext('listIncidents');
        const t0 = performance.now();
        const response = await listHandler(event, context);
        samples.push(performance.now() - t0);
        if (response.statusCode !== 200) throw new Error(`list (${request.listCase}) returned ${response.statusCode}: ${response.body}`);
      }
      return samples;
    }
    case 'probe': {
      const reports: ProbeReport[] = [];
      for (const listCase of LIST_CASES) {
        resetDynamoCalls();
        const result = await invoke(listCase);
        const calls = dynamoCalls.count;
        const byCommand = Object.fromEntries(dynamoCalls.byCommand);
        const page = await store.list(listCase === 'unfiltered' ? {} : { statuses: ['open'] }, LIST_LIMIT, undefined);
        reports.push({ listCase, status: result.status, items: result.items, hasNextCursor: result.next, calls, byCommand, itemsRead: page.read });
      }
      return reports;
    }
    case 'exit':
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (message: WorkerRequest) => {
  handle(message).then(
    (value) => process.send?.({ id: message.id, ok: true, value } satisfies WorkerReply),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply),
  );
});
process.send?.({ id: 0, ok: true, value: 'ready' } satisfies WorkerReply);
