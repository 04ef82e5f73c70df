/**
 * Paging escalation in AWS (docs/architecture.md, "Escalation and timers"):
 *
 *   bus ──rule (incident events of the namespace)──► reactor ──► table (escalation, timer items)
 *                                                        └──CreateSchedule / DeleteSchedule──► schedule group
 *   EventBridge Scheduler (one-time `at(...)`, DELETE after completion) ──role──► timer function ──► table
 *                                       └─ retries, then the timers' DLQ (alarm on depth)
 *
 * - one schedule group per stage; schedules are created at run time (CreateScheduleCommand), CDK
 *   only makes the group, the role, the DLQ and the functions;
 * - the scheduler role trusts scheduler.amazonaws.com only for this account and this group's
 *   schedules (aws:SourceAccount, aws:SourceArn) and may invoke only the timer function and send
 *   to the timers' DLQ;
 * - only the functions that arm timers (reactor, timer function) may create and delete schedules,
 *   and only in this group, and pass that role (to Scheduler only);
 * - acknowledge links are signed with a key derived from a Secrets Manager secret, given to the
 *   functions that sign (deliver) and check (the two acknowledge-link routes) links.
 */
import type { SecretValue} from 'aws-cdk-lib';
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import { WORKER_FUNCTIONS } from '../functions.ts';
import type { StageConfig } from '../stage.ts';
import { ServiceFunction, type ServiceEnvironment } from './service-function.ts';

/** Table actions of the reactor and the timer function: BatchGetItem reads, TransactWriteItems commits. */
export const PAGING_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'] as const;

export interface PagingProps {
  readonly stage: StageConfig;
  readonly defaults: ServiceEnvironment;
  readonly table: ITable;
  readonly eventBus: IEventBus;
  /** Functions that sign acknowledge links (deliver) or check them (the ack-link routes). */
  readonly ackLinkFunctions?: readonly ServiceFunction[];
}

export class Paging extends Construct {
  public readonly scheduleGroup: ScheduleGroup;
  public readonly schedulerRole: Role;
  public readonly timerFunction: ServiceFunction;
  public readonly reactor: ServiceFunction;
  public readonly timerDlq: Queue;
  public readonly timerDlqAlarm: Alarm;
  public readonly reactorDlq: Queue;
  public readonly reactorDlqAlarm: Alarm;
  public readonly rule: Rule;
  public readonly ackLinkSecret: Secret;

