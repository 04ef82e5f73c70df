/** Bus rule → the reactor of `lambda` actions (functions/automation/run-automated-responses.ts). */
import { createAutomationHandler } from '#functions/automation/run-automated-responses.ts';
import { lambdaActions } from '#shared/automation/aws-lambda-action.ts';
import { namespace, reactorDeps } from '#shared/use-cases/automation/reactor-deps.ts';

export const handler = createAutomationHandler(reactorDeps('lambda', lambdaActions()), namespace);
