import { api, ok } from '#shared/http/api.ts';

import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { listAlarmMappings } from '#shared/use-cases/components/components.ts';

export const handler = api('listAlarmMappings', { }, async () => ok({ items: await listAlarmMappings(componentDeps) }));
