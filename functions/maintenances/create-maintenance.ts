import { api, created } from '#shared/http/api.ts';
import { CreateMaintenanceBody } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { createMaintenance } from '#shared/use-cases/components/components.ts';
import { actorOf } from '#shared/use-cases/context.ts';

export const handler = api('createMaintenance', { body: CreateMaintenanceBody}, async ({ body, principal }) => {
  const maintenance = await createMaintenance(componentDeps, body, actorOf(principal));
  return created(maintenance, { location: `/v1/maintenances/${maintenance.id}`, etag: `"${maintenance.version}"` });
});
