/** `GET /v1/incidents/{id}/escalations`: every step run, oldest first, and where the escalation stands. */
import { NotFoundError } from '#shared/domain/errors.ts';
import type { EscalationDeps } from '#shared/use-cases/paging/escalation-context.ts';

export async function listEscalations(deps: Pick<EscalationDeps, 'escalations'>, incidentId: string, limit: number, cursor: string | undefined) {
  const { incident, escalation, timers } = await deps.escalations.load(incidentId, ['escalation_step', 'ack_timeout', 'snooze']);
  if (!incident) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
  const page = await deps.escalations.listRuns(incidentId, limit, cursor);
  const pending = Object.values(timers).filter((t) => t.state === 'pending').map((t) => ({ kind: t.kind, due_at: t.due_at }));
  return {
    escalation: escalation
      ? { policy_id: escalation.policy.id, policy_name: escalation.policy.name, state: escalation.state, stop_reason: escalation.stop_reason, next_step: escalation.next.step + 1, loop: escalation.next.loop, runs: escalation.runs, started_at: escalation.started_at, pending_timers: pending }
      : null,
    ...page,
  };
}
