/**
 * The /incidents app's hosting (lib/constructs/web-app.ts) on a stand-in of the static site
 * (a private bucket behind CloudFront with OAC, as lib/constructs/static-site.ts makes it), and
 * the API's CORS restricted to the site's origin. cdk-nag runs on the synth (any unacknowledged
 * finding throws).
 */
import { runInNewContext } from 'node:vm';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Distribution, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { Auth } from '../../lib/constructs/auth.ts';
import { IncidentHttpApi } from '../../lib/constructs/http-api.ts';
import { INDEX_FUNCTION_CODE, WebApp } from '../../lib/constructs/web-app.ts';
import { routes } from '../../lib/routes.ts';
import { stageConfig } from '../../lib/stage.ts';
import { cdkJsonContext, templateWithNested } from './support.ts';

function build() {
  const app = new App({ context: cdkJsonContext() });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'WebAppTest', { env: { account: '111111111111', region: 'eu-west-1' } });
  const stage = stageConfig('dev');
  const auth = new Auth(stack, 'Auth', { stage, removalPolicy: stage.removalPolicy });
  const api = new IncidentHttpApi(stack, 'Http', {
    stage,
    routes: routes.filter((r) => r.id === 'health'),
    table: Table.fromTableName(stack, 'Table', 'IncidentService-dev-table'),
    jwtIssuer: auth.issuer,
    jwtAudiences: auth.audiences,
  });
  // The stand-in of the static site construct.
  const bucket = new Bucket(stack, 'SiteBucket', { blockPublicAccess: BlockPublicAccess.BLOCK_ALL, encryption: BucketEncryption.S3_MANAGED, enforceSSL: true });
  Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'test stand-in of the site bucket' });
  const origin = S3BucketOrigin.withOriginAccessControl(bucket);
  const distribution = new Distribution(stack, 'Site', { defaultBehavior: { origin, viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS } });
  Validations.of(distribution).acknowledge(
    { id: 'AwsSolutions-CFR1', reason: 'test stand-in' },
    { id: 'AwsSolutions-CFR2', reason: 'test stand-in' },
    { id: 'AwsSolutions-CFR3', reason: 'test stand-in' },
    { id: 'AwsSolutions-CFR4', reason: 'test stand-in' },
  );
  const siteUrl = `https://${distribution.distributionDomainName}`;
  const web = new WebApp(stack, 'WebApp', { stage, bucket, distribution, origin, siteUrl, apiUrl: api.url, auth });
  api.restrictCorsTo([web.origin]);
  app.synth();
  return { stack, template: templateWithNested(stack), distribution, auth };
}

const { stack, template, distribution } = build();
const siteOrigin = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [stack.getLogicalId(distribution.node.defaultChild as never), 'DomainName'] }]] };

describe('the /incidents app in AWS', () => {
  it('adds a /incidents* behavior with the index function and the app headers to the site distribution', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/incidents*',
            ViewerProtocolPolicy: 'redirect-to-https',
            AllowedMethods: ['GET', 'HEAD'],
            Compress: true,
            FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
            ResponseHeadersPolicyId: Match.anyValue(),
          }),
        ],
      }),
    });
  });

  it('sends a CSP without unsafe-inline that lets the app reach only the site, the API and Cognito', () => {
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const [policy] = Object.values(policies) as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } } } } }[];
    const csp = JSON.stringify(policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self' https://*.execute-api.eu-west-1.");
    expect(csp).toContain('.auth.eu-west-1.amazoncognito.com');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('rewrites /incidents/ to its index and redirects /incidents to /incidents/', () => {
    const handler = runInNewContext(`${INDEX_FUNCTION_CODE}; handler`) as (e: { request: { uri: string } }) => { uri?: string; statusCode?: number; headers?: Record<string, { value: string }> };
    expect(handler({ request: { uri: '/incidents/' } }).uri).toBe('/incidents/index.html');
    expect(handler({ request: { uri: '/incidents/app-ABC.js' } }).uri).toBe('/incidents/app-ABC.js');
    const redirect = handler({ request: { uri: '/incidents' } });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers?.location?.value).toBe('/incidents/');
  });

  it('deploys the build under incidents/: immutable assets first, then index.html and config.json (no-cache) with an invalidation', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')) as { Properties: Record<string, unknown>; DependsOn?: string[] }[];
    expect(deployments).toHaveLength(2);
    for (const d of deployments) expect(d.Properties.DestinationBucketKeyPrefix).toBe('incidents/');
    const assets = deployments.find((d) => !d.Properties.DistributionId);
    const entry = deployments.find((d) => d.Properties.DistributionId);
    expect(assets?.Properties.SystemMetadata).toMatchObject({ 'cache-control': 'public, max-age=31536000, immutable' });
    expect(entry?.Properties.SystemMetadata).toMatchObject({ 'cache-control': 'no-cache' });
    expect(entry?.Properties.DistributionPaths).toEqual(['/incidents/*', '/incidents']);
    expect((entry?.Properties.SourceObjectKeys as unknown[]).length).toBe(2); // index.html + config.json
    expect(JSON.stringify(entry?.DependsOn)).toContain('WebAppAssets');
  });

  it('writes config.json from the stack: the API URL, the Cognito domain and the web client', () => {
    const entry = (Object.values(template.findResources('Custom::CDKBucketDeployment')) as { Properties: { SourceMarkers?: unknown[] } }[]).find((d) => d.Properties.SourceMarkers);
    const markers = JSON.stringify(entry?.Properties.SourceMarkers);
    expect(markers).toContain(stack.getLogicalId(stack.node.findChild('Auth').node.findChild('UserPool').node.findChild('WebClient').node.defaultChild as never));
    expect(markers).toContain('"ApiEndpoint"');
    expect(markers).toContain(stack.getLogicalId(stack.node.findChild('Auth').node.findChild('UserPool').node.findChild('Domain').node.defaultChild as never));
  });

  it("makes the app's URL a callback and logout URL of the Cognito web client (code flow, no secret)", () => {
    const appUrl = { 'Fn::Join': ['', ['https://', siteOrigin['Fn::Join'][1]?.[1], '/incidents/']] };
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'IncidentService-dev-web',
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: Match.arrayWith([Match.objectLike(appUrl)]),
      LogoutURLs: Match.arrayWith([Match.objectLike(appUrl)]),
    });
  });

  it("allows CORS from the site's origin only, in the preflight and in the functions", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [siteOrigin], AllowHeaders: Match.arrayWith(['authorization', 'if-match', 'if-none-match']), ExposeHeaders: Match.arrayWith(['etag']) }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'IncidentService-dev-health',
      Environment: { Variables: Match.objectLike({ CORS_ORIGINS: siteOrigin }) },
    });
  });
});
