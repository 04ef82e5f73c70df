import { api, ok } from '#shared/http/api.ts';
import { ComponentIdParams } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { getComponent } from '#shared/use-cases/components/components.ts';

export const handler = api('getComponent', { params: ComponentIdParams}, async ({ params }) => {
  const component = await getComponent(componentDeps, params.id);
  return ok(component, { etag: `"${component.version}"` });
});
