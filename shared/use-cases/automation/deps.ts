/**
 * The production wiring of the automated-response routes (created once per container). The
 * reactor's, with the Lambda and SSM clients, is in reactor-deps.ts so that the route handlers'
 * bundles do not carry those SDK clients.
 */
import { config } from '#shared/config.ts';
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
