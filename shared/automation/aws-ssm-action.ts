/** The SSM Automation action and its status poll on the SDK's SSM client (the SSM reactor's only extra client). */
import { GetAutomationExecutionCommand, SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { ssmRunner, type ActionRunners, type GetAutomation } from '#shared/automation/actions.ts';

export function ssmActions(ssm = new SSMClient({})): ActionRunners {
  return { ssm_automation: ssmRunner((input) => ssm.send(new StartAutomationExecutionCommand(input))) };
}

export function awsGetAutomation(ssm = new SSMClient({})): GetAutomation {
  return (input) => ssm.send(new GetAutomationExecutionCommand(input));
}
