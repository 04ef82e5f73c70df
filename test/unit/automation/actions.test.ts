import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient, StartAutomationExecutionCommand, GetAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { localActions, runAction, webhookRunner, type ActionContext } from '#shared/automation/actions.ts';
import { lambdaActions } from '#shared/automation/aws-lambda-action.ts';
import { awsGetAutomation, ssmActions } from '#shared/automation/aws-ssm-action.ts';
import { newExecution, ssmClientToken, type AutomatedResponseRule, type AutomationAction } from '#shared/domain/automation/automated-response.ts';
import { newIncident, SYSTEM_ACTOR } from '#shared/domain/incidents/incident.ts';
import { verifyWebhook } from '#shared/domain/notifications/notification.ts';
import type { HttpPost } from '#shared/notify/http.ts';

const NOW = '2026-11-24T10:00:00.000Z';
const incident = newIncident('INC-20261124-0042', { title: 'Payments down', severity: 'critical' }, SYSTEM_ACTOR, NOW).incident;
const lambda = mockClient(LambdaClient);
const ssm = mockClient(SSMClient);
const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:restart-payments';

function context(action: AutomationAction): ActionContext {
  const rule: AutomatedResponseRule = { id: 'arr_01JD2X5Q7R8S9T0V1W2X3Y4Z5A', name: 'restart', description: '', enabled: true, conditions: { severities: [], components: [], services: [], incident_types: [], teams: [] }, run_on: ['created'], action, created_by: 'a', created_at: NOW, updated_at: NOW, version: 1 };
  return { rule, incident, execution: newExecution(incident.id, rule, 'created', 'are_01JD2X5Q7R8S9T0V1W2X3Y4Z5B', NOW) };
}

const noPost: HttpPost = () => Promise.reject(new Error('no HTTP in this test'));
const ACTIONS = () => ({ ...lambdaActions(new LambdaClient({ region: 'eu-west-1' })), ...ssmActions(new SSMClient({ region: 'eu-west-1' })) });

describe('Lambda action', () => {
  beforeEach(() => lambda.reset());

  it('invokes asynchronously with the exact input; 202 is a success', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202, $metadata: { requestId: 'req-1' } });
    const ctx = context({ type: 'lambda', function_arn: FN });
    expect(await runAction(ACTIONS(), ctx)).toEqual({ status: 'success', reason: 'invoked asynchronously (202)', external_id: 'req-1' });
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input?.FunctionName).toBe(FN);
    expect(input?.InvocationType).toBe('Event');
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual({ type: 'automated_response', execution_id: 'are_01JD2X5Q7R8S9T0V1W2X3Y4Z5B', trigger: 'created', rule: { id: 'arr_01JD2X5Q7R8S9T0V1W2X3Y4Z5A', name: 'restart' }, incident });
  });

  it('records a refusal as failed with the reason', async () => {
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('User is not authorized to perform: lambda:InvokeFunction'), { name: 'AccessDeniedException' }));
    const out = await runAction(ACTIONS(), context({ type: 'lambda', function_arn: FN }));
    expect(out).toEqual({ status: 'failed', reason: 'AccessDeniedException: User is not authorized to perform: lambda:InvokeFunction' });
  });
});

describe('SSM Automation action', () => {
  beforeEach(() => ssm.reset());

  it('starts the document with a ClientToken derived from incident, rule and trigger; stays in progress', async () => {
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: 'ae-123' });
    const ctx = context({ type: 'ssm_automation', document_name: 'AWS-RestartEC2Instance', parameters: { InstanceId: ['i-0abc'] } });
    const out = await runAction(ACTIONS(), ctx);
    expect(out).toEqual({ status: 'in_progress', reason: 'automation execution ae-123 started', external_id: 'ae-123' });
    expect(ssm.commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input).toEqual({
      DocumentName: 'AWS-RestartEC2Instance',
      Parameters: { InstanceId: ['i-0abc'] },
      ClientToken: ssmClientToken('INC-20261124-0042', 'arr_01JD2X5Q7R8S9T0V1W2X3Y4Z5A', 'created'),
    });
  });

  it('a retry of the same execution sends the same ClientToken (SSM refuses a second start)', async () => {
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: 'ae-123' });
    const runners = ACTIONS();
    const ctx = context({ type: 'ssm_automation', document_name: 'AWS-RestartEC2Instance', parameters: {} });
    await runAction(runners, ctx);
    await runAction(runners, ctx);
    const tokens = ssm.commandCalls(StartAutomationExecutionCommand).map((c) => c.args[0].input.ClientToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
  });

  it('polls GetAutomationExecution with the execution id', async () => {
    ssm.on(GetAutomationExecutionCommand).resolves({ AutomationExecution: { AutomationExecutionStatus: 'Success' } });
    const out = await awsGetAutomation(new SSMClient({ region: 'eu-west-1' }))({ AutomationExecutionId: 'ae-123' });
    expect(out.AutomationExecution?.AutomationExecutionStatus).toBe('Success');
    expect(ssm.commandCalls(GetAutomationExecutionCommand)[0]?.args[0].input).toEqual({ AutomationExecutionId: 'ae-123' });
  });
});

describe('webhook action', () => {
  it('POSTs a signed JSON body with the execution id as Idempotency-Key; 2xx is a success', async () => {
    const sent: { url: string; body: string; headers: Record<string, string> }[] = [];
    const post: HttpPost = (url, body, headers) => {
      sent.push({ url, body, headers });
      return Promise.resolve({ status: 204, body: '' });
    };
    const ctx = context({ type: 'webhook', url: 'https://hooks.example.com/run', secret: 'whsec_0123456789abcdef' });
    expect(await webhookRunner(post, () => 1_800_000_000)({ type: 'webhook', url: 'https://hooks.example.com/run', secret: 'whsec_0123456789abcdef' }, ctx)).toEqual({ status: 'success', reason: 'HTTP 204', external_id: '204' });
    const [req] = sent;
    expect(req?.url).toBe('https://hooks.example.com/run');
    expect(req?.headers['idempotency-key']).toBe('are_01JD2X5Q7R8S9T0V1W2X3Y4Z5B');
    expect(verifyWebhook('whsec_0123456789abcdef', req?.body ?? '', req?.headers['x-signature'] ?? '', 1_800_000_000)).toBe(true);
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({ type: 'automated_response', incident: { id: 'INC-20261124-0042' } });
  });

  it('a 500 or a timeout is failed with the reason', async () => {
    const ctx = context({ type: 'webhook', url: 'https://hooks.example.com/run' });
    const action = { type: 'webhook' as const, url: 'https://hooks.example.com/run' };
    expect(await webhookRunner(() => Promise.resolve({ status: 500, body: 'boom' }))(action, ctx)).toEqual({ status: 'failed', reason: 'HTTP 500: boom', external_id: '500' });
    expect(await webhookRunner(() => Promise.reject(new Error('no answer within 10 s')))(action, ctx)).toEqual({ status: 'failed', reason: 'no answer within 10 s' });
  });
});

describe('local mode', () => {
  it('records Lambda and SSM actions as skipped, never as a success', async () => {
    const runners = localActions(noPost);
    expect(await runAction(runners, context({ type: 'lambda', function_arn: FN }))).toEqual({ status: 'skipped', reason: 'not available in local mode' });
    expect(await runAction(runners, context({ type: 'ssm_automation', document_name: 'AWS-RestartEC2Instance', parameters: {} }))).toEqual({ status: 'skipped', reason: 'not available in local mode' });
  });
});
