import { api, ok } from '#shared/http/api.ts';

import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('getIncidentSummary', { }, async () => ok(await deps.store.summary()));
