/** Production wiring of the public subscriber use cases (created once per container). */
import { config } from '#shared/config.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoSubscriberStore } from '#shared/store/status/dynamo-subscriber-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';
import { DynamoRateLimiter } from '#shared/store/rate-limit.ts';
import type { SubscriberDeps } from '#shared/use-cases/status/subscribers.ts';

export function subscriberDeps(): SubscriberDeps {
  if (!config.SUBSCRIBER_SECRET) throw new Error('SUBSCRIBER_SECRET is not set');
  return { subscribers: new DynamoSubscriberStore(), limits: new DynamoRateLimiter(), components: new DynamoComponentStore(), secret: config.SUBSCRIBER_SECRET, apiBaseUrl: config.PUBLIC_BASE_URL, now: systemClock };
}
