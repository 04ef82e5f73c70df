/**
 * The PagerDuty Events API v2 protocol, shared by `POST /v2/enqueue` (receiveEvent) and
 * `POST /v2/change/enqueue` (receive-change-event.ts): size, JSON, validation, the routing key
 * (looked up by its SHA-256 with one GetItem, compared in constant time), rate limits, and
 * PagerDuty's answers (../shared/REFERENCE.md). Every answer is PagerDuty's JSON, never
 * problem+json: the clients parse it.
 *
 * A routing key that is malformed, unknown, rotated away, deleted or of a webhook integration gets
 * one and the same 400 (`errors: ["Invalid routing key"]`), so an answer never tells whether a key
 * exists. Failed keys count per client IP; past FAILURES_PER_CLIENT in a minute the client's
 * failures are 429s (generic webhooks count their refusals in the same window).
 */
import { timingSafeEqual } from 'node:crypto';
import type * as z from 'zod/mini';
import { ROUTING_KEY_PATTERN, type Integration } from '#shared/domain/integrations/integration.ts';
import { PdEvent } from '#shared/schemas/integrations.ts';
import type { RateDecision, RateRule } from '#shared/store/rate-limit.ts';
import type { IntegrationDeps } from '#shared/use-cases/integrations/deps.ts';
import { enqueueEvent } from '#shared/use-cases/integrations/enqueue-event.ts';
import { hashRoutingKey } from '#shared/use-cases/integrations/integrations.ts';

export const MAX_EVENT_BYTES = 512 * 1024;
/** PagerDuty: about 120 events per minute per routing key. */
export const EVENTS_PER_KEY: RateRule = { scope: 'pd-key', limit: 120, windowSeconds: 60 };
export const FAILURES_PER_CLIENT: RateRule = { scope: 'pd-fail', limit: 20, windowSeconds: 60 };

export interface PdAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

export const invalid = (errors: string[]): PdAnswer => ({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } });
const throttled = (retryAfter: number): PdAnswer => ({ status: 429, body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly. Please retry later.' }, headers: { 'retry-after': String(retryAfter) } });
export const INVALID_KEY = 'Invalid routing key';

/**
 * One PagerDuty request: checks it against `schema`, finds the `events_v2` integration its
 * routing key names, takes the per-key rate, then hands the event to `handle`.
 */
export async function receivePd<T extends { routing_key: string }>(
  deps: IntegrationDeps,
  rawBody: string | undefined,
  clientIp: string,
  schema: z.ZodMiniType<T>,
  handle: (integration: Integration, event: T) => Promise<PdAnswer>,
): Promise<PdAnswer> {
  if (rawBody === undefined || rawBody.trim() === '') return invalid(['Event object is empty']);
  if (Buffer.byteLength(rawBody, 'utf8') > MAX_EVENT_BYTES) return invalid([`Event object is larger than ${MAX_EVENT_BYTES / 1024} KB`]);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return invalid(['Event object is not valid JSON']);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return invalid(parsed.error.issues.map((i) => (i.path.length > 0 && !i.message.startsWith(String(i.path.at(-1))) ? `${i.path.join('.')}: ${i.message}` : i.message)));
  }
  const event = parsed.data;
  const now = deps.now();
  if (!ROUTING_KEY_PATTERN.test(event.routing_key)) return refuse(deps, clientIp, now);
  const hash = hashRoutingKey(event.routing_key);
  const [found, rate] = await Promise.all([deps.integrations.byKeyHash(hash), deps.limiter.take(EVENTS_PER_KEY, hash, now)]);
  if (!found || !timingSafeEqual(Buffer.from(found.keyHash, 'hex'), Buffer.from(hash, 'hex')) || found.integration.kind !== 'events_v2') return refuse(deps, clientIp, now);
  if (!rate.allowed) return throttled(rate.retryAfterSeconds);
  return handle(found.integration, event);
}

/** POST /v2/enqueue: a trigger, acknowledge or resolve. */
export const receiveEvent = (deps: IntegrationDeps, rawBody: string | undefined, clientIp: string): Promise<PdAnswer> =>
  receivePd(deps, rawBody, clientIp, PdEvent, async (integration, event) => {
    const outcome = await enqueueEvent(deps, integration, event);
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: outcome.dedupKey } };
  });

/** Counts a refused credential of `clientIp` (routing key or webhook secret); refused once over the limit. */
export const countFailure = (deps: Pick<IntegrationDeps, 'limiter'>, clientIp: string, now: Date): Promise<RateDecision> => deps.limiter.take(FAILURES_PER_CLIENT, clientIp, now);

async function refuse(deps: IntegrationDeps, clientIp: string, now: Date): Promise<PdAnswer> {
  const decision = await countFailure(deps, clientIp, now);
  return decision.allowed ? invalid([INVALID_KEY]) : throttled(decision.retryAfterSeconds);
}
