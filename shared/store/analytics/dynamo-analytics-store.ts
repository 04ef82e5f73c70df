/**
 * AnalyticsStore on the single table: one Query per read, on the dimension's partition
 * (keys.analyticsDay / analyticsTotal). Items read: at most days × shards (+ shards for the
 * totals), never more with more incidents; every group of the dimension is in those items.
 */
import { addCell, emptyCounters, type Counters, type Dimension } from '#shared/domain/analytics/aggregates.ts';
import type { AnalyticsRead, AnalyticsStore } from '#shared/store/analytics/analytics-store.ts';
import { parseGroupAttribute } from '#shared/store/analytics/analytics-items.ts';
import { keys } from '#shared/store/keys.ts';
import { queryAll } from '#shared/store/query.ts';

/** Splits an item's `<value>|<counter>` attributes into per-group counters, added into `groups`. */
function addGroups(groups: Map<string, Counters>, item: Record<string, unknown>): void {
  const perValue = new Map<string, Record<string, unknown>>();
  for (const [name, n] of Object.entries(item)) {
    const parsed = parseGroupAttribute(name);
    if (!parsed || typeof n !== 'number') continue;
    let cells = perValue.get(parsed.value);
    if (!cells) perValue.set(parsed.value, (cells = {}));
    cells[parsed.counter] = n;
  }
  for (const [value, cells] of perValue) {
    let counters = groups.get(value);
    if (!counters) groups.set(value, (counters = emptyCounters()));
    addCell(counters, cells);
  }
}

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
      let groups = byDay.get(day);
      if (!groups) byDay.set(day, (groups = new Map<string, Counters>()));
      addGroups(groups, item);
    }
    return { value: byDay, items: items.length };
  }

  async totals(dimension: Dimension): Promise<AnalyticsRead<Map<string, Counters>>> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.analyticsPartition(dimension), ':prefix': keys.analyticsTotalPrefix },
    });
    const totals = new Map<string, Counters>();
    for (const item of items) addGroups(totals, item);
    return { value: totals, items: items.length };
  }
}
