/**
 * Automated responses in AWS (docs/architecture.md, "Automated responses"):
 *
 *   project bus ──rule (incident events except incident.automated_response)──┬► webhook reactor ── POST (signed)
 *                                                                             ├► Lambda reactor ── lambda:InvokeFunction (allow-listed ARNs only)
 *                                                                             └► SSM reactor ── ssm:StartAutomationExecution (allow-listed documents only)
 *   each reactor ──► table (its rules' executions, timeline)
 *   default bus ──rule (aws.ssm "EC2 Automation Execution Status-change Notification")──► status function ──► table
 *   both: retries, then one DLQ (alarm on depth)
 *
 * The allow-lists are the same lists the rule routes check (AUTOMATION_LAMBDA_ALLOWLIST,
 * AUTOMATION_SSM_DOCUMENTS): a rule can only name what the reactor may call. With an empty list
 * that reactor gets no grant at all. One reactor per action type: each bundles only the SDK client it
 * calls (Lambda and SSM together exceed the 400 KiB bundle budget) and holds only its own grant.
 */
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import { WORKER_FUNCTIONS } from '../functions.ts';
import type { StageConfig } from '../stage.ts';
import { ServiceFunction, type ServiceEnvironment } from './service-function.ts';

/** Table actions of the reactor and the status function: reads, conditional puts, one TransactWriteItems of puts. */
export const AUTOMATION_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'] as const;

export const SSM_STATUS_EVENT_PATTERN = { source: ['aws.ssm'], detailType: ['EC2 Automation Execution Status-change Notification'] } as const;

export interface AutomatedResponsesProps {
  readonly stage: StageConfig;
  readonly defaults: ServiceEnvironment;
  readonly table: ITable;
  /** The project's bus (incident events). */
  readonly eventBus: IEventBus;
  /** The account's default bus (SSM status events); default: looked up by name. */
  readonly defaultBus?: IEventBus;
  /** Lambda function ARNs rules may invoke. */
  readonly lambdaFunctionArns: readonly string[];
  /** SSM Automation document names rules may start. */
  readonly ssmDocuments: readonly string[];
  /** The rule routes (create, replace): they check the same allow-lists. */
  readonly ruleFunctions: readonly ServiceFunction[];
}

const documentName = (doc: string): string => doc.split('/').pop() ?? doc;

export class AutomatedResponses extends Construct {
  /** One reactor per action type. */
  public readonly reactors: { readonly webhook: ServiceFunction; readonly lambda: ServiceFunction; readonly ssm: ServiceFunction };
  public readonly statusFunction: ServiceFunction;
  public readonly dlq: Queue;
  public readonly dlqAlarm: Alarm;
  public readonly incidentRule: Rule;
  public readonly ssmStatusRule: Rule;

