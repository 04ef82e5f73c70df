/**
 * lib/constructs/automated-responses.ts in a small test stack: the reactor's grants (the table, and
 * lambda:InvokeFunction / ssm:StartAutomationExecution on the allow-listed ARNs and documents only),
 * the bus rule on incident events without its own, the SSM status rule on the default bus, the DLQ
 * and its alarm, the allow-lists in the rule routes' environment, and cdk-nag on the result.
 * Bundling is skipped: the template is enough.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_TABLE_ACTIONS, AutomatedResponses } from '../../lib/constructs/automated-responses.ts';
import { ServiceFunction } from '../../lib/constructs/service-function.ts';
import { stageConfig } from '../../lib/stage.ts';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
type PolicyResource = { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };

const defaults = { TABLE_NAME: 'test-table', STAGE: 'dev', POWERTOOLS_SERVICE_NAME: 'incident-service', POWERTOOLS_METRICS_NAMESPACE: 'IncidentService', POWERTOOLS_LOG_LEVEL: 'INFO', EVENT_NAMESPACE: 'io.incidents', PUBLIC_BASE_URL: 'https://api.example.com' };
const FN_A = 'arn:aws:lambda:eu-west-1:123456789012:function:restart-payments';
const FN_B = 'arn:aws:lambda:eu-west-1:123456789012:function:scale-up';

function build(lambdaFunctionArns: string[], ssmDocuments: string[]) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'AutomationTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING }, billingMode: BillingMode.PAY_PER_REQUEST });
  const create = new ServiceFunction(stack, 'CreateRule', { entry: 'functions/automation/create-automated-response.ts', functionName: 'create-rule', defaults });
  new AutomatedResponses(stack, 'Automation', { stage: stageConfig('dev'), defaults, table, eventBus: EventBus.fromEventBusName(stack, 'Bus', 'IncidentService-dev-events'), lambdaFunctionArns, ssmDocuments, ruleFunctions: [create] });
  return { app, template: Template.fromStack(stack) };
}

let template: Template;
let app: App;
beforeAll(() => {
  ({ app, template } = build([FN_A, FN_B], ['AWS-RestartEC2Instance', 'Payments-Failover']));
});

const policies = (t: Template) => Object.values(t.findResources('AWS::IAM::Policy')) as PolicyResource[];
const statementsOf = (t: Template, rolePrefix: string) => policies(t).filter((p) => p.Properties.Roles.some((r) => r.Ref.startsWith(rolePrefix))).flatMap((p) => p.Properties.PolicyDocument.Statement);
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const definition = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:eu-west-1:123456789012:automation-definition/${name}:*`]] });

describe('automated-responses construct', () => {
  it('the Lambda reactor may invoke only the allow-listed functions, the SSM reactor start only the allow-listed documents', () => {
    const invoke = statementsOf(template, 'AutomationLambdaReactorRole').filter((s) => actions(s).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(invoke[0]?.Resource).toEqual([FN_A, FN_B]);
    const start = statementsOf(template, 'AutomationSsmReactorRole').filter((s) => actions(s).includes('ssm:StartAutomationExecution'));
    expect(start).toHaveLength(1);
    expect(actions(start[0] as Statement)).toEqual(['ssm:StartAutomationExecution']);
    expect(start[0]?.Resource).toEqual([definition('AWS-RestartEC2Instance'), definition('Payments-Failover')]);
  });

  it.each(['AutomationWebhookReactorRole', 'AutomationLambdaReactorRole', 'AutomationSsmReactorRole', 'AutomationSsmStatusRole'])('%s: the base table only, reads and puts', (role) => {
    const table = statementsOf(template, role).find((s) => actions(s).includes('dynamodb:PutItem'));
    expect([...actions(table as Statement)].sort()).toEqual([...AUTOMATION_TABLE_ACTIONS].sort());
    expect(table?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Table/) as unknown as string, 'Arn'] });
  });

  it('no other role may invoke Lambda functions or start automations', () => {
    const others = (prefix: string) => policies(template).filter((p) => !p.Properties.Roles.some((r) => r.Ref.startsWith(prefix))).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(others('AutomationLambdaReactorRole').filter((s) => actions(s).includes('lambda:InvokeFunction'))).toEqual([]);
    expect(others('AutomationSsmReactorRole').filter((s) => actions(s).some((a) => a.startsWith('ssm:')))).toEqual([]);
  });

  it('with empty allow-lists the reactor gets neither grant', () => {
    const { template: bare } = build([], []);
    const all = ['AutomationLambdaReactorRole', 'AutomationSsmReactorRole'].flatMap((r) => statementsOf(bare, r)).flatMap(actions);
    expect(all.filter((a) => a === 'lambda:InvokeFunction' || a.startsWith('ssm:'))).toEqual([]);
  });

  it('rule: incident events of the namespace except its own → the three reactors, retries then the DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'IncidentService-dev-automation',
      EventBusName: 'IncidentService-dev-events',
      EventPattern: { source: ['io.incidents'], 'detail-type': [{ prefix: 'io.incidents.incident.' }], detail: { type: [{ 'anything-but': 'io.incidents.incident.automated_response' }] } },
      Targets: [1, 2, 3].map(() => Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AutomationDlq'), 'Arn'] } } })),
    });
  });

  it('rule: SSM Automation status changes of the allow-listed documents on the default bus → the status function', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'IncidentService-dev-automation-ssm-status',
      EventBusName: 'default',
      EventPattern: { source: ['aws.ssm'], 'detail-type': ['EC2 Automation Execution Status-change Notification'], detail: { Definition: ['AWS-RestartEC2Instance', 'Payments-Failover'] } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'IncidentService-dev-automation-ssm-status' });
  });

  it('the DLQ has an alarm on depth', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'IncidentService-dev-automation-dlq' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'IncidentService-dev-automation-dlq-not-empty', Threshold: 0 });
  });

  it('the rule routes and the reactor read the same allow-lists', () => {
    const env = { AUTOMATION_LAMBDA_ALLOWLIST: `${FN_A},${FN_B}`, AUTOMATION_SSM_DOCUMENTS: 'AWS-RestartEC2Instance,Payments-Failover' };
    for (const name of ['create-rule', 'IncidentService-dev-automation-lambda', 'IncidentService-dev-automation-ssm']) {
      template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: name, Environment: { Variables: Match.objectLike(env) } });
    }
  });

  it('cdk-nag AwsSolutions finds nothing unacknowledged in the construct (the test table is scaffolding)', () => {
    const result = new AwsSolutionsChecks().validateScope(app);
    const ours = result.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath ?? ''}`)).filter((line) => !line.includes('AutomationTest/Table/'));
    expect(ours).toEqual([]);
  });
});
