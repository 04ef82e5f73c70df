/**
 * TimerScheduler on EventBridge Scheduler: one one-time schedule per pending timer, in the stage's
 * schedule group.
 *
 * - `at(yyyy-mm-ddThh:mm:ss)` in UTC, flexible time window OFF, ActionAfterCompletion DELETE;
 * - the deterministic name of the timer item, so a retried create meets ConflictException (= armed);
 * - target: the timer function, invoked with the role that may invoke only it; retry policy and a
 *   dead-letter queue (the role may send to it);
 * - DeleteSchedule of a schedule that already fired and deleted itself gives
 *   ResourceNotFoundException: treated as done.
 * A due time in the past (a step with delay 0) is moved to the next whole second after `now` + 1 s:
 * Scheduler fires within the minute anyway.
 */
import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Timer } from '#shared/domain/paging/escalation.ts';
import { payloadOf, type TimerScheduler } from '#shared/schedule/scheduler.ts';

export interface EventBridgeSchedulerOptions {
  readonly client: Pick<SchedulerClient, 'send'>;
  readonly groupName: string;
  readonly targetArn: string;
  readonly roleArn: string;
  readonly deadLetterArn: string;
  /** @default 3600: a timer that cannot be delivered for an hour goes to the DLQ. */
  readonly maximumEventAgeSeconds?: number;
  /** @default 20 */
  readonly maximumRetryAttempts?: number;
  readonly now?: () => Date;
}

/** `at(2026-11-24T10:00:00)`: UTC, whole seconds, never before `now` + 1 s. */
export function atExpression(dueAt: string, now: Date): string {
  const earliest = Math.ceil((now.getTime() + 1000) / 1000) * 1000;
  const due = Math.max(Math.ceil(Date.parse(dueAt) / 1000) * 1000, earliest);
  return `at(${new Date(due).toISOString().slice(0, 19)})`;
}

export class EventBridgeScheduler implements TimerScheduler {
  constructor(private readonly options: EventBridgeSchedulerOptions) {}

  async arm(timer: Timer): Promise<'created' | 'exists'> {
    const o = this.options;
    try {
      await o.client.send(
        new CreateScheduleCommand({
          Name: timer.name,
          GroupName: o.groupName,
          ScheduleExpression: atExpression(timer.due_at, (o.now ?? (() => new Date()))()),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Description: `${timer.kind} of ${timer.incident_id}`,
          Target: {
            Arn: o.targetArn,
            RoleArn: o.roleArn,
            Input: JSON.stringify(payloadOf(timer)),
            RetryPolicy: { MaximumEventAgeInSeconds: o.maximumEventAgeSeconds ?? 3600, MaximumRetryAttempts: o.maximumRetryAttempts ?? 20 },
            DeadLetterConfig: { Arn: o.deadLetterArn },
          },
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof ConflictException) return 'exists';
      throw error;
    }
  }

  async cancel(name: string): Promise<'deleted' | 'gone'> {
    try {
      await this.options.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.options.groupName }));
      return 'deleted';
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return 'gone';
      throw error;
    }
  }
}
