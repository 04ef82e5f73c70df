/**
 * Incident analytics as a sum of per-incident contributions (pure, no AWS).
 *
 * Every incident contributes, for each group it belongs to (its severity, its team, each of its
 * first ANALYTICS_MAX_SERVICES services):
 * - on the UTC day of `created_at`: created +1;
 * - on the UTC day of `acknowledged_at` (when set): acknowledged +1, `mtta_seconds` into the MTTA
 *   sum and its histogram bucket;
 * - on the UTC day of `resolved_at` (when set): resolved +1, `mttr_seconds` likewise;
 * - in the group's all-time total: the same counters, and open +1 while the incident is active.
 *
 * A change adds `contribution(after) − contribution(before)` with ADD expressions, so concurrent
 * changes commute and the stored aggregate always equals the sum over the current incidents: a
 * reopen removes the first resolve (resolved_at goes back to null) and the second resolve adds the
 * new one, so nothing is counted twice; a deletion removes the incident's contribution.
 *
 * min and max cannot be kept with ADD (and a conditional SET would cancel the whole transaction);
 * they are read from the histogram as the bounds of the lowest / highest non-empty bucket.
 */
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { ACTIVE_STATUSES } from '#shared/domain/incidents/lifecycle.ts';

/** Upper bounds (seconds) of the histogram buckets; the last bucket is +Inf. */
export const MTTA_BUCKETS = [30, 60, 120, 300, 600, 1800, 3600] as const;
export const MTTR_BUCKETS = [300, 600, 1800, 3600, 7200, 14400, 28800] as const;
/** Services of one incident that are counted (sorted, first N): bounds the items of one transaction. */
export const ANALYTICS_MAX_SERVICES = 5;

export const DIMENSIONS = ['severity', 'service', 'team'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Measure = 'mtta' | 'mttr';

/** Where a delta goes: one group's counters on one UTC day, or its all-time total (`day` = null). */
export interface CellKey {
  readonly dimension: Dimension;
  readonly value: string;
  readonly day: string | null;
}

/** attribute → delta, per cell (keyed by `cellId`). */
export type Deltas = Map<string, { cell: CellKey; values: Map<string, number> }>;

export const bucketAttribute = (measure: Measure, index: number): string => `${measure}_b${index}`;
export const bucketsOf = (measure: Measure): readonly number[] => (measure === 'mtta' ? MTTA_BUCKETS : MTTR_BUCKETS);

/** Index of the bucket holding `seconds` (le semantics); bounds.length is the +Inf bucket. */
export function bucketIndex(bounds: readonly number[], seconds: number): number {
  const i = bounds.findIndex((b) => seconds <= b);
  return i === -1 ? bounds.length : i;
}

export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);
const cellId = (c: CellKey) => `${c.dimension}|${c.value}|${c.day ?? '*'}`;

export function groupsOf(incident: Incident): CellKey[] {
  const groups: { dimension: Dimension; value: string }[] = [{ dimension: 'severity', value: incident.severity }];
  if (incident.assigned_team) groups.push({ dimension: 'team', value: incident.assigned_team });
  const services = [...new Set(incident.affected_services ?? [])].sort().slice(0, ANALYTICS_MAX_SERVICES);
  for (const s of services) groups.push({ dimension: 'service', value: s });
  return groups.map((g) => ({ ...g, day: null }));
}

function addTo(deltas: Deltas, cell: CellKey, attribute: string, delta: number): void {
  const id = cellId(cell);
  let entry = deltas.get(id);
  if (!entry) {
    entry = { cell, values: new Map() };
    deltas.set(id, entry);
  }
  entry.values.set(attribute, (entry.values.get(attribute) ?? 0) + delta);
}

function contribute(deltas: Deltas, incident: Incident, sign: 1 | -1): void {
  for (const group of groupsOf(incident)) {
    const add = (day: string | null, attribute: string, delta: number) => {
      addTo(deltas, { ...group, day }, attribute, sign * delta);
      if (day !== null) addTo(deltas, { ...group, day: null }, attribute, sign * delta);
    };
    add(dayOf(incident.created_at), 'created', 1);
    if (incident.acknowledged_at) {
      const day = dayOf(incident.acknowledged_at);
      add(day, 'acknowledged', 1);
      if (incident.mtta_seconds !== null && incident.mtta_seconds !== undefined) {
        add(day, 'mtta_sum', incident.mtta_seconds);
        add(day, bucketAttribute('mtta', bucketIndex(MTTA_BUCKETS, incident.mtta_seconds)), 1);
      }
    }
    if (incident.resolved_at) {
      const day = dayOf(incident.resolved_at);
      add(day, 'resolved', 1);
      if (incident.mttr_seconds !== null && incident.mttr_seconds !== undefined) {
        add(day, 'mttr_sum', incident.mttr_seconds);
        add(day, bucketAttribute('mttr', bucketIndex(MTTR_BUCKETS, incident.mttr_seconds)), 1);
      }
    }
    if (ACTIVE_STATUSES.includes(incident.status)) addTo(deltas, group, 'open', sign);
  }
}

