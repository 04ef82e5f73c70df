/**
 * CloudWatch alarms → component status (docs/architecture.md, MISSION section 3):
 *
 *   default bus ──rule (source aws.cloudwatch, detail-type "CloudWatch Alarm State Change")──►
 *   handle-alarm Lambda (functions/alarms/handle-alarm-state-change.ts) ──► the table
 *
 * Failures land in one encrypted dead-letter queue, from both sides of the invocation:
 * - the rule target's retry policy and DLQ cover events EventBridge could not deliver to the
 *   function (throttling, a missing permission);
 * - the function's asynchronous-invocation config (EventBridge invokes Lambda asynchronously) covers
 *   events the function failed on: Lambda retries twice, then sends the event to the same queue.
 * An alarm on the queue's depth says that alarm events are waiting for a replay. A replayed or
 * redelivered event changes nothing (the handler dedupes by event id in its transaction).
 *
 * Least privilege: the function may Query/GetItem and write items (the transaction's Put, Update,
 * Delete and ConditionCheck) on the table; no Scan, no BatchWrite, no table administration.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import { WORKER_FUNCTIONS } from '../functions.ts';
import type { StageConfig } from '../stage.ts';
import { ServiceFunction, type ServiceEnvironment } from './service-function.ts';

export const ALARM_EVENT_PATTERN = { source: ['aws.cloudwatch'], detailType: ['CloudWatch Alarm State Change'] } as const;

/** The table actions of the alarm handler (one Query read, one TransactWriteItems commit, GetItems). */
export const ALARM_HANDLER_TABLE_ACTIONS = ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'] as const;

export interface AlarmIngestionProps {
  readonly stage: StageConfig;
  /** The environment every function of the service gets (TABLE_NAME, STAGE, PUBLIC_BASE_URL, …). */
  readonly defaults: ServiceEnvironment;
  readonly table: ITable;
  /** Where CloudWatch sends alarm state changes. @default the account's default event bus */
  readonly eventBus?: IEventBus;
  /** EventBridge delivery retries to the function. @default 8 */
  readonly retryAttempts?: number;
  /** How long EventBridge and Lambda keep trying one event. @default 2 hours */
  readonly maxEventAge?: Duration;
}

export class AlarmIngestion extends Construct {
  public readonly handler: ServiceFunction;
  public readonly rule: Rule;
  public readonly deadLetterQueue: Queue;
  public readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: AlarmIngestionProps) {
    super(scope, id);
    const { stage, defaults } = props;
    const maxEventAge = props.maxEventAge ?? Duration.hours(2);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${stage.prefix}-alarm-events-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the alarm rule target and of the handler; it has an alarm on depth.',
    });
    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmName: `${stage.prefix}-alarm-events-dlq-not-empty`,
      alarmDescription: 'CloudWatch alarm events that could not be turned into component status: inspect and redrive them (docs/operations.md).',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.handler = new ServiceFunction(this, 'Handler', {
      entry: WORKER_FUNCTIONS.handleAlarmStateChange,
      functionName: `${stage.prefix}-handle-alarm`,
      description: 'CloudWatch Alarm State Change (default bus) → component status decision, alarm links and recovery',
      memorySize: stage.functionMemoryMb,
      timeout: Duration.seconds(30),
      logRetention: stage.logRetention,
      logRemovalPolicy: stage.removalPolicy,
      defaults,
    });
    props.table.grant(this.handler.function, ...ALARM_HANDLER_TABLE_ACTIONS);
    // With an imported table (grantIndexPermissions) the grant covers `<table arn>/index/*`; cdk-nag
    // names that finding after the resolved ARN, so the acknowledgement is built the same way.
    Validations.of(this.handler.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(this).resolve(`${props.table.tableArn}/index/*`))}]`,
      reason: 'The table grant covers its own global secondary indexes (lib/table-definition.ts) as <table>/index/*: every index of this one table, nothing else.',
    });
    this.handler.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge, onFailure: new SqsDestination(this.deadLetterQueue) });

    this.rule = new Rule(this, 'Rule', {
      ruleName: `${stage.prefix}-cloudwatch-alarm-state-change`,
      description: 'CloudWatch alarm state changes → the incident service (component status)',
      eventBus: props.eventBus ?? EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      eventPattern: { source: [...ALARM_EVENT_PATTERN.source], detailType: [...ALARM_EVENT_PATTERN.detailType] },
      targets: [new LambdaFunction(this.handler.function, { deadLetterQueue: this.deadLetterQueue, retryAttempts: props.retryAttempts ?? 8, maxEventAge })],
    });
  }
}
