/**
 * lib/constructs/event-pipeline.ts in a small test stack (table with stream, bus, queues with
 * DLQs, as the stateful stack has them): the stream event source, the rule, the SQS consumers,
 * the least-privilege grants. Bundling is skipped: these assertions read the template only.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventPipeline } from '../../lib/constructs/event-pipeline.ts';
import { stageConfig } from '../../lib/stage.ts';

let template: Template;
let stack: Stack;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new Stack(app, 'PipelineTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const stage = stageConfig('dev');
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING }, billingMode: BillingMode.PAY_PER_REQUEST, stream: StreamViewType.NEW_AND_OLD_IMAGES });
  const eventBus = new EventBus(stack, 'Bus', { eventBusName: 'test-events' });
  const queue = (name: string) => {
    const dlq = new Queue(stack, `${name}Dlq`, { queueName: `${name}-dlq` });
    return new Queue(stack, name, { queueName: name, visibilityTimeout: Duration.seconds(180), deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
  };
  new EventPipeline(stack, 'Events', {
    stage,
    defaults: { TABLE_NAME: 'test-table', STAGE: 'dev', POWERTOOLS_SERVICE_NAME: 'incident-service', POWERTOOLS_METRICS_NAMESPACE: 'IncidentService', POWERTOOLS_LOG_LEVEL: 'INFO', EVENT_NAMESPACE: 'io.incidents', PUBLIC_BASE_URL: 'https://api.example.com' },
    table,
    eventBus,
    notificationsQueue: queue('notifications'),
    deliveryQueue: queue('delivery'),
    emailFrom: 'incidents@example.com',
  });
  template = Template.fromStack(stack);
});

const ref = (logicalIdPrefix: string, attribute = 'Arn') => Match.objectLike({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${logicalIdPrefix}`), attribute] });
const roleOf = (functionName: string): string => {
  const fns = template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: functionName } });
  const fn = Object.values(fns)[0] as { Properties: { Role: { 'Fn::GetAtt': [string, string] } } };
  return fn.Properties.Role['Fn::GetAtt'][0];
};
const statementsOf = (functionName: string) => {
  const role = roleOf(functionName);
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(role))
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement);
};
const actionsOf = (functionName: string) => statementsOf(functionName).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('event pipeline', () => {
  it('creates the three functions with their own environment on top of the defaults', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'IncidentService-dev-publish-timeline',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ TABLE_NAME: 'test-table', EVENT_NAMESPACE: 'io.incidents', EVENT_BUS_NAME: Match.anyValue() }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'IncidentService-dev-notify-fan-out', Environment: { Variables: Match.objectLike({ DELIVERY_QUEUE_URL: Match.anyValue(), STAGE: 'dev' }) } });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'IncidentService-dev-notify-deliver',
      Timeout: 30,
      Environment: { Variables: Match.objectLike({ DELIVERY_QUEUE_URL: Match.anyValue(), NOTIFY_EMAIL_FROM: 'incidents@example.com' }) },
    });
  });

  it('reads the stream with bisect, batch item failures, bounded retries, a failure destination and a timeline-INSERT filter', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: ref('Table', 'StreamArn'),
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86_400,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: ref('EventsStreamFailures') } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['timeline'] } } } }) }] },
    });
  });

  it('routes every event of the namespace to the notifications queue as the CloudEvent itself', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: { source: ['io.incidents'] },
      Targets: [Match.objectLike({ Arn: ref('notifications'), InputPath: '$.detail' })],
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Principal: { Service: 'events.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': ref('EventsNotificationsRule') } } })]) },
    });
  });

  it('consumes both queues with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: ref('notifications'), BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: ref('delivery'), BatchSize: 2, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('keeps stream records that never publish in an encrypted queue with an alarm on its depth', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'IncidentService-dev-stream-failures', SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'IncidentService-dev-stream-failures-not-empty',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('grants each function only what it uses', () => {
    const publisher = actionsOf('IncidentService-dev-publish-timeline');
    expect(publisher).toContain('events:PutEvents');
    expect(publisher).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream']));
    expect(publisher.filter((a) => a.startsWith('dynamodb:') && !['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'].includes(a))).toEqual([]);
    expect(publisher.some((a) => a.startsWith('sqs:Send'))).toBe(true); // the failure destination

    const fanOut = actionsOf('IncidentService-dev-notify-fan-out');
    expect(fanOut.filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:Query', 'dynamodb:GetItem']);
    expect(fanOut).toContain('sqs:SendMessage');
    expect(fanOut.some((a) => a.startsWith('ses:') || a.startsWith('sns:') || a.startsWith('events:'))).toBe(false);

    const deliver = statementsOf('IncidentService-dev-notify-deliver');
    const deliverActions = deliver.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(deliverActions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(deliverActions).toEqual(expect.arrayContaining(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ReceiveMessage', 'ses:SendEmail', 'sns:Publish']));
    const ses = deliver.find((s) => s.Action === 'ses:SendEmail');
    expect(JSON.stringify(stack.resolve(ses?.Resource))).toContain(':identity/example.com');
    const sns = deliver.find((s) => s.Action === 'sns:Publish');
    expect(JSON.stringify(stack.resolve(sns?.Resource))).toMatch(/:sns:.*:\*"/);

    const all = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => JSON.stringify(p));
    expect(all.join('')).not.toContain('dynamodb:Scan');
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding in the construct', () => {
    const result = new AwsSolutionsChecks().validateScope(stack);
    const mine = result.violations.flatMap((v) => v.violatingResources.filter((r) => (r.constructPath ?? '').includes('/Events/')).map((r) => `${v.ruleName} ${r.constructPath ?? ''}`));
    expect(mine).toEqual([]);
  });
});
