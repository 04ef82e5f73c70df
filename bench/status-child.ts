/**
 * Worker process of bench/status.ts (forked, driven over IPC): one table of `size` incidents (the
 * table name is read once at module load, so each size gets a process). Seeds the public copies the incidents' transactions
 * would have written (shared/store/status/public-items.ts builders) for the bulk of old, resolved
 * incidents, and creates the few active ones through the real use cases; then times the handlers
 * and counts the DynamoDB items each answer reads against what it shows.
 */
import { BatchGetItemCommand, GetItemCommand, QueryCommand, type BatchGetItemCommandInput, type DynamoDBClient, type GetItemCommandInput, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { handler as incidentFeed } from '#functions/status/get-incident-feed.ts';
import { handler as rssFeed } from '#functions/status/get-incidents-feed-rss.ts';
import { handler as summary } from '#functions/status/get-status-summary.ts';
import { handler as statusPage } from '#functions/status/get-status-page.ts';
import { handler as statuspageIncidents } from '#functions/status/get-statuspage-incidents.ts';
import { newComponent, newComponentId, type Component } from '#shared/domain/components/component.ts';
import { newMaintenance, newMaintenanceId } from '#shared/domain/components/maintenance.ts';
import { dayKey, incidentId, ulid } from '#shared/domain/ids.ts';
import { changeStatus, newIncident, type Actor } from '#shared/domain/incidents/incident.ts';
import { SEVERITIES } from '#shared/domain/severity.ts';
import { db, dynamoCalls, resetDynamoCalls, tableName } from '#shared/store/client.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { keys } from '#shared/store/keys.ts';
import { publicCopyItem, publicUpdateItem } from '#shared/store/status/public-items.ts';
import { addUpdate } from '#shared/use-cases/incidents/add-update.ts';
import { createIncident } from '#shared/use-cases/incidents/create-incident.ts';
import { apiEvent, directClient, ensureReadTable, lambdaContext, type Handler } from './harness.ts';
import { mapLimit, round, type Stats } from './stats.ts';

const actor: Actor = { id: 'seed', name: 'seed', kind: 'user' };
const ACTIVE = 5;
const COMPONENTS = 20;

export interface CaseResult {
  readonly case: string;
  readonly latency_ms: Stats;
  /** The same reads made directly on the raw client, one after another: the emulator's own time. */
  readonly direct_ms: Stats;
  readonly itemsRead: number;
  readonly shown: number;
  readonly calls: number;
}

async function seed(size: number, concurrency: number): Promise<{ components: Component[]; activeIds: string[]; seedSeconds: number }> {
  const started = performance.now();
  const { raw } = directClient(process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '');
  await ensureReadTable(raw, tableName);
  raw.destroy();
  const componentStore = new DynamoComponentStore();
  const components: Component[] = [];
  for (let i = 0; i < COMPONENTS; i++) {
    const c = newComponent(newComponentId(), { name: `service-${i}`, display_group: `Group ${i % 4}` }, new Date().toISOString());
    await componentStore.putComponent(c);
    components.push(c);
  }
  // The bulk: resolved incidents over the last two months and this one, 10 % private, 10 % not in feeds.
  const now = new Date();
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1);
  const end = now.getTime() - 3_600_000;
  const bulk = size - ACTIVE;
  const items: Record<string, unknown>[] = [];
  const days = new Map<string, number>();
  for (let i = 0; i < bulk; i++) {
    const at = new Date(start + ((end - start) * i) / bulk);
    const iso = at.toISOString();
    const day = dayKey(at);
    const seq = (days.get(day) ?? 0) + 1;
    days.set(day, seq);
    const created = newIncident(incidentId(day, seq), {
      title: `Bench incident ${i}`,
      severity: SEVERITIES[i % SEVERITIES.length],
      components: [components[i % COMPONENTS]?.id ?? ''],
      public_message: `Investigating ${i}`,
      internal_notes: 'internal',
      is_public: i % 10 !== 0,
      rss_enabled: i % 10 !== 1,
    }, actor, iso);
    const resolvedAt = new Date(at.getTime() + 1_800_000).toISOString();
    const incident = changeStatus(created.incident, 'resolved', actor, resolvedAt, null).incident;
    items.push(publicUpdateItem({ id: ulid(at.getTime()), incident_id: incident.id, status: 'open', body: `Investigating ${i}`, created_at: iso }));
    if (incident.is_public) items.push(publicCopyItem(incident, null));
  }
  for (const [day, seq] of days) items.push({ ...keys.daySequence(day), entity: 'sequence', seq });
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await mapLimit(batches, concurrency, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  });
  // The few active incidents, through the real write path (copies and updates by their transactions).
  const deps = { store: new DynamoIncidentStore(), now: () => new Date() };
  const activeIds: string[] = [];
  for (let i = 0; i < ACTIVE; i++) {
    const { incident } = await createIncident(deps, { title: `Active ${i}`, impact: ((i % 3) + 1) as 1 | 2 | 3, components: [components[i]?.id ?? ''], public_message: 'Investigating.', internal_notes: 'internal' }, actor);
    await addUpdate(deps, incident.id, { status: 'identified', message: 'internal', public_message: 'Found the cause.', update_type: 'status_update' }, actor);
    activeIds.push(incident.id);
  }
  const t = Date.now();
  await componentStore.putMaintenance(newMaintenance(newMaintenanceId(t), { title: 'Database upgrade', components: [components[0]?.id ?? ''], start_time: new Date(t + 86_400_000).toISOString(), end_time: new Date(t + 90_000_000).toISOString() }, 'seed', new Date(t).toISOString()));
  await componentStore.putMaintenance(newMaintenance(newMaintenanceId(t), { title: 'Network maintenance', components: [components[1]?.id ?? ''], start_time: new Date(t - 60_000).toISOString(), end_time: new Date(t + 86_400_000).toISOString() }, 'seed', new Date(t).toISOString()));
  return { components, activeIds, seedSeconds: round((performance.now() - started) / 1000, 1) };
}

