/**
 * GET /v1/incidents/analytics: per group, counts and MTTA/MTTR statistics over UTC days
 * from..to, from the aggregates (shared/domain/analytics/aggregates.ts). Reads one Query of day
 * cells and one of all-time totals (open now): cost grows with days × groups, not incidents.
 */
import { SEVERITIES } from '#shared/domain/severity.ts';
import { addCounters, emptyCounters, measureStats, MTTA_BUCKETS, MTTR_BUCKETS, type Counters, type Dimension, type MeasureStats } from '#shared/domain/analytics/aggregates.ts';
import type { AnalyticsDeps } from '#shared/use-cases/analytics/deps.ts';

export type GroupBy = Dimension | 'day';

export interface AnalyticsGroup {
  key: string;
  created: number;
  acknowledged: number;
  resolved: number;
  /** Incidents active now in this group; null for day groups. */
  open_now: number | null;
  mtta: MeasureStats;
  mttr: MeasureStats;
}

export interface Analytics {
  from: string;
  to: string;
  group_by: GroupBy;
  open_now: number;
  estimates: string;
  buckets: { mtta_seconds: readonly number[]; mttr_seconds: readonly number[] };
  groups: AnalyticsGroup[];
  /** DynamoDB items read to answer. */
  items_read: number;
}

const ESTIMATES = 'p50/p90 are estimated from the histogram buckets (linear interpolation inside a bucket, the highest finite bound for the +Inf bucket); min_bucket/max_bucket are the buckets holding the minimum and maximum. Counts, sums and means are exact.';

function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export async function getAnalytics(deps: AnalyticsDeps, query: { from: string; to: string; group_by: GroupBy }): Promise<Analytics> {
  // Every incident has exactly one severity: the severity cells, summed per day, are the day groups.
  const dimension: Dimension = query.group_by === 'day' ? 'severity' : query.group_by;
  const [days, totals] = await Promise.all([deps.analytics.days(dimension, query.from, query.to), deps.analytics.totals(dimension)]);
  const sums = new Map<string, Counters>();
  const sumFor = (key: string) => {
    let c = sums.get(key);
    if (!c) sums.set(key, (c = emptyCounters()));
    return c;
  };
  if (query.group_by === 'day') for (const d of eachDay(query.from, query.to)) sumFor(d);
  if (query.group_by === 'severity') for (const s of SEVERITIES) sumFor(s);
  for (const [day, groups] of days.value) for (const [value, cell] of groups) addCounters(sumFor(query.group_by === 'day' ? day : value), cell);
  let openNow = 0;
  for (const [value, total] of totals.value) {
    if (query.group_by !== 'day' && total.open > 0) sumFor(value);
    // Each incident has one severity, so open counts of the severity dimension add up to the total.
    if (dimension === 'severity') openNow += total.open;
  }
  if (dimension !== 'severity') {
    const bySeverity = await deps.analytics.totals('severity');
    totals.items += bySeverity.items;
    for (const total of bySeverity.value.values()) openNow += total.open;
  }
  const groups: AnalyticsGroup[] = [...sums]
    .map(([key, c]) => ({
      key,
      created: c.created,
      acknowledged: c.acknowledged,
      resolved: c.resolved,
      open_now: query.group_by === 'day' ? null : (totals.value.get(key)?.open ?? 0),
      mtta: measureStats('mtta', c.mtta_sum, c.mtta_buckets),
      mttr: measureStats('mttr', c.mttr_sum, c.mttr_buckets),
    }))
    .filter((g) => query.group_by === 'day' || query.group_by === 'severity' || g.created + g.acknowledged + g.resolved + (g.open_now ?? 0) > 0);
  if (query.group_by === 'severity') {
    const order = new Map<string, number>(SEVERITIES.map((sev, i) => [sev, i]));
    groups.sort((a, b) => (order.get(a.key) ?? 99) - (order.get(b.key) ?? 99));
  }
  else groups.sort((a, b) => a.key.localeCompare(b.key));
  return {
    from: query.from,
    to: query.to,
    group_by: query.group_by,
    open_now: openNow,
    estimates: ESTIMATES,
    buckets: { mtta_seconds: MTTA_BUCKETS, mttr_seconds: MTTR_BUCKETS },
    groups,
    items_read: days.items + totals.items,
  };
}
