/** Action items in the incident's partition (keys.actionItem), bounded by a counter item. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ActionItem } from '#shared/domain/reviews/action-item.ts';
import { db, tableName } from '#shared/store/client.ts';
import { keys, withoutStorage } from '#shared/store/keys.ts';
import { queryAll } from '#shared/store/query.ts';
import { ActionItemChanged, IncidentGone, TooManyActionItems, type ActionItemStore } from '#shared/store/reviews/action-item-store.ts';
import { TransactionCanceled, transactWrite } from '#shared/store/transact.ts';

const toItem = (item: Record<string, unknown>) => withoutStorage(item) as unknown as ActionItem;

export class DynamoActionItemStore implements ActionItemStore {
  async add(item: ActionItem, max: number): Promise<void> {
    try {
      await transactWrite([
        { ConditionCheck: { TableName: tableName, Key: keys.incident(item.incident_id), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleted_at)' } },
        {
          Update: {
            TableName: tableName,
            Key: keys.actionItemCounter(item.incident_id),
            UpdateExpression: 'SET #entity = :entity ADD #n :one',
            ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
            ExpressionAttributeNames: { '#entity': 'entity', '#n': 'count' },
            ExpressionAttributeValues: { ':entity': 'action_item_counter', ':one': 1, ':max': max },
          },
        },
        { Put: { TableName: tableName, Item: { ...keys.actionItem(item.incident_id, item.id), entity: 'action_item', ...item }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ]);
    } catch (error) {
      if (error instanceof TransactionCanceled) {
        if (error.failed.includes(0)) throw new IncidentGone(item.incident_id);
        if (error.failed.includes(1)) throw new TooManyActionItems(item.incident_id);
      }
      throw error;
    }
  }

  async list(incidentId: string): Promise<ActionItem[]> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.incidentPartition(incidentId), ':prefix': keys.actionItemPrefix },
      ConsistentRead: true,
    });
    return items.map(toItem);
  }

  async get(incidentId: string, itemId: string): Promise<ActionItem | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.actionItem(incidentId, itemId), ConsistentRead: true }));
    return Item ? toItem(Item) : undefined;
  }

  async replace(item: ActionItem): Promise<void> {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.actionItem(item.incident_id, item.id), entity: 'action_item', ...item },
          ConditionExpression: 'attribute_exists(pk) AND #version = :previous',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':previous': item.version - 1 },
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw new ActionItemChanged(item.id);
      throw error;
    }
  }
}
