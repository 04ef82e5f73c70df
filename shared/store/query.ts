/** Reads every page of a Query on the table (for bounded partitions: an incident, the board, the summary shards). */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#shared/store/client.ts';
import { keys } from '#shared/store/keys.ts';

export type Item = Record<string, unknown>;

export async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const result = await db.send(new QueryCommand({ TableName: tableName, ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * The month (`2026-11`) of the first incident, from the day sequences (one item per day with
 * incidents, `SEQ#INC`): nothing older exists (one Query, Limit 1).
 */
export async function firstIncidentMonth(): Promise<string | undefined> {
  const { Items } = await db.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.daySequencePartition }, ProjectionExpression: 'sk', Limit: 1 }),
  );
  const day = Items?.[0]?.sk as string | undefined;
  return day ? `${day.slice(0, 4)}-${day.slice(4, 6)}` : undefined;
}
