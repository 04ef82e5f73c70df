/** What the analytics use cases need from storage (DynamoDB implementation beside it). */
import type { Counters, Dimension } from '#shared/domain/analytics/aggregates.ts';

export interface AnalyticsRead<T> {
  value: T;
  /** DynamoDB items read (the cost of the answer). */
  items: number;
}

export interface AnalyticsStore {
  /** Counters per UTC day and group value of one dimension, days `fromDay`..`toDay` inclusive (shards summed). */
  days(dimension: Dimension, fromDay: string, toDay: string): Promise<AnalyticsRead<Map<string, Map<string, Counters>>>>;
  /** All-time counters (and open now) per group value of one dimension (shards summed). */
  totals(dimension: Dimension): Promise<AnalyticsRead<Map<string, Counters>>>;
}
