import { api } from '#shared/http/api.ts';
import { HttpError } from '#shared/http/problem.ts';
import { SubscribeBody } from '#shared/schemas/status-subscribers.ts';
import { subscriberDeps } from '#shared/use-cases/status/subscriber-deps.ts';
import { ATTEMPTS_PER_ADDRESS, ATTEMPTS_PER_CLIENT, subscribe } from '#shared/use-cases/status/subscribers.ts';
import type { SubscriberDeps } from '#shared/use-cases/status/subscribers.ts';

/** Built on the first request (the secret is checked then, so the module loads without it, e.g. for OpenAPI). */
let deps: SubscriberDeps | undefined;

/** Public: subscribe an e-mail address; the same 202 whatever the address's state (no enumeration). */
export const handler = api('createStatusSubscriber', { body: SubscribeBody }, async ({ body, event }) => {
  const outcome = await subscribe((deps ??= subscriberDeps()), body, event.requestContext.http.sourceIp);
  if (outcome.kind === 'rate_limited') {
    const limit = outcome.limit === 'client' ? `${ATTEMPTS_PER_CLIENT} attempts per hour from one client` : `${ATTEMPTS_PER_ADDRESS} attempts per hour for one address`;
    throw new HttpError(429, 'Too many requests', `Subscription attempts are limited to ${limit}; try again in ${outcome.retryAfterSeconds} s.`, { headers: { 'retry-after': String(outcome.retryAfterSeconds) } });
  }
  return { status: 202, body: { status: 'pending', detail: 'If the address can receive e-mail, a confirmation link is on its way; nothing is sent before it is confirmed.' } };
});
