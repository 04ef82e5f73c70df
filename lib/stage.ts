/**
 * Everything that differs between stages, in one table. The stacks never branch on the stage
 * name; they read these values, so what `prod` does differently is visible here and nowhere else.
 *
 * The stage comes from `-c stage=dev|prod` (bin/app.ts); an unknown stage is refused with the list
 * of valid ones rather than silently treated as `dev`, because a typo must never deploy a stack
 * with development retention and removal settings under a production-looking name.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const STAGE_NAMES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** Service name for Powertools and the prefix of every stack and physical name. */
export const SERVICE_NAME = 'incident-service';
export const STACK_PREFIX = 'IncidentService';
/** CloudWatch namespace of the business metrics (shared/observability.ts uses the same default). */
export const METRICS_NAMESPACE = 'IncidentService';
/** Namespace of CloudEvent types (shared/config.ts uses the same default). */
export const EVENT_NAMESPACE = 'io.incidents';

export interface StageConfig {
  readonly name: StageName;
  /** `IncidentService-dev`: prefix of stack names, function names and log groups. */
  readonly prefix: string;
  /** Stateful resources: DESTROY in dev, RETAIN in prod. */
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB table and Cognito user pool deletion protection. */
  readonly deletionProtection: boolean;
  /** Retention of every function's log group and of the API access log group. */
  readonly logRetention: RetentionDays;
  /** How long the event bus archive keeps events for replay. */
  readonly eventArchiveRetention: Duration;
  /** Default-stage throttling of the HTTP API (requests per second, burst). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Allowed CORS origins, for the API preflight and the handlers' CORS headers. */
  readonly corsOrigins: readonly string[];
  /** Where the hosted sign-in may redirect people after login / logout (authorization code flow). */
  readonly authCallbackUrls: readonly string[];
  readonly authLogoutUrls: readonly string[];
  /**
   * `required`: every person enrols TOTP at first sign-in (cdk-nag COG2 compliant).
   * `optional`: development convenience, acknowledged in lib/constructs/auth.ts.
   */
  readonly mfa: 'required' | 'optional';
  /**
   * Cognito Plus feature plan with threat protection enforced (cdk-nag COG8 compliant). Plus is billed
   * per monthly active user, so dev stays on Essentials (acknowledged in lib/constructs/auth.ts).
   */
  readonly cognitoPlus: boolean;
  /** Defaults of every API function (lib/constructs/service-function.ts). */
  readonly functionMemoryMb: number;
  readonly functionTimeout: Duration;
  /** From address of notification e-mail; the only SES identity the delivery function may send from. */
  readonly notificationEmailFrom: string;
  /** E-mail subscribers of the stage's alarm topic (lib/constructs/operations.ts); `-c alarmEmails=a@x,b@y` adds more. */
  readonly alarmEmails: readonly string[];
}

const STAGES: Readonly<Record<StageName, Omit<StageConfig, 'name' | 'prefix'>>> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    eventArchiveRetention: Duration.days(7),
    throttle: { rateLimit: 50, burstLimit: 100 },
    logLevel: 'DEBUG',
    corsOrigins: ['*'],
    authCallbackUrls: ['http://localhost:3000/incidents/'],
    authLogoutUrls: ['http://localhost:3000/incidents/'],
    mfa: 'optional',
    cognitoPlus: false,
    functionMemoryMb: 1024,
    functionTimeout: Duration.seconds(10),
    notificationEmailFrom: 'incidents@example.com',
    alarmEmails: [],
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    eventArchiveRetention: Duration.days(90),
    throttle: { rateLimit: 500, burstLimit: 1000 },
    logLevel: 'INFO',
    // Replace with the real front-end origin(s) before the first production deploy.
    corsOrigins: ['https://incidents.example.com'],
    authCallbackUrls: ['https://incidents.example.com/incidents/'],
    authLogoutUrls: ['https://incidents.example.com/incidents/'],
    mfa: 'required',
    cognitoPlus: true,
    functionMemoryMb: 1024,
    functionTimeout: Duration.seconds(10),
    // Replace with an address of a verified SES identity before the first production deploy.
    notificationEmailFrom: 'incidents@incidents.example.com',
    // Replace with the operators' list before the first production deploy (each address confirms once).
    alarmEmails: ['oncall-ops@incidents.example.com'],
  },
};

export function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (STAGE_NAMES as readonly string[]).includes(value);
}

/**
 * The configuration of a stage. `undefined` (no `-c stage=...`) means `dev`; anything else that
 * is not a known stage throws, naming the valid stages.
 */
export function stageConfig(name: unknown = 'dev'): StageConfig {
  if (!isStageName(name)) {
    throw new Error(`Unknown stage ${JSON.stringify(name)}: pass -c stage=<${STAGE_NAMES.join('|')}> (valid stages: ${STAGE_NAMES.join(', ')}).`);
  }
  return { name, prefix: `${STACK_PREFIX}-${name}`, ...STAGES[name] };
}
