/** Messages between the list benchmark (list.ts) and its per-table child processes (list-worker.ts). */

export type ListCase = 'unfiltered' | 'status=open';
export const LIST_CASES: readonly ListCase[] = ['unfiltered', 'status=open'];
export const LIST_LIMIT = 20;

export type WorkerRequest =
  | { id: number; type: 'seed'; count: number; concurrency: number; storeBudgetSeconds: number }
  | { id: number; type: 'warmup'; n: number }
  | { id: number; type: 'block'; listCase: ListCase; n: number }
  | { id: number; type: 'probe' }
  | { id: number; type: 'exit' };

export interface SeedReport {
  count: number;
  /** How the items were written: through DynamoIncidentStore.create, or partly by BatchWrite of the same shapes. */
  viaStore: number;
  viaBatchWrite: number;
  /** DynamoDB calls the store made while seeding: above viaStore means transaction conflicts were retried. */
  storeCalls: number;
  /** Time and rate of the part written through the store. */
  storeSeconds: number;
  storePerSecond: number;
  /** Last projection of seeding everything through the store (0 if never checked). */
  projectedStoreSeconds: number;
  seconds: number;
  perSecond: number;
  days: number;
  byMonth: Record<string, number>;
  byStatus: Record<string, number>;
  openInCurrentMonth: number;
}

export interface ProbeReport {
  listCase: ListCase;
  status: number;
  items: number;
  hasNextCursor: boolean;
  calls: number;
  byCommand: Record<string, number>;
  itemsRead: number;
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

