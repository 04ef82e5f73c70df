/** The Lambda action on the SDK's Lambda client (the Lambda reactor's only extra client). */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaRunner, type ActionRunners } from '#shared/automation/actions.ts';

export function lambdaActions(lambda = new LambdaClient({})): ActionRunners {
  return { lambda: lambdaRunner((input) => lambda.send(new InvokeCommand(input))) };
}
