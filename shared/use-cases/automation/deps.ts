/** The production wiring of automated responses (created once per container). */
import { config } from '#shared/config.ts';
import { awsActions, awsGetAutomation } from '#shared/automation/aws-actions.ts';
import { createHttpPost } from '#shared/notify/http.ts';
import { DynamoAutomationStore } from '#shared/store/automation/dynamo-automation-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';
import { parseAllowList, type AutomationDeps, type RuleDeps } from '#shared/use-cases/automation/context.ts';

const automation = new DynamoAutomationStore();

/** The handlers of the rule routes (no SDK clients of Lambda or SSM). */
export const ruleDeps: RuleDeps = {
  automation,
  allow: { lambda: parseAllowList(config.AUTOMATION_LAMBDA_ALLOWLIST), ssm: parseAllowList(config.AUTOMATION_SSM_DOCUMENTS) },
  stage: config.STAGE,
  now: systemClock,
};

/** Reading executions: the store and incidents only. */
export const readDeps: Pick<AutomationDeps, 'automation' | 'incidents'> = { automation, incidents: new DynamoIncidentStore() };

/** The reactor and the SSM status handler. */
export function createAutomationDeps(): AutomationDeps {
  return { automation, incidents: readDeps.incidents, actions: awsActions(createHttpPost(config.STAGE)), now: systemClock, getAutomation: awsGetAutomation() };
}
