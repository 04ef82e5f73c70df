import { api, created } from '#shared/http/api.ts';
import { CreateComponentBody } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { createComponent } from '#shared/use-cases/components/components.ts';

export const handler = api('createComponent', { body: CreateComponentBody}, async ({ body }) => {
  const component = await createComponent(componentDeps, body);
  return created(component, { location: `/v1/components/${component.id}`, etag: `"${component.version}"` });
});
