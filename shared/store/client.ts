/**
 * The DynamoDB document client, created once per process at module scope. The endpoint follows
 * the SDK's own settings (AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB), so DynamoDB Local,
 * LocalStack and AWS need no code change.
 *
 * Every request the client sends is counted: the benchmark and tests read `dynamoCalls` to prove
 * round-trip budgets (e.g. create = 2 calls) deterministically.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';

export const dynamoCalls = { count: 0, byCommand: new Map<string, number>(), /** Items returned by GetItem, Query and BatchGetItem. */ itemsRead: 0 };

export function resetDynamoCalls(): void {
  dynamoCalls.count = 0;
  dynamoCalls.byCommand.clear();
  dynamoCalls.itemsRead = 0;
}

/** How many items a read evaluated (Query `ScannedCount`, which includes filtered-out items; GetItem `Item`; BatchGetItem `Responses`). */
function itemsIn(output: unknown): number {
  const o = (output ?? {}) as { Items?: unknown[]; ScannedCount?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
  if (typeof o.ScannedCount === 'number') return o.ScannedCount;
  if (Array.isArray(o.Items)) return o.Items.length;
  if (o.Item) return 1;
  if (o.Responses) return Object.values(o.Responses).reduce((n, list) => n + (Array.isArray(list) ? list.length : 0), 0);
  return 0;
}

const base = new DynamoDBClient({ maxAttempts: 3 });
base.middlewareStack.add(
  (next, context) => (args) => {
    dynamoCalls.count += 1;
    const name = context.commandName ?? 'unknown';
    dynamoCalls.byCommand.set(name, (dynamoCalls.byCommand.get(name) ?? 0) + 1);
    return next(args).then((result) => {
      dynamoCalls.itemsRead += itemsIn(result.output);
      return result;
    });
  },
  { step: 'initialize', name: 'countDynamoCalls' },
);

export const db = DynamoDBDocumentClient.from(base, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const tableName = config.TABLE_NAME;
