import { api, created } from '#shared/http/api.ts';
import { CreateAlarmMappingBody } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { createAlarmMapping } from '#shared/use-cases/components/components.ts';
import { actorOf } from '#shared/use-cases/context.ts';

export const handler = api('createAlarmMapping', { body: CreateAlarmMappingBody}, async ({ body, principal }) => {
  const mapping = await createAlarmMapping(componentDeps, body, actorOf(principal));
  return created(mapping, { location: `/v1/alarm_mappings/${mapping.id}` });
});
