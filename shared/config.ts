/**
 * Environment parsed once with zod when the module loads: a Lambda with a broken configuration
 * fails at cold start with a clear message instead of on the first request that needs a value.
 * CDK sets these per stage (lib/constructs/service-function.ts); local mode sets them in bin/local.ts.
 */
import * as z from 'zod/mini';

const required = () => z.string().check(z.minLength(1));
const withDefault = (value: string) => z._default(required(), value);

const schema = z.object({
  STAGE: withDefault('local'),
  TABLE_NAME: required(),
  /** Namespace of CloudEvent types, e.g. `com.example.incident.created`. */
  EVENT_NAMESPACE: withDefault('io.incidents'),
  /** Public base URL of the service (links in feeds, notifications and Slack messages). */
  PUBLIC_BASE_URL: z._default(z.url(), 'http://localhost:3000'),
  /** Events and notifications (shared/events, shared/notify); CDK sets them on the functions that use them. */
  EVENT_BUS_NAME: withDefault('incident-events'),
  DELIVERY_QUEUE_URL: z.optional(z.string()),
  NOTIFY_EMAIL_FROM: z._default(z.string().check(z.minLength(3)), 'incidents@example.com'),
  /** First retry delay of a failed delivery, doubled per receive (capped at 15 min). */
  NOTIFY_RETRY_BASE_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(900)), 10),
  /** Local queues: real milliseconds per queue "second" (visibility timeouts, back-off), small so local retries are quick. */
  LOCAL_QUEUE_MS_PER_SECOND: z._default(z.coerce.number().check(z.minimum(0), z.maximum(1000)), 20),
  /** Comma-separated allowed CORS origins; `*` allows any. */
  CORS_ORIGINS: z.pipe(
    z._default(z.string(), '*'),
    z.transform((v: string) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  ),
  // Paging: escalation timers and acknowledge links (shared/schedule, shared/use-cases/paging).
  /** Secret the acknowledge links' HMAC key is derived from (Secrets Manager in AWS; a file under .local/ locally). */
  ACK_LINK_SECRET: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  /** Local mode: every timer delay is divided by this (end-to-end tests and demos need not wait minutes). */
  LOCAL_SCHEDULER_SPEED: z._default(z.coerce.number().check(z.minimum(1), z.maximum(1_000_000)), 1),
  /** EventBridge Scheduler: the stage's group, the timer function, the role Scheduler assumes, the timers' DLQ. */
  SCHEDULE_GROUP_NAME: z.optional(z.string()),
  TIMER_FUNCTION_ARN: z.optional(z.string()),
  SCHEDULER_ROLE_ARN: z.optional(z.string()),
  TIMER_DLQ_ARN: z.optional(z.string()),
  // Public status (shared/use-cases/status/): the page's name and its Statuspage `page.id`.
  STATUS_PAGE_NAME: withDefault('Service Status'),
  STATUS_PAGE_ID: z._default(z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'lower-case letters, digits and dashes')), 'status'),

  // status (site): the bucket the publisher writes (AWS); the public site's URL (links in e-mails).
  SITE_BUCKET: z.optional(z.string()),
  SITE_URL: z.optional(z.url()),
  /** status (public subscribers): HMAC key of the confirmation/unsubscribe links and address keys. */
  SUBSCRIBER_SECRET: z.optional(z.string().check(z.minLength(32))),

  // Automated responses (shared/use-cases/automation/): comma-separated allow-lists; CDK sets them
  // from the same lists it grants lambda:InvokeFunction and ssm:StartAutomationExecution on.
  AUTOMATION_LAMBDA_ALLOWLIST: z.optional(z.string()),
  AUTOMATION_SSM_DOCUMENTS: z.optional(z.string()),
});

export type Config = z.infer<typeof schema>;

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  return result.data;
}

export const config: Config = parseConfig(process.env);
