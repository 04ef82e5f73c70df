import { api, ok } from '#shared/http/api.ts';
import { ComponentIdParams, PatchComponentBody } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { updateComponent } from '#shared/use-cases/components/components.ts';

export const handler = api('updateComponent', { params: ComponentIdParams, body: PatchComponentBody}, async ({ params, body }) => {
  const component = await updateComponent(componentDeps, params.id, body);
  return ok(component, { etag: `"${component.version}"` });
});
