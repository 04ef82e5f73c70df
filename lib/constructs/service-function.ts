/**
 * The one way this project creates a Lambda function: `NodejsFunction` with the project defaults
 * (nodejs22.x on ARM64, active tracing, its own log group with a stage-dependent retention, the
 * bundling of lib/bundling.ts with the AWS SDK bundled, source maps on) and an environment that is
 * MERGED: the caller's variables override the defaults one by one, never replace them, so no
 * function can lose TABLE_NAME or the Powertools settings by adding a variable of its own.
 *
 * Each function gets its own role that may write only to its own log group (instead of the
 * AWS-managed AWSLambdaBasicExecutionRole, which allows every log group of the account); data
 * permissions are granted by the caller, per function (`table.grantReadData(fn)` and friends).
 *
 * Entries are paths relative to the project root (as in lib/routes.ts); handlers use `#shared/...`
 * imports from package.json "imports" and `.ts` extensions, which esbuild resolves natively.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { aliasArgs, bundlingDefaults, FUNCTION_NODE_OPTIONS } from '../bundling.ts';

/** The repository root: where package.json, package-lock.json and the handler entries live. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;

export interface ServiceFunctionProps {
  /** Handler file relative to the project root (or absolute); it exports `handler`. */
  readonly entry: string;
  /** Physical name; also names the log group `/aws/lambda/<functionName>`. */
  readonly functionName?: string;
  readonly description?: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default one week */
  readonly logRetention?: RetentionDays;
  /** @default DESTROY: log groups follow the stack */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** The variables every function of the service gets (see `serviceEnvironment`). */
  readonly defaults: ServiceEnvironment;
  /** Merged over the defaults, variable by variable. */
  readonly environment?: Readonly<Record<string, string>>;
}

/** The environment shared/config.ts and shared/observability.ts read, set per stage by the stacks. */
export interface ServiceEnvironment {
  readonly TABLE_NAME: string;
  readonly STAGE: string;
  readonly POWERTOOLS_SERVICE_NAME: string;
  readonly POWERTOOLS_METRICS_NAMESPACE: string;
  readonly POWERTOOLS_LOG_LEVEL: string;
  readonly EVENT_NAMESPACE: string;
  readonly PUBLIC_BASE_URL: string;
  readonly CORS_ORIGINS?: string;
}

/** The default environment merged with the caller's: the caller wins per key, defaults stay. */
export function mergeEnvironment(defaults: ServiceEnvironment, environment: Readonly<Record<string, string>> = {}): Record<string, string> {
  const base: Record<string, string> = FUNCTION_NODE_OPTIONS.length > 0 ? { NODE_OPTIONS: FUNCTION_NODE_OPTIONS.join(' ') } : {};
  for (const [key, value] of Object.entries(defaults)) if (typeof value === 'string') base[key] = value;
  return { ...base, ...environment };
}

export class ServiceFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly logGroup: LogGroup;
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      ...(props.functionName ? { logGroupName: `/aws/lambda/${props.functionName}` } : {}),
      retention: props.logRetention ?? RetentionDays.ONE_WEEK,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName ?? this.node.path}`,
    });
    // CreateLogStream and PutLogEvents on this function's log group only.
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.resolve(PROJECT_ROOT, props.entry),
      handler: 'handler',
      ...(props.functionName ? { functionName: props.functionName } : {}),
      ...(props.description ? { description: props.description } : {}),
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: mergeEnvironment(props.defaults, props.environment),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        target: bundlingDefaults.target,
        format: bundlingDefaults.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
        minify: bundlingDefaults.minify,
        sourceMap: bundlingDefaults.sourcemap,
        mainFields: [...bundlingDefaults.mainFields],
        banner: bundlingDefaults.banner,
        esbuildArgs: aliasArgs(),
        // Nothing external: the SDK v3 is bundled and tree-shaken (see lib/bundling.ts).
        externalModules: [...bundlingDefaults.external],
        forceDockerBundling: false,
        // esbuild's own output; the infra tests set `silent` (test/infra/setup.ts).
        ...bundlingLogLevel(process.env.INCIDENT_BUNDLING_LOG_LEVEL),
      },
    });

    const runtimeReason =
      'nodejs22.x on purpose: the toolchain (the `node` devDependency), the tests and the bundle target are node 22; move runtime, target and toolchain together.';
    Validations.of(this.function).acknowledge({ id: 'AwsSolutions-L1', reason: runtimeReason });
    // Active tracing adds xray:PutTraceSegments / PutTelemetryRecords, which have no resource-level permissions.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords (added by active tracing) support no resource-level permissions; AWS requires Resource "*".',
    });
  }
}

/** INCIDENT_BUNDLING_LOG_LEVEL (`silent`, `error`, `warning`, `info`, `verbose`) → esbuild's log level; unset: CDK's default. */
export function bundlingLogLevel(value: string | undefined): { logLevel?: LogLevel } {
  const levels: Record<string, LogLevel> = { silent: LogLevel.SILENT, error: LogLevel.ERROR, warning: LogLevel.WARNING, info: LogLevel.INFO, verbose: LogLevel.VERBOSE };
  const level = value ? levels[value.toLowerCase()] : undefined;
  return level ? { logLevel: level } : {};
}
