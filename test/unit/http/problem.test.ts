/** Error classification in the problem mapper: transient AWS errors answer 503 with Retry-After, the rest keep their status. */
import { ConditionalCheckFailedException, DynamoDBServiceException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isTransientAwsError, toProblem } from '#shared/http/problem.ts';

const meta = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'r', attempts: 3, totalRetryDelay: 0 });
const service = (name: string, fault: 'client' | 'server', status: number) => new DynamoDBServiceException({ name, $fault: fault, $metadata: meta(status), message: name });
const cancelled = (...codes: string[]) => new TransactionCanceledException({ $metadata: meta(400), message: 'cancelled', CancellationReasons: codes.map((Code) => ({ Code })) });

describe('toProblem: transient AWS errors', () => {
  it.each([
    ['ProvisionedThroughputExceededException', service('ProvisionedThroughputExceededException', 'client', 400)],
    ['ThrottlingException', service('ThrottlingException', 'client', 400)],
    ['RequestLimitExceeded', service('RequestLimitExceeded', 'client', 400)],
    ['InternalServerError', service('InternalServerError', 'server', 500)],
    ['any server fault ≥ 500', service('SomethingNew', 'server', 503)],
    ['a transaction cancelled for throttling', cancelled('None', 'ThrottlingError')],
    ['a transaction cancelled by conflicts past the retries', cancelled('TransactionConflict', 'None')],
    ['a socket timeout', Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
  ])('%s → 503 with Retry-After', (_name, error) => {
    expect(isTransientAwsError(error)).toBe(true);
    const { problem, headers } = toProblem(error, '/v1/incidents');
    expect(problem).toMatchObject({ status: 503, type: '/problems/service-unavailable', instance: '/v1/incidents' });
    expect(headers['retry-after']).toBe('1');
  });

  it.each([
    ['a failed condition', new ConditionalCheckFailedException({ $metadata: meta(400), message: 'no' })],
    ['a cancellation with a failed condition', cancelled('ConditionalCheckFailed', 'ThrottlingError')],
    ['a validation error', service('ValidationException', 'client', 400)],
    ['a plain bug', new TypeError('undefined is not a function')],
    ['not an error at all', 'boom'],
  ])('%s is not transient (stays a 500 if nothing else maps it)', (_name, error) => {
    expect(isTransientAwsError(error)).toBe(false);
    expect(toProblem(error).problem.status).toBe(500);
  });
});
