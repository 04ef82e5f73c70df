/**
 * lib/constructs/static-site.ts in a small test stack: the private bucket behind CloudFront with
 * origin access control, HTTPS only and the strict headers policy; the publisher's least-privilege
 * grants; the FIFO queue with one message group, its DLQ and alarms; the bus rule's pattern and
 * the schedule. Bundling is skipped: these assertions read the template only.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicEventPattern, SITE_MESSAGE_GROUP, StaticSite } from '../../lib/constructs/static-site.ts';
import { stageConfig } from '../../lib/stage.ts';
import { styleHash } from '../../shared/site/security-headers.ts';

let template: Template;
let stack: Stack;
let site: StaticSite;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new Stack(app, 'SiteTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING }, billingMode: BillingMode.PAY_PER_REQUEST });
  site = new StaticSite(stack, 'Site', {
    stage: stageConfig('dev'),
    defaults: { TABLE_NAME: 'test-table', STAGE: 'dev', POWERTOOLS_SERVICE_NAME: 'incident-service', POWERTOOLS_METRICS_NAMESPACE: 'IncidentService', POWERTOOLS_LOG_LEVEL: 'INFO', EVENT_NAMESPACE: 'io.incidents', PUBLIC_BASE_URL: 'https://api.example.com' },
    table,
    eventBus: EventBus.fromEventBusName(stack, 'Bus', 'IncidentService-dev-events'),
  });
  template = Template.fromStack(stack);
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
function statementsOf(rolePrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(rolePrefix))
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}

describe('static site', () => {
  it('keeps the bucket private: public access blocked, TLS only, encrypted, owner-enforced', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('serves it through CloudFront with origin access control, HTTPS only, the status page as root', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }) });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'status',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], Compress: true }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } })],
      }),
    });
    // Only CloudFront (this distribution) may read the bucket.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } } })]) },
    });
  });

  it('sends a strict CSP (no script; the one stylesheet by hash) and the security headers', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: `default-src 'none'; style-src ${styleHash()}; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`, Override: true },
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
  });

  it('lets the publisher put and delete objects in this bucket only, and read the table', () => {
    const statements = statementsOf('SitePublisher');
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3).toHaveLength(1);
    expect(s3[0]?.Action).toEqual(['s3:PutObject', 's3:DeleteObject']);
    expect(JSON.stringify(s3[0]?.Resource)).toMatch(/SiteBucket.*\/\*/);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.startsWith('dynamodb:') && !/^dynamodb:(BatchGetItem|GetRecords|GetShardIterator|Query|GetItem|Scan|ConditionCheckItem|DescribeTable)$/.test(a))).toEqual([]);
    expect(actions).not.toContain('s3:*');
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'IncidentService-dev-publish-site', Environment: { Variables: Match.objectLike({ SITE_BUCKET: Match.anyValue(), SITE_URL: Match.anyValue() }) } });
  });

  it('coalesces through a FIFO queue with one message group, a DLQ after 5 receives, and alarms', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'IncidentService-dev-site-publish.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: true,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'IncidentService-dev-site-publish-dlq.fifo', FifoQueue: true });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'IncidentService-dev-site-publish-dlq-not-empty', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'IncidentService-dev-site-publish-stuck', MetricName: 'ApproximateAgeOfOldestMessage' });
  });

  it('feeds the queue from the bus with the public event types only, and from a schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'IncidentService-dev-site-public-changes',
      EventBusName: 'IncidentService-dev-events',
      EventPattern: { source: ['io.incidents'], 'detail-type': publicEventPattern('io.incidents').detailType },
      Targets: [Match.objectLike({ InputPath: '$.detail', SqsParameters: { MessageGroupId: SITE_MESSAGE_GROUP } })],
    });
    const pattern = publicEventPattern('io.incidents').detailType;
    expect(pattern).toContain('io.incidents.incident.update_added');
    expect(pattern).toContain('io.incidents.component.status_changed');
    expect(pattern).not.toContain('io.incidents.incident.comment_added');
    expect(pattern).not.toContain('io.incidents.incident.assigned');
    template.hasResourceProperties('AWS::Events::Rule', { Name: 'IncidentService-dev-site-tick', ScheduleExpression: 'rate(5 minutes)', Targets: [Match.objectLike({ SqsParameters: { MessageGroupId: SITE_MESSAGE_GROUP } })] });
  });

  it('exposes the bucket, the origin, the distribution and the site URL for the web app', () => {
    expect(site.siteBucket).toBeDefined();
    expect(site.siteOrigin).toBeDefined();
    expect(JSON.stringify(stack.resolve(site.siteUrl))).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",\{"Fn::GetAtt":\["SiteDistribution\w+","DomainName"\]\}\]\]\}$/);
  });

  it('has no unacknowledged cdk-nag AwsSolutions finding in the construct', () => {
    const result = new AwsSolutionsChecks().validateScope(site);
    expect(result.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath ?? '').join(', ')}`)).toEqual([]);
  });
});
