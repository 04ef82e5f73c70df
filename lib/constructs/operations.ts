/**
 * Operations (issue 13): where an operator hears of trouble and where they look.
 *
 * - `AlarmTopic` (stateful stack): the stage's SNS topic `<prefix>-alarms`, encrypted with a key
 *   CloudWatch may use, e-mail subscribers from the stage config (`alarmEmails`) and the context
 *   (`-c alarmEmails=a@x,b@y`);
 * - `notifyOnEveryAlarm(stack, topic)`: an aspect that gives every CloudWatch alarm of a stack the
 *   topic as its alarm and OK action, so no alarm (today's or one added later) stays silent;
 * - `OperationsDashboard` (stateless stack): the service's alarms that exist only here (API 5xx,
 *   stream iterator age, errors of every worker function) and the `<prefix>-operations`
 *   dashboard. Its graphs use SEARCH expressions over the stage's name prefix, so a function or
 *   queue added later shows without editing this file.
 */
import { Aspects, Duration, Stack, type IAspect } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IAlarm,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';
import type { StageConfig } from '../stage.ts';
import type { ServiceFunction } from './service-function.ts';

export const alarmTopicName = (stage: StageConfig): string => `${stage.prefix}-alarms`;

export interface AlarmTopicProps {
  readonly stage: StageConfig;
  /** E-mail addresses subscribed to every alarm (besides the stage config's). */
  readonly emails?: readonly string[];
}

export class AlarmTopic extends Construct {
  public readonly topic: Topic;
  public readonly key: Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const { stage } = props;
    // An AWS managed key (alias/aws/sns) cannot be used: CloudWatch alarms need kms:Decrypt and
    // kms:GenerateDataKey on the topic's key, and a managed key's policy cannot grant them.
    this.key = new Key(this, 'Key', { alias: `alias/${stage.prefix}-alarms`, description: `Encrypts the ${stage.prefix} alarm topic`, enableKeyRotation: true, removalPolicy: stage.removalPolicy });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'Topic', { topicName: alarmTopicName(stage), displayName: `${stage.prefix} alarms`, masterKey: this.key, enforceSSL: true });
    for (const email of new Set([...stage.alarmEmails, ...(props.emails ?? [])])) this.topic.addSubscription(new EmailSubscription(email));
  }
}

/** The alarm topic of a stage from another stack, by its fixed name (no cross-stack export). */
export const importAlarmTopic = (scope: Construct, id: string, stage: StageConfig): ITopic =>
  Topic.fromTopicArn(scope, id, Stack.of(scope).formatArn({ service: 'sns', resource: alarmTopicName(stage) }));

class NotifyOnAlarm implements IAspect {
  private readonly action: SnsAction;
  constructor(topic: ITopic) {
    this.action = new SnsAction(topic);
  }
  visit(node: IConstruct): void {
    if (node instanceof Alarm) {
      node.addAlarmAction(this.action);
      node.addOkAction(this.action);
    }
  }
}

/** Every CloudWatch alarm of `stack` notifies `topic` when it fires and when it clears. */
export function notifyOnEveryAlarm(stack: Stack, topic: ITopic): void {
  Aspects.of(stack).add(new NotifyOnAlarm(topic));
}

export interface OperationsDashboardProps {
  readonly stage: StageConfig;
  readonly apiId: string;
  /** The stream publisher: its iterator age is how far the outbox is behind. */
  readonly streamPublisher: ServiceFunction;
  /** Functions that no API caller sees fail (stream, queues, bus rules, timers): each gets an errors alarm. */
  readonly workers: readonly ServiceFunction[];
  /** Alarms defined elsewhere (DLQs, stuck publisher): shown in the dashboard's alarm status. */
  readonly alarms: readonly IAlarm[];
}

const FIVE_MINUTES = Duration.minutes(5);

