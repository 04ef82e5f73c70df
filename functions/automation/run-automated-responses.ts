/**
 * Bus rule (incident events of the namespace) → an automated-response reactor
 * (shared/use-cases/automation/run-automated-responses.ts). EventBridge invokes it asynchronously
 * (retries, then the rule target's DLQ); a failure throws, and a retry never starts an execution twice.
 * The deployed handlers are run-webhook-responses.ts, run-lambda-responses.ts and run-ssm-responses.ts
 * (one per action type); local mode uses this factory with every type.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import type { CloudEvent } from '#shared/events/cloudevent.ts';
import { logger, withCorrelation } from '#shared/observability.ts';
import type { AutomationDeps } from '#shared/use-cases/automation/context.ts';
import { runAutomatedResponses, type RunResult } from '#shared/use-cases/automation/run-automated-responses.ts';

export function createAutomationHandler(deps: AutomationDeps, namespace: string) {
  // Every line about the event carries `correlation_id` = its CloudEvent id (shared/observability.ts).
  return (event: EventBridgeEvent<string, CloudEvent>): Promise<RunResult> =>
    withCorrelation(event.detail.id, async () => {
      const result = await runAutomatedResponses(deps, event.detail, namespace);
      if (result.executions.length > 0) logger.info('automated responses', { event_id: event.detail.id, ...result });
      return result;
    });
}
