import { api, ok } from '#shared/http/api.ts';

import { componentDeps } from '#shared/use-cases/components/deps.ts';
import { statusBoard } from '#shared/use-cases/components/components.ts';

/** Public: public fields of public incidents only (never internal notes); cached briefly. */
export const handler = api('getComponentStatus', { }, async () =>
  ok(await statusBoard(componentDeps), { 'cache-control': 'public, max-age=15' }),
);
