/**
 * `POST /v1/incidents/{id}/snooze {until}`: an ACKNOWLEDGED incident (PagerDuty's rule) sleeps
 * until a time. One transaction: the incident (`snoozed_until`) and its timeline entry, the
 * escalation paused, the acknowledgement timeout cancelled and the snooze timer item. The reactor
 * arms the schedule from the stream. When it fires the assignee is paged again and escalation
 * resumes ("snooze ended", fire-timer.ts).
 */
import { ConflictError, InvalidInputError, NotFoundError } from '#shared/domain/errors.ts';
import { ulid } from '#shared/domain/ids.ts';
import { timelineEntry, type Actor, type Incident } from '#shared/domain/incidents/incident.ts';
import { dueAfterMs, timerName, type Timer, type TimerRef } from '#shared/domain/paging/escalation.ts';
import type { EscalationWrite } from '#shared/store/paging/escalation-store.ts';
import type { StepDeps } from '#shared/use-cases/paging/escalation-context.ts';
import { retryOnConflict } from '#shared/use-cases/paging/retry.ts';

export const MAX_SNOOZE_MS = 7 * 24 * 3_600_000;

export function snoozeIncident(deps: StepDeps, incidentId: string, until: string, actor: Actor): Promise<Incident> {
  return retryOnConflict(async () => {
    const { incident, escalation, timers } = await deps.escalations.load(incidentId, ['ack_timeout', 'snooze']);
    if (!incident) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
    if (incident.status !== 'acknowledged') {
      throw new ConflictError(`Only an acknowledged incident can be snoozed; this one is '${incident.status}'.`, { current_status: incident.status });
    }
    const now = deps.now().toISOString();
    const untilIso = new Date(until).toISOString();
    const ms = Date.parse(untilIso) - Date.parse(now);
    if (ms <= 0) throw new InvalidInputError(`until ${until} is not in the future.`, { field: 'until' });
    if (ms > MAX_SNOOZE_MS) throw new InvalidInputError(`until ${until} is more than 7 days away; snooze for at most a week.`, { field: 'until' });
    const after: Incident = { ...incident, snoozed_until: untilIso, updated_at: now, version: incident.version + 1 };
    const entry = timelineEntry(after, 'incident.updated', actor, now, { snoozed_until: { from: incident.snoozed_until, to: untilIso } }, { message: `snoozed until ${untilIso}` });
    const ref: TimerRef = { incident_id: incidentId, kind: 'snooze', token: ulid(Date.parse(now)), seq: 0 };
    const timer: Timer = { ...ref, name: timerName(ref), due_at: dueAfterMs(now, ms, deps.speed), state: 'pending', armed_at: now };
    const settle: NonNullable<EscalationWrite['settle']>[number][] = [];
    for (const kind of ['ack_timeout', 'snooze'] as const) {
      const pending = timers[kind];
      if (pending?.state === 'pending') settle.push({ ref: pending, state: 'cancelled' });
    }
    const write: EscalationWrite = {
      arm: [timer],
      settle,
      ...(escalation
        ? { escalation: { after: { ...escalation, state: 'stopped', stop_reason: 'snoozed', ack_overridden: false, updated_at: now, version: escalation.version + 1 }, expectedVersion: escalation.version } }
        : {}),
    };
    await deps.incidents.save(incident, after, entry, { extra: deps.escalations.writeItems(write) });
    return after;
  });
}
