/**
 * Analytics over 12 months (`GET /v1/incidents/analytics`, group_by=severity and team): the cost
 * must not grow with the number of incidents. Run in a child process per size (its table name is
 * read at load): `benchAnalytics({ incidents })` seeds a year of incidents as their writes would
 * leave the aggregates (each incident's create, acknowledge and resolve deltas on a random shard,
 * merged per cell and written with BatchWriteItem as the ADDs would have left them; the aggregate state of N transactions, without
 * N × 4 transactions of seeding), then times the use case and counts the items it reads.
 *
 * Goals: p50 at 20,000 incidents ≤ 1.2 × p50 at 1,000; items read independent of the incident
 * count (at most (days + 1) × shards items per dimension, every group inside them).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { analyticsDeltas, mergeDeltas, type Deltas } from '#shared/domain/analytics/aggregates.ts';
import { changeStatus, newIncident, type Actor } from '#shared/domain/incidents/incident.ts';
import { SEVERITIES } from '#shared/domain/severity.ts';
import { groupAttribute } from '#shared/store/analytics/analytics-items.ts';
import { DynamoAnalyticsStore } from '#shared/store/analytics/dynamo-analytics-store.ts';
import { db, dynamoCalls, resetDynamoCalls, tableName } from '#shared/store/client.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { ANALYTICS_SHARDS, keys } from '#shared/store/keys.ts';
import { getAnalytics } from '#shared/use-cases/analytics/get-analytics.ts';
import { directClient, ensureReadTable } from './harness.ts';
import { mapLimit, progress, round, summarize, type Stats } from './stats.ts';

export const ANALYTICS_RATIO_LIMIT = 1.2;

export interface AnalyticsBenchResult {
  readonly incidents: number;
  readonly cells: number;
  readonly severity: Stats;
  readonly team: Stats;
  readonly itemsRead: { readonly severity: number; readonly team: number };
}

const actor: Actor = { id: 'bench', name: 'bench', kind: 'user' };

export async function benchAnalytics(args: { endpoint: string; incidents: number; iterations: number }): Promise<AnalyticsBenchResult> {
  const setup = directClient(args.endpoint);
  await ensureReadTable(setup.raw, tableName);
  setup.raw.destroy();
  const end = Date.parse('2026-06-30T12:00:00Z');
  const start = end - 364 * 86_400_000;
  let seed = 11;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const perShard = Array.from({ length: ANALYTICS_SHARDS }, (): Deltas => new Map());
  const into = (deltas: Deltas) => mergeDeltas(perShard[Math.floor(random() * ANALYTICS_SHARDS)] as Deltas, deltas);
  for (let i = 0; i < args.incidents; i++) {
    const created = new Date(start + Math.floor(random() * 364 * 86_400) * 1000).toISOString();
    const team = `team-${Math.floor(random() * 8)}`;
    const { incident } = newIncident(`INC-BENCH-${i}`, { title: 'bench', severity: SEVERITIES[Math.floor(random() * SEVERITIES.length)] ?? 'high', start_time: created, assigned_team: team, affected_services: [`svc-${Math.floor(random() * 12)}`] }, actor, created);
    into(analyticsDeltas(undefined, incident));
    const acked = changeStatus(incident, 'acknowledged', actor, new Date(Date.parse(created) + 30_000 + Math.floor(random() * 3600_000)).toISOString(), null).incident;
    into(analyticsDeltas(incident, acked));
    if (random() < 0.9) into(analyticsDeltas(acked, changeStatus(acked, 'resolved', actor, new Date(Date.parse(acked.acknowledged_at as string) + Math.floor(random() * 20_000_000)).toISOString(), null).incident));
  }
  // Each item as the ADDs of its transactions would have left it (the same keys and attribute names as analyticsItems).
  const byKey = new Map<string, Record<string, unknown>>();
  perShard.forEach((deltas, shard) => {
    for (const { cell, values } of deltas.values()) {
      const key = cell.day === null ? keys.analyticsTotal(cell.dimension, shard) : keys.analyticsDay(cell.dimension, cell.day, shard);
      const id = `${key.pk}/${key.sk}`;
      let item = byKey.get(id);
      if (!item) byKey.set(id, (item = { ...key, entity: cell.day === null ? 'analytics_total' : 'analytics_day', ...(cell.day === null ? {} : { day: cell.day }) }));
      for (const [counter, delta] of values) item[groupAttribute(cell.value, counter)] = delta;
    }
  });
  const puts = [...byKey.values()];
  const batches = Array.from({ length: Math.ceil(puts.length / 25) }, (_, i) => puts.slice(i * 25, i * 25 + 25));
  await mapLimit(batches, 4, async (batch) => {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) };
    while (request && Object.keys(request).length > 0) {
      const result = await db.send(new BatchWriteCommand({ RequestItems: request }));
      request = result.UnprocessedItems as typeof request;
    }
  });
  progress(`analytics: ${args.incidents} incidents → ${puts.length} aggregate cells`);
  const deps = { analytics: new DynamoAnalyticsStore(), incidents: new DynamoIncidentStore() };
  const query = (group: 'severity' | 'team') => ({ from: '2025-07-01', to: '2026-06-30', group_by: group });
  const time = async (group: 'severity' | 'team') => {
    const samples: number[] = [];
    let items = 0;
    for (let i = 0; i < 5; i++) await getAnalytics(deps, query(group));
    for (let i = 0; i < args.iterations; i++) {
      resetDynamoCalls();
      const t0 = performance.now();
      await getAnalytics(deps, query(group));
      samples.push(performance.now() - t0);
      items = dynamoCalls.itemsRead;
    }
    return { stats: summarize(samples), items };
  };
  const severity = await time('severity');
  const team = await time('team');
  return { incidents: args.incidents, cells: puts.length, severity: severity.stats, team: team.stats, itemsRead: { severity: severity.items, team: team.items } };
}

/** The Goals rows from the two sizes (smaller first). */
export function analyticsGoals(small: AnalyticsBenchResult, large: AnalyticsBenchResult) {
  const ratio = round(Math.max(large.severity.p50 / small.severity.p50, large.team.p50 / small.team.p50));
  const itemsRatio = round(Math.max(large.itemsRead.severity / Math.max(small.itemsRead.severity, 1), large.itemsRead.team / Math.max(small.itemsRead.team, 1)));
  const bound = (365 + 1) * ANALYTICS_SHARDS * 2;
  return [
    {
      id: 'analytics-p50-ratio',
      goal: `Analytics over 12 months: p50 at ${large.incidents.toLocaleString('en-US')} incidents ≤ ${ANALYTICS_RATIO_LIMIT} × p50 at ${small.incidents.toLocaleString('en-US')}`,
      measured: `${ratio.toFixed(2)} (severity ${large.severity.p50.toFixed(1)} / ${small.severity.p50.toFixed(1)} ms, team ${large.team.p50.toFixed(1)} / ${small.team.p50.toFixed(1)} ms)`,
      value: ratio,
      limit: ANALYTICS_RATIO_LIMIT,
      pass: ratio <= ANALYTICS_RATIO_LIMIT,
    },
    {
      id: 'analytics-items-read',
      goal: `Analytics: items read bounded by (days + 1) × shards per dimension (≤ ${bound.toLocaleString('en-US')}), whatever the incident count`,
      measured: `severity ${small.itemsRead.severity} → ${large.itemsRead.severity}, team ${small.itemsRead.team} → ${large.itemsRead.team} items (×${itemsRatio.toFixed(2)})`,
      value: Math.max(large.itemsRead.severity, large.itemsRead.team),
      limit: bound,
      pass: large.itemsRead.severity <= bound && large.itemsRead.team <= bound,
    },
  ];
}
