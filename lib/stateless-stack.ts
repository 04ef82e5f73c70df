/**
 * The stateless stack: Cognito, the HTTP API and one function per route. Everything here can be
 * destroyed and recreated without losing data; the data lives in the stateful stack, whose table
 * arrives by props (bin/app.ts declares the stack dependency).
 *
 * The table is referenced by its physical name (`Table.fromTableAttributes`), not by a cross-stack
 * token: a cross-stack token becomes a CloudFormation export (or stack output reference) that
 * blocks changes to the stateful stack for as long as a consumer uses it, which is the classic
 * trap of a stateful/stateless split. The name is fixed per stage, so nothing is lost.
 *
 * Cognito sits here rather than in the stateful stack on purpose: the pool's clients and the API's
 * authorizer change together. The pool itself follows the stage's removal policy, so prod retains it.
 */
import { ArnFormat, Stack, type StackProps } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Queue, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { AlarmIngestion } from './constructs/alarm-ingestion.ts';
import { AutomatedResponses } from './constructs/automated-responses.ts';
import { Auth } from './constructs/auth.ts';
import { EventPipeline } from './constructs/event-pipeline.ts';
import { IncidentHttpApi } from './constructs/http-api.ts';
import { Paging } from './constructs/paging.ts';
import { StaticSite } from './constructs/static-site.ts';
import { StatusSubscribers } from './constructs/status-subscribers.ts';
import { WebApp } from './constructs/web-app.ts';
import { importAlarmTopic, notifyOnEveryAlarm, OperationsDashboard } from './constructs/operations.ts';
import { tableStreamParameter } from './stateful-stack.ts';
import { routes as routeTable, type Route } from './routes.ts';
import type { StageConfig } from './stage.ts';
import { GLOBAL_INDEXES } from './table-definition.ts';

export interface StatelessStackProps extends StackProps {
  readonly stage: StageConfig;
  /** Physical name of the single table of the stateful stack. */
  readonly tableName: string;
  /** @default the route table of lib/routes.ts */
  readonly routes?: readonly Route[];
  /**
   * Automated responses: what rules may invoke and start. @default the comma-separated context
   * values `automationLambdaAllowlist` and `automationSsmDocuments` (`-c automationSsmDocuments=AWS-RestartEC2Instance`), else none.
   */
  readonly automation?: { readonly lambdaFunctionArns: readonly string[]; readonly ssmDocuments: readonly string[] };
}

export class StatelessStack extends Stack {
  public readonly table: ITable;
  public readonly auth: Auth;
  public readonly httpApi: IncidentHttpApi;
  public readonly events: EventPipeline;
  public readonly alarms: AlarmIngestion;
  public readonly paging: Paging;
  /** status: the public site (bucket + CloudFront) and its publisher. */
  public readonly site: StaticSite;
  public readonly subscribers: StatusSubscribers;
  /** web app: /incidents on the site, Cognito managed login, CORS for the site's origin only. */
  public readonly webApp: WebApp;
  /** Automated responses: the reactor on incident events and the SSM status function. */
  public readonly automation: AutomatedResponses;
  public readonly operations: OperationsDashboard;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.table = Table.fromTableAttributes(this, 'Table', {
      tableName: props.tableName,
      globalIndexes: GLOBAL_INDEXES.map((index) => index.indexName),
      // Reads through any GSI are part of "read data"; the grants cover the indexes too.
      grantIndexPermissions: true,
      tableStreamArn: StringParameter.valueForStringParameter(this, tableStreamParameter(stage)),
    });
    this.auth = new Auth(this, 'Auth', { stage, removalPolicy: stage.removalPolicy });
    this.httpApi = new IncidentHttpApi(this, 'Http', {
      stage,
      routes: props.routes ?? routeTable,
      table: this.table,
      jwtIssuer: this.auth.issuer,
      jwtAudiences: this.auth.audiences,
    });

    // Queues and bus by their fixed per-stage names, like the table: no cross-stack exports.
    const queue = (id: string, name: string): IQueue =>
      Queue.fromQueueAttributes(this, id, {
        queueArn: this.formatArn({ service: 'sqs', resource: `${stage.prefix}-${name}`, arnFormat: ArnFormat.NO_RESOURCE_NAME }),
        queueUrl: `https://sqs.${this.region}.${this.urlSuffix}/${this.account}/${stage.prefix}-${name}`,
      });
    this.events = new EventPipeline(this, 'Events', {
      stage,
      defaults: this.httpApi.defaults,
      table: this.table,
      eventBus: EventBus.fromEventBusName(this, 'EventBus', `${stage.prefix}-events`),
      notificationsQueue: queue('NotificationsQueue', 'notifications'),
      deliveryQueue: queue('DeliveryQueue', 'delivery'),
      createRule: false,
      emailFrom: stage.notificationEmailFrom,
    });
    // CloudWatch alarm state changes (default bus) → the component-status decision.
    this.alarms = new AlarmIngestion(this, 'Alarms', { stage, defaults: this.httpApi.defaults, table: this.table });

