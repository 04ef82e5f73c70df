/** What the review use cases receive, and its production wiring (created once per container). */
import type { IncidentStore } from '#shared/store/incidents/incident-store.ts';
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import type { ActionItemStore } from '#shared/store/reviews/action-item-store.ts';
import { DynamoActionItemStore } from '#shared/store/reviews/dynamo-action-item-store.ts';
import { systemClock } from '#shared/use-cases/context.ts';

export interface ReviewDeps {
  readonly incidents: Pick<IncidentStore, 'get'>;
  readonly items: ActionItemStore;
  readonly now: () => Date;
}

export const reviewDeps: ReviewDeps = { incidents: new DynamoIncidentStore(), items: new DynamoActionItemStore(), now: systemClock };
