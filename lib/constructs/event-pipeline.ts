/**
 * The event pipeline (docs/architecture.md, "Events and notifications"):
 *
 *   table stream ──(filter: timeline INSERTs)──► publisher ──PutEvents──► bus
 *   bus ──rule (source = event namespace, input $.detail)──► notifications queue ──► fan-out
 *   fan-out ──SendMessageBatch──► delivery queue ──► deliver ──► webhook / Slack / SES / SNS
 *
 * - publisher: DynamoDB stream event source with bisect-on-error, batch item failures, bounded
 *   retries and an SQS on-failure destination (records that never publish are kept, and alarm);
 * - fan-out and deliver: SQS event sources with batch item failures; each failed delivery sets
 *   its own back-off with ChangeMessageVisibility and reaches the delivery DLQ after 5 receives
 *   (the redrive policy of the stateful stack's queues).
 *
 * Least privilege per function: the publisher may only put events on this bus; fan-out may only
 * Query the table and send to the delivery queue; deliver may only GetItem/PutItem on the table,
 * change its queue's messages, send e-mail from the configured SES identity and publish to SNS
 * topics of this account matching `snsTopicPattern`.
 *
 * The bus rule lives with the queue it feeds: when the queue is imported from another stack (the
 * stateless stack importing the stateful stack's queue cannot add the queue policy the rule
 * needs), pass `createRule: false` and call `addNotificationsRule` where the queue is defined.
 */
