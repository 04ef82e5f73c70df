/**
 * The public site of a stage (docs/architecture.md, "Public status site"):
 *
 *   bus ──rule (public incident and component events, input $.detail)──┐
 *   schedule (every 5 min: maintenance windows start and end)  ─────────┴► publisher FIFO queue
 *     (one message group: one batch at a time) ──► publish-site Lambda ──PutObject──► site bucket
 *   site bucket (private, SSE-S3, TLS only) ◄──OAC── CloudFront (HTTPS only, security headers) ◄── readers
 *
 * - The status page, its history, each public incident's page, the feeds and the Statuspage JSON
 *   are files: readers never reach the API or the table, so the page stays up when they are down,
 *   and reading costs CloudFront and S3 GETs only.
 * - Bursts coalesce: the queue is FIFO with one message group, so while one render runs, new
 *   events wait and the next batch (up to 10) is rendered once. Renders never overlap, so an older
 *   render cannot overwrite a newer one.
 * - A failed render fails its batch: SQS retries it (visibility timeout), after 5 receives the
 *   messages go to the DLQ, which alarms; so does a message older than 10 minutes (the publisher
 *   is stuck). The next event or tick renders everything again from the table, so nothing is lost.
 * - Least privilege: the publisher may read the table and put/delete objects in this bucket only
 *   (delete: the page of an incident made private or deleted must go).
 *
 * For the web app (`/incidents`, another construct): `siteBucket` takes a BucketDeployment under
 * its own prefix, `siteOrigin` + `distribution.addBehavior('/incidents*', …)` with the app's own
 * response headers policy (this one allows no script).
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IOrigin,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventField, type IEventBus, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SqsQueue as SqsQueueTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import { statusContentSecurityPolicy } from '#shared/site/security-headers.ts';
import { PUBLIC_EVENT_TYPES } from '#shared/domain/status/public-events.ts';
import { WORKER_FUNCTIONS } from '../functions.ts';
import type { StageConfig } from '../stage.ts';
import { ServiceFunction, type ServiceEnvironment } from './service-function.ts';

/** The one message group of the publisher queue: every render in order, one at a time. */
export const SITE_MESSAGE_GROUP = 'site';

/** The rule's event pattern: the public event types of the namespace. */
export function publicEventPattern(namespace: string) {
  return { source: [namespace], detailType: PUBLIC_EVENT_TYPES.map((t) => `${namespace}.${t}`) };
}

export interface StaticSiteProps {
  readonly stage: StageConfig;
  readonly defaults: ServiceEnvironment;
  readonly table: ITable;
  /** The service's bus (imported by name is fine: a rule can be added to it). */
  readonly eventBus: IEventBus;
  /** How often the whole site is rendered even without events. @default 5 minutes */
  readonly tickEvery?: Duration;
}

export class StaticSite extends Construct {
  /** The site's bucket: private, behind CloudFront only. */
  public readonly siteBucket: Bucket;
  /** The bucket as a CloudFront origin with origin access control (for more behaviors). */
  public readonly siteOrigin: IOrigin;
  public readonly distribution: Distribution;
  /** `https://<distribution domain>`: the status page is `${siteUrl}/status`. */
  public readonly siteUrl: string;
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;
  public readonly publisher: ServiceFunction;
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly deadLetterAlarm: Alarm;
  public readonly stuckAlarm: Alarm;
  public readonly rule: Rule;
  public readonly tick: Rule;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const { stage, defaults } = props;
    const stack = Stack.of(this);
    const autoDelete = stage.removalPolicy === RemovalPolicy.DESTROY;

