/**
 * EventBridge Scheduler → the timer function. The schedule's input is the timer's reference
 * (incident, kind, token, sequence, name); the use case re-reads everything and acts at most once.
 * Scheduler retries a failed invocation (RetryPolicy) and then sends it to the timers' DLQ.
 */
import { isTimerPayload } from '#shared/schedule/scheduler.ts';
import { logger } from '#shared/observability.ts';
import type { EscalationDeps } from '#shared/use-cases/paging/escalation-context.ts';
import { escalationDeps } from '#shared/use-cases/paging/escalation-deps.ts';
import { fireTimer, type FireOutcome } from '#shared/use-cases/paging/fire-timer.ts';

export function createTimerHandler(deps: EscalationDeps) {
  return async (event: unknown): Promise<FireOutcome> => {
    // A malformed input can never succeed: log it and return, rather than retry it into the DLQ.
    if (!isTimerPayload(event)) {
      logger.error('timer input is not a timer reference', { input: JSON.stringify(event).slice(0, 500) });
      return { dropped: 'malformed input' };
    }
    const outcome = await fireTimer(deps, event);
    logger.info('timer fired', { timer: event.name, ...outcome });
    return outcome;
  };
}

export const handler = createTimerHandler(escalationDeps);