const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);

interface Case {
  readonly name: string;
  readonly handler: Handler;
  readonly path: string;
  readonly routePath: string;
  readonly params?: Record<string, string>;
  /** What the answer shows, counted as items: incidents, updates, components, maintenances. */
  readonly shown: (body: string) => number;
}

function casesFor(activeIds: readonly string[]): Case[] {
  const first = activeIds[0] ?? '';
  return [
    {
      name: 'summary',
      handler: summary,
      path: '/v1/status/summary',
      routePath: '/v1/status/summary',
      shown: (body) => {
        const s = JSON.parse(body) as { components: unknown[]; incidents: { updates: unknown[] }[]; active_maintenances: unknown[]; upcoming_maintenances: unknown[] };
        return s.components.length + s.incidents.length + s.incidents.reduce((n, i) => n + i.updates.length, 0) + s.active_maintenances.length + s.upcoming_maintenances.length;
      },
    },
    {
      name: 'statuspage incidents.json',
      handler: statuspageIncidents,
      path: '/api/v2/incidents.json',
      routePath: '/api/v2/incidents.json',
      shown: (body) => {
        const s = JSON.parse(body) as { incidents: { incident_updates: unknown[]; components: unknown[] }[] };
        return s.incidents.length + s.incidents.reduce((n, i) => n + len(i.incident_updates), 0);
      },
    },
    {
      name: 'RSS feed (20 items)',
      handler: rssFeed,
      path: '/v1/feeds/incidents.rss',
      routePath: '/v1/feeds/incidents.rss',
      // Each entry's content holds its updates as <p> paragraphs (escaped inside CDATA).
      shown: (body) => (body.match(/<item>/g) ?? []).length + (body.match(/<content:encoded><!\[CDATA\[[^]*?\]\]><\/content:encoded>/g) ?? []).reduce((n, c) => n + (c.match(/<p>/g) ?? []).length, 0),
    },
    {
      name: 'incident feed',
      handler: incidentFeed,
      path: `/v1/feeds/incidents/${first}.atom`,
      routePath: '/v1/feeds/incidents/{file}',
      params: { file: `${first}.atom` },
      shown: (body) => 1 + (body.match(/<entry>/g) ?? []).length,
    },
    // status (site): the status page (HTML) the publisher renders and /v1/status/page answers. It shows
    // every component with a 90-day uptime bar (one Query per component on its outage index).
    {
      name: 'status page (HTML)',
      handler: statusPage,
      path: '/v1/status/page',
      routePath: '/v1/status/page',
      shown: (body) => (body.match(/<li><div class="row">/g) ?? []).length + (body.match(/<article/g) ?? []).length + (body.match(/<ol class="upd"[^]*?<\/ol>/g) ?? []).reduce((n, o) => n + (o.match(/<li>/g) ?? []).length, 0),
    },
  ];
}

