/**
 * The stateless stack as `cdk synth -c stage=dev` builds it, bundles included (real local esbuild,
 * synthesized once for the file): every route of lib/routes.ts with the right authorizer, one
 * function per route with the project defaults, least-privilege table grants from the route's
 * `table` field, Cognito for people and machines, CORS, throttling and access logs.
 */
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER } from '../../lib/bundling.ts';
import { routes, type Route } from '../../lib/routes.ts';
import { synthApp, templateWithNested } from './support.ts';

const synthesized = synthApp({ stage: 'dev' });
afterAll(() => synthesized.dispose());

const template = templateWithNested(synthesized.stateless);

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resources = template.toJSON().Resources as Resources;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];

const authorizerId = (() => {
  const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
  expect(authorizers).toHaveLength(1);
  return authorizers[0]![0];
})();

/** The function resource of a route, by its physical name. */
function functionOf(route: Route): [string, Resources[string]] {
  const found = ofType('AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === `IncidentService-dev-${route.id}`);
  if (!found) throw new Error(`no function for ${route.id}`);
  return found;
}

/** Every action the role of a route's function is allowed, from the policies attached to it. */
function actionsOf(route: Route): string[] {
  const [, fn] = functionOf(route);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const role = resources[roleId]!;
  expect(role.Properties.ManagedPolicyArns, `${route.id}: no managed policies`).toBeUndefined();
  const policies = ofType('AWS::IAM::Policy').filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId));
  expect(policies.length, `${route.id}: one policy`).toBe(1);
  const statements = (policies[0]![1].Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement;
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

describe('stateless stack: routes come only from lib/routes.ts', () => {
  it('has exactly one route per entry, nothing else', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    const keys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    expect(keys.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(routes.map((r) => [r.id, r] as const))('%s: route key, authorizer, and its own function', (_id, route) => {
    const [routeId, resource] = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === `${route.method} ${route.path}`)!;
    if (route.access === 'public') {
      expect(resource.Properties, routeId).toMatchObject({ AuthorizationType: 'NONE' });
      expect(resource.Properties.AuthorizerId).toBeUndefined();
    } else {
      expect(resource.Properties, routeId).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
    // Scopes are checked by the handler middleware, never by the authorizer.
    expect(resource.Properties.AuthorizationScopes).toBeUndefined();

    const integrationId = ((resource.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1]).Ref;
    const [functionId] = functionOf(route);
    expect(resources[integrationId]!.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
  });

  it('lets API Gateway invoke each route function from this API only (and EventBridge the alarm handler and the paging reactor)', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map((p) => p.Properties as { Principal: string; SourceArn: unknown });
    const fromApi = permissions.filter((p) => p.Principal === 'apigateway.amazonaws.com');
    expect(fromApi).toHaveLength(routes.length);
    for (const p of fromApi) expect(JSON.stringify(p.SourceArn)).toMatch(/"Ref":"HttpApi/);
    // automated responses: + the three reactors (project bus) and the SSM status function (default bus)
    expect(permissions.filter((p) => p.Principal !== 'apigateway.amazonaws.com').map((p) => p.Principal)).toEqual(Array.from({ length: 6 }, () => 'events.amazonaws.com'));
  });
});

describe('stateless stack: one function per route with the project defaults', () => {
  it('has one Lambda per route, plus the event pipeline (publisher, fan-out, deliver) and the alarm handler', () => {
    // status (site): + the site publisher, + the bucket's auto-delete provider (dev stages only)
    // web app: + CDK's BucketDeployment handler (one per stack)
    // paging: + the reactor on incident events and the timer function Scheduler invokes
    // automated responses: + the three reactors (webhook, Lambda, SSM) and the SSM status function
    template.resourceCountIs('AWS::Lambda::Function', routes.length + 4 + 2 + 1 + 2 + 4);
  });

  it.each(routes.map((r) => [r.id, r] as const))('%s: nodejs22.x, arm64, active tracing, its log group, merged environment', (_id, route) => {
    const [, fn] = functionOf(route);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 1024,
      Timeout: 10,
      Handler: 'index.handler',
      Environment: {
        Variables: {
          TABLE_NAME: 'IncidentService-dev-table',
          STAGE: 'dev',
          POWERTOOLS_SERVICE_NAME: 'incident-service',
          POWERTOOLS_METRICS_NAMESPACE: 'IncidentService',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
          EVENT_NAMESPACE: 'io.incidents',
          PUBLIC_BASE_URL: { 'Fn::GetAtt': [expect.stringMatching(/^HttpApi/), 'ApiEndpoint'] },
          // web app: CORS for the static site's origin only (lib/constructs/web-app.ts)
          CORS_ORIGINS: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^StatusSiteDistribution/), 'DomainName'] }]] },
        },
      },
    });
    const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resources[logGroupId]!.Properties).toEqual({ LogGroupName: `/aws/lambda/IncidentService-dev-${route.id}`, RetentionInDays: 7 });
  });
});

