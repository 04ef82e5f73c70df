/** Public status subscribers on the single table (keys in shared/store/keys.ts, "status (public subscribers)"). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#shared/store/client.ts';
import { keys, withoutStorage } from '#shared/store/keys.ts';
import { queryAll } from '#shared/store/query.ts';
import { TransactionCanceled, transactWrite } from '#shared/store/transact.ts';
import { LinkAlreadyUsed, type ConfirmedSubscriber, type StatusSubscriber, type SubscriberStore } from '#shared/store/status/subscriber-store.ts';

/** Fan-out reads at most this many confirmed subscribers per batch. */
export const MAX_STATUS_SUBSCRIBERS = 10_000;

const epoch = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

export class DynamoSubscriberStore implements SubscriberStore {
  async byAddress(addressKey: string): Promise<StatusSubscriber | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.statusSubscriberAddress(addressKey), ConsistentRead: true }));
    return typeof Item?.subscriber_id === 'string' ? this.get(Item.subscriber_id) : undefined;
  }

  async get(id: string): Promise<StatusSubscriber | undefined> {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.statusSubscriber(id), ConsistentRead: true }));
    return Item ? (withoutStorage(Item) as unknown as StatusSubscriber) : undefined;
  }

  async requestConfirmation(subscriber: StatusSubscriber, addressKey: string, isNew: boolean, entry: { id: string; at: string }, pendingTtlSeconds: number): Promise<void> {
    const ttl = subscriber.state === 'pending' ? { ttl: epoch(pendingTtlSeconds) } : {};
    await transactWrite([
      { Put: { TableName: tableName, Item: { ...keys.statusSubscriber(subscriber.id), entity: 'status_subscriber', ...subscriber, ...ttl } } },
      ...(isNew
        ? [{ Put: { TableName: tableName, Item: { ...keys.statusSubscriberAddress(addressKey), entity: 'status_subscriber_address', subscriber_id: subscriber.id, ...ttl }, ConditionExpression: 'attribute_not_exists(pk)' } }]
        : []),
      // The outbox: the stream publishes it; fan-out sends the confirmation e-mail. No address in it.
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.statusSubscriberTimeline(subscriber.id, entry.at, entry.id), entity: 'timeline', id: entry.id, type: 'status_subscriber.confirmation_requested', at: entry.at, subject: subscriber.id, actor: { id: 'public', name: 'public', kind: 'user' }, changes: {}, message: null, public_message: null, update_type: null, ttl: epoch(7 * 86_400) },
        },
      },
    ]);
  }

  async confirm(id: string, nonce: string, at: string, addressKey: (email: string) => string): Promise<StatusSubscriber> {
    const before = await this.get(id);
    if (!before || before.confirm_nonce !== nonce) throw new LinkAlreadyUsed();
    const after: StatusSubscriber = { ...before, state: 'confirmed', components: before.pending_components ?? before.components, confirm_nonce: null, pending_components: null, confirmed_at: before.confirmed_at ?? at };
    try {
      await transactWrite([
        { Put: { TableName: tableName, Item: { ...keys.statusSubscriber(id), entity: 'status_subscriber', ...after }, ConditionExpression: 'confirm_nonce = :n', ExpressionAttributeValues: { ':n': nonce } } },
        // Confirmed: the pending expiry goes.
        { Update: { TableName: tableName, Key: keys.statusSubscriberAddress(addressKey(before.email)), UpdateExpression: 'REMOVE #ttl', ExpressionAttributeNames: { '#ttl': 'ttl' } } },
        { Put: { TableName: tableName, Item: { ...keys.statusSubscriberList(id), entity: 'status_subscriber_copy', id, email: after.email, components: after.components } } },
      ]);
    } catch (error) {
      if (error instanceof TransactionCanceled) throw new LinkAlreadyUsed();
      throw error;
    }
    return after;
  }

  async remove(subscriber: StatusSubscriber, addressKey: string): Promise<void> {
    await transactWrite([
      { Delete: { TableName: tableName, Key: keys.statusSubscriber(subscriber.id) } },
      { Delete: { TableName: tableName, Key: keys.statusSubscriberAddress(addressKey) } },
      { Delete: { TableName: tableName, Key: keys.statusSubscriberList(subscriber.id) } },
    ]);
  }

  async confirmed(): Promise<ConfirmedSubscriber[]> {
    const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.statusSubscriberListPartition }, Limit: 1000 });
    return items.slice(0, MAX_STATUS_SUBSCRIBERS).map((i) => ({ id: String(i.id), email: String(i.email), components: Array.isArray(i.components) ? i.components.map(String) : [] }));
  }
}
