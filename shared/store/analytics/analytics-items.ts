/**
 * The analytics aggregate writes that ride in an incident change's own transaction (the incident
 * store's create and save, the component-status decision's commit): one Update per touched
 * (dimension, day or total) item, `ADD` only, on a random shard, so concurrent changes commute and
 * never condition on each other. A group's counters are attributes `<value>|<counter>` of the item
 * (flat: ADD cannot create a nested map path), so a read costs items per day, not per group.
 */
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { analyticsDeltas, type Deltas } from '#shared/domain/analytics/aggregates.ts';
import { tableName } from '#shared/store/client.ts';
import { ANALYTICS_SHARDS, keys } from '#shared/store/keys.ts';
import type { TransactItem } from '#shared/store/transact.ts';

/** `<value>|<counter>`: the counter names contain no '|', so the value is everything before the last one. */
export const groupAttribute = (value: string, counter: string): string => `${value}|${counter}`;

export function parseGroupAttribute(name: string): { value: string; counter: string } | undefined {
  const at = name.lastIndexOf('|');
  return at <= 0 ? undefined : { value: name.slice(0, at), counter: name.slice(at + 1) };
}

export function analyticsItems(deltas: Deltas, shard = Math.floor(Math.random() * ANALYTICS_SHARDS)): TransactItem[] {
  const byItem = new Map<string, { dimension: string; day: string | null; adds: [string, number][] }>();
  for (const { cell, values } of deltas.values()) {
    const id = `${cell.dimension}|${cell.day ?? '*'}`;
    let entry = byItem.get(id);
    if (!entry) byItem.set(id, (entry = { dimension: cell.dimension, day: cell.day, adds: [] }));
    for (const [counter, delta] of values) entry.adds.push([groupAttribute(cell.value, counter), delta]);
  }
  return [...byItem.values()].map(({ dimension, day, adds }): TransactItem => {
    const names: Record<string, string> = { '#entity': 'entity' };
    const values: Record<string, unknown> = { ':entity': day === null ? 'analytics_total' : 'analytics_day' };
    let set = 'SET #entity = :entity';
    if (day !== null) {
      names['#day'] = 'day';
      values[':day'] = day;
      set += ', #day = :day';
    }
    const expression = adds.map(([attribute, delta], i) => {
      names[`#a${i}`] = attribute;
      values[`:d${i}`] = delta;
      return `#a${i} :d${i}`;
    });
    const key = day === null ? keys.analyticsTotal(dimension, shard) : keys.analyticsDay(dimension, day, shard);
    return { Update: { TableName: tableName, Key: key, UpdateExpression: `${set} ADD ${expression.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values } };
  });
}

/**
 * The marker of an incident whose contribution is in the aggregates: `analytics_counted = true` on
 * the incident item and on its board copy. Every live write of an incident stores it (the change
 * ADDs the incident's whole contribution, or `after − before` once it is counted); the one-off
 * backfill (shared/use-cases/analytics/backfill-analytics.ts) sets it on an incident written before
 * the aggregates existed, in the same transaction as that incident's ADDs, conditional on it being
 * absent. So a contribution is added exactly once, whoever comes first. Storage only: it is in
 * STORAGE_ATTRIBUTES and never reaches an API representation.
 */
export const ANALYTICS_COUNTED = 'analytics_counted';

/**
 * Set by `toIncident` on an incident read from an item without the marker: a non-enumerable symbol,
 * so JSON and marshalling never see it and a changed copy (`{ ...before, … }`, the domain's way)
 * does not inherit it: the `after` a save wrote is counted, and is a correct `before` for the next.
 */
const UNCOUNTED = Symbol('analytics.uncounted');

export function markUncounted<T extends object>(incident: T, item: Record<string, unknown>): T {
  if (item[ANALYTICS_COUNTED] !== true) Object.defineProperty(incident, UNCOUNTED, { value: true, enumerable: false, configurable: true });
  return incident;
}

/** True if `incident` was read from an item whose contribution is not in the aggregates yet. */
export const isUncounted = (incident: Incident | undefined): boolean => incident !== undefined && (incident as unknown as Record<symbol, unknown>)[UNCOUNTED] === true;

/** The `before` a change's deltas start from: nothing, when the incident was not counted yet (its whole `after` is added). */
export const countedBefore = (before: Incident | undefined): Incident | undefined => (isUncounted(before) ? undefined : before);

/** The aggregate writes of one incident's change (before undefined = created, after undefined = deleted). */
export const incidentAnalyticsItems = (before: Incident | undefined, after: Incident | undefined): TransactItem[] => analyticsItems(analyticsDeltas(countedBefore(before), after));