describe('stateless stack: the event pipeline is wired to the stateful resources', () => {
  it('reads the table stream from the stateful stack\'s parameter and consumes both queues by name', () => {
    const parameters = template.toJSON().Parameters as Record<string, { Type: string; Default?: string }>;
    const streamParameter = Object.entries(parameters).find(([, p]) => p.Default === '/IncidentService-dev/table-stream-arn');
    expect(streamParameter?.[1].Type).toBe('AWS::SSM::Parameter::Value<String>');
    const mappings = template.findResources('AWS::Lambda::EventSourceMapping');
    expect(Object.keys(mappings)).toHaveLength(4); // status (site): + the site publisher queue
    const sources = Object.values(mappings).map((m) => JSON.stringify((m.Properties as { EventSourceArn: unknown }).EventSourceArn));
    expect(sources.filter((s) => s.includes(`"Ref":"${streamParameter?.[0]}"`))).toHaveLength(1);
    expect(sources.filter((s) => s.includes('IncidentService-dev-notifications'))).toHaveLength(1);
    expect(sources.filter((s) => s.includes('IncidentService-dev-delivery'))).toHaveLength(1);
  });
});

describe('stateless stack: CloudWatch alarms reach the alarm handler', () => {
  it('has a rule on the default bus for alarm state changes targeting the alarm function', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] },
    });
  });
});

describe('stateless stack: least privilege from the route table', () => {
  const readRoutes = routes.filter((r) => r.table === 'read');
  const writeRoutes = routes.filter((r) => r.table === 'readwrite');

  it('covers the routes named in the brief', () => {
    expect(readRoutes.map((r) => r.id)).toEqual(expect.arrayContaining(['health', 'listIncidents', 'getIncident']));
    expect(writeRoutes.map((r) => r.id)).toEqual(expect.arrayContaining(['createIncident', 'deleteIncident']));
  });

  it.each(readRoutes.map((r) => [r.id, r] as const))('%s (read) may read the table and nothing that writes it', (_id, route) => {
    const actions = actionsOf(route);
    expect(actions).toEqual(expect.arrayContaining(READ_ACTIONS));
    for (const action of WRITE_ACTIONS) expect(actions, action).not.toContain(action);
    expect(actions.some((a) => a.endsWith(':*') || a === '*')).toBe(false);
  });

  it.each(writeRoutes.map((r) => [r.id, r] as const))('%s (readwrite) may read and write the table', (_id, route) => {
    const actions = actionsOf(route);
    expect(actions).toEqual(expect.arrayContaining([...READ_ACTIONS, ...WRITE_ACTIONS]));
    expect(actions.some((a) => a.endsWith(':*') || a === '*')).toBe(false);
  });

  it('grants nothing beyond the table, its own log group and X-Ray', () => {
    for (const route of routes) {
      const services = new Set(actionsOf(route).map((a) => a.split(':')[0]));
      expect([...services].sort(), route.id).toEqual(['dynamodb', 'logs', 'xray']);
    }
  });
});

describe('stateless stack: the status subscribers\' link key', () => {
  it('reaches exactly the routes that sign or check a subscriber link (their GET pages check it too)', () => {
    const withKey = routes.filter((route) => Object.keys((functionOf(route)[1].Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}).includes('SUBSCRIBER_SECRET')).map((r) => r.id);
    expect(withKey.sort()).toEqual(['confirmStatusSubscriber', 'createStatusSubscriber', 'deleteStatusSubscriber', 'getStatusSubscriberConfirm', 'getStatusSubscriberUnsubscribe']);
  });
});

describe('stateless stack: Cognito', () => {
  it('has the role groups', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 3);
    for (const group of ['viewer', 'responder', 'admin']) template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
  });

  it('has the incident-api resource server with its scopes', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'incident-api',
      Scopes: ['incidents:read', 'incidents:write', 'incidents:admin', 'component_status:write', 'metrics:read'].map((name) => Match.objectLike({ ScopeName: name })),
    });
  });

  it('has a people client without secret (code grant + refresh) and a machine client (client credentials + scopes)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
    });
    const [serverId] = ofType('AWS::Cognito::UserPoolResourceServer')[0]!;
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['incidents:read', 'incidents:write', 'incidents:admin', 'component_status:write', 'metrics:read'].map((scope) => ({
        'Fn::Join': ['', [{ Ref: serverId }, `/${scope}`]],
      })),
    });
  });

  it('has a strong password policy, no self sign-up, and a domain for the token endpoint', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('the JWT authorizer trusts the pool as issuer and accepts both clients as audience', () => {
    const clients = ofType('AWS::Cognito::UserPoolClient').map(([id]) => ({ Ref: id }));
    const [poolId] = ofType('AWS::Cognito::UserPool')[0]!;
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: Match.arrayEquals(clients),
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }]] },
      },
    });
  });
});

