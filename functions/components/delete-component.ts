import { api, noContent } from '#shared/http/api.ts';
import { ComponentIdParams } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { deleteComponent } from '#shared/use-cases/components/components.ts';

export const handler = api('deleteComponent', { params: ComponentIdParams }, async ({ params }) => {
  await deleteComponent(componentDeps, params.id);
  return noContent();
});