async function callCase(c: Case): Promise<{ body: string }> {
  const event = apiEvent({ method: 'GET', path: c.path, routePath: c.routePath, claims: {} });
  delete (event.requestContext as { authorizer?: unknown }).authorizer;
  if (c.params) event.pathParameters = c.params;
  const res = await c.handler(event, lambdaContext(c.name));
  if (res.statusCode !== 200) throw new Error(`${c.name}: ${res.statusCode} ${String(res.body)}`);
  return { body: String(res.body) };
}

/** The DynamoDB reads one answer made, in order, as sent (marshalled). */
type RecordedCall =
  | { readonly command: 'GetItemCommand'; readonly input: GetItemCommandInput }
  | { readonly command: 'QueryCommand'; readonly input: QueryCommandInput }
  | { readonly command: 'BatchGetItemCommand'; readonly input: BatchGetItemCommandInput };
const recorded = new Map<string, RecordedCall[]>();
let recording: RecordedCall[] | undefined;
db.middlewareStack.add(
  (next, context) => (args) => {
    const command = context.commandName;
    // At the serialize step the input is the low-level command's own (marshalled) input.
    if (recording && (command === 'GetItemCommand' || command === 'QueryCommand' || command === 'BatchGetItemCommand')) recording.push({ command, input: structuredClone(args.input) as never });
    return next(args);
  },
  { step: 'serialize', priority: 'high', name: 'benchRecordReads' },
);

/** Replays an answer's reads one after another on the raw client: what the emulator alone takes for them. */
async function replay(client: DynamoDBClient, calls: readonly RecordedCall[]): Promise<void> {
  for (const c of calls) {
    if (c.command === 'GetItemCommand') await client.send(new GetItemCommand(c.input));
    else if (c.command === 'QueryCommand') await client.send(new QueryCommand(c.input));
    else await client.send(new BatchGetItemCommand(c.input));
  }
}

/** The IPC protocol with bench/status.ts. */
export type StatusRequest =
  | { id: number; kind: 'seed'; size: number; seedConcurrency: number }
  /** A fresh worker takes over a seeded table: the active incidents' ids, from the seeding worker's answer. */
  | { id: number; kind: 'adopt'; activeIds: string[] }
  | { id: number; kind: 'block'; caseName: string; n: number }
  /** The same reads as the case's answer, made directly (recorded on the first call). */
  | { id: number; kind: 'bare'; caseName: string; n: number }
  | { id: number; kind: 'probe' };
export type StatusReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

let cases: Case[] = [];
let bareClient: ReturnType<typeof directClient> | undefined;

async function handle(request: StatusRequest): Promise<unknown> {
  switch (request.kind) {
    case 'seed': {
      const { activeIds, seedSeconds } = await seed(request.size, request.seedConcurrency);
      cases = casesFor(activeIds);
      return { seedSeconds, activeIds, cases: cases.map((c) => c.name) };
    }
    case 'adopt': {
      cases = casesFor(request.activeIds);
      return cases.map((c) => c.name);
    }
    case 'block': {
      const c = cases.find((x) => x.name === request.caseName);
      if (!c) throw new Error(`unknown case ${request.caseName}`);
      const samples: number[] = [];
      for (let i = 0; i < request.n; i++) {
        const t0 = performance.now();
        await callCase(c);
        samples.push(performance.now() - t0);
      }
      return samples;
    }
    case 'bare': {
      const c = cases.find((x) => x.name === request.caseName);
      if (!c) throw new Error(`unknown case ${request.caseName}`);
      let calls = recorded.get(c.name);
      if (!calls) {
        recording = [];
        await callCase(c);
        calls = recording;
        recording = undefined;
        recorded.set(c.name, calls);
      }
      const { raw } = bareClient ??= directClient(process.env.AWS_ENDPOINT_URL_DYNAMODB ?? '');
      const samples: number[] = [];
      for (let i = 0; i < request.n; i++) {
        const t0 = performance.now();
        await replay(raw, calls);
        samples.push(performance.now() - t0);
      }
      return samples;
    }
    case 'probe': {
      const out: Omit<CaseResult, 'latency_ms' | 'direct_ms'>[] = [];
      for (const c of cases) {
        resetDynamoCalls();
        const { body } = await callCase(c);
        out.push({ case: c.name, itemsRead: dynamoCalls.itemsRead, shown: c.shown(body), calls: dynamoCalls.count });
      }
      return out;
    }
  }
}

if (process.send) {
  process.on('message', (request: StatusRequest) => {
    handle(request).then(
      (value) => process.send?.({ id: request.id, ok: true, value } satisfies StatusReply),
      (error: unknown) => process.send?.({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies StatusReply),
    );
  });
  process.send({ id: 0, ok: true, value: 'ready' } satisfies StatusReply);
}
