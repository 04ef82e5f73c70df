/**
 * The alarm clock of timers. A timer is an item in the table first (shared/store/paging); the
 * scheduler only wakes the timer function when it is due, and the function re-reads the item and
 * the incident before it acts. EventBridge Scheduler implements it in AWS
 * (shared/schedule/eventbridge-scheduler.ts), a poller over the timer items' due-time index in
 * local mode (shared/schedule/local-scheduler.ts).
 */
import type { Timer, TimerRef } from '#shared/domain/paging/escalation.ts';

export interface TimerScheduler {
  /** Makes sure `timer` fires at its due time; arming the same timer again is harmless. */
  arm(timer: Timer): Promise<'created' | 'exists'>;
  /** Removes the schedule of a timer; a schedule that already fired (or never existed) is done. */
  cancel(name: string): Promise<'deleted' | 'gone'>;
}

/** What a schedule delivers to the timer function (its input). */
export type TimerPayload = TimerRef & { readonly name: string };

export function isTimerPayload(value: unknown): value is TimerPayload {
  const v = value as Partial<TimerPayload> | null;
  return (
    !!v &&
    typeof v.incident_id === 'string' &&
    typeof v.kind === 'string' &&
    ['escalation_step', 'ack_timeout', 'snooze', 'auto_resolve'].includes(v.kind) &&
    typeof v.token === 'string' &&
    typeof v.seq === 'number' &&
    typeof v.name === 'string'
  );
}

export const payloadOf = (timer: Timer): TimerPayload => ({ incident_id: timer.incident_id, kind: timer.kind, token: timer.token, seq: timer.seq, name: timer.name });
