/**
 * AnalyticsStore on the single table: one Query per read, on the dimension's partition
 * (keys.analyticsDay / analyticsTotal). Items read grow with days × groups × shards, never with
 * the number of incidents.
 */
import { addCell, emptyCounters, type Counters, type Dimension } from '#shared/domain/analytics/aggregates.ts';
import type { AnalyticsRead, AnalyticsStore } from '#shared/store/analytics/analytics-store.ts';
import { keys } from '#shared/store/keys.ts';
import { queryAll } from '#shared/store/query.ts';

export class DynamoAnalyticsStore implements AnalyticsStore {
  async days(dimension: Dimension, fromDay: string, toDay: string): Promise<AnalyticsRead<Map<string, Map<string, Counters>>>> {
    const range = keys.analyticsDayRange(fromDay, toDay);
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: { ':pk': keys.analyticsPartition(dimension), ':lower': range.lower, ':upper': range.upper },
    });
    const byDay = new Map<string, Map<string, Counters>>();
    for (const item of items) {
      const day = String(item.day);
      const value = String(item.value);
      let groups = byDay.get(day);
      if (!groups) byDay.set(day, (groups = new Map<string, Counters>()));
      let counters = groups.get(value);
      if (!counters) groups.set(value, (counters = emptyCounters()));
      addCell(counters, item);
    }
    return { value: byDay, items: items.length };
  }

  async totals(dimension: Dimension): Promise<AnalyticsRead<Map<string, Counters>>> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.analyticsPartition(dimension), ':prefix': keys.analyticsTotalPrefix },
    });
    const totals = new Map<string, Counters>();
    for (const item of items) {
      const value = String(item.value);
      let counters = totals.get(value);
      if (!counters) totals.set(value, (counters = emptyCounters()));
      addCell(counters, item);
    }
    return { value: totals, items: items.length };
  }
}
