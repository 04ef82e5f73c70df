import { api, ok } from '#shared/http/api.ts';
import { SummaryResponse } from '#shared/schemas/incident.ts';
import { deps } from '#shared/use-cases/deps.ts';

export const handler = api('getIncidentSummary', { response: SummaryResponse }, async () => ok(await deps.store.summary()));
