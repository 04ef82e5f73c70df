/** The production action runners: Lambda and SSM clients of the SDK, the notifications' HTTP client. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetAutomationExecutionCommand, SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { lambdaRunner, ssmRunner, webhookRunner, type ActionRunners, type GetAutomation } from '#shared/automation/actions.ts';
import type { HttpPost } from '#shared/notify/http.ts';

export function awsActions(post: HttpPost, lambda = new LambdaClient({}), ssm = new SSMClient({})): ActionRunners {
  return {
    webhook: webhookRunner(post),
    lambda: lambdaRunner((input) => lambda.send(new InvokeCommand(input))),
    ssm_automation: ssmRunner((input) => ssm.send(new StartAutomationExecutionCommand(input))),
  };
}

export function awsGetAutomation(ssm = new SSMClient({})): GetAutomation {
  return (input) => ssm.send(new GetAutomationExecutionCommand(input));
}
