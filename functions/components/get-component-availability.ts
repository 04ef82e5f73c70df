import { api, ok } from '#shared/http/api.ts';
import { ComponentIdParams } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { componentAvailability } from '#shared/use-cases/components/components.ts';

export const handler = api('getComponentAvailability', { params: ComponentIdParams}, async ({ params }) =>
  ok(await componentAvailability(componentDeps, params.id)),
);
