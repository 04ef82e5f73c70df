/**
 * lib/constructs/alarm-ingestion.ts in a small test stack: the rule on the default bus, the
 * target's retry policy and DLQ, the function's async-invoke failure destination, least-privilege
 * table grants, the DLQ's encryption and alarm. Bundling is skipped: these assertions read the
 * template only.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlarmIngestion, ALARM_HANDLER_TABLE_ACTIONS } from '../../lib/constructs/alarm-ingestion.ts';
import { stageConfig } from '../../lib/stage.ts';

let template: Template;
let stack: Stack;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new Stack(app, 'AlarmTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING }, billingMode: BillingMode.PAY_PER_REQUEST });
  new AlarmIngestion(stack, 'Alarms', {
    stage: stageConfig('dev'),
    defaults: { TABLE_NAME: 'test-table', STAGE: 'dev', POWERTOOLS_SERVICE_NAME: 'incident-service', POWERTOOLS_METRICS_NAMESPACE: 'IncidentService', POWERTOOLS_LOG_LEVEL: 'INFO', EVENT_NAMESPACE: 'io.incidents', PUBLIC_BASE_URL: 'https://api.example.com' },
    table,
  });
  template = Template.fromStack(stack);
});

const dlqRef = Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsDeadLetterQueue'), 'Arn'] });

describe('alarm ingestion', () => {
  it('routes CloudWatch alarm state changes from the default bus to the handler, with retries and a DLQ', () => {
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'IncidentService-dev-cloudwatch-alarm-state-change',
      EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] },
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsHandlerFunction'), 'Arn'] }),
          DeadLetterConfig: { Arn: dlqRef },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
    // No EventBusName: the rule is on the account's default bus.
    const rule = Object.values(template.findResources('AWS::Events::Rule'))[0] as { Properties: Record<string, unknown> };
    expect(rule.Properties.EventBusName ?? 'default').toBe('default');
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' });
  });

  it('builds the handler with the project function construct and sends failed invocations to the DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'IncidentService-dev-handle-alarm',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 30,
      Environment: { Variables: Match.objectLike({ TABLE_NAME: 'test-table', PUBLIC_BASE_URL: 'https://api.example.com' }) },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 7200,
      DestinationConfig: { OnFailure: { Destination: dlqRef } },
    });
  });

  it('keeps the DLQ encrypted, TLS-only, with an alarm on its depth, and lets EventBridge write to it', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'IncidentService-dev-alarm-events-dlq', SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    const policies = JSON.stringify(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toContain('aws:SecureTransport');
    expect(policies).toContain('events.amazonaws.com');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'IncidentService-dev-alarm-events-dlq-not-empty',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('grants the handler only the table actions it uses (no Scan) and the DLQ send for its failures', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement,
    );
    const actions = new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
    for (const action of ALARM_HANDLER_TABLE_ACTIONS) expect(actions).toContain(action);
    expect([...actions].filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([...ALARM_HANDLER_TABLE_ACTIONS].sort());
    expect(actions).toContain('sqs:SendMessage');
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding in the construct', () => {
    const result = new AwsSolutionsChecks().validateScope(stack);
    const mine = result.violations.flatMap((v) => v.violatingResources.filter((r) => (r.constructPath ?? '').includes('/Alarms/')).map((r) => `${v.ruleName} ${r.constructPath ?? ''}`));
    expect(mine).toEqual([]);
  });
});
