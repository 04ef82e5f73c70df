/**
 * NotificationStore on the single table (keys in shared/store/keys.ts, patterns in
 * docs/data-model.md). Every read is a GetItem or a Query; attempts and delivered markers expire
 * through `ttl`.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationPreferences, Subscription } from '#shared/domain/notifications/notification.ts';
import { db, tableName } from '#shared/store/client.ts';
import * as z from 'zod/mini';
import { cursorList, decodeCursor, encodeCursor, guardCursor, timeKey } from '#shared/store/cursor.ts';
import type { Page } from '#shared/store/incidents/incident-store.ts';
import { keys, withoutStorage } from '#shared/store/keys.ts';
import { MAX_PREFERENCES, MAX_SUBSCRIPTIONS, type DeliveryAttempt, type NotificationStore } from '#shared/store/notifications/notification-store.ts';

/** Attempts are kept 30 days; delivered markers 7 days (longer than any redelivery). */
const ATTEMPT_TTL_SECONDS = 30 * 86_400;
const DELIVERED_TTL_SECONDS = 7 * 86_400;

type Item = Record<string, unknown>;

/** Subscriptions: the sort key of the last one returned. */
const SUBSCRIPTION_PAGES = cursorList('subscriptions', z.strictObject({ sk: z.string().check(z.regex(/^SUB#sub_[0-9A-HJKMNP-TV-Z]{26}$/)) }));
/** Delivery attempts of one incident: the sort key (`<at>#<attempt id>`) of the last one returned. */
const ATTEMPT_PAGES = cursorList('delivery-attempts', z.strictObject({ sk: timeKey() }));
const ttl = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

export class DynamoNotificationStore implements NotificationStore {
  async createSubscription(subscription: Subscription): Promise<void> {
    await db.send(
      new PutCommand({ TableName: tableName, Item: { ...keys.subscription(subscription.id), entity: 'subscription', ...subscription }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async getSubscription(id: string): Promise<Subscription | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.subscription(id), ConsistentRead: true }));
    return Item ? (withoutStorage(Item) as unknown as Subscription) : undefined;
  }

  async listSubscriptions(limit: number, cursor: string | undefined): Promise<Page<Subscription>> {
    const query = { subscriptions: true };
    const position = decodeCursor(SUBSCRIPTION_PAGES, cursor, query);
    const result = await guardCursor(position, () => db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.subscriptionPartition },
        ScanIndexForward: false,
        Limit: limit,
        ...(position?.sk ? { ExclusiveStartKey: { pk: keys.subscriptionPartition, sk: position.sk } } : {}),
      }),
    ));
    return {
      items: (result.Items ?? []).map((i) => withoutStorage(i) as unknown as Subscription),
      next_cursor: result.LastEvaluatedKey ? encodeCursor(SUBSCRIPTION_PAGES, query, { sk: String(result.LastEvaluatedKey.sk) }) : null,
    };
  }

  async allSubscriptions(): Promise<Subscription[]> {
    return (await this.queryPartition(keys.subscriptionPartition, MAX_SUBSCRIPTIONS)).map((i) => withoutStorage(i) as unknown as Subscription);
  }

  async deleteSubscription(id: string): Promise<boolean> {
    const result = await db.send(new DeleteCommand({ TableName: tableName, Key: keys.subscription(id), ReturnValues: 'ALL_OLD' }));
    return result.Attributes !== undefined;
  }

  async getPreferences(userId: string): Promise<NotificationPreferences | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.notificationPreferences(userId), ConsistentRead: true }));
    return Item ? (withoutStorage(Item) as unknown as NotificationPreferences) : undefined;
  }

  async putPreferences(preferences: NotificationPreferences, expectedSecret: string | undefined): Promise<boolean> {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.notificationPreferences(preferences.user_id), entity: 'notification_preferences', ...preferences },
          ...(expectedSecret === undefined
            ? { ConditionExpression: 'attribute_not_exists(webhook_secret)' }
            : { ConditionExpression: 'webhook_secret = :expected', ExpressionAttributeValues: { ':expected': expectedSecret } }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async rotateWebhookSecret(userId: string, secret: string, at: string): Promise<boolean> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.notificationPreferences(userId),
          UpdateExpression: 'SET webhook_secret = :secret, updated_at = :at',
          ConditionExpression: 'attribute_exists(webhook_secret)',
          ExpressionAttributeValues: { ':secret': secret, ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async allPreferences(): Promise<NotificationPreferences[]> {
    const items = await this.queryPartition(keys.notificationPreferencesPartition, MAX_PREFERENCES, { FilterExpression: '#enabled = :yes', names: { '#enabled': 'enabled' }, values: { ':yes': true } });
    return items.map((i) => withoutStorage(i) as unknown as NotificationPreferences);
  }

  async recordAttempt(attempt: DeliveryAttempt, delivered: boolean): Promise<void> {
    const writes: Promise<unknown>[] = [
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.deliveryAttempt(attempt.incident_id, attempt.at, attempt.id), entity: 'delivery_attempt', ...attempt, ttl: ttl(ATTEMPT_TTL_SECONDS) },
        }),
      ),
    ];
    if (delivered) {
      writes.push(
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.delivered(attempt.event_id, attempt.recipient_id), entity: 'delivered', attempt_id: attempt.id, at: attempt.at, ttl: ttl(DELIVERED_TTL_SECONDS) },
          }),
        ),
      );
    }
    await Promise.all(writes);
  }

  async wasDelivered(eventId: string, recipientId: string): Promise<boolean> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.delivered(eventId, recipientId), ConsistentRead: true, ProjectionExpression: 'pk' }));
    return Item !== undefined;
  }

  async listAttempts(subject: string, limit: number, cursor: string | undefined): Promise<Page<DeliveryAttempt>> {
    const query = { attempts: subject };
    const position = decodeCursor(ATTEMPT_PAGES, cursor, query);
    const pk = keys.deliveryAttemptPartition(subject);
    const result = await guardCursor(position, () => db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: limit,
        ...(position?.sk ? { ExclusiveStartKey: { pk, sk: position.sk } } : {}),
      }),
    ));
    return {
      items: (result.Items ?? []).map((i) => withoutStorage(i) as unknown as DeliveryAttempt),
      next_cursor: result.LastEvaluatedKey ? encodeCursor(ATTEMPT_PAGES, query, { sk: String(result.LastEvaluatedKey.sk) }) : null,
    };
  }

  private async queryPartition(pk: string, max: number, filter?: { FilterExpression: string; names: Record<string, string>; values: Record<string, unknown> }): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const result = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...filter?.values },
          ...(filter ? { FilterExpression: filter.FilterExpression, ExpressionAttributeNames: filter.names } : {}),
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < max);
    return items.slice(0, max);
  }
}
