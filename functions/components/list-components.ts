import { api, ok } from '#shared/http/api.ts';

import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { listComponents } from '#shared/use-cases/components/components.ts';

export const handler = api('listComponents', { }, async () => ok({ items: await listComponents(componentDeps) }));
