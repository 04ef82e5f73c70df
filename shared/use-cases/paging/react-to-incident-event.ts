/**
 * The paging reactor: every incident event from the bus (so it follows the outbox). Requests only
 * write the table; this is where their consequences for timers happen:
 *
 * - `incident.created`: start the escalation (start-escalation.ts);
 * - `incident.acknowledged`: stop the escalation, cancel its pending step (delete the schedule; one
 *   that already fired is not an error), arm the acknowledgement timeout when the policy has one;
 * - a move to investigating / identified / monitoring: stop, cancel the acknowledgement timeout and
 *   the snooze; resolved / closed / deleted: stop and cancel every timer of the incident;
 * - an escalate-now step or a snooze written by a request: arm the schedule of the timer item it wrote;
 * - every event of an active incident except escalation steps pushes auto-resolve back (the
 *   team's `auto_resolve_hours`, default 72, 0 = off).
 */
import { isActive } from '#shared/domain/incidents/lifecycle.ts';
import {
  DEFAULT_AUTO_RESOLVE_HOURS,
  dueAfter,
  dueAfterMs,
  timerName,
  TIMER_KINDS,
  type Escalation,
  type StopReason,
  type Timer,
  type TimerKind,
  type TimerRef,
} from '#shared/domain/paging/escalation.ts';
import { timelineTypeOf, type CloudEvent } from '#shared/events/cloudevent.ts';
import type { EscalationDeps } from '#shared/use-cases/paging/escalation-context.ts';
import { retryOnConflict } from '#shared/use-cases/paging/retry.ts';
import { startEscalation } from '#shared/use-cases/paging/start-escalation.ts';

const WORKING: readonly string[] = ['investigating', 'identified', 'monitoring'];
const DONE: readonly string[] = ['resolved', 'closed'];

export interface Reaction {
  readonly type: string;
  readonly actions: string[];
}

export async function reactToIncidentEvent(deps: EscalationDeps, event: CloudEvent, namespace: string): Promise<Reaction> {
  const type = timelineTypeOf(event.type, namespace);
  const actions: string[] = [];
  // A change event noted on the timeline (integrations) is not activity on the incident: it moves
  // no escalation and never pushes an auto-resolve back.
  if (!type.startsWith('incident.') || type === 'incident.change_recorded') return { type, actions };
  const incidentId = event.subject;
  const status = typeof event.data.incident?.status === 'string' ? event.data.incident.status : undefined;

  if (type === 'incident.created') {
    const outcome = await startEscalation(deps, incidentId);
    actions.push('started' in outcome ? `escalation started: ${outcome.started.run.message}` : `no escalation: ${outcome.skipped}`);
  } else if (type === 'incident.escalated') {
    // Steps run by a worker armed their next timer themselves; one run by a request did not.
    const reason = (event.data as { escalation?: { reason?: string } }).escalation?.reason;
    if (reason === 'escalate_now') actions.push(...(await armPending(deps, incidentId, ['escalation_step'])));
  } else if (type === 'incident.deleted') {
    actions.push(...(await stop(deps, incidentId, 'deleted', TIMER_KINDS)));
  } else if (type === 'incident.acknowledged') {
    actions.push(...(await acknowledged(deps, incidentId)));
  } else if (status && WORKING.includes(status)) {
    actions.push(...(await stop(deps, incidentId, 'investigating', ['escalation_step', 'ack_timeout', 'snooze'])));
  } else if (status && DONE.includes(status)) {
    actions.push(...(await stop(deps, incidentId, status === 'closed' ? 'closed' : 'resolved', TIMER_KINDS)));
  } else if (type === 'incident.updated' && status === 'acknowledged') {
    // A snooze (POST /v1/incidents/{id}/snooze) wrote its timer item; arm its schedule.
    actions.push(...(await armPending(deps, incidentId, ['snooze'])));
  }

  if (type !== 'incident.escalated' && type !== 'incident.deleted' && status && isActive(status as never)) {
    actions.push(...(await pushAutoResolveBack(deps, event)));
  }
  return { type, actions };
}

async function armPending(deps: EscalationDeps, incidentId: string, kinds: readonly TimerKind[]): Promise<string[]> {
  const { timers } = await deps.escalations.load(incidentId, kinds);
  const out: string[] = [];
  for (const kind of kinds) {
    const timer = timers[kind];
    if (timer?.state === 'pending') out.push(`${timer.name}: ${await deps.scheduler.arm(timer)}`);
  }
  return out;
}

/** Stops a running escalation and cancels the named timers, in one transaction; then deletes their schedules. */
async function stop(deps: EscalationDeps, incidentId: string, reason: StopReason, kinds: readonly TimerKind[], arm?: (escalation: Escalation) => Timer | undefined): Promise<string[]> {
  return retryOnConflict(async () => {
    const { escalation, timers } = await deps.escalations.load(incidentId, TIMER_KINDS);
    const now = deps.now().toISOString();
    const cancel = kinds.map((k) => timers[k]).filter((t): t is Timer => t?.state === 'pending');
    const stopping = escalation && escalation.state === 'active';
    const armed = escalation ? arm?.(escalation) : undefined;
    if (!stopping && cancel.length === 0 && !armed) return [];
    await deps.escalations.commit({
      ...(escalation && (stopping || armed)
        ? { escalation: { after: { ...escalation, state: stopping ? 'stopped' : escalation.state, stop_reason: stopping ? reason : escalation.stop_reason, ack_overridden: false, updated_at: now, version: escalation.version + 1 }, expectedVersion: escalation.version } }
        : {}),
      settle: cancel.map((t) => ({ ref: t, state: 'cancelled' as const })),
      ...(armed ? { arm: [armed] } : {}),
    });
    const out = [...(stopping ? [`escalation stopped (${reason})`] : [])];
    for (const t of cancel) out.push(`${t.name}: ${await deps.scheduler.cancel(t.name)}`);
    if (armed) out.push(`${armed.name}: ${await deps.scheduler.arm(armed)}`);
    return out;
  });
}

function acknowledged(deps: EscalationDeps, incidentId: string): Promise<string[]> {
  return stop(deps, incidentId, 'acknowledged', ['escalation_step'], (escalation) => {
    const minutes = escalation.policy.ack_timeout_minutes;
    if (!minutes) return undefined;
    const now = deps.now().toISOString();
    const ref: TimerRef = { incident_id: incidentId, kind: 'ack_timeout', token: escalation.token, seq: escalation.seq };
    return { ...ref, name: timerName(ref), due_at: dueAfter(now, minutes, deps.speed), state: 'pending', armed_at: now };
  });
}

async function pushAutoResolveBack(deps: EscalationDeps, event: CloudEvent): Promise<string[]> {
  const teamId = event.data.incident?.assigned_team;
  if (typeof teamId !== 'string') return [];
  const team = await deps.directory.team(teamId);
  const hours = team ? team.auto_resolve_hours : 0;
  if (!team || !(hours > 0)) return [];
  const ref: TimerRef = { incident_id: event.subject, kind: 'auto_resolve', token: event.id, seq: 0 };
  const timer: Timer = { ...ref, name: timerName(ref), due_at: dueAfterMs(event.time, hours * 3_600_000, deps.speed), state: 'pending', armed_at: deps.now().toISOString(), hours: hours || DEFAULT_AUTO_RESOLVE_HOURS };
  const { armed, replaced } = await deps.escalations.armIfNewer(timer);
  if (!armed) return [];
  const out = [`${timer.name}: ${await deps.scheduler.arm(timer)}`];
  if (replaced) out.push(`${replaced.name}: ${await deps.scheduler.cancel(replaced.name)}`);
  return out;
}