export class OperationsDashboard extends Construct {
  public readonly dashboard: Dashboard;
  public readonly api5xxAlarm: Alarm;
  public readonly iteratorAgeAlarm: Alarm;
  public readonly workerErrorAlarms: Alarm[];

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { stage, apiId } = props;
    const api = (metricName: string, statistic: string) => new Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap: { ApiId: apiId }, statistic, period: FIVE_MINUTES });

    this.api5xxAlarm = new Alarm(this, 'Api5xxAlarm', {
      alarmName: `${stage.prefix}-api-5xx`,
      alarmDescription: 'The HTTP API answered 5xx: a handler failed or timed out (docs/operations.md "API 5xx").',
      metric: api('5xx', 'Sum'),
      threshold: 5,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const iteratorAge = props.streamPublisher.function.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) });
    this.iteratorAgeAlarm = new Alarm(this, 'IteratorAgeAlarm', {
      alarmName: `${stage.prefix}-stream-iterator-age`,
      alarmDescription: 'The table stream publisher is more than a minute behind: events, pages and notifications are late (docs/operations.md "Stream iterator age").',
      metric: iteratorAge,
      threshold: 60_000,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.workerErrorAlarms = props.workers.map(
      (worker) =>
        new Alarm(worker, 'ErrorsAlarm', {
          alarmName: `${stage.prefix}-${worker.node.path.split('/').slice(1).join('-')}-errors`,
          alarmDescription: 'A worker function failed; its messages are retried and then dead-lettered (docs/operations.md "Worker errors").',
          metric: worker.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );

    // Graphs over every function and queue of the stage, found by name prefix.
    const search = (label: string, expression: string) => new MathExpression({ expression, label, period: FIVE_MINUTES, usingMetrics: {} });
    const lambda = (metric: string, stat: string) => search(metric, `SEARCH('{AWS/Lambda,FunctionName} MetricName="${metric}" ${stage.prefix}', '${stat}', 300)`);
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${stage.prefix}-operations`, defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(new TextWidget({ markdown: `# ${stage.prefix}\nRunbook for every alarm: docs/operations.md. Replays and redrives: docs/operations.md "Replay and redrive".`, width: 24, height: 2 }));
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: [this.api5xxAlarm, this.iteratorAgeAlarm, ...this.workerErrorAlarms, ...props.alarms], width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'API 4xx and 5xx', left: [api('4xx', 'Sum'), api('5xx', 'Sum')], width: 8 }),
      new GraphWidget({ title: 'API latency (p50, p99)', left: [api('Latency', 'p50'), api('Latency', 'p99')], width: 8 }),
      new GraphWidget({ title: 'API 5xx per route', left: [search('5xx', `SEARCH('{AWS/ApiGateway,ApiId,Method,Resource,Stage} MetricName="5xx" ApiId="${apiId}"', 'Sum', 300)`)], width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Function errors', left: [lambda('Errors', 'Sum')], width: 8 }),
      new GraphWidget({ title: 'Function throttles', left: [lambda('Throttles', 'Sum')], width: 8 }),
      new GraphWidget({ title: 'Function duration (p99)', left: [lambda('Duration', 'p99')], width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Dead-letter queues (failed timers, deliveries, publishes)',
        left: [search('messages', `SEARCH('{AWS/SQS,QueueName} MetricName="ApproximateNumberOfMessagesVisible" ${stage.prefix} (dlq OR failures)', 'Maximum', 300)`)],
        width: 8,
      }),
      new GraphWidget({ title: 'Stream iterator age (ms)', left: [iteratorAge], width: 8 }),
      new GraphWidget({
        title: 'Incidents created, MTTA and MTTR (s)',
        left: [search('created', `SEARCH('{IncidentService,service} MetricName="IncidentsCreated"', 'Sum', 300)`)],
        right: [search('MTTA/MTTR', `SEARCH('{IncidentService,service} MetricName="MTTA" OR MetricName="MTTR"', 'Average', 300)`)],
        width: 8,
      }),
    );
  }
}