describe('stateless stack: the HTTP API', () => {
  it('answers CORS preflight for the headers the handlers use, for the site origin only', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        // web app: the static site's origin only (lib/constructs/web-app.ts)
        AllowOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^StatusSiteDistribution'), 'DomainName'] }]] }],
        AllowMethods: ['*'],
        AllowHeaders: Match.arrayWith(['authorization', 'content-type', 'idempotency-key', 'if-match']),
        ExposeHeaders: Match.arrayWith(['etag', 'location', 'x-request-id']),
      },
    });
  });

  it('throttles the default stage per stage config and writes JSON access logs to its own log group', () => {
    const stages = ofType('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const props = stages[0]![1].Properties as { AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [string, string] }; Format: string } };
    expect(props).toMatchObject({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } });
    const logGroup = resources[props.AccessLogSettings.DestinationArn['Fn::GetAtt'][0]]!;
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBe(7);
    expect(JSON.parse(props.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
  });

  it('outputs the API URL and the Cognito ids', () => {
    const outputs = Object.keys(template.toJSON().Outputs as Record<string, unknown>).join(' ');
    for (const name of ['ApiUrl', 'UserPoolId', 'WebClientId', 'MachineClientId', 'TokenEndpoint']) expect(outputs).toContain(name);
  });
});

describe('bundles (local esbuild, no Docker)', () => {
  const bundleOf = (route: Route): string => {
    const [, fn] = functionOf(route);
    const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    return path.join(synthesized.assembly.directory, `asset.${key}`, 'index.mjs');
  };

  it('every handler is an ESM bundle with the require banner and a source map, no SDK import left', () => {
    for (const route of routes) {
      const file = bundleOf(route);
      const code = readFileSync(file, 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER), route.id).toBe(true);
      expect(existsSync(`${file}.map`), route.id).toBe(true);
      // No import of the SDK is left for the runtime to resolve. (The SDK's own error texts still
      // mention package names inside strings, so only import forms are checked.)
      expect(/from\s*["']@aws-sdk\//.test(code), `${route.id}: static import of @aws-sdk`).toBe(false);
      expect(/import\(["']@aws-sdk\//.test(code), `${route.id}: dynamic import of @aws-sdk`).toBe(false);
    }
  });

  it('every function loads node built-ins through process.getBuiltinModule, never through an ESM import (NODE_BUILTINS)', () => {
    const bundles = readdirSync(synthesized.assembly.directory)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => path.join(synthesized.assembly.directory, name, 'index.mjs'))
      .filter((file) => existsSync(file));
    expect(bundles.length).toBeGreaterThanOrEqual(routes.length);
    const builtin = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const file of bundles) {
      const code = readFileSync(file, 'utf8').slice(ESM_REQUIRE_BANNER.length);
      const imported = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!).filter((id) => builtin.has(id));
      expect(imported, `${path.basename(path.dirname(file))} imports built-ins missing from NODE_BUILTINS`).toEqual([]);
      expect(code.includes('getBuiltinModule("node:'), file).toBe(true);
    }
  });

  it('every function bundle stays within the 400 KB budget (BENCHMARKS.md)', () => {
    const assets = readdirSync(synthesized.assembly.directory).filter((name) => name.startsWith('asset.') && existsSync(path.join(synthesized.assembly.directory, name, 'index.mjs')));
    expect(assets.length).toBeGreaterThanOrEqual(routes.length + 4);
    for (const name of assets) {
      const bytes = statSync(path.join(synthesized.assembly.directory, name, 'index.mjs')).size;
      expect(bytes, name).toBeLessThanOrEqual(400 * 1024);
    }
  });

  it("builds only the route's own schemas: unused ones are dropped from the bundle (shared/schemas, schema())", () => {
    const code = (id: string) => readFileSync(bundleOf(routes.find((r) => r.id === id)!), 'utf8');
    const patchOnly = 'give at least one field to change';
    const listOnly = 'from must not be after to';
    expect(code('updateIncident')).toContain(patchOnly);
    expect(code('listIncidents')).toContain(listOnly);
    expect(code('createIncident')).not.toContain(patchOnly);
    expect(code('createIncident')).not.toContain(listOnly);
  });

  it('the SDK is bundled into the handlers that use the table', () => {
    for (const id of ['health', 'createIncident', 'listIncidents']) {
      const code = readFileSync(bundleOf(routes.find((r) => r.id === id)!), 'utf8');
      // The DynamoDB JSON protocol target only exists inside @aws-sdk/client-dynamodb.
      expect(code.includes('DynamoDB_20120810'), id).toBe(true);
    }
  });

  // The cloud assembly is outside the project, so no node_modules is reachable from it: a bundle
  // that loads there depends on nothing but node itself (as on Lambda).
  it.each(['health', 'createIncident'])('%s loads on node 22 from the assembly and exports the handler', (id) => {
    const route = routes.find((r) => r.id === id)!;
    const url = pathToFileURL(bundleOf(route)).href;
    const out = execFileSync(process.execPath, ['-e', `import(${JSON.stringify(url)}).then((m) => console.log(typeof m.handler))`], {
      env: { ...process.env, TABLE_NAME: 'bundle-check', AWS_REGION: 'us-east-1', POWERTOOLS_DEV: 'true' },
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('function');
  });
});
