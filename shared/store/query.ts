/** Reads every page of a Query on the table (for bounded partitions: an incident, the board, the summary shards). */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#shared/store/client.ts';

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
