/** Bus rule → the reactor of `webhook` actions (functions/automation/run-automated-responses.ts). */
import { createAutomationHandler } from '#functions/automation/run-automated-responses.ts';
import { webhookActions } from '#shared/automation/aws-actions.ts';
import { config } from '#shared/config.ts';
import { createHttpPost } from '#shared/notify/http.ts';
import { namespace, reactorDeps } from '#shared/use-cases/automation/reactor-deps.ts';

export const handler = createAutomationHandler(reactorDeps('webhook', webhookActions(createHttpPost(config.STAGE))), namespace);