    // ---- Bucket (every file can be re-rendered from the table; the web app is redeployed) ----
    this.siteBucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: stage.removalPolicy,
      autoDeleteObjects: autoDelete,
    });
    Validations.of(this.siteBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Objects are public pages read only through CloudFront; readers are not identified, and writes come from one publisher role whose calls CloudTrail records.',
    });

    // ---- CloudFront: HTTPS only, origin access control, strict headers ----
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'Headers', {
      responseHeadersPolicyName: `${stage.prefix}-status-site`,
      comment: 'Status site: no script, only the inline stylesheet by hash',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: statusContentSecurityPolicy(), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    this.siteOrigin = S3BucketOrigin.withOriginAccessControl(this.siteBucket);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${stage.prefix} status site`,
      defaultRootObject: 'status',
      defaultBehavior: {
        origin: this.siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // Honours the objects' Cache-Control (15 s pages, feeds per their ttl), gzip/brotli.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: this.responseHeadersPolicy,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    this.siteUrl = `https://${this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'A public status page must be readable from every country; there is nothing to geo-restrict.' },
      { id: 'AwsSolutions-CFR2', reason: 'Static public files behind CloudFront caching, no dynamic origin, no forms: a WAF would cost more than the risk it removes.' },
      { id: 'AwsSolutions-CFR3', reason: 'Readers of public status pages are anonymous; standard logs would need an ACL-enabled bucket. CloudFront metrics are kept.' },
      { id: 'AwsSolutions-CFR4', reason: 'The default *.cloudfront.net certificate fixes the TLS policy; a custom domain with its own certificate sets TLSv1.2_2021.' },
    );

    // ---- Publisher queue, DLQ and alarms ----
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${stage.prefix}-site-publish-dlq.fifo`,
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the site publisher queue; it has an alarm on depth.',
    });
    const timeout = Duration.seconds(60);
    this.queue = new Queue(this, 'Queue', {
      queueName: `${stage.prefix}-site-publish.fifo`,
      fifo: true,
      // EventBridge gives every event (and every tick) its own body: the content is the dedupe id.
      contentBasedDeduplication: true,
      deduplicationScope: DeduplicationScope.QUEUE,
      fifoThroughputLimit: FifoThroughputLimit.PER_QUEUE,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmName: `${stage.prefix}-site-publish-dlq-not-empty`,
      alarmDescription: 'The status site could not be published 5 times in a row: it shows an older state. Runbook: docs/operations.md, "Status site publisher".',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.stuckAlarm = new Alarm(this, 'StuckAlarm', {
      alarmName: `${stage.prefix}-site-publish-stuck`,
      alarmDescription: 'A public change has waited more than 10 minutes to be published (renders failing and retrying). Runbook: docs/operations.md, "Status site publisher".',
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 600,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // ---- Publisher function ----
    this.publisher = new ServiceFunction(this, 'Publisher', {
      entry: WORKER_FUNCTIONS.publishSite,
      functionName: `${stage.prefix}-publish-site`,
      description: 'Public changes (FIFO queue) → the status pages, feeds and Statuspage JSON in the site bucket',
      memorySize: stage.functionMemoryMb,
      timeout,
      logRetention: stage.logRetention,
      logRemovalPolicy: stage.removalPolicy,
      defaults,
      environment: { SITE_BUCKET: this.siteBucket.bucketName, SITE_URL: this.siteUrl },
    });
    props.table.grantReadData(this.publisher.function);
    this.publisher.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [this.siteBucket.arnForObjects('*')] }));
    Validations.of(this.publisher.role).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(`${props.table.tableArn}/index/*`))}]`,
        reason: 'The table read grant covers its own global secondary indexes (lib/table-definition.ts) as <table>/index/*: every index of this one table, nothing else.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(this.siteBucket.arnForObjects('*')))}]`,
        reason: 'The publisher writes one object per public page and feed, whose keys (incident ids) are known only at run time; PutObject/DeleteObject in this one bucket only.',
      },
    );
    this.publisher.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 10 }));

    // ---- What feeds the queue ----
    const target = (message: RuleTargetInput) => new SqsQueueTarget(this.queue, { messageGroupId: SITE_MESSAGE_GROUP, message });
    this.rule = new Rule(this, 'PublicChanges', {
      ruleName: `${stage.prefix}-site-public-changes`,
      description: 'Public incident and component changes → the status site publisher',
      eventBus: props.eventBus,
      eventPattern: publicEventPattern(defaults.EVENT_NAMESPACE),
      targets: [target(RuleTargetInput.fromEventPath('$.detail'))],
    });
    this.tick = new Rule(this, 'Tick', {
      ruleName: `${stage.prefix}-site-tick`,
      description: 'Re-publish the status site: maintenance windows start and end with the clock',
      schedule: Schedule.rate(props.tickEvery ?? Duration.minutes(5)),
      targets: [target(RuleTargetInput.fromObject({ type: 'site.tick', time: EventField.time }))],
    });
  }
}
