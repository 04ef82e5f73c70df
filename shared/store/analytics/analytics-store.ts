/** What the analytics use cases need from storage (DynamoDB implementation beside it). */
import type { Counters, Dimension } from '#shared/domain/analytics/aggregates.ts';
import type { Incident } from '#shared/domain/incidents/incident.ts';

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

/** Where the one-off analytics backfill stopped (one item in the table, rewritten after every page). */
export interface BackfillCheckpoint {
  /** The month (`YYYY-MM`) being walked; null before the first page. */
  month: string | null;
  /** The list sort key (`<created_at>#<id>`) of the last incident of the last finished page in `month`. */
  after: string | null;
  /** Incidents whose contribution this backfill added. */
  counted: number;
  /** Incidents found already counted (the live path, an earlier run, or a run that stopped before its checkpoint). */
  skipped: number;
  started_at: string;
  updated_at: string;
  /** Set when every month has been walked. */
  done_at: string | null;
}

/** One page of a month's incidents that are not counted yet, oldest first. */
export interface BackfillPage {
  incidents: Incident[];
  /** Sort key to go on after; null when the month is exhausted. */
  next: string | null;
  /** Sort key of the last incident the page evaluated (the checkpoint's position); null if none. */
  last: string | null;
}

export type CountResult = { outcome: 'counted' } | { outcome: 'skipped' } | { outcome: 'changed'; current: Incident };

export interface AnalyticsBackfillStore {
  /** The months that can hold incidents, oldest first (from the first day with an incident to `until`). */
  months(until: string): Promise<string[]>;
  page(month: string, after: string | null, limit: number): Promise<BackfillPage>;
  /**
   * Adds one incident's whole contribution to the aggregates and sets its marker, in one
   * transaction conditional on the marker being absent and on the version read: `skipped` if it
   * was counted (or deleted) meanwhile, `changed` (with the current incident) if it changed.
   */
  count(incident: Incident): Promise<CountResult>;
  checkpoint(): Promise<BackfillCheckpoint | undefined>;
  saveCheckpoint(checkpoint: BackfillCheckpoint): Promise<void>;
}
