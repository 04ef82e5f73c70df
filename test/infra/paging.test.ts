/**
 * lib/constructs/paging.ts in a small test stack: the schedule group, the scheduler role's trust
 * (source account and source ARN) and its only two grants, the timer and reactor functions' table,
 * Scheduler and PassRole grants, the DLQs and their alarms, the bus rule, and that no other
 * function may create schedules or pass the role. Bundling is skipped: the template is enough.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAGING_TABLE_ACTIONS, Paging } from '../../lib/constructs/paging.ts';
import { ServiceFunction } from '../../lib/constructs/service-function.ts';
import { stageConfig } from '../../lib/stage.ts';

let template: Template;
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };
type PolicyResource = { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };

const defaults = { TABLE_NAME: 'test-table', STAGE: 'dev', POWERTOOLS_SERVICE_NAME: 'incident-service', POWERTOOLS_METRICS_NAMESPACE: 'IncidentService', POWERTOOLS_LOG_LEVEL: 'INFO', EVENT_NAMESPACE: 'io.incidents', PUBLIC_BASE_URL: 'https://api.example.com' };

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'PagingTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING }, billingMode: BillingMode.PAY_PER_REQUEST });
  const deliver = new ServiceFunction(stack, 'Deliver', { entry: 'functions/notifications/deliver.ts', functionName: 'deliver', defaults });
  new Paging(stack, 'Paging', { stage: stageConfig('dev'), defaults, table, eventBus: EventBus.fromEventBusName(stack, 'Bus', 'IncidentService-dev-events'), ackLinkFunctions: [deliver] });
  template = Template.fromStack(stack);
});

const policies = () => Object.values(template.findResources('AWS::IAM::Policy')) as PolicyResource[];
const statementsOf = (rolePrefix: string) => policies().filter((p) => p.Properties.Roles.some((r) => r.Ref.startsWith(rolePrefix))).flatMap((p) => p.Properties.PolicyDocument.Statement);
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const scheduleArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:eu-west-1:123456789012:schedule/IncidentService-dev-timers/*']] };

describe('paging construct', () => {
  it('one schedule group per stage', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'IncidentService-dev-timers' });
  });

  it('the scheduler role trusts scheduler.amazonaws.com for this account and this group only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': scheduleArn } },
          },
        ],
      },
    });
  });

  it('the scheduler role may invoke only the timer function and send only to the timers DLQ', () => {
    const statements = statementsOf('PagingSchedulerRole');
    expect(statements.map((s) => actions(s)).flat().sort()).toEqual(['lambda:InvokeFunction', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort());
    const invoke = statements.find((s) => actions(s).includes('lambda:InvokeFunction'));
    expect(invoke?.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:eu-west-1:123456789012:function:IncidentService-dev-paging-timer']] });
    const send = statements.find((s) => actions(s).includes('sqs:SendMessage'));
    expect(send?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PagingTimerDlq/) as unknown as string, 'Arn'] });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'IncidentService-dev-paging-timer' });
  });

  it.each(['PagingTimerFunctionRole', 'PagingReactorRole'])('%s: the table (base only), schedules of the group, PassRole of the scheduler role to Scheduler only', (role) => {
    const statements = statementsOf(role);
    const table = statements.find((s) => actions(s).includes('dynamodb:BatchGetItem'));
    expect(actions(table as Statement).sort()).toEqual([...PAGING_TABLE_ACTIONS].sort());
    expect(table?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Table/) as unknown as string, 'Arn'] });
    const schedules = statements.find((s) => actions(s).includes('scheduler:CreateSchedule'));
    expect(actions(schedules as Statement).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
    expect(schedules?.Resource).toEqual(scheduleArn);
    const pass = statements.find((s) => actions(s).includes('iam:PassRole'));
    expect(pass?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PagingSchedulerRole/) as unknown as string, 'Arn'] });
    expect(pass?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
  });

  it('no other role may create schedules or pass a role', () => {
    const others = policies().filter((p) => !p.Properties.Roles.some((r) => /^Paging(TimerFunction|Reactor)Role/.test(r.Ref)));
    const granted = others.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap(actions));
    expect(granted.filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole')).toEqual([]);
  });

  it('the functions that arm timers know the group, the timer function, the role and the DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'IncidentService-dev-paging-reactor',
      Environment: { Variables: Match.objectLike({ SCHEDULE_GROUP_NAME: 'IncidentService-dev-timers', TIMER_FUNCTION_ARN: Match.anyValue(), SCHEDULER_ROLE_ARN: Match.anyValue(), TIMER_DLQ_ARN: Match.anyValue() }) },
    });
  });

  it('incident events of the namespace reach the reactor, with retries and a DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'IncidentService-dev-paging',
      EventBusName: 'IncidentService-dev-events',
      EventPattern: { source: ['io.incidents'], 'detail-type': [{ prefix: 'io.incidents.incident.' }] },
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PagingReactorDlq'), 'Arn'] } } })],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
  });

  it('both DLQs are encrypted, TLS-only, and alarm when not empty', () => {
    for (const name of ['IncidentService-dev-timers-dlq', 'IncidentService-dev-paging-events-dlq']) {
      template.hasResourceProperties('AWS::SQS::Queue', { QueueName: name, SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `${name}-not-empty`, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', MetricName: 'ApproximateNumberOfMessagesVisible' });
    }
  });

  it('the acknowledge-link secret reaches the functions that sign and check links', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'IncidentService-dev/ack-link-secret' });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'deliver', Environment: { Variables: Match.objectLike({ ACK_LINK_SECRET: Match.anyValue() }) } });
  });
});
