/**
 * Default-bus rule (`aws.ssm`, "EC2 Automation Execution Status-change Notification") → the
 * execution of the automated response that started it (shared/use-cases/automation/follow-ssm.ts).
 * Executions this service did not start are ignored.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { logger } from '#shared/observability.ts';
import type { AutomationDeps } from '#shared/use-cases/automation/context.ts';
import { statusDeps } from '#shared/use-cases/automation/reactor-deps.ts';
import { applySsmStatus, type FollowOutcome } from '#shared/use-cases/automation/follow-ssm.ts';

export interface SsmStatusDetail {
  ExecutionId?: string;
  Status?: string;
  Definition?: string;
}

export function createSsmStatusHandler(deps: Pick<AutomationDeps, 'automation' | 'incidents' | 'now'>) {
  return async (event: EventBridgeEvent<'EC2 Automation Execution Status-change Notification', SsmStatusDetail>): Promise<FollowOutcome> => {
    const { ExecutionId, Status } = event.detail;
    if (!ExecutionId || !Status) return 'unknown execution';
    const outcome = await applySsmStatus(deps, ExecutionId, Status);
    logger.info('ssm automation status', { execution_id: ExecutionId, status: Status, outcome });
    return outcome;
  };
}

export const handler = createSsmStatusHandler(statusDeps);
