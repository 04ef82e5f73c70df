/** The production wiring of the reactor and the SSM status handler: the SDK's Lambda and SSM clients. */
import { config } from '#shared/config.ts';
import { awsActions } from '#shared/automation/aws-actions.ts';
import { createHttpPost } from '#shared/notify/http.ts';
import type { AutomationDeps } from '#shared/use-cases/automation/context.ts';
import { readDeps } from '#shared/use-cases/automation/deps.ts';
import { systemClock } from '#shared/use-cases/context.ts';

export function createAutomationDeps(): AutomationDeps {
  return { ...readDeps, actions: awsActions(createHttpPost(config.STAGE)), now: systemClock };
}