  constructor(scope: Construct, id: string, props: AutomatedResponsesProps) {
    super(scope, id);
    const { stage, defaults } = props;
    const stack = Stack.of(this);
    const allowEnvironment = { AUTOMATION_LAMBDA_ALLOWLIST: props.lambdaFunctionArns.join(','), AUTOMATION_SSM_DOCUMENTS: props.ssmDocuments.join(',') };

    this.dlq = new Queue(this, 'Dlq', { queueName: `${stage.prefix}-automation-dlq`, encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14), removalPolicy: stage.removalPolicy });
    Validations.of(this.dlq).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the automated-response functions (bus rule targets and async invocations); it has an alarm on depth.' });
    this.dlqAlarm = new Alarm(this, 'DlqAlarm', {
      alarmName: `${stage.prefix}-automation-dlq-not-empty`,
      alarmDescription: 'Incident events or SSM status events the automated-response functions could not handle: a response may not have started, or its status is stale (docs/operations.md).',
      metric: this.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const common = { memorySize: stage.functionMemoryMb, logRetention: stage.logRetention, logRemovalPolicy: stage.removalPolicy, defaults, environment: allowEnvironment };
    const reactor = (rid: string, entry: string, name: string, what: string) =>
      new ServiceFunction(this, rid, {
        ...common,
        // Webhooks have a 10 s timeout each; the matching rules run side by side.
        timeout: Duration.seconds(30),
        entry,
        functionName: `${stage.prefix}-${name}`,
        description: `Incident events → automated responses with ${what} actions, each started once`,
      });
    this.reactors = {
      webhook: reactor('WebhookReactor', WORKER_FUNCTIONS.automationWebhookReactor, 'automation-webhook', 'webhook'),
      lambda: reactor('LambdaReactor', WORKER_FUNCTIONS.automationLambdaReactor, 'automation-lambda', 'allow-listed Lambda'),
      ssm: reactor('SsmReactor', WORKER_FUNCTIONS.automationSsmReactor, 'automation-ssm', 'allow-listed SSM Automation'),
    };
    this.statusFunction = new ServiceFunction(this, 'SsmStatus', {
      ...common,
      timeout: Duration.seconds(10),
      entry: WORKER_FUNCTIONS.automationSsmStatus,
      functionName: `${stage.prefix}-automation-ssm-status`,
      description: 'SSM Automation status events → the automated-response execution that started them',
    });
    const reactors = [this.reactors.webhook, this.reactors.lambda, this.reactors.ssm];
    for (const fn of [...reactors, this.statusFunction]) {
      // The base table only: no index is queried.
      fn.function.addToRolePolicy(new PolicyStatement({ actions: [...AUTOMATION_TABLE_ACTIONS], resources: [props.table.tableArn] }));
      fn.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(this.dlq) });
    }
    if (props.lambdaFunctionArns.length > 0) {
      this.reactors.lambda.function.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [...props.lambdaFunctionArns] }));
    }
    if (props.ssmDocuments.length > 0) {
      // StartAutomationExecution is authorized on the automation definition (any version of it).
      const definitions = props.ssmDocuments.map((doc) => stack.formatArn({ service: 'ssm', resource: 'automation-definition', resourceName: `${documentName(doc)}:*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
      this.reactors.ssm.function.addToRolePolicy(new PolicyStatement({ actions: ['ssm:StartAutomationExecution'], resources: definitions }));
      for (const definition of definitions) {
        Validations.of(this.reactors.ssm.role).acknowledge({
          // cdk-nag names the finding after the resolved ARN; build the id the way it flattens it.
          id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(definition))}]`,
          reason: 'An allow-listed SSM Automation document, any of its versions (`:*`): the runbook named by the rule, nothing else.',
        });
      }
    }
    for (const fn of props.ruleFunctions) {
      for (const [key, value] of Object.entries(allowEnvironment)) fn.function.addEnvironment(key, value);
    }

    const ns = defaults.EVENT_NAMESPACE;
    this.incidentRule = new Rule(this, 'IncidentEventsRule', {
      ruleName: `${stage.prefix}-automation`,
      description: 'Incident events (not its own) → the automated-response reactors (webhook, Lambda, SSM)',
      eventBus: props.eventBus,
      eventPattern: {
        source: [ns],
        detailType: [{ prefix: `${ns}.incident.` }] as unknown as string[],
        // The bus Detail is the CloudEvent: its `type` is the detail-type; both must hold.
        detail: { type: [{ 'anything-but': `${ns}.incident.automated_response` }] },
      },
      targets: reactors.map((fn) => new LambdaFunction(fn.function, { deadLetterQueue: this.dlq, retryAttempts: 8, maxEventAge: Duration.hours(6) })),
    });
    this.ssmStatusRule = new Rule(this, 'SsmStatusRule', {
      ruleName: `${stage.prefix}-automation-ssm-status`,
      description: 'SSM Automation status changes of allow-listed documents → the automated-response status function',
      eventBus: props.defaultBus ?? EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      eventPattern: {
        source: [...SSM_STATUS_EVENT_PATTERN.source],
        detailType: [...SSM_STATUS_EVENT_PATTERN.detailType],
        ...(props.ssmDocuments.length > 0 ? { detail: { Definition: props.ssmDocuments.map(documentName) } } : {}),
      },
      targets: [new LambdaFunction(this.statusFunction.function, { deadLetterQueue: this.dlq, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
  }
}
