/**
 * The time budget of one invocation. A handler must answer before the function's deadline: when
 * it runs out of time the answer is 503 with Retry-After, never a 500 and never a Lambda timeout.
 *
 * `withTimeBudget` derives the budget from `context.getRemainingTimeInMillis()` minus a margin
 * (time to answer and flush logs), runs the work with an AbortSignal in async-local scope and
 * rejects with TimeBudgetExceeded when the budget is spent. The DynamoDB client
 * (shared/store/client.ts) reads the signal: a call started after the deadline fails at once, one
 * in flight is abandoned when it passes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { UnavailableError } from '#shared/domain/errors.ts';

/** Kept back from the deadline: at most 1 s, at most a fifth of what is left. */
export const DEADLINE_MARGIN_MS = 1000;

export class TimeBudgetExceeded extends UnavailableError {}

const signals = new AsyncLocalStorage<AbortSignal | undefined>();

/** The signal of the budget the caller runs in, if any. */
export function currentAbortSignal(): AbortSignal | undefined {
  return signals.getStore();
}

/** Runs `run` within `signal`'s budget, or within none (work done on behalf of several callers). */
export function runWithSignal<T>(signal: AbortSignal | undefined, run: () => T): T {
  return signals.run(signal, run);
}

export function budgetOf(remainingMs: number): number {
  return Math.max(0, remainingMs - Math.min(DEADLINE_MARGIN_MS, remainingMs / 5));
}

export async function withTimeBudget<T>(remainingMs: number | undefined, run: () => Promise<T>): Promise<T> {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) return run();
  const budget = budgetOf(remainingMs);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new TimeBudgetExceeded(`The request ran out of time (${Math.round(budget)} ms); retry in a moment.`);
      controller.abort(error);
      reject(error);
    }, budget);
  });
  try {
    return await Promise.race([signals.run(controller.signal, run), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Rejects with the signal's reason as soon as it aborts; otherwise settles like `work`. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
