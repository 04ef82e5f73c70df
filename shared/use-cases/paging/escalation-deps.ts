/**
 * The production wiring of the escalation use cases, created once per Lambda container. The
 * Scheduler client loads only in the functions that arm timers (the reactor and the timer
 * function); request handlers take route-deps.ts, which has no scheduler (the reactor arms what
 * they wrote).
 */
import { config } from '#shared/config.ts';
import type { TimerScheduler } from '#shared/schedule/scheduler.ts';
import type { EscalationDeps } from '#shared/use-cases/paging/escalation-context.ts';
import { stepDeps } from '#shared/use-cases/paging/route-deps.ts';

let scheduler: Promise<TimerScheduler> | undefined;
async function eventBridgeScheduler(): Promise<TimerScheduler> {
  const [{ SchedulerClient }, { EventBridgeScheduler }] = await Promise.all([import('@aws-sdk/client-scheduler'), import('#shared/schedule/eventbridge-scheduler.ts')]);
  const { SCHEDULE_GROUP_NAME, TIMER_FUNCTION_ARN, SCHEDULER_ROLE_ARN, TIMER_DLQ_ARN } = config;
  if (!SCHEDULE_GROUP_NAME || !TIMER_FUNCTION_ARN || !SCHEDULER_ROLE_ARN || !TIMER_DLQ_ARN) {
    throw new Error('SCHEDULE_GROUP_NAME, TIMER_FUNCTION_ARN, SCHEDULER_ROLE_ARN and TIMER_DLQ_ARN must be set where timers are armed');
  }
  return new EventBridgeScheduler({ client: new SchedulerClient({}), groupName: SCHEDULE_GROUP_NAME, targetArn: TIMER_FUNCTION_ARN, roleArn: SCHEDULER_ROLE_ARN, deadLetterArn: TIMER_DLQ_ARN });
}
const lazyScheduler: TimerScheduler = {
  arm: async (timer) => (await (scheduler ??= eventBridgeScheduler())).arm(timer),
  cancel: async (name) => (await (scheduler ??= eventBridgeScheduler())).cancel(name),
};

export function createEscalationDeps(overrides: Partial<EscalationDeps> = {}): EscalationDeps {
  return { ...stepDeps, scheduler: lazyScheduler, ...overrides };
}

export const escalationDeps: EscalationDeps = createEscalationDeps();
