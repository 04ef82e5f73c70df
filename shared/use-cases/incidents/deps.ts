/** The production wiring of the use cases, created once per Lambda container. */
import { DynamoIncidentStore } from '#shared/store/incidents/dynamo-incident-store.ts';
import { systemClock, type Deps } from '#shared/use-cases/context.ts';

export const deps: Deps = { store: new DynamoIncidentStore(), now: systemClock };
