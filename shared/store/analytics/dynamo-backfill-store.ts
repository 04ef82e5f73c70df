/**
 * AnalyticsBackfillStore on the single table. The walk uses the incident list index (gsi1
 * `INCIDENTS#<month>`, oldest first, filtered on the marker being absent): it reads incidents
 * only, never the rest of the table, and a page's position is a sort key the checkpoint can hold.
 * Counting one incident is one TransactWriteItems: the marker on the incident (and on its board
 * copy, from which component-status decisions read it) conditional on it being absent and on the
 * version read, and the ADDs of its whole contribution (shared/store/analytics/analytics-items.ts).
 */
import { firstIncidentMonth } from '#shared/store/query.ts';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { analyticsDeltas } from '#shared/domain/analytics/aggregates.ts';
import type { Incident } from '#shared/domain/incidents/incident.ts';
import { ANALYTICS_COUNTED, analyticsItems } from '#shared/store/analytics/analytics-items.ts';
import type { AnalyticsBackfillStore, BackfillCheckpoint, BackfillPage, CountResult } from '#shared/store/analytics/analytics-store.ts';
import { db, tableName } from '#shared/store/client.ts';
import { onBoard } from '#shared/store/components/component-items.ts';
import { toIncident } from '#shared/store/incidents/dynamo-incident-store.ts';
import { keys, monthOf, withoutStorage } from '#shared/store/keys.ts';
import { TransactionCanceled, transactWrite, type TransactItem } from '#shared/store/transact.ts';

/** `2026-11` → `2026-12`. */
const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

export class DynamoBackfillStore implements AnalyticsBackfillStore {
  async months(until: string): Promise<string[]> {
    const first = await firstIncidentMonth();
    if (!first) return [];
    const months: string[] = [];
    const last = monthOf(until);
    // Every month from there on, also one without a day sequence (an incident created just after midnight).
    for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
    return months;
  }

  async page(month: string, after: string | null, limit: number): Promise<BackfillPage> {
    const result = await db.send(new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: after === null ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND gsi1sk > :after',
      FilterExpression: 'attribute_not_exists(#counted)',
      ExpressionAttributeNames: { '#counted': ANALYTICS_COUNTED },
      ExpressionAttributeValues: { ':pk': keys.incidentListPartition(month), ...(after === null ? {} : { ':after': after }) },
      Limit: limit,
    }));
    const items = result.Items ?? [];
    const incidents = items.filter((i) => i.entity === 'incident').map(toIncident);
    const next = result.LastEvaluatedKey ? String(result.LastEvaluatedKey.gsi1sk) : null;
    const lastItem = items.at(-1);
    return { incidents, next, last: next ?? (lastItem ? String(lastItem.gsi1sk) : null) };
  }

  async count(incident: Incident): Promise<CountResult> {
    const names = { '#counted': ANALYTICS_COUNTED, '#version': 'version' };
    const values = { ':true': true, ':v': incident.version };
    const items: TransactItem[] = [
      {
        Update: {
          TableName: tableName,
          Key: keys.incident(incident.id),
          UpdateExpression: 'SET #counted = :true',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleted_at) AND attribute_not_exists(#counted) AND #version = :v',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    ];
    // An active incident that names components has a board copy at the same version.
    if (onBoard(incident)) {
      items.push({
        Update: {
          TableName: tableName,
          Key: keys.boardIncident(incident.id),
          UpdateExpression: 'SET #counted = :true',
          ConditionExpression: 'attribute_exists(pk) AND #version = :v',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      });
    }
    items.push(...analyticsItems(analyticsDeltas(undefined, incident)));
    try {
      await transactWrite(items);
      return { outcome: 'counted' };
    } catch (error) {
      if (!(error instanceof TransactionCanceled)) throw error;
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.incident(incident.id), ConsistentRead: true }));
      if (!Item || Item.deleted_at !== undefined || Item[ANALYTICS_COUNTED] === true) return { outcome: 'skipped' };
      return { outcome: 'changed', current: toIncident(Item) };
    }
  }

  async checkpoint(): Promise<BackfillCheckpoint | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.analyticsBackfillCheckpoint(), ConsistentRead: true }));
    return Item ? (withoutStorage(Item) as unknown as BackfillCheckpoint) : undefined;
  }

  async saveCheckpoint(checkpoint: BackfillCheckpoint): Promise<void> {
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.analyticsBackfillCheckpoint(), entity: 'analytics_backfill', ...checkpoint } }));
  }
}
