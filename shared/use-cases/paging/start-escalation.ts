/**
 * The escalation starter, on `incident.created` from the bus (so it follows the outbox): picks the
 * incident's policy, COPIES it into a new escalation with a fresh token, runs the first step and
 * arms the timer of the next one. A redelivered event finds the escalation and only makes sure
 * its pending timer is armed (the deterministic schedule name makes that harmless).
 */
import { ulid } from '#shared/domain/ids.ts';
import { newEscalation, selectPolicy } from '#shared/domain/paging/escalation.ts';
import type { EscalationDeps } from '#shared/use-cases/paging/escalation-context.ts';
import { retryOnConflict } from '#shared/use-cases/paging/retry.ts';
import { runStep, type StepPlan } from '#shared/use-cases/paging/run-step.ts';

export type StartOutcome = { started: StepPlan } | { skipped: 'incident gone' | 'not open' | 'no matching policy' | 'already started' };

export function startEscalation(deps: EscalationDeps, incidentId: string): Promise<StartOutcome> {
  return retryOnConflict(async (): Promise<StartOutcome> => {
    const { incident, escalation, timers } = await deps.escalations.load(incidentId, ['escalation_step']);
    if (!incident) return { skipped: 'incident gone' };
    if (escalation) {
      const pending = timers.escalation_step;
      if (pending?.state === 'pending' && pending.token === escalation.token) await deps.scheduler.arm(pending);
      return { skipped: 'already started' };
    }
    if (incident.status !== 'open') return { skipped: 'not open' };
    const [team, policies] = await Promise.all([incident.assigned_team ? deps.directory.team(incident.assigned_team) : undefined, deps.escalations.listPolicies()]);
    const policy = selectPolicy(policies, incident, team?.escalation_policy_id ?? null);
    if (!policy) return { skipped: 'no matching policy' };
    const now = deps.now().toISOString();
    const plan = await runStep(deps, incident, newEscalation(incident.id, structuredClone(policy), ulid(Date.parse(now)), now), 'started');
    if (plan.next) await deps.scheduler.arm(plan.next);
    return { started: plan };
  });
}
