/**
 * StatusStore on the single table (keys in shared/store/keys.ts, patterns in docs/data-model.md,
 * "Public status"). Reads only the public copies and public updates written by the incidents' own
 * transactions (shared/store/status/public-items.ts), maintenance copies on the board and the
 * maintenance list. Every read is a GetItem or a Query with a Limit: what an answer shows bounds
 * what it reads, whatever the table's size.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Maintenance } from '#shared/domain/components/maintenance.ts';
import { STATUSES, type Status } from '#shared/domain/incidents/lifecycle.ts';
import type { PublicIncident, PublicUpdate } from '#shared/domain/status/public-model.ts';
import { db, tableName } from '#shared/store/client.ts';
import { keys, monthOf, withoutStorage } from '#shared/store/keys.ts';
import { queryAll, type Item } from '#shared/store/query.ts';
import type { PublicIncidentQuery, StatusStore } from '#shared/store/status/status-store.ts';

/** A filtered list (`componentId`) stops after evaluating this many items per request. */
export const MAX_EVALUATED = 1000;

const COPY_FIELDS = ['id', 'title', 'status', 'impact', 'severity', 'incident_type', 'components', 'started_at', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'closed_at', 'public_message', 'rss_enabled'] as const satisfies readonly (keyof PublicIncident)[];

/** The copy's public fields, by name: whatever else an item might hold is not taken. */
function toPublicIncident(item: Item): PublicIncident {
  const out: Record<string, unknown> = {};
  for (const field of COPY_FIELDS) out[field] = item[field] ?? null;
  out.components = Array.isArray(item.components) ? item.components : [];
  out.rss_enabled = item.rss_enabled !== false;
  if (!STATUSES.includes(out.status as Status)) throw new Error(`public copy ${String(item.pk)} has no valid status`);
  return out as unknown as PublicIncident;
}

const toPublicUpdate = (item: Item): PublicUpdate => ({
  id: String(item.id),
  incident_id: String(item.incident_id),
  status: item.status as Status,
  body: String(item.body),
  created_at: String(item.created_at),
});

const toMaintenance = (item: Item): Maintenance => {
  const rest = withoutStorage(item);
  delete rest.status;
  return rest as unknown as Maintenance;
};

interface ListRead {
  readonly index: 'gsi1' | 'gsi2';
  readonly pk: string;
}

const sortKey = (item: Item, index: 'gsi1' | 'gsi2') => String(item[`${index}sk`]);

export class DynamoStatusStore implements StatusStore {
  async activeIncidents(): Promise<PublicIncident[]> {
    const lists = [true, false].map((feed) => queryAll({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': keys.publicActivePartition(feed) }, ScanIndexForward: false }));
    const items = (await Promise.all(lists)).flat().sort((a, b) => sortKey(b, 'gsi2').localeCompare(sortKey(a, 'gsi2')));
    return items.map(toPublicIncident);
  }

  async incidents(query: PublicIncidentQuery): Promise<PublicIncident[]> {
    const feeds = query.feedOnly ? [true] : [true, false];
    const budget = { evaluated: 0 };
    if (!query.includeResolved) {
      const items = await this.newest(feeds.map((feed) => ({ index: 'gsi2' as const, pk: keys.publicActivePartition(feed) })), query.limit, query.componentId, budget);
      return items.map(toPublicIncident);
    }
    const collected: Item[] = [];
    let month: string | undefined = monthOf(new Date().toISOString());
    while (month && collected.length < query.limit && budget.evaluated < MAX_EVALUATED) {
      const want = query.limit - collected.length;
      const m: string = month;
      collected.push(...(await this.newest(feeds.map((feed) => ({ index: 'gsi1' as const, pk: keys.publicListPartition(m, feed) })), want, query.componentId, budget)));
      if (collected.length >= query.limit) break;
      month = await this.previousMonth(m);
    }
    return collected.slice(0, query.limit).map(toPublicIncident);
  }

  /** The newest `want` items of the given partitions (of one index), merged. */
  private async newest(lists: readonly ListRead[], want: number, componentId: string | undefined, budget: { evaluated: number }): Promise<Item[]> {
    const reads = lists.map(async (list) => {
      const found: Item[] = [];
      let startKey: Item | undefined;
      do {
        const result = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: list.index,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': `${list.index}pk`, ...(componentId ? { '#components': 'components' } : {}) },
            ExpressionAttributeValues: { ':pk': list.pk, ...(componentId ? { ':component': componentId } : {}) },
            ...(componentId ? { FilterExpression: 'contains(#components, :component)' } : {}),
            ScanIndexForward: false,
            Limit: componentId ? Math.min(100, MAX_EVALUATED) : want - found.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        budget.evaluated += result.ScannedCount ?? 0;
        found.push(...(result.Items ?? []));
        startKey = result.LastEvaluatedKey;
      } while (startKey && found.length < want && budget.evaluated < MAX_EVALUATED);
      return found;
    });
    const index = lists[0]?.index ?? 'gsi1';
    return (await Promise.all(reads))
      .flat()
      .sort((a, b) => sortKey(b, index).localeCompare(sortKey(a, index)))
      .slice(0, want);
  }

  /** The latest month before `month` in which incidents were created (the day-sequence partition). */
  private async previousMonth(month: string): Promise<string | undefined> {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk < :first',
        ExpressionAttributeValues: { ':pk': keys.daySequencePartition, ':first': `${month.replace('-', '')}01` },
        ProjectionExpression: 'sk',
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const day = Items?.[0]?.sk as string | undefined;
    return day ? `${day.slice(0, 4)}-${day.slice(4, 6)}` : undefined;
  }

  async incident(id: string): Promise<PublicIncident | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.publicIncident(id) }));
    return Item ? toPublicIncident(Item) : undefined;
  }

  async updates(incidentId: string, limit?: number): Promise<PublicUpdate[]> {
    const input = {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.publicIncidentPartition(incidentId), ':prefix': keys.publicUpdatePrefix },
      ScanIndexForward: false,
    };
    if (limit === undefined) return (await queryAll(input)).map(toPublicUpdate);
    const { Items } = await db.send(new QueryCommand({ TableName: tableName, ...input, Limit: limit }));
    return (Items ?? []).map(toPublicUpdate);
  }

  async currentMaintenances(): Promise<Maintenance[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.boardPartition, ':prefix': keys.boardMaintenancePrefix },
    });
    return items.map(toMaintenance);
  }

  async recentMaintenances(limit: number): Promise<Maintenance[]> {
    const { Items } = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.maintenanceListPartition },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map(toMaintenance);
  }
}
