/**
 * IntegrationStore on the single table (keys in shared/store/keys.ts, patterns in
 * docs/data-model.md, "Integrations").
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { CHANGE_FIELDS, scopesOf, type ChangeEvent, type ChangeScope } from '#shared/domain/integrations/change.ts';
import type { TimelineEntry } from '#shared/domain/incidents/incident.ts';
import { ALERT_FIELDS, ALERT_LINK_FIELDS, INTEGRATION_FIELDS, type Alert, type AlertLink, type Integration } from '#shared/domain/integrations/integration.ts';
import { InvalidInputError } from '#shared/domain/errors.ts';
import { db, tableName } from '#shared/store/client.ts';
import { cursorList, decodeCursor, encodeCursor, guardCursor } from '#shared/store/cursor.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import { timelineItem } from '#shared/store/incidents/dynamo-incident-store.ts';
import type { IntegrationStore, KeyedIntegration, WebhookTarget } from '#shared/store/integrations/integration-store.ts';
import { keys } from '#shared/store/keys.ts';
import { queryAll } from '#shared/store/query.ts';
import { TransactionCanceled, transactWrite, type TransactItem } from '#shared/store/transact.ts';

type Item = Record<string, unknown>;

const part = z.string().check(z.minLength(1), z.maxLength(400));
const INTEGRATIONS = cursorList('integrations', z.strictObject({ pk: part, sk: part }));
const ALERTS = cursorList('incident-alerts', z.strictObject({ pk: part, sk: part, gsi1pk: part, gsi1sk: part }));
const CHANGES = cursorList('changes', z.strictObject({ pk: part, sk: part }));

function pick<T>(item: Item, fields: readonly string[]): T {
  const out: Item = {};
  for (const field of fields) out[field] = item[field] ?? null;
  return out as T;
}
const toIntegration = (item: Item): Integration => pick<Integration>(item, INTEGRATION_FIELDS);
const toAlert = (item: Item): Alert => pick<Alert>(item, ALERT_FIELDS);
const toChange = (item: Item): ChangeEvent => pick<ChangeEvent>(item, CHANGE_FIELDS);

/** The short copy in the incident's partition (keys.incidentAlertLink). */
function linkItem(alert: Alert): Item {
  return {
    ...keys.incidentAlertLink(alert.incident_id as string, alert.created_at, alert.id),
    entity: 'alert_link',
    ...pick<AlertLink>(alert as unknown as Item, ALERT_LINK_FIELDS),
  };
}

const isConditionFailure = (error: unknown): boolean => (error as Error).name === 'ConditionalCheckFailedException';

