import { api, ok } from '#shared/http/api.ts';
import { ComponentIdParams } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/component-deps.ts';
import { getComponent } from '#shared/use-cases/components.ts';

export const handler = api('getComponent', { params: ComponentIdParams}, async ({ params }) => {
  const component = await getComponent(componentDeps, params.id);
  return ok(component, { etag: `"${component.version}"` });
});
