/**
 * The analytics aggregate writes that ride in an incident change's own transaction (the incident
 * store's create and save, the component-status decision's commit): one Update per touched cell,
 * `ADD` only, on a random shard, so concurrent changes commute and never condition on each other.
 */
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { analyticsDeltas, type Deltas } from '#shared/domain/analytics/aggregates.ts';
import { tableName } from '#shared/store/client.ts';
import { ANALYTICS_SHARDS, keys } from '#shared/store/keys.ts';
import type { TransactItem } from '#shared/store/transact.ts';

export function analyticsItems(deltas: Deltas, shard = Math.floor(Math.random() * ANALYTICS_SHARDS)): TransactItem[] {
  const items: TransactItem[] = [];
  for (const { cell, values } of deltas.values()) {
    const key = cell.day === null ? keys.analyticsTotal(cell.dimension, cell.value, shard) : keys.analyticsDay(cell.dimension, cell.day, cell.value, shard);
    const names: Record<string, string> = { '#entity': 'entity', '#value': 'value' };
    const attributeValues: Record<string, unknown> = { ':entity': cell.day === null ? 'analytics_total' : 'analytics_day', ':value': cell.value };
    let set = 'SET #entity = :entity, #value = :value';
    if (cell.day !== null) {
      names['#day'] = 'day';
      attributeValues[':day'] = cell.day;
      set += ', #day = :day';
    }
    const adds = [...values].map(([attribute, delta], i) => {
      names[`#a${i}`] = attribute;
      attributeValues[`:d${i}`] = delta;
      return `#a${i} :d${i}`;
    });
    items.push({ Update: { TableName: tableName, Key: key, UpdateExpression: `${set} ADD ${adds.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: attributeValues } });
  }
  return items;
}

/** The aggregate writes of one incident's change (before undefined = created, after undefined = deleted). */
export const incidentAnalyticsItems = (before: Incident | undefined, after: Incident | undefined): TransactItem[] => analyticsItems(analyticsDeltas(before, after));
