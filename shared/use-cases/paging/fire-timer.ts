/**
 * The timer function: a schedule (or the local poller) delivered a timer. It re-reads the incident,
 * the escalation and the timer item in ONE round trip and acts only if all three still say so;
 * every action settles the timer with a conditional write on its state, token and sequence, so a
 * schedule delivered twice (Scheduler delivers at least once) acts once.
 *
 * Budget: 1 BatchGetItem + the on-call lookups of the step's targets + 1 TransactWriteItems, and
 * 1 Scheduler call (the next step's schedule).
 */
import { changeStatus } from '#shared/domain/incidents/incident.ts';
import { SYSTEM_ACTOR } from '#shared/domain/incidents/incident.ts';
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import { autoResolveMessage, DEFAULT_AUTO_RESOLVE_HOURS, dueAfterMs, stepBlocked, timerName, type Timer } from '#shared/domain/paging/escalation.ts';
import type { TimerPayload } from '#shared/schedule/scheduler.ts';
import type { EscalationDeps } from '#shared/use-cases/paging/escalation-context.ts';
import { retryOnConflict } from '#shared/use-cases/paging/retry.ts';
import { runStep } from '#shared/use-cases/paging/run-step.ts';

export type FireOutcome = { acted: string } | { dropped: string };

export function fireTimer(deps: EscalationDeps, payload: TimerPayload): Promise<FireOutcome> {
  return retryOnConflict(async (): Promise<FireOutcome> => {
    const { incident, escalation, timers } = await deps.escalations.load(payload.incident_id, [payload.kind]);
    const timer = timers[payload.kind];
    if (!timer || timer.state !== 'pending' || timer.token !== payload.token || timer.seq !== payload.seq) {
      return { dropped: timer?.state === 'pending' ? 'superseded by a newer timer' : 'already fired or cancelled' };
    }
    const settle = async (why: string): Promise<FireOutcome> => {
      await deps.escalations.commit({ settle: [{ ref: timer, state: 'fired' }] });
      return { dropped: why };
    };
    const armNext = async (next: Timer | undefined) => {
      if (next) await deps.scheduler.arm(next);
    };

    switch (timer.kind) {
      case 'escalation_step': {
        const blocked = stepBlocked(incident, escalation, timer);
        if (blocked || !incident || !escalation) return settle(blocked ?? 'no escalation');
        const plan = await runStep(deps, incident, escalation, 'timer', { settle: timer });
        await armNext(plan.next);
        return { acted: plan.run.message };
      }
      case 'ack_timeout': {
        if (!incident || incident.status !== 'acknowledged') return settle(incident ? `incident ${incident.status}` : 'incident deleted');
        if (!escalation || escalation.token !== timer.token) return settle('no escalation to resume');
        const resumed = { ...escalation, state: 'active' as const, stop_reason: null };
        const plan = await runStep(deps, incident, resumed, 'ack_timeout', { settle: timer, resume: true });
        await armNext(plan.next);
        return { acted: plan.run.message };
      }
      case 'snooze': {
        if (!incident || incident.status !== 'acknowledged' || incident.snoozed_until === null) return settle('snooze no longer applies');
        if (!escalation) return settle('no escalation to resume');
        const resumed = { ...escalation, state: 'active' as const, stop_reason: null };
        const plan = await runStep(deps, incident, resumed, 'snooze_ended', {
          settle: timer,
          resume: true,
          extraPeople: incident.assignee ? [{ user: incident.assignee, via: 'assignee' }] : [],
          extraFields: { snoozed_until: null },
        });
        await armNext(plan.next);
        return { acted: plan.run.message };
      }
      case 'auto_resolve': {
        if (!incident || !isActive(incident.status)) return settle(incident ? `incident ${incident.status}` : 'incident deleted');
        const hours = timer.hours ?? DEFAULT_AUTO_RESOLVE_HOURS;
        const now = deps.now();
        // An update the reactor has not re-armed for yet (or an escalation step) pushes it back.
        // EventBridge Scheduler fires at whole seconds, so up to 1 s of schedule time early.
        const quietUntil = dueAfterMs(incident.updated_at, hours * 3_600_000, deps.speed);
        if (Date.parse(quietUntil) > now.getTime() + 1000 / deps.speed) {
          const later: Timer = { ...timer, seq: timer.seq + 1, due_at: quietUntil, armed_at: now.toISOString() };
          const again = { ...later, name: timerName(later) };
          await deps.escalations.commit({ settle: [{ ref: timer, state: 'fired' }], arm: [again] });
          await deps.scheduler.arm(again);
          return { dropped: `updated since; pushed back to ${quietUntil}` };
        }
        const change = changeStatus(incident, 'resolved', SYSTEM_ACTOR, now.toISOString(), autoResolveMessage(hours));
        await deps.incidents.save(incident, change.incident, change.entry, { extra: deps.escalations.writeItems({ settle: [{ ref: timer, state: 'fired' }] }) });
        return { acted: autoResolveMessage(hours) };
      }
    }
  });
}