    // Paging escalation: the reactor on incident events, the timer function, Scheduler's group and role.
    const ackLinkRoutes = ['getAckLink', 'useAckLink'].flatMap((r) => this.httpApi.functions.get(r) ?? []);
    this.paging = new Paging(this, 'Paging', { stage, defaults: this.httpApi.defaults, table: this.table, eventBus: EventBus.fromEventBusName(this, 'PagingEventBus', `${stage.prefix}-events`), ackLinkFunctions: [this.events.deliver, ...ackLinkRoutes] });
    // status (site): the published status page, feeds and Statuspage JSON behind CloudFront.
    this.site = new StaticSite(this, 'StatusSite', { stage, defaults: this.httpApi.defaults, table: this.table, eventBus: EventBus.fromEventBusName(this, 'SiteEventBus', `${stage.prefix}-events`) });
    // status (public subscribers): the link key for the subscriber routes and fan-out.
    const signer = (routeId: string) => {
      const fn = this.httpApi.functions.get(routeId);
      if (!fn) throw new Error(`route ${routeId} is missing`);
      return fn.function;
    };
    this.subscribers = new StatusSubscribers(this, 'StatusSubscribers', {
      stage,
      table: this.table,
      signers: ['createStatusSubscriber', 'getStatusSubscriberConfirm', 'confirmStatusSubscriber', 'getStatusSubscriberUnsubscribe', 'deleteStatusSubscriber'].map(signer),
      fanOut: this.events.fanOut.function,
      siteUrl: { url: this.site.siteUrl, deliver: this.events.deliver.function },
    });
    // web app: the /incidents app on the same site; the API answers CORS for that origin only.
    this.webApp = new WebApp(this, 'WebApp', {
      stage,
      bucket: this.site.siteBucket,
      distribution: this.site.distribution,
      origin: this.site.siteOrigin,
      siteUrl: this.site.siteUrl,
      apiUrl: this.httpApi.url,
      auth: this.auth,
    });
    this.httpApi.restrictCorsTo([this.webApp.origin]);

    // Automated responses: the reactor (bus rule), the SSM status function (default bus), the allow-lists.
    const list = (key: string): string[] => String(this.node.tryGetContext(key) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    this.automation = new AutomatedResponses(this, 'Automation', {
      stage,
      defaults: this.httpApi.defaults,
      table: this.table,
      eventBus: EventBus.fromEventBusName(this, 'AutomationEventBus', `${stage.prefix}-events`),
      lambdaFunctionArns: props.automation?.lambdaFunctionArns ?? list('automationLambdaAllowlist'),
      ssmDocuments: props.automation?.ssmDocuments ?? list('automationSsmDocuments'),
      ruleFunctions: ['createAutomatedResponse', 'replaceAutomatedResponse'].flatMap((r) => this.httpApi.functions.get(r) ?? []),
    });

    // Operations: the dashboard and the alarms only this stack can define; every alarm of this
    // stack notifies the stage's alarm topic (created by the stateful stack, imported by name).
    this.operations = new OperationsDashboard(this, 'Operations', {
      stage,
      apiId: this.httpApi.api.apiId,
      streamPublisher: this.events.publisher,
      workers: [
        this.events.publisher,
        this.events.fanOut,
        this.events.deliver,
        this.alarms.handler,
        this.paging.reactor,
        this.paging.timerFunction,
        this.site.publisher,
        this.automation.reactors.webhook,
        this.automation.reactors.lambda,
        this.automation.reactors.ssm,
        this.automation.statusFunction,
      ],
      alarms: [this.events.streamFailuresAlarm, this.alarms.deadLetterAlarm, this.paging.timerDlqAlarm, this.paging.reactorDlqAlarm, this.site.deadLetterAlarm, this.site.stuckAlarm, this.automation.dlqAlarm],
    });
    notifyOnEveryAlarm(this, importAlarmTopic(this, 'AlarmTopic', stage));
  }
}
