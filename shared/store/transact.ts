/**
 * TransactWriteItems with the two outcomes callers care about made explicit:
 * - TransactionConflict (another transaction touched one of the items at the same moment) and
 *   ThrottlingError (a cancellation because an item's partition was throttled: the SDK does not
 *   retry a cancelled transaction) are retried here with jittered back-off; they say nothing about
 *   the request itself. When they outlast the budget the TransactionCanceledException is thrown
 *   as is and answers 503 with Retry-After (shared/http/problem.ts): nothing was written;
 * - a failed condition is thrown as TransactionCanceled with the index of every failed item, so
 *   the caller can tell "stale version" from "idempotency key exists" from "already assigned".
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from '#shared/store/client.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export class TransactionCanceled extends Error {
  /** Indexes of the items whose condition failed. */
  readonly failed: number[];
  constructor(failed: number[]) {
    super(`transaction condition failed on item(s) ${failed.join(', ')}`);
    this.failed = failed;
  }
}

const MAX_CONFLICT_RETRIES = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function transactWrite(items: TransactItem[], options: { clientRequestToken?: string } = {}): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items, ...(options.clientRequestToken ? { ClientRequestToken: options.clientRequestToken } : {}) }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) throw new TransactionCanceled(failed);
      const transient = reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
      if (!transient || attempt >= MAX_CONFLICT_RETRIES) throw error;
      await sleep(Math.random() * 20 * 2 ** Math.min(attempt, 5));
    }
  }
}
