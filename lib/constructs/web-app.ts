/**
 * The /incidents app in AWS: built during synth (web/build.ts, esbuild), published under the
 * site bucket's `incidents/` prefix by `BucketDeployment`, served by the site's CloudFront
 * distribution through its own behavior (`/incidents*`) with the app's own security headers.
 *
 *   readers ──HTTPS──► CloudFront ──/incidents*: viewer-request function (index rewrite)──OAC──► S3 incidents/…
 *   the app ──fetch, bearer token──► HTTP API (CORS: the site's origin only)
 *   the app ──navigation──► Cognito managed login (authorization code + PKCE) ──► back to /incidents/
 *
 * - `config.json` is written at deploy from the stack's own values (API URL, Cognito domain, the
 *   web client's id), so one build serves every stage.
 * - Hashed script and stylesheet are immutable (cached a year); index.html and config.json are
 *   `no-cache` (revalidated each load), so a deploy is visible at once; the deployment also
 *   invalidates `/incidents/*`.
 * - The CSP allows script and style from the site only, and fetches to the site, the region's API
 *   Gateway endpoints (`*.execute-api.<region>`: see below why not the API's own host) and the
 *   Cognito domain only: no `unsafe-inline`, no `unsafe-eval`.
 * - The Cognito web client (lib/constructs/auth.ts) gets the app's URL as callback and logout URL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  type Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  type IOrigin,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';
import { buildWebAppSync, cognitoWebConfig } from '../../web/build.ts';
import { webAppCsp } from '../../web/csp.ts';
import type { StageConfig } from '../stage.ts';
import type { Auth } from './auth.ts';

/** The bucket prefix and the path of the app on the site. */
export const WEB_APP_PREFIX = 'incidents';

/**
 * Viewer-request function: `/incidents` → 301 `/incidents/` (the page's relative URLs need the
 * slash), `/incidents/` → `/incidents/index.html` (S3 behind OAC has no directory index).
 */
export const INDEX_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  if (request.uri === '/${WEB_APP_PREFIX}') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/${WEB_APP_PREFIX}/' } } };
  }
  if (request.uri === '/${WEB_APP_PREFIX}/') request.uri = '/${WEB_APP_PREFIX}/index.html';
  return request;
}`;

export interface WebAppProps {
  readonly stage: StageConfig;
  /** The static site's bucket and distribution (lib/constructs/static-site.ts). */
  readonly bucket: IBucket;
  readonly distribution: Distribution;
  /** The bucket as a CloudFront origin with origin access control. */
  readonly origin: IOrigin;
  /** `https://<distribution domain>`. */
  readonly siteUrl: string;
  /** The HTTP API's base URL. */
  readonly apiUrl: string;
  readonly auth: Auth;
}

export class WebApp extends Construct {
  /** `https://<site>/incidents/`: the Cognito callback and logout URL. */
  public readonly appUrl: string;
  /** The origin the API must allow (CORS). */
  public readonly origin: string;
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;
  public readonly indexFunction: CloudFrontFunction;
  public readonly assets: BucketDeployment;
  public readonly entryPoints: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const { stage, auth } = props;
    this.origin = props.siteUrl;
    this.appUrl = `${props.siteUrl}/${WEB_APP_PREFIX}/`;
    const cognitoUrl = auth.domain.baseUrl();
    // The API's own host cannot be named here: the API's CORS names the distribution, whose
    // behavior names this policy, so naming the API would be a dependency cycle. The regional
    // execute-api domain is the narrowest source without it.
    const apiOrigin = `https://*.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'Headers', {
      responseHeadersPolicyName: `${stage.prefix}-incidents-app`,
      comment: 'The /incidents app: script and style from the site only; fetches to the site, the API and Cognito',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: webAppCsp([apiOrigin, cognitoUrl]), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.indexFunction = new CloudFrontFunction(this, 'IndexFunction', {
      comment: '/incidents → /incidents/ → /incidents/index.html',
      code: FunctionCode.fromInline(INDEX_FUNCTION_CODE),
      runtime: FunctionRuntime.JS_2_0,
    });
    props.distribution.addBehavior(`/${WEB_APP_PREFIX}*`, props.origin, {
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      compress: true,
      responseHeadersPolicy: this.responseHeadersPolicy,
      functionAssociations: [{ function: this.indexFunction, eventType: FunctionEventType.VIEWER_REQUEST }],
    });

    // Built once per synth into a temporary folder; the asset is content-hashed by CDK.
    const outDir = path.join(mkdtempSync(path.join(tmpdir(), 'incidents-web-')), WEB_APP_PREFIX);
    buildWebAppSync(outDir);
    const destination = { destinationBucket: props.bucket, destinationKeyPrefix: `${WEB_APP_PREFIX}/`, prune: false, memoryLimit: 256 };
    this.assets = new BucketDeployment(this, 'Assets', {
      ...destination,
      sources: [Source.asset(outDir, { exclude: ['index.html'] })],
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
    });
    this.entryPoints = new BucketDeployment(this, 'EntryPoints', {
      ...destination,
      sources: [
        Source.asset(outDir, { exclude: ['*', '!index.html'] }),
        Source.jsonData('config.json', cognitoWebConfig(props.apiUrl, cognitoUrl, auth.webClient.userPoolClientId)),
      ],
      cacheControl: [CacheControl.noCache()],
      // After the assets, so a new index.html never names a script that is not there yet.
      distribution: props.distribution,
      distributionPaths: [`/${WEB_APP_PREFIX}/*`, `/${WEB_APP_PREFIX}`],
    });
    this.entryPoints.node.addDependency(this.assets);

    auth.addWebAppUrl(this.appUrl);
    new CfnOutput(this, 'AppUrl', { value: this.appUrl, description: 'The /incidents app' });

    // BucketDeployment's handler is CDK's own singleton function (one per stack), granted by CDK.
    const stack = Stack.of(this);
    const resource = (arn: string) => `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(arn))}]`;
    const assetBucket = `arn:${stack.partition}:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}/*`;
    const copies = "CDK's BucketDeployment handler copies the app's files from the CDK asset bucket into the site bucket's incidents/ prefix with the read/write actions CDK grants for that";
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      Validations.of(child).acknowledge(
        { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: "CDK's BucketDeployment handler logs with the AWS managed basic execution role; it runs only during deploys." },
        ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason: `${copies} (${action}).` })),
        { id: resource(assetBucket), reason: `${copies}: it reads the deploy's asset objects, whose keys are content hashes.` },
        { id: resource(props.bucket.arnForObjects('*')), reason: `${copies}: it writes the app's objects, whose keys are content hashes.` },
        { id: 'AwsSolutions-IAM5[Resource::*]', reason: "CDK's BucketDeployment handler invalidates /incidents/* after a deploy: cloudfront:CreateInvalidation and GetInvalidation take no resource-level permission." },
        { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment handler runtime is chosen by aws-cdk-lib and upgraded with it." },
      );
    }
  }
}
