/**
 * The stateful stack on its own (no functions, so no bundling): the single table as
 * lib/table-definition.ts describes it, the bus and its archive, the queues with their DLQs and
 * alarms, and what `prod` does differently (retain, deletion protection, longer retention).
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { MAX_RECEIVE_COUNT, QUEUE_VISIBILITY_TIMEOUT, StatefulStack } from '../../lib/stateful-stack.ts';
import { stageConfig, type StageName } from '../../lib/stage.ts';
import { GLOBAL_INDEXES, TTL_ATTRIBUTE } from '../../lib/table-definition.ts';
import { cdkJsonContext } from './support.ts';

function build(stageName: StageName): { stack: StatefulStack; template: Template } {
  const app = new App({ context: cdkJsonContext() });
  const stack = new StatefulStack(app, `Stateful-${stageName}`, { stage: stageConfig(stageName) });
  return { stack, template: Template.fromStack(stack) };
}

const dev = build('dev');
const prod = build('prod');

describe('stateful stack: the single table', () => {
  it('has string keys pk/sk, on-demand billing, the stream as outbox, PITR and TTL', () => {
    dev.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'IncidentService-dev-table',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('has gsi1..gsi3 from lib/table-definition.ts, string keys, ALL projection', () => {
    const tables = dev.template.findResources('AWS::DynamoDB::Table');
    const table = Object.values(tables)[0] as { Properties: { GlobalSecondaryIndexes: unknown[]; AttributeDefinitions: unknown[] } };
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      GLOBAL_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    for (const index of GLOBAL_INDEXES) {
      expect(table.Properties.AttributeDefinitions).toContainEqual({ AttributeName: index.partitionKey, AttributeType: 'S' });
      expect(table.Properties.AttributeDefinitions).toContainEqual({ AttributeName: index.sortKey, AttributeType: 'S' });
    }
  });

  it('is destroyed with the stack in dev, retained and deletion-protected in prod', () => {
    dev.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    prod.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ TableName: 'IncidentService-prod-table', DeletionProtectionEnabled: true }),
    });
  });

  it('exposes the table and its literal name to the stateless stack', () => {
    expect(dev.stack.tableName).toBe('IncidentService-dev-table');
    expect(dev.stack.table.node.id).toBe('Table');
  });
});

describe('stateful stack: event bus and archive', () => {
  it('has the project bus and an archive of every event of the account, retention per stage', () => {
    dev.template.resourceCountIs('AWS::Events::EventBus', 1);
    dev.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'IncidentService-dev-events' });
    const busId = Object.keys(dev.template.findResources('AWS::Events::EventBus'))[0];
    dev.template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
      RetentionDays: 7,
    });
    prod.template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
    expect(dev.stack.eventArchive).toBeDefined();
  });
});

describe('stateful stack: outbox wiring', () => {
  it('publishes the stream ARN for the stateless stack and routes the namespace\'s events to the notifications queue', () => {
    dev.template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/IncidentService-dev/table-stream-arn', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'StreamArn'] } });
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['io.incidents'] },
      Targets: [Match.objectLike({ InputPath: '$.detail', Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NotificationsQueue'), 'Arn'] } })],
    });
  });
});

describe('stateful stack: queues', () => {
  const queues = dev.template.findResources('AWS::SQS::Queue');
  const idOf = (name: string): string => {
    const entry = Object.entries(queues).find(([, q]) => (q as { Properties: { QueueName: string } }).Properties.QueueName === name);
    if (!entry) throw new Error(`no queue ${name}`);
    return entry[0];
  };

  it('has notifications and delivery, each with a DLQ after 5 receives', () => {
    dev.template.resourceCountIs('AWS::SQS::Queue', 4);
    for (const name of ['notifications', 'delivery']) {
      dev.template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `IncidentService-dev-${name}`,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [idOf(`IncidentService-dev-${name}-dlq`), 'Arn'] },
          maxReceiveCount: MAX_RECEIVE_COUNT,
        },
        VisibilityTimeout: QUEUE_VISIBILITY_TIMEOUT.toSeconds(),
        SqsManagedSseEnabled: true,
      });
    }
    expect(MAX_RECEIVE_COUNT).toBe(5);
    // Six times the consumer timeout (AWS guidance for Lambda event sources).
    expect(QUEUE_VISIBILITY_TIMEOUT.toSeconds()).toBe(180);
  });

  it('encrypts every queue, DLQs included, with SQS-managed keys', () => {
    for (const queue of Object.values(queues)) {
      expect((queue as { Properties: { SqsManagedSseEnabled?: boolean } }).Properties.SqsManagedSseEnabled).toBe(true);
    }
  });

  it('denies any request without TLS on every queue (enforceSSL)', () => {
    const policies = dev.template.findResources('AWS::SQS::QueuePolicy');
    const covered = new Set<string>();
    for (const policy of Object.values(policies) as { Properties: { Queues: { Ref: string }[]; PolicyDocument: { Statement: unknown[] } } }[]) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Principal: { AWS: '*' } }),
      );
      for (const queue of policy.Properties.Queues) covered.add(queue.Ref);
    }
    expect([...covered].sort()).toEqual(Object.keys(queues).sort());
  });

  it('alarms when a DLQ holds any visible message', () => {
    dev.template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    for (const name of ['notifications', 'delivery']) {
      dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(`IncidentService-dev-${name}-dlq`), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
    }
    expect(dev.stack.dlqAlarms).toHaveLength(2);
  });

  it('keeps queues in prod when the stack goes', () => {
    for (const queue of Object.values(prod.template.findResources('AWS::SQS::Queue'))) {
      expect((queue as { DeletionPolicy: string }).DeletionPolicy).toBe('Retain');
    }
  });
});
