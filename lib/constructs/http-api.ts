/**
 * The HTTP API, built ONLY from the route table (lib/routes.ts): for every entry one route and one
 * function (lib/constructs/service-function.ts), the JWT authorizer on every non-public route, and
 * the table permission the entry declares (`read` → grantReadData, `readwrite` →
 * grantReadWriteData; nothing else). Adding a route to the table is the only way to add one here,
 * so the cloud API and the local gateway (shared/local/gateway.ts) cannot drift.
 *
 * The authorizer validates the token (issuer, signature, expiry, audience = one of our clients) but
 * is given no authorizationScopes: people's access tokens carry groups, not scopes, so role and
 * scope checks happen in the handler middleware (shared/http/auth.ts) from the same claims.
 *
 * The default stage is created explicitly so it can carry throttling (per stage, lib/stage.ts) and
 * JSON access logs to a log group of its own.
 */
import { CfnOutput, Duration, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnApi,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { Route } from '../routes.ts';
import { EVENT_NAMESPACE, METRICS_NAMESPACE, SERVICE_NAME, type StageConfig } from '../stage.ts';
import { ServiceFunction, type ServiceEnvironment } from './service-function.ts';

/** Request headers the handlers read; the browser must be allowed to send them. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'if-match', 'if-none-match', 'x-request-id'];
/** Response headers a browser client needs to read. */
const EXPOSED_HEADERS = ['etag', 'location', 'x-request-id', 'idempotent-replayed'];

export interface HttpApiProps {
  readonly stage: StageConfig;
  readonly routes: readonly Route[];
  readonly table: ITable;
  /** Token issuer (Cognito user pool provider URL). */
  readonly jwtIssuer: string;
  /** Client ids whose tokens are accepted (`aud` or `client_id` claim). */
  readonly jwtAudiences: readonly string[];
}

export class IncidentHttpApi extends Construct {
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  public readonly authorizer: HttpJwtAuthorizer;
  /** One function per route, by route id. */
  public readonly functions: ReadonlyMap<string, ServiceFunction>;
  public readonly routes: ReadonlyMap<string, HttpRoute>;
  /** The API's base URL (the `$default` stage lives at the root). */
  public readonly url: string;
  /** The environment every function of the service starts from (also used by non-route functions). */
  public readonly defaults: ServiceEnvironment;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { stage } = props;

    this.api = new HttpApi(this, 'Api', {
      apiName: `${stage.prefix}-api`,
      description: 'Incident management API (routes from lib/routes.ts)',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...stage.corsOrigins],
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ALLOWED_HEADERS,
        exposeHeaders: EXPOSED_HEADERS,
        maxAge: Duration.days(1),
      },
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: stage.logRetention, removalPolicy: stage.removalPolicy });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: stage.throttle.rateLimit, burstLimit: stage.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            principal: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });
    this.url = this.api.apiEndpoint;

    this.authorizer = new HttpJwtAuthorizer('JwtAuthorizer', props.jwtIssuer, {
      authorizerName: `${stage.prefix}-jwt`,
      jwtAudience: [...props.jwtAudiences],
    });
    const none = new HttpNoneAuthorizer();

    const defaults: ServiceEnvironment = (this.defaults = {
      TABLE_NAME: props.table.tableName,
      STAGE: stage.name,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: stage.logLevel,
      EVENT_NAMESPACE,
      PUBLIC_BASE_URL: this.url,
      CORS_ORIGINS: stage.corsOrigins.join(','),
    });

    // The routes of one area (their tag in lib/routes.ts) live in one nested stack: about seven
    // resources a route (function, role, policy, log group, integration, permission, route) would
    // put ninety routes past CloudFormation's 500 resources per stack. A nested stack counts as one
    // resource of this stack and passes the API, authorizer and table by parameters (no exports).
    const areas = new Map<string, NestedStack>();
    const areaOf = (tag: string): NestedStack => {
      let area = areas.get(tag);
      if (!area) {
        area = new NestedStack(this, `${tag.replace(/(^|[^a-zA-Z0-9])([a-zA-Z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase())}Routes`, { description: `${stage.prefix}: the ${tag} routes of the HTTP API` });
        areas.set(tag, area);
      }
      return area;
    };

    const functions = new Map<string, ServiceFunction>();
    const routes = new Map<string, HttpRoute>();
    for (const route of props.routes) {
      const area = areaOf(route.tag);
      // grantReadData / grantReadWriteData cover the GSIs as `<table arn>/index/*`. cdk-nag names that
      // finding after the ARN as the function's own stack resolves it, so the acknowledgement is built the same way.
      const indexWildcard = `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(area).resolve(`${props.table.tableArn}/index/*`))}]`;
      const fn = new ServiceFunction(area, route.id, {
        entry: route.entry,
        functionName: `${stage.prefix}-${route.id}`,
        description: `${route.method} ${route.path}: ${route.summary}`,
        memorySize: stage.functionMemoryMb,
        timeout: stage.functionTimeout,
        logRetention: stage.logRetention,
        logRemovalPolicy: stage.removalPolicy,
        defaults,
      });
      if (route.table === 'readwrite') props.table.grantReadWriteData(fn.function);
      else props.table.grantReadData(fn.function);
      Validations.of(fn.role).acknowledge({
        id: indexWildcard,
        reason: `The table grant covers its own global secondary indexes (lib/table-definition.ts) as <table>/index/*: every index of this one table, nothing else.`,
      });

      const authorizer: IHttpRouteAuthorizer = route.access === 'public' ? none : this.authorizer;
      const httpRoute = new HttpRoute(area, `${route.id}Route`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn.function),
        authorizer,
      });
      if (route.access === 'public') {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is declared public in lib/routes.ts (${route.summary}): it serves anonymous callers by design, and public routes expose no private data.`,
        });
      }
      functions.set(route.id, fn);
      routes.set(route.id, httpRoute);
    }
    this.functions = functions;
    this.routes = routes;

    new CfnOutput(this, 'ApiUrl', { value: this.url });
  }

  /**
   * Web app: CORS for these origins only (the static site's, where the /incidents app runs),
   * replacing the stage's list, in the API's preflight answer and in every route function's
   * CORS_ORIGINS (shared/http/api.ts answers actual requests from it).
   */
  restrictCorsTo(origins: readonly string[]): void {
    const api = this.api.node.defaultChild as CfnApi;
    api.corsConfiguration = {
      allowOrigins: [...origins],
      allowMethods: ['*'],
      allowHeaders: ALLOWED_HEADERS,
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: Duration.days(1).toSeconds(),
    };
    for (const fn of this.functions.values()) fn.function.addEnvironment('CORS_ORIGINS', origins.join(','));
  }
}
