/**
 * SSM Automation executions are followed through EventBridge's `aws.ssm` "EC2 Automation Execution
 * Status-change Notification" events (functions/automation/handle-ssm-status.ts), and by a poll of
 * `GetAutomationExecution` as a fallback. Either way the status maps onto the execution
 * (in_progress → success | failed with SSM's reason); a final execution is never changed again,
 * and a repeated or late status is a no-op.
 */
import { executionStatusOfSsm, FINAL_STATUSES, type Execution } from '#shared/domain/automation/automated-response.ts';
import type { AutomationDeps } from '#shared/use-cases/automation/context.ts';
import { recordStatus } from '#shared/use-cases/automation/run-automated-responses.ts';

export type FollowOutcome = 'updated' | 'unchanged' | 'unknown execution' | 'unknown status';

export async function applySsmStatus(deps: Pick<AutomationDeps, 'automation' | 'incidents' | 'now'>, automationExecutionId: string, ssmStatus: string, failure?: string): Promise<FollowOutcome> {
  const status = executionStatusOfSsm(ssmStatus);
  if (!status) return 'unknown status';
  const ref = await deps.automation.findByExternalId(automationExecutionId);
  if (!ref) return 'unknown execution';
  const [execution, incident] = await Promise.all([deps.automation.getExecution(ref), deps.incidents.get(ref.incident_id)]);
  if (!execution || !incident || FINAL_STATUSES.includes(execution.status)) return 'unchanged';
  const reason = status === 'in_progress' ? execution.reason : `SSM ${ssmStatus}${failure ? `: ${failure.slice(0, 300)}` : ''}`;
  const after = await recordStatus(deps, incident, execution, status, reason);
  return after ? 'updated' : 'unchanged';
}

/** The poll: asks SSM for one execution's status and applies it. */
export async function pollSsmExecution(deps: Pick<AutomationDeps, 'automation' | 'incidents' | 'now' | 'getAutomation'>, execution: Pick<Execution, 'external_id' | 'action_type'>): Promise<FollowOutcome> {
  if (execution.action_type !== 'ssm_automation' || !execution.external_id || !deps.getAutomation) return 'unchanged';
  const out = await deps.getAutomation({ AutomationExecutionId: execution.external_id });
  const status = out.AutomationExecution?.AutomationExecutionStatus;
  if (!status) return 'unknown status';
  return applySsmStatus(deps, execution.external_id, status, out.AutomationExecution?.FailureMessage);
}
