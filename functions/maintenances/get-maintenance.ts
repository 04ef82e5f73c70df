import { api, ok } from '#shared/http/api.ts';
import { MaintenanceIdParams } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { getMaintenance } from '#shared/use-cases/components/components.ts';

export const handler = api('getMaintenance', { params: MaintenanceIdParams}, async ({ params }) => {
  const maintenance = await getMaintenance(componentDeps, params.id);
  return ok(maintenance, { etag: `"${maintenance.version}"` });
});
