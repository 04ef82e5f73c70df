import { api, noContent } from '#shared/http/api.ts';
import { AlarmMappingIdParams } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { deleteAlarmMapping } from '#shared/use-cases/components/components.ts';

export const handler = api('deleteAlarmMapping', { params: AlarmMappingIdParams }, async ({ params }) => {
  await deleteAlarmMapping(componentDeps, params.id);
  return noContent();
});
