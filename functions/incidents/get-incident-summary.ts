import { api } from '#shared/http/api.ts';
import { conditionalOk } from '#shared/http/conditional.ts';
import { deps } from '#shared/use-cases/incidents/deps.ts';

export const handler = api('getIncidentSummary', {}, async ({ headers }) => conditionalOk(headers, await deps.store.summary()));
