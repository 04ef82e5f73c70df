import * as z from 'zod';
import { api, ok } from '#shared/http/api.ts';
import { AlarmMappingResponse } from '#shared/schemas/component.ts';
import { componentDeps } from '#shared/use-cases/component-deps.ts';
import { listAlarmMappings } from '#shared/use-cases/components.ts';

export const handler = api('listAlarmMappings', { response: z.object({ items: z.array(AlarmMappingResponse) }) }, async () => ok({ items: await listAlarmMappings(componentDeps) }));
