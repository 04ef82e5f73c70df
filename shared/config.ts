/**
 * Environment parsed once with zod when the module loads: a Lambda with a broken configuration
 * fails at cold start with a clear message instead of on the first request that needs a value.
 * CDK sets these per stage (lib/constructs/service-function.ts); local mode sets them in bin/local.ts.
 */
import * as z from 'zod';

const schema = z.object({
  STAGE: z.string().min(1).default('local'),
  TABLE_NAME: z.string().min(1),
  /** Namespace of CloudEvent types, e.g. `com.example.incident.created`. */
  EVENT_NAMESPACE: z.string().min(1).default('io.incidents'),
  /** Public base URL of the service (links in feeds, notifications and Slack messages). */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  /** Events and notifications (shared/events, shared/notify); CDK sets them on the functions that use them. */
  EVENT_BUS_NAME: z.string().min(1).default('incident-events'),
  DELIVERY_QUEUE_URL: z.string().optional(),
  NOTIFY_EMAIL_FROM: z.string().min(3).default('incidents@example.com'),
  /** First retry delay of a failed delivery, doubled per receive (capped at 15 min). */
  NOTIFY_RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(900).default(10),
  /** Local queues: real milliseconds per queue "second" (visibility timeouts, back-off), small so local retries are quick. */
  LOCAL_QUEUE_MS_PER_SECOND: z.coerce.number().min(0).max(1000).default(20),
  /** Comma-separated allowed CORS origins; `*` allows any. */
  CORS_ORIGINS: z
    .string()
    .default('*')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
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