export class DynamoIntegrationStore implements IntegrationStore {
  async create(integration: Integration, keyHash: string, secret?: string): Promise<void> {
    await transactWrite([
      { Put: { TableName: tableName, Item: { ...keys.integration(integration.id), entity: 'integration', ...integration, key_hash: keyHash, ...(secret ? { webhook_secret: secret } : {}) }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: tableName, Item: { ...keys.routingKey(keyHash), entity: 'routing_key', key_hash: keyHash, integration }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  }

  async get(id: string): Promise<(Integration & { key_hash: string }) | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.integration(id), ConsistentRead: true }));
    return Item ? { ...toIntegration(Item), key_hash: Item.key_hash as string } : undefined;
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<Integration>> {
    const position = decodeCursor(INTEGRATIONS, cursor, {});
    if (position && position.pk !== keys.integrationPartition) throw new InvalidInputError('cursor is not valid: pass the next_cursor of a previous page unchanged.');
    const result = await guardCursor(position, () =>
      db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.integrationPartition }, Limit: limit, ...(position ? { ExclusiveStartKey: position } : {}) })),
    );
    const last = result.LastEvaluatedKey as { pk: string; sk: string } | undefined;
    return { items: (result.Items ?? []).map(toIntegration), next_cursor: last ? encodeCursor(INTEGRATIONS, {}, { pk: last.pk, sk: last.sk }) : null };
  }

  async rotate(id: string, oldHash: string, newHash: string, at: string, secret?: string): Promise<boolean> {
    const current = await this.get(id);
    if (!current || current.key_hash !== oldHash) return false;
    const { key_hash: _, ...integration } = current;
    const after: Integration = { ...integration, updated_at: at, key_rotated_at: at };
    try {
      await transactWrite([
        {
          Update: {
            TableName: tableName,
            Key: keys.integration(id),
            UpdateExpression: secret ? 'SET key_hash = :new, updated_at = :at, key_rotated_at = :at, webhook_secret = :secret' : 'SET key_hash = :new, updated_at = :at, key_rotated_at = :at',
            ConditionExpression: 'key_hash = :old',
            ExpressionAttributeValues: { ':new': newHash, ':old': oldHash, ':at': at, ...(secret ? { ':secret': secret } : {}) },
          },
        },
        { Delete: { TableName: tableName, Key: keys.routingKey(oldHash) } },
        { Put: { TableName: tableName, Item: { ...keys.routingKey(newHash), entity: 'routing_key', key_hash: newHash, integration: after }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ]);
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceled) return false;
      throw error;
    }
  }

  async delete(id: string, keyHash: string): Promise<boolean> {
    try {
      await transactWrite([
        { Delete: { TableName: tableName, Key: keys.integration(id), ConditionExpression: 'key_hash = :h', ExpressionAttributeValues: { ':h': keyHash } } },
        { Delete: { TableName: tableName, Key: keys.routingKey(keyHash) } },
      ]);
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceled) return false;
      throw error;
    }
  }

  async byKeyHash(keyHash: string): Promise<KeyedIntegration | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.routingKey(keyHash) }));
    if (!Item) return undefined;
    return { integration: toIntegration(Item.integration as Item), keyHash: Item.key_hash as string };
  }

  async webhookTarget(id: string): Promise<WebhookTarget | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.integration(id), ConsistentRead: true }));
    if (!Item || Item.kind !== 'webhook' || typeof Item.webhook_secret !== 'string') return undefined;
    return { integration: toIntegration(Item), secret: Item.webhook_secret };
  }

  async recordChange(change: ChangeEvent, entries: readonly TimelineEntry[]): Promise<void> {
    await transactWrite([
      ...scopesOf(change).map((scope) => ({ Put: { TableName: tableName, Item: { ...keys.change(scope, change.timestamp, change.id), entity: 'change', ...change }, ConditionExpression: 'attribute_not_exists(pk)' } })),
      ...entries.map((entry) => ({ Put: { TableName: tableName, Item: timelineItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } })),
    ]);
  }

  async listChanges(scope: ChangeScope, limit: number, cursor: string | undefined): Promise<Page<ChangeEvent>> {
    const query = { kind: scope.kind, value: scope.value };
    const position = decodeCursor(CHANGES, cursor, query);
    const partition = keys.changePartition(scope);
    if (position && position.pk !== partition) throw new InvalidInputError('cursor is not valid: pass the next_cursor of a previous page unchanged.');
    const result = await guardCursor(position, () =>
      db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition }, ScanIndexForward: false, Limit: limit, ...(position ? { ExclusiveStartKey: position } : {}) })),
    );
    const last = result.LastEvaluatedKey as { pk: string; sk: string } | undefined;
    return { items: (result.Items ?? []).map(toChange), next_cursor: last ? encodeCursor(CHANGES, query, { pk: last.pk, sk: last.sk }) : null };
  }

  async triggerAlert(alert: Alert): Promise<{ alert: Alert; opened: boolean }> {
    // One UpdateItem for both outcomes: `ADD count` and `last_seen` always; every other field only
    // if the item does not exist yet (`if_not_exists`), so the first trigger writes the whole alert
    // and a concurrent or later one only counts. The returned id says which one this was.
    const names: Record<string, string> = { '#count': 'count', '#entity': 'entity' };
    const values: Record<string, unknown> = { ':one': 1, ':at': alert.last_seen, ':entity': 'alert' };
    const sets = ['last_seen = :at', '#entity = if_not_exists(#entity, :entity)'];
    ALERT_FIELDS.filter((f) => f !== 'count' && f !== 'last_seen').forEach((field, i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = alert[field];
      sets.push(`#f${i} = if_not_exists(#f${i}, :f${i})`);
    });
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.openAlert(alert.integration_id, alert.dedup_key),
        UpdateExpression: `ADD #count :one SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    const stored = toAlert(Attributes ?? {});
    return { alert: stored, opened: stored.id === alert.id };
  }

  linkItems(alert: Alert, incidentId: string, componentId: string | null): TransactItem[] {
    const list = keys.incidentAlertList(incidentId, alert.created_at, alert.id);
    return [
      {
        Update: {
          TableName: tableName,
          Key: keys.openAlert(alert.integration_id, alert.dedup_key),
          UpdateExpression: 'SET incident_id = :i, component_id = :c, gsi1pk = :g, gsi1sk = :s',
          ConditionExpression: 'id = :id',
          ExpressionAttributeValues: { ':i': incidentId, ':c': componentId, ':id': alert.id, ':g': list.gsi1pk, ':s': list.gsi1sk },
        },
      },
      { Put: { TableName: tableName, Item: linkItem({ ...alert, incident_id: incidentId, component_id: componentId }) } },
    ];
  }

  async linkAlert(alert: Alert, incidentId: string | null, componentId: string | null): Promise<void> {
    const list = incidentId ? keys.incidentAlertList(incidentId, alert.created_at, alert.id) : undefined;
    const update = {
      TableName: tableName,
      Key: keys.openAlert(alert.integration_id, alert.dedup_key),
      UpdateExpression: list ? 'SET incident_id = :i, component_id = :c, gsi1pk = :g, gsi1sk = :s' : 'SET incident_id = :i, component_id = :c',
      ConditionExpression: 'id = :id',
      ExpressionAttributeValues: { ':i': incidentId, ':c': componentId, ':id': alert.id, ...(list ? { ':g': list.gsi1pk, ':s': list.gsi1sk } : {}) },
    };
    if (!incidentId) {
      await db.send(new UpdateCommand(update));
      return;
    }
    await transactWrite(this.linkItems(alert, incidentId, componentId));
  }

  async dropOpenAlert(alert: Alert): Promise<void> {
    try {
      await db.send(new DeleteCommand({ TableName: tableName, Key: keys.openAlert(alert.integration_id, alert.dedup_key), ConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': alert.id } }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async acknowledgeAlert(integrationId: string, dedupKey: string, at: string): Promise<Alert | undefined> {
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.openAlert(integrationId, dedupKey),
          UpdateExpression: 'SET #status = :ack, acknowledged_at = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':ack': 'acknowledged', ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (!Attributes) return undefined;
      const alert = toAlert(Attributes);
      if (alert.incident_id) await db.send(new PutCommand({ TableName: tableName, Item: linkItem(alert) }));
      return alert;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async resolveAlert(integrationId: string, dedupKey: string, at: string): Promise<Alert | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.openAlert(integrationId, dedupKey), ConsistentRead: true }));
      if (!Item) return undefined;
      const open = toAlert(Item);
      const resolved: Alert = { ...open, status: 'resolved', resolved_at: at };
      const list = resolved.incident_id ? keys.incidentAlertList(resolved.incident_id, resolved.created_at, resolved.id) : {};
      try {
        // The count is part of the condition: a trigger counted in between re-reads instead of being lost.
        await transactWrite([
          { Delete: { TableName: tableName, Key: keys.openAlert(integrationId, dedupKey), ConditionExpression: 'id = :id AND #count = :count', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':id': open.id, ':count': open.count } } },
          { Put: { TableName: tableName, Item: { ...keys.resolvedAlert(integrationId, dedupKey, open.id), ...list, entity: 'alert', ...resolved } } },
          ...(resolved.incident_id ? [{ Put: { TableName: tableName, Item: linkItem(resolved) } }] : []),
        ]);
        return resolved;
      } catch (error) {
        if (!(error instanceof TransactionCanceled)) throw error;
      }
    }
    throw new Error('the open alert kept changing while it was being resolved');
  }

  async incidentAlerts(incidentId: string, limit: number, cursor: string | undefined): Promise<Page<Alert>> {
    const query = { incident: incidentId };
    const position = decodeCursor(ALERTS, cursor, query);
    const partition = keys.incidentAlertPartition(incidentId);
    if (position && position.gsi1pk !== partition) throw new InvalidInputError('cursor is not valid: pass the next_cursor of a previous page unchanged.');
    const result = await guardCursor(position, () =>
      db.send(
        new QueryCommand({ TableName: tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': partition }, Limit: limit, ...(position ? { ExclusiveStartKey: position } : {}) }),
      ),
    );
    const last = result.LastEvaluatedKey as { pk: string; sk: string; gsi1pk: string; gsi1sk: string } | undefined;
    return { items: (result.Items ?? []).map(toAlert), next_cursor: last ? encodeCursor(ALERTS, query, { pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk }) : null };
  }

  async allIncidentAlerts(incidentId: string): Promise<Alert[]> {
    const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.incidentAlertPartition(incidentId) } });
    return items.map(toAlert);
  }
}
