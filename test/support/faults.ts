/**
 * Fault injection for the integration tier: a middleware on a real SDK client (the store's
 * DynamoDB client from shared/store/client.ts, an EventBridge or SQS client) that fails chosen
 * commands, or answers them with a crafted output, before they reach the wire. It sits in the
 * `deserialize` step, inside the SDK's retry middleware (`finalizeRequest`), so an injected
 * throttle or 500 goes through the SDK's own retry decisions exactly like a real one. Nothing of
 * DynamoDB itself is mocked: commands that are not faulted go to DynamoDB Local.
 */
import { DynamoDBServiceException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db } from '#shared/store/client.ts';

/** What the fault does to one call: throw this error, or answer with this output instead of sending. */
export type Fault = { readonly error: (input: Record<string, unknown>) => Error } | { readonly output: (input: Record<string, unknown>) => Record<string, unknown> };

export interface FaultRule {
  readonly command: string;
  /** How many calls it hits (default: every call). */
  readonly times?: number;
  readonly fault: Fault;
}

interface Stack {
  add(middleware: unknown, options: { step: 'deserialize'; name: string; priority: 'high'; override?: boolean }): void;
  remove(name: string): boolean;
}

export interface FaultInjector {
  /** Calls seen per command (faulted or not), attempts of the SDK's retries included. */
  readonly calls: Map<string, number>;
  /** Calls a rule hit, per command. */
  readonly injected: Map<string, number>;
  add(rule: FaultRule): void;
  clear(): void;
  /** Takes the middleware off the client. */
  remove(): void;
}

let counter = 0;

/** Attaches an injector to a client (tests only). */
export function injectFaults(client: { middlewareStack: unknown }): FaultInjector {
  const rules: { rule: FaultRule; left: number }[] = [];
  const calls = new Map<string, number>();
  const injected = new Map<string, number>();
  const name = `faults-${++counter}`;
  const stack = client.middlewareStack as Stack;
  const middleware =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: { input: Record<string, unknown> }) => {
      const command = context.commandName ?? 'unknown';
      calls.set(command, (calls.get(command) ?? 0) + 1);
      const hit = rules.find((r) => r.rule.command === command && r.left > 0);
      if (!hit) return next(args);
      hit.left -= 1;
      injected.set(command, (injected.get(command) ?? 0) + 1);
      if ('error' in hit.rule.fault) throw hit.rule.fault.error(args.input);
      return { output: { ...hit.rule.fault.output(args.input), $metadata: { httpStatusCode: 200, requestId: 'injected', attempts: 1, totalRetryDelay: 0 } }, response: {} };
    };
  stack.add(middleware, { step: 'deserialize', name, priority: 'high' });
  return {
    calls,
    injected,
    add: (rule) => void rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }),
    clear: () => {
      rules.length = 0;
      calls.clear();
      injected.clear();
    },
    remove: () => void stack.remove(name),
  };
}

/** The store's own DynamoDB client (every store and use case goes through it). */
export const injectDynamoFaults = (): FaultInjector => injectFaults(db);

const meta = (status: number) => ({ httpStatusCode: status, requestId: 'injected', attempts: 1, totalRetryDelay: 0 });

/** DynamoDB's errors as the service sends them (name, fault, status), so the SDK classifies them as it would a real one. */
export const dynamoErrors = {
  provisionedThroughputExceeded: () =>
    new DynamoDBServiceException({ name: 'ProvisionedThroughputExceededException', $fault: 'client', $metadata: meta(400), message: 'injected: the level of configured provisioned throughput for the table was exceeded' }),
  throttling: () => new DynamoDBServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: meta(400), message: 'injected: rate of requests exceeds the allowed throughput' }),
  internalServerError: () => new DynamoDBServiceException({ name: 'InternalServerError', $fault: 'server', $metadata: meta(500), message: 'injected: internal server error' }),
  /** A transaction cancelled because one item's partition was throttled (one reason per item). */
  transactionThrottled: (input: Record<string, unknown>, throttledIndex = 0) => {
    const items = Array.isArray(input.TransactItems) ? input.TransactItems.length : 1;
    return new TransactionCanceledException({
      $metadata: meta(400),
      message: 'injected: Transaction cancelled, please refer cancellation reasons for specific reasons',
      CancellationReasons: Array.from({ length: items }, (_, i) => (i === throttledIndex ? { Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity for one or more global secondary indexes.' } : { Code: 'None' })),
    });
  },
};