  constructor(scope: Construct, id: string, props: PagingProps) {
    super(scope, id);
    const { stage, defaults } = props;
    const stack = Stack.of(this);
    const groupName = `${stage.prefix}-timers`;
    const timerFunctionName = `${stage.prefix}-paging-timer`;

    this.scheduleGroup = new ScheduleGroup(this, 'ScheduleGroup', { scheduleGroupName: groupName, removalPolicy: stage.removalPolicy });
    const scheduleArns = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${groupName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    // By name, not by reference: the timer function's own environment names it (no self-reference).
    const timerFunctionArn = stack.formatArn({ service: 'lambda', resource: 'function', resourceName: timerFunctionName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    const dlq = (qid: string, name: string, what: string, alarmDescription: string): [Queue, Alarm] => {
      const queue = new Queue(this, qid, { queueName: `${stage.prefix}-${name}`, encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14), removalPolicy: stage.removalPolicy });
      Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This queue is itself the dead-letter queue of ${what}; it has an alarm on depth.` });
      const alarm = new Alarm(this, `${qid}Alarm`, {
        alarmName: `${stage.prefix}-${name}-not-empty`,
        alarmDescription,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      return [queue, alarm];
    };
    [this.timerDlq, this.timerDlqAlarm] = dlq('TimerDlq', 'timers-dlq', 'the escalation timers (EventBridge Scheduler)', 'Escalation timers Scheduler could not deliver to the timer function: a page, an acknowledgement timeout, a snooze or an auto-resolve did not happen (docs/operations.md).');
    [this.reactorDlq, this.reactorDlqAlarm] = dlq('ReactorDlq', 'paging-events-dlq', 'the paging reactor (bus rule target and async invocations)', 'Incident events the paging reactor could not handle: escalations may not have started or stopped (docs/operations.md).');

    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: `EventBridge Scheduler invokes ${timerFunctionName} (schedules of ${groupName} only)`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': scheduleArns } },
      }),
    });
    this.schedulerRole.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [timerFunctionArn] }));
    this.timerDlq.grantSendMessages(this.schedulerRole);

    const environment = {
      SCHEDULE_GROUP_NAME: groupName,
      TIMER_FUNCTION_ARN: timerFunctionArn,
      SCHEDULER_ROLE_ARN: this.schedulerRole.roleArn,
      TIMER_DLQ_ARN: this.timerDlq.queueArn,
    };
    const common = { memorySize: stage.functionMemoryMb, logRetention: stage.logRetention, logRemovalPolicy: stage.removalPolicy, defaults, timeout: Duration.seconds(30), environment };
    this.timerFunction = new ServiceFunction(this, 'TimerFunction', {
      ...common,
      entry: WORKER_FUNCTIONS.pagingTimer,
      functionName: timerFunctionName,
      description: 'EventBridge Scheduler → one escalation timer (step, acknowledgement timeout, snooze, auto-resolve), acted on at most once',
    });
    this.reactor = new ServiceFunction(this, 'Reactor', {
      ...common,
      entry: WORKER_FUNCTIONS.pagingReactor,
      functionName: `${stage.prefix}-paging-reactor`,
      description: 'Incident events → start, stop and re-arm escalations and their timers',
    });

    for (const fn of [this.timerFunction, this.reactor]) {
      // The base table only: no index is queried.
      fn.function.addToRolePolicy(new PolicyStatement({ actions: [...PAGING_TABLE_ACTIONS], resources: [props.table.tableArn] }));
      fn.function.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], resources: [scheduleArns] }));
      fn.function.addToRolePolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: [this.schedulerRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }));
      Validations.of(fn.role).acknowledge({
        // cdk-nag names the finding after the resolved ARN; build the id the way it flattens it.
        id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(scheduleArns))}]`,
        reason: 'Schedules are created at run time with deterministic per-timer names; the grant covers the schedules of this stage’s group only.',
      });
    }

    this.reactor.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(this.reactorDlq) });
    this.rule = new Rule(this, 'IncidentEventsRule', {
      ruleName: `${stage.prefix}-paging`,
      description: 'Incident events → the paging reactor (escalation starter, canceller, auto-resolve)',
      eventBus: props.eventBus,
      eventPattern: { source: [defaults.EVENT_NAMESPACE], detailType: [{ prefix: `${defaults.EVENT_NAMESPACE}.incident.` }] as unknown as string[] },
      targets: [new LambdaFunction(this.reactor.function, { deadLetterQueue: this.reactorDlq, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });

    this.ackLinkSecret = new Secret(this, 'AckLinkSecret', {
      secretName: `${stage.prefix}/ack-link-secret`,
      description: 'HMAC key material of acknowledge links in pages (rotate: outstanding links stop working)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: stage.removalPolicy,
    });
    Validations.of(this.ackLinkSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'An HMAC key without a rotation Lambda: rotating it only invalidates the acknowledge links of pages less than a day old; docs/operations.md says how to rotate it by hand.',
    });
    // A dynamic reference, resolved by CloudFormation at deploy time into the function's
    // environment (encrypted at rest): the functions need no Secrets Manager client or call.
    const secretValue: SecretValue = this.ackLinkSecret.secretValue;
    for (const fn of props.ackLinkFunctions ?? []) fn.function.addEnvironment('ACK_LINK_SECRET', secretValue.unsafeUnwrap());
  }
}
