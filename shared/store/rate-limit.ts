/**
 * Fixed-window rate limits kept in the table, shared by every function and container: one counter
 * item per (scope, subject, window), raised with `ADD` under a condition, so concurrent callers
 * never conflict and never over-count (a refused attempt changes nothing). `ttl` removes a window's
 * item once it is over. One UpdateItem per attempt: callers that must not add a sequential round
 * trip start `take` together with their first read and await it before they write.
 *
 * Used for public subscription attempts (per address and per client), and by every route that
 * limits callers (per token subject, per routing key, failed keys per client).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { keys } from './keys.ts';

/** At most `limit` attempts per subject in each window of `windowSeconds`, counted under `scope`. */
export interface RateRule {
  readonly scope: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one attempt of `subject` under `rule` at `now`; refused (and not counted) once the window is full. */
  take(rule: RateRule, subject: string, now: Date): Promise<RateDecision>;
}

/** The window `now` falls in: its number (windows since the epoch) and the seconds left in it (at least 1). */
export function windowOf(rule: Pick<RateRule, 'windowSeconds'>, now: Date): { index: number; endsAt: number; secondsLeft: number } {
  if (!Number.isInteger(rule.windowSeconds) || rule.windowSeconds < 1) throw new RangeError(`windowSeconds must be a positive integer, got ${rule.windowSeconds}`);
  const seconds = now.getTime() / 1000;
  const index = Math.floor(seconds / rule.windowSeconds);
  const endsAt = (index + 1) * rule.windowSeconds;
  return { index, endsAt, secondsLeft: Math.max(1, Math.ceil(endsAt - seconds)) };
}

export class DynamoRateLimiter implements RateLimiter {
  constructor(private readonly table: string = tableName) {}

  async take(rule: RateRule, subject: string, now: Date): Promise<RateDecision> {
    const window = windowOf(rule, now);
    try {
      await db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.rateWindow(rule.scope, subject, `${rule.windowSeconds}:${window.index}`),
          UpdateExpression: 'ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl), entity = :entity',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
          ExpressionAttributeNames: { '#n': 'n', '#ttl': 'ttl' },
          // Kept one window past its end: DynamoDB's TTL deletes late, and the count must not reset early.
          ExpressionAttributeValues: { ':one': 1, ':max': rule.limit, ':ttl': window.endsAt + rule.windowSeconds, ':entity': 'rate_window' },
        }),
      );
      return { allowed: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { allowed: false, retryAfterSeconds: window.secondsLeft };
      throw error;
    }
  }
}
