import { api, ok } from '#shared/http/api.ts';
import { MaintenanceIdParams, PatchMaintenanceBody } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { updateMaintenance } from '#shared/use-cases/components/components.ts';

export const handler = api('updateMaintenance', { params: MaintenanceIdParams, body: PatchMaintenanceBody}, async ({ params, body }) => {
  const maintenance = await updateMaintenance(componentDeps, params.id, body);
  return ok(maintenance, { etag: `"${maintenance.version}"` });
});
