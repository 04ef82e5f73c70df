/**
 * `POST /v1/incidents/{id}/escalate`: runs the next step now, in the request's one transaction
 * (the step's timer item included; the reactor arms its schedule from the stream). The pending
 * step's schedule becomes stale (its sequence no longer matches) and is dropped when it fires.
 * Two clicks in a row escalate once: a second hand escalation within ESCALATE_NOW_WINDOW_MS
 * answers the first one's run, and concurrent clicks meet the escalation's version condition.
 */
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import type { Actor } from '#shared/domain/incidents/incident.ts';
import { recentlyEscalated, stepBlocked, type StepRun } from '#shared/domain/paging/escalation.ts';
import type { StepDeps } from '#shared/use-cases/paging/escalation-context.ts';
import { retryOnConflict } from '#shared/use-cases/paging/retry.ts';
import { runStep } from '#shared/use-cases/paging/run-step.ts';

export interface EscalateNowResult {
  /** False when this click repeated one that had just escalated. */
  readonly escalated: boolean;
  readonly run: StepRun | null;
  readonly message: string;
}

export function escalateNow(deps: StepDeps, incidentId: string, actor: Actor): Promise<EscalateNowResult> {
  return retryOnConflict(async (): Promise<EscalateNowResult> => {
    const { incident, escalation } = await deps.escalations.load(incidentId, []);
    if (!incident) throw new NotFoundError(`Incident ${incidentId} does not exist.`);
    if (!escalation) throw new ConflictError(`No escalation policy applies to ${incidentId}; there is nothing to escalate.`);
    const now = deps.now().toISOString();
    const blocked = stepBlocked(incident, escalation);
    const refuse = () => new ConflictError(`Nothing to escalate: ${blocked}.`, { escalation_state: escalation.state, incident_status: incident.status });
    // An incident acknowledged or resolved meanwhile refuses; a second click after the first one
    // ran the last step (escalation completed) is the same click.
    if (blocked && stepBlocked(incident, { ...escalation, state: 'active' }) !== undefined) throw refuse();
    if (recentlyEscalated(escalation, now)) {
      return { escalated: false, run: null, message: `already escalated by hand at ${escalation.last_run?.at ?? now}; not escalated again` };
    }
    if (blocked) throw refuse();
    const plan = await runStep(deps, incident, escalation, 'escalate_now');
    return { escalated: true, run: plan.run, message: `${plan.run.message} (by ${actor.name})` };
  });
}
