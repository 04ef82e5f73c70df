/**
 * The DynamoDB document client, created once per process at module scope. The endpoint follows
 * the SDK's own settings (AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB), so DynamoDB Local,
 * LocalStack and AWS need no code change.
 *
 * Calls run within the invocation's time budget (shared/deadline.ts).
 *
 * Every request the client sends is counted: the benchmark and tests read `dynamoCalls` to prove
 * round-trip budgets (e.g. create = 2 calls) deterministically.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config.ts';
import { currentAbortSignal, raceAbort } from '#shared/deadline.ts';

export const dynamoCalls = { count: 0, byCommand: new Map<string, number>() };

export function resetDynamoCalls(): void {
  dynamoCalls.count = 0;
  dynamoCalls.byCommand.clear();
}

const base = new DynamoDBClient({ maxAttempts: 3 });
base.middlewareStack.add(
  (next, context) => (args) => {
    dynamoCalls.count += 1;
    const name = context.commandName ?? 'unknown';
    dynamoCalls.byCommand.set(name, (dynamoCalls.byCommand.get(name) ?? 0) + 1);
    return next(args);
  },
  { step: 'initialize', name: 'countDynamoCalls' },
);
// The invocation's time budget (shared/deadline.ts): no call starts after it, none outlives it.
base.middlewareStack.add(
  (next) => (args) => {
    const signal = currentAbortSignal();
    return signal ? raceAbort(next(args), signal) : next(args);
  },
  { step: 'initialize', name: 'timeBudget' },
);

export const db = DynamoDBDocumentClient.from(base, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const tableName = config.TABLE_NAME;
