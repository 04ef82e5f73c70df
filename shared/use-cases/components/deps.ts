/** What the component use cases receive, and its production wiring (created once per container). */
import { config } from '#shared/config.ts';
import type { ComponentStore } from '#shared/store/components/component-store.ts';
import { DynamoComponentStore } from '#shared/store/components/dynamo-component-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import type { IncidentStore } from '#shared/store/incidents/incident-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';

export interface ComponentDeps {
  readonly components: ComponentStore;
  /** For the day sequence of new system incidents. */
  readonly incidents: IncidentStore;
  readonly now: () => Date;
  /** A link to an incident for timeline texts ("moved to <link>"). */
  readonly link: (incidentId: string) => string;
  /** How long one report may keep re-deciding after conflicts (default 8 s, under the function timeout). */
  readonly budgetMs?: number | undefined;
}

export const incidentLink = (baseUrl: string) => (incidentId: string): string => `${baseUrl.replace(/\/$/, '')}/incidents/${incidentId}`;

export const componentDeps: ComponentDeps = {
  components: new DynamoComponentStore(),
  incidents: new DynamoIncidentStore(),
  now: systemClock,
  link: incidentLink(config.PUBLIC_BASE_URL),
};
