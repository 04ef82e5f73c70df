/**
 * What the escalation use cases receive. `directory` answers the questions escalation asks of
 * teams and schedules (the other half of the paging capability); `speed` is LOCAL_SCHEDULER_SPEED
 * in local mode and 1 in AWS: every delay is divided by it when a timer is armed.
 */
import type { TimerScheduler } from '#shared/schedule/scheduler.ts';
import type { IncidentStore } from '#shared/store/incidents/incident-store.ts';
import type { EscalationStore } from '#shared/store/paging/escalation-store.ts';

export interface TeamFacts {
  readonly id: string;
  readonly name: string;
  readonly members: readonly string[];
  readonly schedule_id: string | null;
  readonly escalation_policy_id: string | null;
  /** 0 turns auto-resolve off. */
  readonly auto_resolve_hours: number;
}

export interface OnCallDirectory {
  team(id: string): Promise<TeamFacts | undefined>;
  scheduleExists(id: string): Promise<boolean>;
  /** Who is on call on a schedule at an instant (user ids, the tokens' subjects). */
  scheduleOnCall(id: string, at: Date): Promise<string[]>;
  /** The team's on-call people at an instant (its schedule; its members when it has none). */
  teamOnCall(id: string, at: Date): Promise<string[]>;
}

/**
 * What the request-path use cases (escalate now, snooze, a step run) need: they write timer items
 * in the incident's transaction and never call the scheduler; the reactor arms what they wrote.
 */
export interface StepDeps {
  readonly incidents: IncidentStore;
  readonly escalations: EscalationStore;
  readonly directory: OnCallDirectory;
  readonly now: () => Date;
  readonly speed: number;
  readonly log?: (message: string, details: Record<string, unknown>) => void;
}

/** The reactor's and the timer function's deps: a step run plus the scheduler that arms timers. */
export interface EscalationDeps extends StepDeps {
  readonly scheduler: TimerScheduler;
}
