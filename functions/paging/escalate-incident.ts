import { api, ok } from '#shared/http/api.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { actorOf } from '#shared/use-cases/context.ts';
import { escalateNow } from '#shared/use-cases/paging/escalate-now.ts';
import { stepDeps } from '#shared/use-cases/paging/route-deps.ts';

export const handler = api('escalateIncident', { params: IncidentIdParams }, async ({ params, principal }) => ok(await escalateNow(stepDeps, params.id, actorOf(principal))));
