/** Bus rule → the reactor of `ssm_automation` actions (functions/automation/run-automated-responses.ts). */
import { createAutomationHandler } from '#functions/automation/run-automated-responses.ts';
import { ssmActions } from '#shared/automation/aws-ssm-action.ts';
import { namespace, reactorDeps } from '#shared/use-cases/automation/reactor-deps.ts';

export const handler = createAutomationHandler(reactorDeps('ssm_automation', ssmActions()), namespace);