/** What a change from `before` to `after` adds to the aggregates (undefined = did not / no longer exists). Zero deltas are dropped. */
export function analyticsDeltas(before: Incident | undefined, after: Incident | undefined): Deltas {
  const deltas: Deltas = new Map();
  if (before) contribute(deltas, before, -1);
  if (after) contribute(deltas, after, 1);
  for (const [id, entry] of deltas) {
    for (const [attribute, delta] of entry.values) if (delta === 0) entry.values.delete(attribute);
    if (entry.values.size === 0) deltas.delete(id);
  }
  return deltas;
}

/** Adds `more` into `into` (several incidents in one transaction). */
export function mergeDeltas(into: Deltas, more: Deltas): Deltas {
  for (const { cell, values } of more.values()) for (const [attribute, delta] of values) addTo(into, cell, attribute, delta);
  for (const [id, entry] of into) {
    for (const [attribute, delta] of entry.values) if (delta === 0) entry.values.delete(attribute);
    if (entry.values.size === 0) into.delete(id);
  }
  return into;
}

/** Counters of one group over some days (the sum of its stored cells). */
export interface Counters {
  created: number;
  acknowledged: number;
  resolved: number;
  open: number;
  mtta_sum: number;
  mttr_sum: number;
  /** Non-cumulative bucket counts, the last one +Inf. */
  mtta_buckets: number[];
  mttr_buckets: number[];
}

export const emptyCounters = (): Counters => ({
  created: 0, acknowledged: 0, resolved: 0, open: 0, mtta_sum: 0, mttr_sum: 0,
  mtta_buckets: new Array<number>(MTTA_BUCKETS.length + 1).fill(0),
  mttr_buckets: new Array<number>(MTTR_BUCKETS.length + 1).fill(0),
});

/** Adds a stored cell (attribute → number) into `counters`. */
export function addCell(counters: Counters, item: Record<string, unknown>): void {
  const n = (a: string) => Number(item[a] ?? 0);
  counters.created += n('created');
  counters.acknowledged += n('acknowledged');
  counters.resolved += n('resolved');
  counters.open += n('open');
  counters.mtta_sum += n('mtta_sum');
  counters.mttr_sum += n('mttr_sum');
  counters.mtta_buckets.forEach((_, i) => (counters.mtta_buckets[i] = (counters.mtta_buckets[i] ?? 0) + n(bucketAttribute('mtta', i))));
  counters.mttr_buckets.forEach((_, i) => (counters.mttr_buckets[i] = (counters.mttr_buckets[i] ?? 0) + n(bucketAttribute('mttr', i))));
}

/** Adds `more` into `into`. */
export function addCounters(into: Counters, more: Counters): void {
  into.created += more.created;
  into.acknowledged += more.acknowledged;
  into.resolved += more.resolved;
  into.open += more.open;
  into.mtta_sum += more.mtta_sum;
  into.mttr_sum += more.mttr_sum;
  more.mtta_buckets.forEach((c, i) => (into.mtta_buckets[i] = (into.mtta_buckets[i] ?? 0) + c));
  more.mttr_buckets.forEach((c, i) => (into.mttr_buckets[i] = (into.mttr_buckets[i] ?? 0) + c));
}

/**
 * The q-quantile estimated from bucket counts as Prometheus' histogram_quantile does: linear
 * interpolation inside the bucket holding the rank; a rank in the +Inf bucket answers the highest
 * finite bound. null when there are no samples.
 */
export function quantileFromBuckets(bounds: readonly number[], counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    if (count > 0 && cumulative + count >= rank) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? null;
      const lower = i === 0 ? 0 : (bounds[i - 1] ?? 0);
      const upper = bounds[i] ?? lower;
      return lower + (upper - lower) * ((rank - cumulative) / count);
    }
    cumulative += count;
  }
  return bounds[bounds.length - 1] ?? null;
}

/** The bucket a min or max falls in: above `gt`, at most `le` (null = +Inf). */
export interface BucketRange {
  gt: number;
  le: number | null;
}

export function bucketRange(bounds: readonly number[], index: number): BucketRange {
  return { gt: index === 0 ? 0 : (bounds[index - 1] ?? 0), le: index < bounds.length ? (bounds[index] ?? null) : null };
}

export interface MeasureStats {
  count: number;
  sum_seconds: number;
  mean_seconds: number | null;
  p50_seconds_estimate: number | null;
  p90_seconds_estimate: number | null;
  min_bucket: BucketRange | null;
  max_bucket: BucketRange | null;
}

export function measureStats(measure: Measure, sum: number, counts: readonly number[]): MeasureStats {
  const bounds = bucketsOf(measure);
  const count = counts.reduce((a, b) => a + b, 0);
  const first = counts.findIndex((c) => c > 0);
  let last = -1;
  counts.forEach((c, i) => { if (c > 0) last = i; });
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    count,
    sum_seconds: sum,
    mean_seconds: count > 0 ? round(sum / count) : null,
    p50_seconds_estimate: round(quantileFromBuckets(bounds, counts, 0.5)),
    p90_seconds_estimate: round(quantileFromBuckets(bounds, counts, 0.9)),
    min_bucket: first === -1 ? null : bucketRange(bounds, first),
    max_bucket: last === -1 ? null : bucketRange(bounds, last),
  };
}
