/**
 * The single table's key schema and indexes, as plain data. The CDK stateful stack and local mode
 * (shared/local/create-table.ts) both build the table from this, so they cannot drift.
 * What each key holds is owned by shared/store/keys.ts and listed in docs/data-model.md.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

export const GLOBAL_INDEXES = [
  /** Time-ordered lists: incidents per month, audit events per month, entities by type. */
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Status-filtered incident lists per month; other secondary lookups. */
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** Per-incident and per-component secondary lookups. */
  { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
] as const;

export type IndexName = (typeof GLOBAL_INDEXES)[number]['indexName'];

/** Items with this attribute (epoch seconds) expire (idempotency records, delivery attempts). */
export const TTL_ATTRIBUTE = 'ttl';
