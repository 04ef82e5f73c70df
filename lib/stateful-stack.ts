/**
 * The stateful stack: what holds data and must survive a redeploy of the code (the single table,
 * the event bus with its archive, the notification queues and their dead-letter queues).
 *
 * It is separate from the stateless stack (functions, API, Cognito) so that code deploys never
 * touch data resources, and so that `prod` can retain and deletion-protect these alone. Resources
 * are exposed as public readonly properties and handed to the stateless stack by props (bin/app.ts).
 */
import { Aws, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { addNotificationsRule } from './constructs/event-pipeline.ts';
import { AlarmTopic, notifyOnEveryAlarm } from './constructs/operations.ts';
import { EVENT_NAMESPACE, type StageConfig } from './stage.ts';
import { GLOBAL_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from './table-definition.ts';

/** Receives before a message moves to its dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
/**
 * Timeout of the Lambda functions that will consume the queues. The queues' visibility timeout is
 * six times this (AWS guidance for SQS event sources), so a message is never handed to a second
 * consumer while the first one, including its retries inside a batch, may still be working on it.
 */
export const QUEUE_CONSUMER_TIMEOUT = Duration.seconds(30);
export const QUEUE_VISIBILITY_TIMEOUT = Duration.seconds(QUEUE_CONSUMER_TIMEOUT.toSeconds() * 6);

/** SSM parameter holding the table's stream ARN. */
export const tableStreamParameter = (stage: StageConfig): string => `/${stage.prefix}/table-stream-arn`;

export interface StatefulStackProps extends StackProps {
  readonly stage: StageConfig;
}

/** A work queue and its dead-letter queue, with the alarm that pages when the DLQ is not empty. */
export interface QueueWithDlq {
  readonly queue: Queue;
  readonly dlq: Queue;
  readonly dlqAlarm: Alarm;
}

export class StatefulStack extends Stack {
  public readonly table: Table;
  /**
   * The table's physical name, as a literal. The stateless stack references the table by this name
   * (not by a cross-stack token), so that no CloudFormation export ties the stacks together and the
   * functions' IAM policies name the table's real ARN.
   */
  public readonly tableName: string;
  public readonly eventBus: EventBus;
  public readonly eventArchive: Archive;
  /** Domain events fanned out into one message per recipient. */
  public readonly notifications: QueueWithDlq;
  /** One message per (recipient, channel) delivery attempt. */
  public readonly delivery: QueueWithDlq;
  public readonly dlqAlarms: readonly Alarm[];
  /** Every alarm of both stacks notifies it (lib/constructs/operations.ts). */
  public readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.tableName = `${stage.prefix}-table`;
    this.table = new Table(this, 'Table', {
      tableName: this.tableName,
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      // The stream is the outbox: a publisher turns new timeline entries into CloudEvents.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    for (const index of GLOBAL_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    this.eventBus = new EventBus(this, 'EventBus', { eventBusName: `${stage.prefix}-events` });
    this.eventBus.applyRemovalPolicy(stage.removalPolicy);
    // Every event put on this bus by this account, kept for replay (`aws events start-replay`).
    this.eventArchive = this.eventBus.archive('Archive', {
      description: `Every event of ${stage.prefix}, for replay`,
      eventPattern: { account: [Aws.ACCOUNT_ID] },
      retention: stage.eventArchiveRetention,
    });

    this.notifications = this.queueWithDlq('Notifications', 'notifications', stage);
    this.delivery = this.queueWithDlq('Delivery', 'delivery', stage);
    this.dlqAlarms = [this.notifications.dlqAlarm, this.delivery.dlqAlarm];

    // The rule lives beside the queue it feeds: only the queue's own stack can grant EventBridge
    // the SendMessage permission in the queue policy.
    addNotificationsRule(this, 'NotificationsRule', { eventBus: this.eventBus, queue: this.notifications.queue, namespace: EVENT_NAMESPACE, prefix: stage.prefix });
    // The stream ARN changes when the stream is re-enabled, so the stateless stack reads it from a
    // parameter at deploy time instead of a CloudFormation export that would lock the stacks.
    new StringParameter(this, 'TableStreamArn', {
      parameterName: tableStreamParameter(stage),
      description: 'Stream ARN of the single table (the outbox), read by the stateless stack',
      stringValue: this.table.tableStreamArn as string,
    });

    // Operations: the stage's alarm topic; every alarm of this stack notifies it.
    const emails = String(this.node.tryGetContext('alarmEmails') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { stage, emails });
    notifyOnEveryAlarm(this, this.alarmTopic.topic);
  }

  private queueWithDlq(id: string, name: string, stage: StageConfig): QueueWithDlq {
    const dlq = new Queue(this, `${id}Dlq`, {
      queueName: `${stage.prefix}-${name}-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to find the cause before redriving.
      retentionPeriod: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    const queue = new Queue(this, `${id}Queue`, {
      queueName: `${stage.prefix}-${name}`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: QUEUE_VISIBILITY_TIMEOUT,
      deadLetterQueue: { queue: dlq, maxReceiveCount: MAX_RECEIVE_COUNT },
      removalPolicy: stage.removalPolicy,
    });
    const dlqAlarm = new Alarm(this, `${id}DlqAlarm`, {
      alarmName: `${stage.prefix}-${name}-dlq-not-empty`,
      alarmDescription: `Messages in the ${name} dead-letter queue: inspect, fix the cause, then redrive (docs/operations.md).`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { queue, dlq, dlqAlarm };
  }
}