import { Arn, ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SqsQueue as SqsQueueTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import { WORKER_FUNCTIONS } from '../functions.ts';
import type { StageConfig } from '../stage.ts';
import { ServiceFunction, type ServiceEnvironment } from './service-function.ts';

export interface EventPipelineProps {
  readonly stage: StageConfig;
  /** The environment every function of the service gets (TABLE_NAME, STAGE, EVENT_NAMESPACE, …). */
  readonly defaults: ServiceEnvironment;
  /** The single table; must carry its stream ARN (`Table.fromTableAttributes({ tableStreamArn })`). */
  readonly table: ITable;
  readonly eventBus: IEventBus;
  readonly notificationsQueue: IQueue;
  readonly deliveryQueue: IQueue;
  /** @default true. false when the rule is added beside the queue (see `addNotificationsRule`). */
  readonly createRule?: boolean;
  /** The From address of notification e-mail; its SES identity is the only one deliver may send from. */
  readonly emailFrom: string;
  /** SES identity (domain or address) of `emailFrom`. @default the domain of emailFrom */
  readonly emailIdentity?: string;
  /** Topic names deliver may publish to, in this account and region. @default `*` */
  readonly snsTopicPattern?: string;
  /** Timeout of the queue consumers; the queues' visibility timeout must be ≥ 6× this. @default 30 s */
  readonly consumerTimeout?: Duration;
  /** Stream retries before a record goes to the failure destination. @default 10 */
  readonly streamRetryAttempts?: number;
}

/** FilterRule.isEqual is typed `any` in aws-cdk-lib; it returns the pattern `[value]`. */
const isEqual = (value: string): unknown => FilterRule.isEqual(value) as unknown;

/** The rule that feeds the notifications queue: every event of the namespace, the CloudEvent (`$.detail`) as body. */
export function addNotificationsRule(scope: Construct, id: string, props: { eventBus: IEventBus; queue: IQueue; namespace: string; prefix: string }): Rule {
  const rule = new Rule(scope, id, {
    ruleName: `${props.prefix}-notifications`,
    description: 'CloudEvents of the incident service → notifications queue (fan-out)',
    eventBus: props.eventBus,
    eventPattern: { source: [props.namespace] },
  });
  rule.addTarget(new SqsQueueTarget(props.queue, { message: RuleTargetInput.fromEventPath('$.detail') }));
  return rule;
}

export class EventPipeline extends Construct {
  public readonly publisher: ServiceFunction;
  public readonly fanOut: ServiceFunction;
  public readonly deliver: ServiceFunction;
  /** Stream records the publisher could not publish after every retry (metadata of the batch). */
  public readonly streamFailures: Queue;
  public readonly streamFailuresAlarm: Alarm;
  public readonly rule: Rule | undefined;

  constructor(scope: Construct, id: string, props: EventPipelineProps) {
    super(scope, id);
    const { stage, defaults } = props;
    const stack = Stack.of(this);
    const timeout = props.consumerTimeout ?? Duration.seconds(30);
    const common = { memorySize: stage.functionMemoryMb, logRetention: stage.logRetention, logRemovalPolicy: stage.removalPolicy, defaults };

    if (!props.table.tableStreamArn) throw new Error('EventPipeline needs the table with its stream ARN (Table.fromTableAttributes({ tableStreamArn }))');

    // ---- Outbox publisher: stream → EventBridge ----
    this.streamFailures = new Queue(this, 'StreamFailures', {
      queueName: `${stage.prefix}-stream-failures`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    Validations.of(this.streamFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the failure destination of the stream event source (a dead-letter queue); it has an alarm on depth.',
    });
    this.streamFailuresAlarm = new Alarm(this, 'StreamFailuresAlarm', {
      alarmName: `${stage.prefix}-stream-failures-not-empty`,
      alarmDescription: 'Timeline entries that could not be published to the bus: replay them from the table (docs/operations.md).',
      metric: this.streamFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.publisher = new ServiceFunction(this, 'Publisher', {
      ...common,
      entry: WORKER_FUNCTIONS.publishTimeline,
      functionName: `${stage.prefix}-publish-timeline`,
      description: 'DynamoDB stream (timeline INSERTs) → CloudEvents on the event bus',
      timeout: Duration.seconds(60),
      environment: { EVENT_BUS_NAME: props.eventBus.eventBusName },
    });
    props.eventBus.grantPutEventsTo(this.publisher.function);
    this.publisher.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: props.streamRetryAttempts ?? 10,
        maxRecordAge: Duration.days(1),
        // One batch per shard at a time: events of an incident are published in order.
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.streamFailures),
        filters: [FilterCriteria.filter({ eventName: isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: isEqual('timeline') } } } })],
      }),
    );

    // ---- Bus → notifications queue ----
    this.rule =
      props.createRule === false
        ? undefined
        : addNotificationsRule(this, 'NotificationsRule', { eventBus: props.eventBus, queue: props.notificationsQueue, namespace: defaults.EVENT_NAMESPACE, prefix: stage.prefix });

    // ---- Fan-out: notifications queue → one delivery message per recipient ----
    this.fanOut = new ServiceFunction(this, 'FanOut', {
      ...common,
      entry: WORKER_FUNCTIONS.fanOut,
      functionName: `${stage.prefix}-notify-fan-out`,
      description: 'Notifications queue → one delivery message per (event, recipient)',
      timeout,
      environment: { DELIVERY_QUEUE_URL: props.deliveryQueue.queueUrl },
    });
    // Subscriptions and preferences: two partitions, read with Query (never Scan).
    // The base table only: subscriptions and preferences are read by key, no index is queried.
    this.fanOut.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [props.table.tableArn] }));
    // Paging: the preferences of the people a page names (GetItem each; a page reaches them whatever their filters).
    this.fanOut.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [props.table.tableArn] }));
    props.deliveryQueue.grantSendMessages(this.fanOut.function);
    this.fanOut.function.addEventSource(new SqsEventSource(props.notificationsQueue, { batchSize: 10, reportBatchItemFailures: true }));

    // ---- Delivery: one message = one event to one recipient ----
    const emailIdentity = props.emailIdentity ?? props.emailFrom.split('@').pop() ?? props.emailFrom;
    this.deliver = new ServiceFunction(this, 'Deliver', {
      ...common,
      entry: WORKER_FUNCTIONS.deliver,
      functionName: `${stage.prefix}-notify-deliver`,
      description: 'Delivery queue → signed webhook, Slack, SES e-mail, SNS; records every attempt',
      timeout,
      environment: { DELIVERY_QUEUE_URL: props.deliveryQueue.queueUrl, NOTIFY_EMAIL_FROM: props.emailFrom },
    });
    // The subscription (GetItem), the delivered marker (GetItem), the attempt and marker (PutItem).
    this.deliver.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [props.table.tableArn] }));
    // Consume includes ChangeMessageVisibility, the back-off of a failed delivery.
    props.deliveryQueue.grantConsumeMessages(this.deliver.function);
    this.deliver.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: emailIdentity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      }),
    );
    const topics = Arn.format({ service: 'sns', resource: props.snsTopicPattern ?? '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }, stack);
    this.deliver.function.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [topics] }));
    Validations.of(this.deliver.role).acknowledge({
      // cdk-nag names the finding after the resolved ARN; build the id the way it flattens it.
      id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(topics))}]`,
      reason: 'SNS subscriptions name their topic at run time; deliver may publish only to topics of this account and region (narrow with snsTopicPattern).',
    });
    // Webhooks may take up to 10 s each, one recipient's messages run in order: keep batches small.
    this.deliver.function.addEventSource(new SqsEventSource(props.deliveryQueue, { batchSize: 2, reportBatchItemFailures: true }));
  }
}
