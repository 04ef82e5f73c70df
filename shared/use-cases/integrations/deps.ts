/** What the integration use cases receive, and its production wiring (created once per container). */
import { DynamoIntegrationStore } from '#shared/store/integrations/dynamo-integration-store.ts';
import type { IntegrationStore } from '#shared/store/integrations/integration-store.ts';
import { DynamoRateLimiter, type RateLimiter } from '#shared/store/rate-limit.ts';
import { componentDeps, type ComponentDeps } from '#shared/use-cases/components/deps.ts';
import { deps as incidentDeps } from '#shared/use-cases/incidents/deps.ts';
import { systemClock, type Deps } from '#shared/use-cases/context.ts';

export interface IntegrationDeps {
  readonly integrations: IntegrationStore;
  readonly limiter: RateLimiter;
  /** The component-status decision (integrations mapped to a component). */
  readonly components: ComponentDeps;
  /** Incident creation and status changes (integrations mapped to a service/team). */
  readonly incidents: Deps;
  readonly now: () => Date;
}

export const integrationDeps: IntegrationDeps = {
  integrations: new DynamoIntegrationStore(),
  limiter: new DynamoRateLimiter(),
  components: componentDeps,
  incidents: incidentDeps,
  now: systemClock,
};
